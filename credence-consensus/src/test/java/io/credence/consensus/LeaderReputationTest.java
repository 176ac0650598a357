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

  /** Blocks authored in turn by {@code authors}, each certificate signed by {@code signers}. */
  private static List<Activity> chain(List<Integer> authors, List<Integer> signers) {
    List<Activity> recent = new ArrayList<>();
    for (int author : authors) {
      recent.add(new Activity(author, signers));
    }
    return recent;
  }

  @Test
  void silentValidator_isNeverChosen_andTheOthersAre() {
    // Validator 3 neither authors nor signs: over a thousand rounds it never leads, and both live
    // validators that did not author the newest block (0) do.
    List<Activity> recent = chain(List.of(0, 1, 2, 0, 1, 2, 0, 1), List.of(0, 1, 2));
    Set<Integer> chosen = new TreeSet<>();
    for (long round = 1; round <= 1_000; round++) {
      int leader = election.leader(round, recent);
      assertNotEquals(3, leader, "round " + round);
      chosen.add(leader);
    }
    assertEquals(Set.of(1, 2), chosen);
  }

  @Test
  void latestAuthor_isLeftOut_soLeadershipMoves() {
    // f = 1 for four validators: the author of the newest block never leads the next round.
    List<Activity> recent = chain(List.of(2, 1, 0, 2, 1, 0, 2, 1), List.of(0, 1, 2, 3));
    for (long round = 1; round <= 200; round++) {
      assertNotEquals(2, election.leader(round, recent), "round " + round);
    }
  }

  @Test
  void signerOnly_countsAsActive() {
    // Validator 3 authored nothing in the window but signs every certificate: it can lead.
    List<Activity> recent = chain(List.of(0, 1, 2, 0, 1, 2, 0, 1), List.of(1, 2, 3));
    boolean ledByThree = false;
    for (long round = 1; round <= 200 && !ledByThree; round++) {
      ledByThree = election.leader(round, recent) == 3;
    }
    assertTrue(ledByThree);
  }

  @Test
  void activityOutsideTheWindow_doesNotCount() {
    // The window is 2n = 8 blocks: validator 3's activity in the ninth block back is forgotten.
    List<Activity> recent = chain(List.of(0, 1, 2, 0, 1, 2, 0, 1), List.of(0, 1, 2));
    recent.add(new Activity(3, List.of(3, 0, 1)));
    for (long round = 1; round <= 500; round++) {
      assertNotEquals(3, election.leader(round, recent), "round " + round);
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
    List<Activity> recent = chain(List.of(3, 1, 0, 2), List.of(0, 1, 2, 3));
    LeaderElection other = LeaderElection.reputation(4);
    for (long round = 1; round <= 100; round++) {
      assertEquals(election.leader(round, recent), other.leader(round, recent));
    }
  }

  @Test
  void roundRobin_readsNoChain() {
    assertEquals(0, LeaderElection.roundRobin(4).windowBlocks());
    assertEquals(8, election.windowBlocks());
  }
}
