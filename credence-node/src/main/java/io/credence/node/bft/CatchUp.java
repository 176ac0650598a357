package io.credence.node.bft;

import io.credence.core.Hash;
import io.credence.core.genesis.Genesis;
import io.credence.ledger.audit.ChainAudit;
import io.credence.ledger.chain.Block;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.CommitSeal;
import io.credence.ledger.store.BlockStore;
import io.credence.node.execution.Executor;
import io.credence.node.mempool.Mempool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Checks committed blocks that a peer served to a lagging node and commits those it can prove.
 * Nothing the peer says is trusted: each block must follow the last (height and parent hash), have
 * a seal that carries a quorum certificate of the validator set in force (which a committed change
 * of the set replaces, as it would have here), and re-execute to exactly its header. A certified
 * block is not yet a committed one (a fork of certified blocks is possible); a block is committed
 * only when the quorum certificate a later served block's seal carries proves it by the two-chain
 * rule (Jolteon §3.2: a quorum certificate of a child in the very next round commits the parent and
 * every ancestor), or by being the block that ended its epoch, on which the next epoch's quorum
 * built. The unproven tail is left to consensus.
 */
public final class CatchUp {
  /** How many served blocks were committed, and what stopped the check (null when nothing did). */
  public record Outcome(int committed, String problem) {}

  private CatchUp() {}

  /**
   * Checks {@code served} (consecutive, from the block after the store's head) against the
   * validator set {@code keysInForce} that certifies the block after the head, and commits the
   * proven prefix to {@code store}; {@code mempool} is pruned and {@code committedListener} hears
   * each committed block.
   */
  public static Outcome apply(
      Genesis genesis,
      Executor executor,
      BlockStore store,
      Mempool mempool,
      List<byte[]> keysInForce,
      List<Block> served,
      Consumer<BlockStore.Committed> committedListener) {
    var suite = genesis.suite();
    LedgerExecution execution =
        new LedgerExecution(
            genesis, executor, store, mempool, new byte[0], () -> 0, committedListener);
    ConsensusVotes votes = new ConsensusVotes(suite);
    long head = store.head().getAsLong();
    BlockHeader parent = store.header(head);
    Hash parentHash = parent.hash(suite);
    Hash parentConsensusId =
        head == 0
            ? parentHash
            : LedgerExecution.consensusBlock(suite, store.block(head))
                .map(b -> b.id(suite))
                .orElse(null);
    List<byte[]> keys = keysInForce;
    List<Block> executed = new ArrayList<>();
    int proven = 0;
    String problem = null;
    for (Block block : served) {
      BlockHeader header = block.header();
      long expected = head + 1 + executed.size();
      problem = problemOf(block, expected, parentHash, keys, suite, votes);
      Optional<io.credence.consensus.message.Block> consensus =
          problem == null ? LedgerExecution.consensusBlock(suite, block) : Optional.empty();
      if (problem == null && consensus.isEmpty()) {
        problem = "block " + expected + ": seal: expected a seal carrying a quorum certificate";
      }
      if (problem == null && !consensus.get().qc().blockId().equals(parentConsensusId)) {
        problem =
            "block "
                + expected
                + ": its quorum certificate's parent is not block "
                + (expected - 1);
      }
      if (problem == null) {
        Optional<Hash> result = execution.execute(parentHash, consensus.get().payload());
        if (result.isEmpty() || !result.get().equals(header.hash(suite))) {
          problem =
              "block "
                  + expected
                  + ": re-executing its transactions does not give its header (roots differ)";
        }
      }
      if (problem != null) {
        break;
      }
      io.credence.consensus.message.Block c = consensus.get();
      // Jolteon §3.2: the quorum certificate this block's seal carries, of a round right after its
      // parent's, commits the parent and its ancestors; so does the first block of a new epoch for
      // the block that ended the last (its genesis quorum certificate has round 0, the block round
      // 1).
      if (!executed.isEmpty() && header.seal().round() == c.qc().round() + 1) {
        proven = executed.size();
      }
      Optional<List<byte[]>> change = execution.reconfiguration(c);
      if (change.isPresent()) {
        keys = change.get();
      }
      executed.add(block);
      parentHash = header.hash(suite);
      parentConsensusId = c.id(suite);
    }
    for (int i = 0; i < proven; i++) {
      execution.commitServed(executed.get(i));
    }
    return new Outcome(proven, problem);
  }

  private static String problemOf(
      Block block,
      long expected,
      Hash parentHash,
      List<byte[]> keys,
      io.credence.core.crypto.CryptoSuite suite,
      ConsensusVotes votes) {
    BlockHeader header = block.header();
    if (header.height() != expected) {
      return "block " + expected + ": expected height " + expected + ", found " + header.height();
    }
    if (!header.parentHash().equals(parentHash)) {
      return "block "
          + expected
          + ": expected parent "
          + parentHash.abbreviated()
          + ", found "
          + header.parentHash().abbreviated();
    }
    if (header.seal().kind() != CommitSeal.Kind.QUORUM) {
      return "block "
          + expected
          + ": seal: expected a seal carrying a quorum certificate, found "
          + header.seal().kind();
    }
    String sealProblem = ChainAudit.sealProblem(suite, keys, block, votes);
    return sealProblem == null ? null : "block " + expected + ": " + sealProblem;
  }
}
