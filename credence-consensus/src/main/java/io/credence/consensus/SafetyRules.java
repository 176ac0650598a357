package io.credence.consensus;

import io.credence.consensus.message.QuorumCert;
import io.credence.consensus.message.TimeoutCert;

/**
 * The safety rules of two-chain HotStuff (Jolteon §4.2; DiemBFT v4 "Safety"), and nothing else. A
 * validator signs a vote or a timeout only through this class, which persists its state before it
 * answers yes.
 */
final class SafetyRules {
  private final ConsensusStorage storage;
  private final java.util.Set<PlantedBug> planted;
  private SafetyData data;

  SafetyRules(ConsensusStorage storage, SafetyData initial) {
    this(storage, initial, java.util.Set.of());
  }

  SafetyRules(ConsensusStorage storage, SafetyData initial, java.util.Set<PlantedBug> planted) {
    this.storage = storage;
    this.data = initial;
    this.planted = planted;
  }

  SafetyData data() {
    return data;
  }

  /**
   * May this validator vote for a block of {@code round} extending a certificate of {@code
   * qcRound}? DiemBFT v4 safe_to_vote: never twice in a round, never backwards; and the block must
   * directly extend its certificate, or follow a timeout certificate for the previous round whose
   * highest certificate it extends.
   */
  boolean safeToVote(long round, long qcRound, TimeoutCert tc) {
    long voted = data.highestVotedRound() - (planted.contains(PlantedBug.REVOTE_IN_ROUND) ? 1 : 0);
    if (round <= Math.max(voted, qcRound)) {
      return false;
    }
    return planted.contains(PlantedBug.VOTE_WITHOUT_ROUND_RULE)
        || round == qcRound + 1
        || (tc != null && round == tc.round() + 1 && qcRound >= tc.highestQcRound());
  }

  /**
   * DiemBFT v4 safe_to_timeout: not below a certificate we already voted on, not in a round we
   * left, and only in the round after our highest certificate or after a timeout certificate.
   */
  boolean safeToTimeout(long round, long qcRound, TimeoutCert tc) {
    if (qcRound < data.highestQcRound()
        || round <= Math.max(data.highestVotedRound() - 1, qcRound)) {
      return false;
    }
    return round == qcRound + 1 || (tc != null && round == tc.round() + 1);
  }

  /**
   * Records a vote in {@code round} on a block whose certificate has {@code qcRound}; durable on
   * return.
   */
  void recordVote(long round, long qcRound, QuorumCert highQc, TimeoutCert lastTc) {
    data =
        new SafetyData(
            data.epoch(),
            Math.max(data.highestVotedRound(), round),
            Math.max(data.highestQcRound(), qcRound),
            data.highestProposedRound(),
            highQc,
            lastTc);
    storage.store(data);
  }

  /** Records a timeout in {@code round}: no vote in that round any more; durable on return. */
  void recordTimeout(long round, QuorumCert highQc, TimeoutCert lastTc) {
    data =
        new SafetyData(
            data.epoch(),
            Math.max(data.highestVotedRound(), round),
            data.highestQcRound(),
            data.highestProposedRound(),
            highQc,
            lastTc);
    storage.store(data);
  }

  /** A new epoch starts with fresh safety data: rounds begin again at 1. */
  void startEpoch(SafetyData fresh) {
    data = fresh;
    storage.store(data);
  }

  /** A leader proposes at most once per round, even across a crash. */
  boolean safeToPropose(long round) {
    return round > data.highestProposedRound();
  }

  /** Records a proposal in {@code round}; durable on return, before the proposal leaves. */
  void recordProposal(long round, QuorumCert highQc, TimeoutCert lastTc) {
    data =
        new SafetyData(
            data.epoch(), data.highestVotedRound(), data.highestQcRound(), round, highQc, lastTc);
    storage.store(data);
  }
}
