package io.credence.consensus;

/**
 * A bug that can be planted in a replica to show that the simulator's oracles catch it: a harness
 * is trusted only as far as it is shown to find known faults. Production plants none: {@link
 * Consensus.Config#DEFAULTS} and the constructor without a set, from which every configuration a
 * node builds comes, carry an empty set; only {@link Consensus.Config#withPlanted} adds one.
 */
public enum PlantedBug {
  /**
   * Votes for a block whatever the round of the certificate it extends, without a timeout
   * certificate for the round before (DiemBFT v4 safe_to_vote keeps only "not twice, not back").
   */
  VOTE_WITHOUT_ROUND_RULE,
  /** May vote again in the round it last voted in. */
  REVOTE_IN_ROUND,
  /** Commits a certified block's parent even when the two rounds are not consecutive. */
  COMMIT_WITHOUT_CONSECUTIVE_ROUNDS,
  /** Commits a block as soon as it is certified: a one-chain commit. */
  COMMIT_ON_ONE_CHAIN,
  /** Takes 2f signatures for a quorum, both when forming and when checking certificates. */
  QUORUM_OF_2F,
  /** Accepts a certificate from enough distinct signers without checking their signatures. */
  CERTIFICATE_SIGNATURES_UNCHECKED,
  /**
   * Drops a proposal or timeout for a round beyond the round window before reading the certificates
   * it carries, so a replica that fell far behind never catches up.
   */
  LAG_DROPS_CERTIFICATES,
  /**
   * Takes every valid proposal of a round into its block tree, not only the first, so an
   * equivocating leader's flood fills it.
   */
  EVERY_PROPOSAL_KEPT,
  /**
   * Treats the blocks after one that changes the validator set like any other: its leaders put
   * transactions in them and its voters execute them, though the epoch ends at the change and
   * commits none of them (DiemBFT keeps them empty).
   */
  SUFFIX_NOT_EMPTY
}
