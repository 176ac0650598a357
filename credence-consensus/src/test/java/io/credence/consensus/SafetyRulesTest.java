package io.credence.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.consensus.message.Block;
import io.credence.consensus.message.QuorumCert;
import io.credence.consensus.message.Signature;
import io.credence.consensus.message.TimeoutCert;
import io.credence.core.Hash;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The voting and timeout rules, rule by rule, and that every decision is durable before it is used.
 */
class SafetyRulesTest {
  static final class MemoryStorage implements ConsensusStorage {
    SafetyData data;
    int writes;

    @Override
    public SafetyData load() {
      return data;
    }

    @Override
    public void store(SafetyData d) {
      data = d;
      writes++;
    }

    @Override
    public void storeBlock(Hash id, Block block) {}

    @Override
    public Map<Hash, Block> blocks() {
      return new HashMap<>();
    }

    @Override
    public void retainBlocks(Set<Hash> keep) {}

    @Override
    public void storeEpochProof(
        long epoch, io.credence.consensus.message.Message.EpochProof proof, int kept) {}

    @Override
    public Map<Long, io.credence.consensus.message.Message.EpochProof> epochProofs() {
      return new HashMap<>();
    }
  }

  private final QuorumCert genesis = QuorumCert.genesis(1, Hash.ZERO);
  private final MemoryStorage storage = new MemoryStorage();
  private final SafetyRules rules =
      new SafetyRules(storage, new SafetyData(1, 0, 0, 0, genesis, null));

  private static TimeoutCert tc(long round, long... highQcRounds) {
    List<TimeoutCert.Entry> entries = new java.util.ArrayList<>();
    for (int i = 0; i < highQcRounds.length; i++) {
      entries.add(new TimeoutCert.Entry(highQcRounds[i], new Signature(i, new byte[64])));
    }
    return new TimeoutCert(1, round, entries);
  }

  @Test
  void vote_onlyForTheRoundAfterItsCertificate_orAfterATimeoutCertificate() {
    assertTrue(rules.safeToVote(1, 0, null));
    assertFalse(rules.safeToVote(3, 1, null), "a gap needs a timeout certificate");
    assertTrue(
        rules.safeToVote(3, 1, tc(2, 1, 0, 1)), "extends the highest certificate the TC reports");
    assertFalse(
        rules.safeToVote(3, 0, tc(2, 1, 0, 1)),
        "must not extend below the TC's highest certificate");
    assertFalse(rules.safeToVote(4, 1, tc(2, 1, 0, 1)), "the TC must be for the round just before");
  }

  @Test
  void vote_neverTwiceInARound_andDurableFirst() {
    rules.recordVote(5, 4, genesis, null);
    assertEquals(1, storage.writes);
    assertEquals(5, storage.data.highestVotedRound());
    assertFalse(rules.safeToVote(5, 4, null), "second vote in round 5");
    assertFalse(rules.safeToVote(4, 3, null), "a lower round");
    assertTrue(rules.safeToVote(6, 5, null));
    // A restarted replica reads back what was stored and refuses the same round again.
    SafetyRules restarted = new SafetyRules(storage, storage.load());
    assertFalse(restarted.safeToVote(5, 4, null));
  }

  @Test
  void timeout_notBelowAVotedCertificate_andOnlyInTheRoundItMayBeIn() {
    rules.recordVote(5, 4, genesis, null);
    assertTrue(rules.safeToTimeout(5, 4, null), "may time out in the round it voted in");
    assertFalse(rules.safeToTimeout(5, 3, null), "its certificate is below the one it voted on");
    assertFalse(
        rules.safeToTimeout(7, 4, null), "round 7 is neither after its certificate nor after a TC");
    assertTrue(rules.safeToTimeout(7, 4, tc(6, 4, 4, 4)));
    rules.recordTimeout(7, genesis, null);
    assertFalse(rules.safeToVote(7, 6, null), "no vote in a round it timed out in");
  }

  @Test
  void propose_atMostOncePerRound_evenAfterRestart() {
    assertTrue(rules.safeToPropose(3));
    rules.recordProposal(3, genesis, null);
    assertFalse(new SafetyRules(storage, storage.load()).safeToPropose(3));
    assertTrue(rules.safeToPropose(4));
  }
}
