package io.credence.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.consensus.LeaderElection.Activity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Leader reputation as a pure function of a round and the chain it extends. */
class LeaderReputationTest {
  private final LeaderElection election = LeaderElection.reputation(4);

  /**
   * The chain extended by a proposal of {@code round}, newest first: a block in each round before
   * it, authored in turn by {@code authors}, each certificate (of the round before its block)
   * signed by {@code signers}.
   */
  private static List<Activity> chain(long round, List<Integer> authors, List<Integer> signers) {
    List<Activity> recent = new ArrayList<>();
    long blockRound = round - 1;
    for (int author : authors) {
      recent.add(new Activity(blockRound, author, blockRound - 1, signers));
      blockRound--;
    }
    return recent;
  }

  @Test
  void silentValidator_isNeverChosen_andTheOthersAre() {
    // Validator 3 neither authors nor signs: over a thousand rounds it never leads, and every live
    // validator does.
    Set<Integer> chosen = new TreeSet<>();
    for (long round = 20; round <= 1_000; round++) {
      int leader =
          election.leader(round, chain(round, List.of(0, 1, 2, 0, 1, 2, 0, 1), List.of(0, 1, 2)));
      assertNotEquals(3, leader, "round " + round);
      chosen.add(leader);
    }
    assertEquals(Set.of(0, 1, 2), chosen);
  }

  @Test
  void aValidatorThatVotesButNeverLeads_drawsNoMoreThanItsShare() {
    // Validator 3 signs every certificate but authors nothing (a Byzantine that votes and never
    // gathers a certificate as leader). Each of the four active validators has one draw in four;
    // leaving the latest authors out (the first version) gave 3 one in three, since it was never
    // among them.
    int byThree = 0;
    int rounds = 0;
    for (long round = 20; round < 4_020; round++) {
      List<Integer> authors = new ArrayList<>();
      for (int back = 0; back < 8; back++) {
        authors.add((int) Math.floorMod(round - 1 - back, 3L));
      }
      byThree += election.leader(round, chain(round, authors, List.of(0, 1, 2, 3))) == 3 ? 1 : 0;
      rounds++;
    }
    double share = byThree / (double) rounds;
    assertTrue(share > 0.22 && share < 0.28, "validator 3's share of the draws: " + share);
  }

  @Test
  void signerOnly_countsAsActive() {
    // Validator 3 authored nothing in the window but signs every certificate: it can lead.
    boolean ledByThree = false;
    for (long round = 20; round <= 200 && !ledByThree; round++) {
      List<Activity> recent = chain(round, List.of(0, 1, 2, 0, 1, 2, 0, 1), List.of(1, 2, 3));
      ledByThree = election.leader(round, recent) == 3;
    }
    assertTrue(ledByThree);
  }

  @Test
  void activityOutsideTheWindow_doesNotCount() {
    // The window is 2n = 8 rounds: validator 3's activity in the ninth block back is forgotten.
    for (long round = 20; round <= 500; round++) {
      List<Activity> recent = chain(round, List.of(0, 1, 2, 0, 1, 2, 0, 1), List.of(0, 1, 2));
      recent.add(new Activity(round - 9, 3, round - 10, List.of(3, 0, 1)));
      assertNotEquals(3, election.leader(round, recent), "round " + round);
    }
  }

  @Test
  void windowBoundaries_anAuthorExactly2nRoundsBackCounts_andOneRoundOlderDoesNot() {
    // Round r reads rounds r - 8 .. r - 1. Validator 3 appears only as the author of the oldest
    // block read: at round r - 8 it may be drawn, at r - 9 never.
    boolean drawnAtEdge = false;
    for (long round = 30; round <= 400; round++) {
      List<Activity> recent = chain(round, List.of(0, 1, 2, 0, 1, 2, 0), List.of(0, 1, 2));
      recent.add(new Activity(round - 8, 3, round - 20, List.of(0, 1, 2)));
      drawnAtEdge |= election.leader(round, recent) == 3;
      List<Activity> older = chain(round, List.of(0, 1, 2, 0, 1, 2, 0), List.of(0, 1, 2));
      older.add(new Activity(round - 9, 3, round - 20, List.of(0, 1, 2)));
      assertNotEquals(3, election.leader(round, older), "round " + round);
    }
    assertTrue(drawnAtEdge, "an author exactly 2n rounds back is active");
  }

  @Test
  void windowBoundaries_aSignatureExactly2nRoundsBackCounts_andOneRoundOlderDoesNot() {
    // Validator 3 appears only as a signer of the certificate carried by the oldest block read.
    boolean drawnAtEdge = false;
    for (long round = 30; round <= 400; round++) {
      List<Activity> recent = chain(round, List.of(0, 1, 2, 0, 1, 2), List.of(0, 1, 2));
      recent.add(new Activity(round - 7, 1, round - 8, List.of(0, 1, 3)));
      drawnAtEdge |= election.leader(round, recent) == 3;
      // The block of round r - 7 certifies one of r - 9 (r - 8 timed out).
      List<Activity> older = chain(round, List.of(0, 1, 2, 0, 1, 2), List.of(0, 1, 2));
      older.add(new Activity(round - 7, 1, round - 9, List.of(0, 1, 3)));
      assertNotEquals(3, election.leader(round, older), "round " + round);
    }
    assertTrue(drawnAtEdge, "a signature exactly 2n rounds back is active");
  }

  @Test
  void aChainThatCannotMove_forgetsWhoStopped_afterTheWindowInRounds() {
    // Adversarial seed 101 (n = 4): validator 2 signed the certificate of round 75, then left.
    // Every
    // later round timed out or had its votes sent to 2, so each new proposal extends block 75
    // again, behind it the same eight blocks in which 2 authored and signed. Counted in blocks, 2
    // stayed active and was drawn again and again. Counted in rounds, once round 75 is eight rounds
    // old only the latest proposal's author is active: it collects the votes and the chain moves.
    List<Activity> stuck =
        new ArrayList<>(chain(76, List.of(3, 1, 2, 0, 2, 3, 1, 2), List.of(1, 2, 3)));
    boolean twoDrawn = false;
    for (long round = 78; round <= 83; round++) {
      for (int author : List.of(0, 1, 3)) {
        List<Activity> recent = new ArrayList<>();
        recent.add(new Activity(round - 1, author, 75, List.of(1, 2, 3)));
        recent.addAll(stuck.subList(0, 7));
        twoDrawn |= election.leader(round, recent) == 2;
      }
    }
    assertTrue(twoDrawn, "while round 75 is in the window, 2 may still be drawn");
    for (long round = 84; round <= 600; round++) {
      List<Activity> recent = new ArrayList<>();
      int author = round % 2 == 0 ? 0 : 3;
      recent.add(new Activity(round - 1, author, 75, List.of(1, 2, 3)));
      recent.addAll(stuck.subList(0, 7));
      assertEquals(author, election.leader(round, recent), "round " + round);
    }
  }

  @Test
  void noHistory_fallsBackToTheSchedule() {
    for (long round = 0; round < 12; round++) {
      assertEquals(election.leader(round), election.leader(round, List.of()));
      assertEquals((int) (round % 4), election.leader(round));
    }
  }

  @Test
  void sameRoundAndChain_sameLeader_inAnotherInstance() {
    // Replicas build their own election objects: the choice depends on nothing else.
    LeaderElection other = LeaderElection.reputation(4);
    for (long round = 10; round <= 100; round++) {
      List<Activity> recent = chain(round, List.of(3, 1, 0, 2), List.of(0, 1, 2, 3));
      assertEquals(election.leader(round, recent), other.leader(round, recent));
    }
  }

  @Test
  void roundRobin_readsNoChain() {
    assertEquals(0, LeaderElection.roundRobin(4).window());
    assertEquals(8, election.window());
  }
}
