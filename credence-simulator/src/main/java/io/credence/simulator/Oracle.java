package io.credence.simulator;

import io.credence.consensus.ExecutionPort;
import io.credence.consensus.message.Block;
import io.credence.consensus.message.Message;
import io.credence.consensus.message.QuorumCert;
import io.credence.consensus.message.Signature;
import io.credence.consensus.message.TimeoutCert;
import io.credence.consensus.message.VoteData;
import io.credence.core.Hash;
import io.credence.core.crypto.CryptoSuite;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The protocol's rules as the simulator checks them, written apart from the code under test: it
 * never calls {@code ValidatorSet} or {@code SafetyRules}. Quorums are counted here from raw
 * signatures, each verified with the validator's key; the quorum is the smallest size whose any two
 * sets share at least f+1 validators. Every message an honest validator signs is checked against
 * DiemBFT v4's rules (a vote extends a certificate of the round before or follows a timeout
 * certificate of the round before, rounds only go up, every certificate carried is valid), and
 * every honest commit against the two-chain rule (a certificate of a child in the very next round).
 */
final class Oracle {
  /** Blocks, and timeout certificates by block, remembered from the wire: at most this many. */
  static final int BLOCKS_REMEMBERED_MAX = 200_000;

  private final CryptoSuite suite;
  private final Consumer<String> violation;
  private final Map<Long, List<byte[]>> epochKeys = new HashMap<>();
  private final Map<Long, Hash> epochStarts = new HashMap<>();
  private final Map<Hash, Block> blocks = new HashMap<>();
  private final Map<Hash, List<TimeoutCert>> tcsByBlock = new HashMap<>();
  private final Map<ByteBuffer, Boolean> checked = new HashMap<>();
  // By node and epoch: the highest round it voted in, timed out in, proposed in.
  private final Map<String, long[]> rounds = new HashMap<>();
  private final Map<String, Message> lastSigned = new HashMap<>();
  private long epochEndsJudged;

  Oracle(CryptoSuite suite, Consumer<String> violation) {
    this.suite = suite;
    this.violation = violation;
  }

  /** The validators of {@code epoch} and its first block, as the honest replicas committed them. */
  void epoch(long epoch, List<byte[]> keys, Hash start) {
    epochKeys.putIfAbsent(epoch, List.copyOf(keys));
    epochStarts.putIfAbsent(epoch, start);
  }

  /** The first epoch's validators and first block (set again when the ledger gives the block). */
  void firstEpoch(List<byte[]> keys, Hash start) {
    epochKeys.put(1L, List.copyOf(keys));
    epochStarts.put(1L, start);
  }

  /** The index of {@code key} in {@code epoch}'s set, or -1. */
  int indexOf(long epoch, byte[] key) {
    List<byte[]> keys = epochKeys.get(epoch);
    if (keys != null) {
      for (int i = 0; i < keys.size(); i++) {
        if (Arrays.equals(keys.get(i), key)) {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * The smallest quorum q of n validators with f = floor((n-1)/3) faulty such that any two quorums
   * share f+1 validators, one of them honest: 2q - n >= f + 1.
   */
  static int quorum(int n) {
    int f = (n - 1) / 3;
    return (n + f + 2) / 2;
  }

  /** What was sent on the network by anyone: blocks and the timeout certificates they came with. */
  void onWire(Message m) {
    if (m instanceof Message.Proposal p) {
      Hash id = remember(p.block());
      if (p.tc() != null && tcsByBlock.size() < BLOCKS_REMEMBERED_MAX) {
        List<TimeoutCert> tcs = tcsByBlock.computeIfAbsent(id, k -> new ArrayList<>());
        if (tcs.size() < 4) {
          tcs.add(p.tc());
        }
      }
    } else if (m instanceof Message.BlockResponse r) {
      r.blocks().forEach(this::remember);
    } else if (m instanceof Message.EpochProof e) {
      e.blocks().forEach(this::remember);
    }
  }

  private Hash remember(Block b) {
    Hash id = b.id(suite);
    if (blocks.size() < BLOCKS_REMEMBERED_MAX) {
      blocks.putIfAbsent(id, b);
    }
    return id;
  }

  /** True for the epoch's genesis certificate or one signed by a quorum of distinct validators. */
  boolean validQc(QuorumCert qc) {
    long epoch = qc.data().epoch();
    List<byte[]> keys = epochKeys.get(epoch);
    if (keys == null) {
      return false;
    }
    if (qc.signatures().isEmpty()) {
      Hash start = epochStarts.get(epoch);
      return qc.data().round() == 0
          && qc.blockId().equals(start)
          && qc.data().parentId().equals(start);
    }
    byte[] signed = qc.data().signingBytes();
    ByteBuffer memo = memo('Q', QuorumCert.CODEC.encode(qc));
    Boolean known = checked.get(memo);
    if (known != null) {
      return known;
    }
    BitSet signers = new BitSet();
    for (Signature s : qc.signatures()) {
      int v = s.validator();
      if (v >= 0 && v < keys.size() && suite.verify(keys.get(v), signed, s.bytes())) {
        signers.set(v);
      }
    }
    boolean ok = signers.cardinality() >= quorum(keys.size());
    checked.put(memo, ok);
    return ok;
  }

  /** True for a timeout certificate signed by a quorum of distinct validators of its epoch. */
  boolean validTc(TimeoutCert tc) {
    List<byte[]> keys = epochKeys.get(tc.epoch());
    if (keys == null) {
      return false;
    }
    ByteBuffer memo = memo('T', TimeoutCert.CODEC.encode(tc));
    Boolean known = checked.get(memo);
    if (known != null) {
      return known;
    }
    BitSet signers = new BitSet();
    for (TimeoutCert.Entry e : tc.entries()) {
      int v = e.signature().validator();
      if (v >= 0
          && v < keys.size()
          && e.highQcRound() < tc.round()
          && suite.verify(
              keys.get(v),
              TimeoutCert.signingBytes(tc.epoch(), tc.round(), e.highQcRound()),
              e.signature().bytes())) {
        signers.set(v);
      }
    }
    boolean ok = signers.cardinality() >= quorum(keys.size());
    checked.put(memo, ok);
    return ok;
  }

  private ByteBuffer memo(char kind, byte[] encoded) {
    return ByteBuffer.wrap(
        suite.hasher().update(new byte[] {(byte) kind}).update(encoded).digest().bytes());
  }

  /** A proposal, vote or timeout that honest validator {@code node} signed and sent. */
  void onHonestSigned(int node, Message m) {
    String key;
    if (m instanceof Message.Vote v) {
      key = node + ":" + v.data().epoch() + ":vote";
    } else if (m instanceof Message.Timeout t) {
      key = node + ":" + t.epoch() + ":timeout";
    } else if (m instanceof Message.Proposal p) {
      key = node + ":" + p.block().epoch() + ":proposal";
    } else {
      return;
    }
    // A message sent to several peers, or sent again, is checked once.
    if (m.equals(lastSigned.put(key, m))) {
      return;
    }
    if (m instanceof Message.Vote v) {
      checkVote(node, v);
    } else if (m instanceof Message.Timeout t) {
      checkTimeout(node, t);
    } else {
      checkProposal(node, (Message.Proposal) m);
    }
  }

  private long[] roundsOf(int node, long epoch) {
    return rounds.computeIfAbsent(node + ":" + epoch, k -> new long[3]);
  }

  private void checkVote(int node, Message.Vote v) {
    VoteData d = v.data();
    long[] r = roundsOf(node, d.epoch());
    if (d.round() <= r[0] || d.round() <= r[1]) {
      fail(
          "voting rule: honest validator "
              + node
              + " voted in round "
              + d.round()
              + " after voting in round "
              + r[0]
              + " or timing out in round "
              + r[1]);
    }
    r[0] = Math.max(r[0], d.round());
    Block b = blocks.get(d.blockId());
    if (b != null && (!validQc(b.qc()) || b.qc().round() != d.parentRound())) {
      fail(
          "voting rule: honest validator "
              + node
              + " voted in round "
              + d.round()
              + " for a block whose certificate is not signed by a quorum");
    }
    if (d.round() == d.parentRound() + 1) {
      return;
    }
    for (TimeoutCert tc : tcsByBlock.getOrDefault(d.blockId(), List.of())) {
      if (tc.round() + 1 == d.round() && d.parentRound() >= tc.highestQcRound() && validTc(tc)) {
        return;
      }
    }
    fail(
        "voting rule: honest validator "
            + node
            + " voted in round "
            + d.round()
            + " for a block extending a certificate of round "
            + d.parentRound()
            + " without a valid timeout certificate of round "
            + (d.round() - 1));
  }

  private void checkTimeout(int node, Message.Timeout t) {
    long[] r = roundsOf(node, t.epoch());
    if (t.round() < r[0] || t.round() < r[1]) {
      fail(
          "timeout rule: honest validator "
              + node
              + " timed out in round "
              + t.round()
              + " after round "
              + Math.max(r[0], r[1]));
    }
    r[1] = Math.max(r[1], t.round());
    if (!validQc(t.highQc())) {
      fail(
          "timeout rule: honest validator "
              + node
              + " timed out in round "
              + t.round()
              + " carrying a certificate of round "
              + t.highQc().round()
              + " that is not signed by a quorum");
    }
    if (t.lastRoundTc() != null && !validTc(t.lastRoundTc())) {
      fail(
          "timeout rule: honest validator "
              + node
              + " timed out in round "
              + t.round()
              + " carrying an invalid timeout certificate");
    }
    boolean follows =
        t.round() == t.highQc().round() + 1
            || (t.lastRoundTc() != null && t.lastRoundTc().round() + 1 == t.round());
    if (!follows) {
      fail(
          "timeout rule: honest validator "
              + node
              + " timed out in round "
              + t.round()
              + " neither just after its highest certificate (round "
              + t.highQc().round()
              + ") nor after a timeout certificate of the round before");
    }
  }

  private void checkProposal(int node, Message.Proposal p) {
    Block b = p.block();
    long[] r = roundsOf(node, b.epoch());
    if (b.round() <= r[2]) {
      fail(
          "proposal rule: honest validator "
              + node
              + " proposed in round "
              + b.round()
              + " after proposing in round "
              + r[2]);
    }
    r[2] = b.round();
    if (!validQc(b.qc())) {
      fail(
          "proposal rule: honest validator "
              + node
              + " proposed in round "
              + b.round()
              + " extending a certificate of round "
              + b.qc().round()
              + " that is not signed by a quorum");
      return;
    }
    if (b.round() == b.qc().round() + 1) {
      return;
    }
    TimeoutCert tc = p.tc();
    if (tc == null
        || tc.round() + 1 != b.round()
        || b.qc().round() < tc.highestQcRound()
        || !validTc(tc)) {
      fail(
          "proposal rule: honest validator "
              + node
              + " proposed in round "
              + b.round()
              + " on a certificate of round "
              + b.qc().round()
              + " without a valid timeout certificate of the round before that it extends ("
              + (tc == null
                  ? "none"
                  : "one of round "
                      + tc.round()
                      + ", epoch "
                      + tc.epoch()
                      + ", highest certificate round "
                      + tc.highestQcRound()
                      + ", "
                      + (validTc(tc) ? "signed by a quorum" : "not signed by a quorum")
                      + (epochKeys.containsKey(tc.epoch())
                          ? ""
                          : ", an epoch the oracle does not know"))
              + ")");
    }
  }

  /**
   * Honest validator {@code node} committed {@code blocks} on top of {@code previous}, made final
   * by {@code finality}: each block must be certified by a quorum and extend the one before, and
   * the finality certificate must certify, by a quorum, a block of the round right after its
   * parent, that parent being the last block committed, or when that block changes the validator
   * set ({@code endsEpoch}) one of its descendants. The blocks after one that ends the epoch, up to
   * the certified one, must carry no payload: the epoch commits none of them (the reconfiguration
   * suffix).
   */
  void onHonestCommit(
      int node,
      Hash previous,
      List<ExecutionPort.Certified> committed,
      QuorumCert finality,
      boolean endsEpoch) {
    Hash parent = previous;
    for (ExecutionPort.Certified c : committed) {
      if (!c.block().parentId().equals(parent)) {
        fail(
            "commit rule: honest validator "
                + node
                + " committed block "
                + c.id().abbreviated()
                + " whose parent is not the block it committed before");
      }
      parent = c.id();
    }
    VoteData d = finality.data();
    String committedUpTo =
        "commit rule: honest validator " + node + " committed up to block " + parent.abbreviated();
    if (!validQc(finality)) {
      fail(committedUpTo + " on a certificate of round " + d.round() + " not signed by a quorum");
      return;
    }
    if (d.round() != d.parentRound() + 1 || d.round() == 0) {
      fail(
          committedUpTo
              + " on a certificate of round "
              + d.round()
              + " whose parent has round "
              + d.parentRound()
              + ": not a two-chain of consecutive rounds");
      return;
    }
    if (d.blockId().equals(parent)) {
      fail(committedUpTo + " on its own certificate: a one-chain commit");
      return;
    }
    // The certified block's parent is the last block committed, or (when an epoch ended at that
    // block) one of its descendants; those and the certified block form the suffix.
    List<Block> suffix = new ArrayList<>();
    Block certifiedBlock = blocks.get(d.blockId());
    if (certifiedBlock != null) {
      suffix.add(certifiedBlock);
    }
    Hash cursor = d.parentId();
    for (int steps = 0; !cursor.equals(parent); steps++) {
      Block b = blocks.get(cursor);
      if (b == null || steps > 64) {
        fail(committedUpTo + " on a certificate of a block that does not descend from it");
        return;
      }
      if (!endsEpoch) {
        fail(committedUpTo + ", which does not end the epoch, on a certificate of a grandchild");
        return;
      }
      suffix.add(b);
      cursor = b.parentId();
    }
    if (!endsEpoch) {
      return;
    }
    epochEndsJudged++;
    for (Block b : suffix) {
      if (b.payloadSize() != 0) {
        fail(
            "reconfiguration suffix: honest validator "
                + node
                + " ended its epoch at block "
                + parent.abbreviated()
                + ", made final through the block of round "
                + b.round()
                + ", which carries a payload of "
                + b.payloadSize()
                + " bytes (none may follow the block that changes the set)");
        return;
      }
    }
  }

  /** Honest commits that ended an epoch, each with its suffix checked. */
  long epochEndsJudged() {
    return epochEndsJudged;
  }

  private void fail(String what) {
    violation.accept(what);
  }
}
