package io.credence.consensus;

import io.credence.consensus.message.Block;
import io.credence.consensus.message.QuorumCert;
import io.credence.core.Hash;
import java.util.List;
import java.util.Optional;

/**
 * What consensus needs from execution and the ledger. States are named by their root: executing the
 * same payload on the same state gives the same root, so speculative branches share what they can.
 */
public interface ExecutionPort {
  /** True when there are transactions waiting to be proposed. */
  boolean hasPendingWork();

  /**
   * True while a leader would do better to gather: new transactions are waiting, but less than a
   * full block of them. False when a full block waits or when the only work left is to commit what
   * earlier blocks hold (a block that commits them need not wait).
   */
  default boolean gathering() {
    return false;
  }

  /** A payload for a new block on the state {@code parentStateRoot} (the leader's transactions). */
  byte[] buildPayload(Hash parentStateRoot, long round);

  /**
   * Executes {@code payload} on {@code parentStateRoot}; empty when the payload is invalid there.
   */
  Optional<Hash> execute(Hash parentStateRoot, byte[] payload);

  /**
   * Whether an honest validator may vote for {@code block}, proposed by the validator with key
   * {@code authorKey}, now that it executed it: what only the one who votes can judge (its own
   * clock, say). A block a quorum certified is taken without asking.
   */
  default boolean mayVote(Block block, byte[] authorKey) {
    return true;
  }

  /**
   * The validator set that takes over after {@code block}, if executing it changes the set (keys in
   * the new order); empty otherwise, and always empty for a block with an empty payload (the blocks
   * after a set change, which are not executed). Such a block ends its epoch when it is committed.
   */
  Optional<List<byte[]>> reconfiguration(Block block);

  /**
   * Blocks became final, oldest first, made so by {@code finality}: a certificate of a child of the
   * last of them, of the round just after it (the two-chain rule); when the last of them ends the
   * epoch, of a block of the empty suffix above it. Durable when this returns.
   */
  void commit(List<Certified> blocks, QuorumCert finality);

  /** A committed block by id, with the certificate that certified it, for peers catching up. */
  Optional<Certified> committed(Hash blockId);

  /** A block with its id and the quorum certificate that certifies it. */
  record Certified(Block block, Hash id, QuorumCert qc) {}
}
