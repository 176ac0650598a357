package io.credence.consensus;

import io.credence.consensus.message.Block;
import io.credence.consensus.message.Message;
import io.credence.core.Hash;
import java.util.Map;
import java.util.Set;

/**
 * The durable home of a replica's consensus state: its {@link SafetyData}, the uncommitted blocks
 * it has executed, and the proofs that its past epochs ended. Every method returns only once what
 * it wrote would survive a crash: the replica sends a vote or a timeout only after its safety data
 * is stored, and votes for a block only after the block is stored, so that a certified block
 * survives even if every validator restarts at once.
 */
public interface ConsensusStorage {
  /** The stored safety data, or null if none was ever stored. */
  SafetyData load();

  void store(SafetyData data);

  void storeBlock(Hash id, Block block);

  /** The stored uncommitted blocks by id. */
  Map<Hash, Block> blocks();

  /** Forgets every stored block but those in {@code keep}. */
  void retainBlocks(Set<Hash> keep);

  /**
   * Keeps the proof that {@code epoch} ended, for peers still in it: a replica that moved on and
   * then restarted must still be able to show them the way (at most {@code kept} proofs stay, the
   * latest).
   */
  void storeEpochProof(long epoch, Message.EpochProof proof, int kept);

  /** The stored epoch-end proofs by epoch. */
  Map<Long, Message.EpochProof> epochProofs();
}
