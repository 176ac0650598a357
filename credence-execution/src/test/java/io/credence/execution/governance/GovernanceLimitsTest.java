package io.credence.execution.governance;

import static io.credence.execution.TestChain.code;
import static io.credence.execution.TestChain.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Hex;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.OrganisationRole;
import io.credence.core.genesis.Uscc;
import io.credence.execution.Outcome;
import io.credence.execution.TestChain;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What no member can grow without bound, and what no member can hold off: members on record, open
 * proposals per member, votes of removed members, and a freeze's own subject; and what the weights
 * query says once a freeze has fallen at its expiry.
 */
class GovernanceLimitsTest {
  private static long opened(Outcome o) {
    assertEquals("SUCCESS", code(o), o::toString);
    return Long.parseLong(((Outcome.Success) o).events().get(0).attributes().get("proposal"));
  }

  private static Outcome vote(TestChain c, KeyPair admin, long proposal, String choice) {
    return c.call(admin, "governance", "vote", "proposal", proposal, "choice", choice);
  }

  private static Outcome admit(TestChain c, KeyPair proposer, String uscc, KeyPair admin) {
    return c.call(
        proposer,
        "governance",
        "proposeAdmission",
        "uscc",
        uscc,
        "name",
        "Member " + uscc,
        "role",
        "SUPPLIER",
        "adminKey",
        Hex.of(admin.publicKey()),
        "votingWeight",
        0L,
        "expiresAt",
        c.height() + 1_000);
  }

  private static String uscc(int i) {
    return Uscc.complete(String.format(Locale.ROOT, "913100000%08d", 1_000 + i));
  }

  @Test
  void membersOnRecordStopAtMembersMax_andARemovalMakesRoom() {
    TestChain c = new TestChain();
    // Core proposes (1 of 3 takes part, under half), the bank's yes passes each admission.
    int i = 0;
    while (Governance.weights(c.state).size() < Governance.MEMBERS_MAX - 1) {
      long id = opened(admit(c, c.coreAdmin, uscc(i++), c.suite.generate(c.random)));
      assertEquals("SUCCESS", code(vote(c, c.bankAdmin, id, "YES")));
    }
    // Two admissions opened with one place left: the first takes it, the second's deciding vote
    // is refused and changes nothing.
    long first = opened(admit(c, c.coreAdmin, uscc(i++), c.suite.generate(c.random)));
    long second = opened(admit(c, c.coreAdmin, uscc(i++), c.suite.generate(c.random)));
    assertEquals("SUCCESS", code(vote(c, c.bankAdmin, first, "YES")));
    assertEquals(Governance.MEMBERS_MAX, Governance.weights(c.state).size());
    Map<String, String> before = c.state.snapshot();
    Outcome full = vote(c, c.bankAdmin, second, "YES");
    assertEquals(Governance.MEMBERS_FULL, code(full), full::toString);
    assertTrue(
        message(full)
            .contains(
                "expected fewer than "
                    + Governance.MEMBERS_MAX
                    + " members on record (active or suspended) to admit one, found "
                    + Governance.MEMBERS_MAX),
        message(full));
    assertEquals(before, c.state.snapshot(), "a refusal changed the state");
    // And a new admission is refused when proposed.
    Outcome third = admit(c, c.coreAdmin, uscc(i++), c.suite.generate(c.random));
    assertEquals(Governance.MEMBERS_FULL, code(third));
    assertEquals(before, c.state.snapshot());
    // A member removed for good leaves its place: the waiting admission now passes.
    String leaving = uscc(0);
    long removal =
        opened(
            c.call(
                c.coreAdmin,
                "governance",
                "proposeRemoval",
                "organisation",
                leaving,
                "expiresAt",
                c.height() + 100));
    assertEquals("SUCCESS", code(vote(c, c.bankAdmin, removal, "YES")));
    assertFalse(Governance.weights(c.state).containsKey(leaving), "removed: off the weights");
    assertEquals("SUCCESS", code(vote(c, c.bankAdmin, second, "YES")));
    assertEquals(Governance.MEMBERS_MAX, Governance.weights(c.state).size());
  }

  @Test
  void aMemberHasAtMostSixteenProposalsOpen_oneDecidedFreesAPlace() {
    TestChain c = new TestChain();
    List<String> methods = new java.util.ArrayList<>();
    c.runtime
        .contracts()
        .forEach(k -> k.methods().forEach(m -> methods.add(k.name() + "." + m.name())));
    assertTrue(methods.size() > Governance.OPEN_PROPOSALS_PER_MEMBER_MAX + 2, methods::toString);
    long oldest = -1;
    for (int k = 0; k < Governance.OPEN_PROPOSALS_PER_MEMBER_MAX; k++) {
      long id =
          opened(
              c.call(
                  c.coreAdmin,
                  "governance",
                  "proposeFee",
                  "method",
                  methods.get(k),
                  "fen",
                  100L,
                  "expiresAt",
                  c.height() + 1_000));
      oldest = oldest < 0 ? id : oldest;
    }
    Map<String, String> before = c.state.snapshot();
    Outcome more =
        c.call(
            c.coreAdmin,
            "governance",
            "proposeFee",
            "method",
            methods.get(Governance.OPEN_PROPOSALS_PER_MEMBER_MAX),
            "fen",
            100L,
            "expiresAt",
            c.height() + 1_000);
    assertEquals(Governance.TOO_MANY_OPEN_PROPOSALS, code(more), more::toString);
    assertTrue(
        message(more).contains("expected fewer than 16 open proposals of " + c.coreUscc),
        message(more));
    assertTrue(message(more).contains("the oldest, " + oldest), message(more));
    assertEquals(before, c.state.snapshot(), "a refusal changed the state");
    // Other members are not held by core's count.
    opened(
        c.call(
            c.bankAdmin,
            "governance",
            "proposeFee",
            "method",
            methods.get(Governance.OPEN_PROPOSALS_PER_MEMBER_MAX + 1),
            "fen",
            100L,
            "expiresAt",
            c.height() + 1_000));
    // One of core's decided: a place is free.
    assertEquals("SUCCESS", code(vote(c, c.supplierAdmin, oldest, "YES")));
    opened(
        c.call(
            c.coreAdmin,
            "governance",
            "proposeFee",
            "method",
            methods.get(Governance.OPEN_PROPOSALS_PER_MEMBER_MAX),
            "fen",
            100L,
            "expiresAt",
            c.height() + 1_000));
  }

  private static Genesis.Organisation org(String uscc, String role, KeyPair admin, long weight) {
    return new Genesis.Organisation(
        role, uscc, OrganisationRole.valueOf(role), admin.publicKey(), new byte[0], weight);
  }

  /** Core, bank, supplier and a regulator of weight 1 each (the regulator's given). */
  private static TestChain withRegulator(TestChain base, KeyPair regulator, long regulatorWeight) {
    return new TestChain(
        List.of(
            org(base.coreUscc, "CORE_ENTERPRISE", base.coreAdmin, 1),
            org(base.bankUscc, "BANK", base.bankAdmin, 1),
            org(base.supplierUscc, "SUPPLIER", base.supplierAdmin, 1),
            org(Uscc.complete("91310000000000088"), "REGULATOR", regulator, regulatorWeight)));
  }

  @Test
  void aRemovedMembersVote_isLetGoAtTheNextVote_andTheVotesOnRecordStayWithinTheMembers() {
    TestChain base = new TestChain();
    TestChain c = withRegulator(base, base.suite.generate(base.random), 1);
    // Core yes, supplier no: 2 of 4 take part, yes 1 of 2: open.
    long p =
        opened(
            c.call(
                base.coreAdmin,
                "governance",
                "proposeThresholds",
                "participationPercent",
                40L,
                "winPercent",
                60L,
                "expiresAt",
                c.height() + 100));
    assertEquals("SUCCESS", code(vote(c, base.supplierAdmin, p, "NO")));
    long removal =
        opened(
            c.call(
                base.coreAdmin,
                "governance",
                "proposeRemoval",
                "organisation",
                c.supplierUscc,
                "expiresAt",
                c.height() + 100));
    assertEquals("SUCCESS", code(vote(c, base.bankAdmin, removal, "YES")));
    assertFalse(Governance.weights(c.state).containsKey(c.supplierUscc));
    assertEquals(
        Set.of(c.coreUscc, c.supplierUscc),
        Governance.proposal(c.state, p).orElseThrow().ballot().votes().keySet());
    // The bank's yes: the supplier's no is let go, and core and the bank carry it (2 of 3).
    assertEquals("SUCCESS", code(vote(c, base.bankAdmin, p, "YES")));
    Ballot after = Governance.proposal(c.state, p).orElseThrow().ballot();
    assertEquals(Set.of(c.coreUscc, c.bankUscc), after.votes().keySet());
    assertEquals(Ballot.Status.PASSED, after.status());
  }

  @Test
  void aMembersOwnOpenProposal_doesNotHoldOffAFreeze() {
    TestChain base = new TestChain();
    KeyPair regulator = base.suite.generate(base.random);
    TestChain c = withRegulator(base, regulator, 1);
    // The supplier proposes its own weight: a proposal open on the supplier.
    opened(
        c.call(
            base.supplierAdmin,
            "governance",
            "proposeWeight",
            "organisation",
            c.supplierUscc,
            "votingWeight",
            5L,
            "expiresAt",
            c.height() + 100));
    Outcome frozen =
        c.call(
            regulator,
            "governance",
            "freeze",
            "organisation",
            c.supplierUscc,
            "reason",
            "invoices under investigation",
            "expiresAt",
            c.height() + 100);
    assertEquals("SUCCESS", code(frozen), frozen::toString);
    assertTrue(Governance.frozen(c.state, c.supplierUscc, c.height() + 1));
  }

  @Test
  void theWeightsQuery_countsAMemberAgainOnceItsFreezeFellAtItsExpiry() {
    TestChain base = new TestChain();
    KeyPair regulator = base.suite.generate(base.random);
    // A regulator without a vote: its freeze waits for the members, who let it expire.
    TestChain c = withRegulator(base, regulator, 0);
    Outcome frozen =
        c.call(
            regulator,
            "governance",
            "freeze",
            "organisation",
            c.supplierUscc,
            "reason",
            "check",
            "expiresAt",
            c.height() + 3);
    assertEquals("SUCCESS", code(frozen), frozen::toString);
    assertFalse(supplierCounts(c), "frozen: its weight does not count");
    c.skipHeights(2);
    assertTrue(supplierCounts(c), "the freeze fell at its expiry; the answer says so");
  }

  @SuppressWarnings("unchecked")
  private static boolean supplierCounts(TestChain c) {
    Map<String, Object> answer =
        (Map<String, Object>)
            c.runtime
                .query("governance", "weights", Map.of(), c.state, c.height(), c.today())
                .plain();
    for (Map<String, Object> m : (List<Map<String, Object>>) answer.get("members")) {
      if (m.get("organisation").equals(c.supplierUscc)) {
        return (Boolean) m.get("counts");
      }
    }
    throw new AssertionError("supplier not listed: " + answer);
  }

  @Test
  void aRegulatorsFreezesCountAmongItsOpenProposals() {
    TestChain base = new TestChain();
    KeyPair regulator = base.suite.generate(base.random);
    TestChain c = withRegulator(base, regulator, 1);
    String regulatorUscc = Uscc.complete("91310000000000088");
    for (int i = 0; i <= Governance.OPEN_PROPOSALS_PER_MEMBER_MAX; i++) {
      KeyPair clerk = c.registered(base.supplierAdmin, "VIEWER");
      Map<String, String> before = c.state.snapshot();
      Outcome o =
          c.call(
              regulator,
              "governance",
              "freezeAccount",
              "account",
              c.suite.address(clerk.publicKey()).hex(),
              "reason",
              "check " + i,
              "expiresAt",
              c.height() + 500);
      if (i < Governance.OPEN_PROPOSALS_PER_MEMBER_MAX) {
        assertEquals("SUCCESS", code(o), o::toString);
      } else {
        assertEquals(Governance.TOO_MANY_OPEN_PROPOSALS, code(o), o::toString);
        assertTrue(message(o).contains("open proposals of " + regulatorUscc), message(o));
        assertEquals(before, c.state.snapshot());
      }
    }
  }
}
