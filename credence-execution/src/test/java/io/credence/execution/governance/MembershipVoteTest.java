package io.credence.execution.governance;

import static io.credence.execution.TestChain.code;
import static io.credence.execution.TestChain.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Hex;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Uscc;
import io.credence.execution.Outcome;
import io.credence.execution.Runtime;
import io.credence.execution.TestChain;
import io.credence.execution.identity.AccountRole;
import io.credence.execution.identity.IdentityRegistry;
import io.credence.execution.identity.MemberStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Members admitted, suspended, reinstated and removed by vote, and weights and thresholds changed
 * by vote: three organisations of weight 1 under genesis's default thresholds (half the weight
 * takes part, two thirds of the votes cast win). Every refusal leaves the state as it was.
 */
class MembershipVoteTest {
  private final TestChain c = new TestChain();
  private final KeyPair newBankAdmin = c.suite.generate(c.random);
  private final String newBankUscc = Uscc.complete("91310000000000077");

  private Outcome admitNewBank(KeyPair proposer, long weight) {
    return c.call(
        proposer,
        "governance",
        "proposeAdmission",
        "uscc",
        newBankUscc,
        "name",
        "Harbour Bank",
        "role",
        "BANK",
        "adminKey",
        Hex.of(newBankAdmin.publicKey()),
        "votingWeight",
        weight,
        "expiresAt",
        1_000L);
  }

  private Outcome propose(KeyPair admin, String method, Object... args) {
    Object[] all = new Object[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "expiresAt";
    all[args.length + 1] = 1_000L;
    return c.call(admin, "governance", method, all);
  }

  private Outcome vote(KeyPair admin, long proposal, String choice) {
    return c.call(admin, "governance", "vote", "proposal", proposal, "choice", choice);
  }

  private static long opened(Outcome o) {
    assertEquals("SUCCESS", code(o), o::toString);
    return Long.parseLong(((Outcome.Success) o).events().get(0).attributes().get("proposal"));
  }

  private void refused(String expectedCode, Outcome o, Map<String, String> before) {
    assertEquals(expectedCode, code(o), o::toString);
    assertEquals(before, c.state.snapshot(), "a refusal changed the state");
  }

  private MemberStatus status(String uscc) {
    return IdentityRegistry.organisation(c.state, uscc).orElseThrow().status();
  }

  @Test
  void bankAdmittedByVote_joinsWithItsWeight_andItsAdminActsAtOnce() {
    long id = opened(admitNewBank(c.coreAdmin, 2));
    assertTrue(IdentityRegistry.organisation(c.state, newBankUscc).isEmpty(), "not before");
    Outcome passed = vote(c.supplierAdmin, id, "YES");
    assertEquals("SUCCESS", code(passed), passed::toString);
    assertEquals(
        List.of(
            Governance.VOTED,
            Governance.DECIDED,
            "OrganisationAdmitted",
            Governance.WEIGHT_CHANGED),
        ((Outcome.Success) passed).events().stream().map(e -> e.name()).toList());
    assertEquals(MemberStatus.ACTIVE, status(newBankUscc));
    assertEquals(2L, Governance.weights(c.state).get(newBankUscc));
    // Its admin registers an account of its own, and its weight of 2 (of 5) counts: core and the
    // new bank take part with 3 of 5, both yes.
    KeyPair clerk = c.suite.generate(c.random);
    assertEquals(
        "SUCCESS",
        code(
            c.call(
                newBankAdmin,
                "identity",
                "register",
                "publicKey",
                Hex.of(clerk.publicKey()),
                "roles",
                List.of(AccountRole.OPERATOR.name()))));
    long next =
        opened(
            propose(
                c.coreAdmin, "proposeThresholds", "participationPercent", 60L, "winPercent", 75L));
    assertEquals(
        Ballot.Status.OPEN, Governance.proposal(c.state, next).orElseThrow().ballot().status());
    vote(newBankAdmin, next, "YES");
    assertEquals(
        Ballot.Status.PASSED, Governance.proposal(c.state, next).orElseThrow().ballot().status());
    assertEquals(new Thresholds(60, 75), Governance.rules(c.state).thresholds());
  }

  @Test
  void suspendedMember_cannotTransact_andItsWeightDoesNotCount_untilReinstated() {
    long id = opened(propose(c.coreAdmin, "proposeSuspension", "organisation", c.supplierUscc));
    vote(c.bankAdmin, id, "YES");
    assertEquals(MemberStatus.SUSPENDED, status(c.supplierUscc));
    Map<String, String> before = c.state.snapshot();
    Outcome blocked =
        propose(
            c.supplierAdmin, "proposeWeight", "organisation", c.supplierUscc, "votingWeight", 5L);
    refused(Runtime.NOT_AUTHORISED, blocked, before);
    assertTrue(message(blocked).contains("active member"), message(blocked));
    // Two active members of weight 1: core alone is half the weight that counts, and passes it.
    long back =
        opened(propose(c.coreAdmin, "proposeReinstatement", "organisation", c.supplierUscc));
    assertEquals(
        Ballot.Status.PASSED, Governance.proposal(c.state, back).orElseThrow().ballot().status());
    assertEquals(MemberStatus.ACTIVE, status(c.supplierUscc));
  }

  @Test
  void removedMember_isNeverReinstatedNorAdmittedAgain() {
    long id = opened(propose(c.coreAdmin, "proposeRemoval", "organisation", c.supplierUscc));
    vote(c.bankAdmin, id, "YES");
    assertEquals(MemberStatus.REMOVED, status(c.supplierUscc));
    Map<String, String> before = c.state.snapshot();
    Outcome again = propose(c.coreAdmin, "proposeReinstatement", "organisation", c.supplierUscc);
    refused(IdentityRegistry.MEMBER_STATUS, again, before);
    assertEquals(
        "organisation " + c.supplierUscc + ": expected SUSPENDED to reinstate it, found it REMOVED",
        message(again));
    Outcome readmit =
        c.call(
            c.coreAdmin,
            "governance",
            "proposeAdmission",
            "uscc",
            c.supplierUscc,
            "name",
            "Supplier again",
            "role",
            "SUPPLIER",
            "adminKey",
            Hex.of(c.suite.generate(c.random).publicKey()),
            "votingWeight",
            1L,
            "expiresAt",
            1_000L);
    refused(IdentityRegistry.ORGANISATION_EXISTS, readmit, before);
  }

  @Test
  void weightChangedByVote_changesWhoDecides() {
    long id =
        opened(
            propose(c.coreAdmin, "proposeWeight", "organisation", c.coreUscc, "votingWeight", 10L));
    vote(c.bankAdmin, id, "YES");
    assertEquals(10L, Governance.weights(c.state).get(c.coreUscc));
    // 10 of 12: core's proposals now pass on its own vote.
    long alone = opened(admitNewBank(c.coreAdmin, 1));
    assertEquals(
        Ballot.Status.PASSED, Governance.proposal(c.state, alone).orElseThrow().ballot().status());
  }

  @Test
  void everyRefusal_namesWhatWasWrong_andChangesNothing() {
    Map<String, String> before = c.state.snapshot();
    Outcome badUscc =
        c.call(
            c.coreAdmin,
            "governance",
            "proposeAdmission",
            "uscc",
            "91310000000000070",
            "name",
            "Bad",
            "role",
            "BANK",
            "adminKey",
            Hex.of(newBankAdmin.publicKey()),
            "votingWeight",
            1L,
            "expiresAt",
            1_000L);
    refused(IdentityRegistry.INVALID_ARGUMENT, badUscc, before);
    assertTrue(message(badUscc).startsWith("uscc: expected 18 characters"), message(badUscc));
    Outcome member =
        c.call(
            c.coreAdmin,
            "governance",
            "proposeAdmission",
            "uscc",
            c.bankUscc,
            "name",
            "Bank twice",
            "role",
            "BANK",
            "adminKey",
            Hex.of(newBankAdmin.publicKey()),
            "votingWeight",
            1L,
            "expiresAt",
            1_000L);
    refused(IdentityRegistry.ORGANISATION_EXISTS, member, before);
    Outcome takenKey =
        c.call(
            c.coreAdmin,
            "governance",
            "proposeAdmission",
            "uscc",
            newBankUscc,
            "name",
            "Harbour Bank",
            "role",
            "BANK",
            "adminKey",
            Hex.of(c.bankAdmin.publicKey()),
            "votingWeight",
            1L,
            "expiresAt",
            1_000L);
    refused(IdentityRegistry.ACCOUNT_EXISTS, takenKey, before);
    Outcome heavy = admitNewBank(c.coreAdmin, 1_000_001L);
    refused(IdentityRegistry.INVALID_ARGUMENT, heavy, before);
    assertEquals("votingWeight: expected 0 to 1000000, found 1000001", message(heavy));
    Outcome lowWin =
        propose(c.coreAdmin, "proposeThresholds", "participationPercent", 50L, "winPercent", 50L);
    refused(IdentityRegistry.INVALID_ARGUMENT, lowWin, before);
    assertEquals("winPercent: expected 51 to 100, found 50", message(lowWin));
    Outcome noParticipation =
        propose(c.coreAdmin, "proposeThresholds", "participationPercent", 0L, "winPercent", 60L);
    refused(IdentityRegistry.INVALID_ARGUMENT, noParticipation, before);
    String stranger = Uscc.complete("91310000000000099");
    refused(
        IdentityRegistry.ORGANISATION_NOT_FOUND,
        propose(c.coreAdmin, "proposeSuspension", "organisation", stranger),
        before);
    refused(
        IdentityRegistry.ORGANISATION_NOT_FOUND,
        propose(c.coreAdmin, "proposeWeight", "organisation", stranger, "votingWeight", 1L),
        before);
    refused(
        IdentityRegistry.MEMBER_STATUS,
        propose(c.coreAdmin, "proposeReinstatement", "organisation", c.bankUscc),
        before);
    // An admission and a suspension of one organisation conflict: one at a time.
    opened(propose(c.coreAdmin, "proposeSuspension", "organisation", c.bankUscc));
    Map<String, String> open = c.state.snapshot();
    refused(
        Governance.PROPOSAL_PENDING,
        propose(c.supplierAdmin, "proposeRemoval", "organisation", c.bankUscc),
        open);
  }

  @Test
  void aChangeThatLeavesNoVoter_isRefused() {
    TestChain one =
        new TestChain(
            List.of(
                new io.credence.core.genesis.Genesis.Organisation(
                    "Core",
                    c.coreUscc,
                    io.credence.core.genesis.OrganisationRole.CORE_ENTERPRISE,
                    c.coreAdmin.publicKey(),
                    new byte[0],
                    1)));
    Map<String, String> before = one.state.snapshot();
    Outcome o =
        one.call(
            c.coreAdmin,
            "governance",
            "proposeWeight",
            "organisation",
            c.coreUscc,
            "votingWeight",
            0L,
            "expiresAt",
            100L);
    assertEquals(Governance.NO_VOTER_LEFT, code(o), o::toString);
    assertEquals(before, one.state.snapshot());
    Outcome suspendSelf =
        one.call(
            c.coreAdmin,
            "governance",
            "proposeSuspension",
            "organisation",
            c.coreUscc,
            "expiresAt",
            100L);
    assertEquals(Governance.NO_VOTER_LEFT, code(suspendSelf), suspendSelf::toString);
    assertEquals(before, one.state.snapshot());
  }

  @Test
  void feeByVote_entersTheSchedule_exactMethodBeforeTheContractsDefault() {
    long all = opened(propose(c.coreAdmin, "proposeFee", "method", "finance.*", "fen", 100L));
    vote(c.bankAdmin, all, "YES");
    long one = opened(propose(c.coreAdmin, "proposeFee", "method", "finance.submit", "fen", 250L));
    Outcome passed = vote(c.bankAdmin, one, "YES");
    assertTrue(
        ((Outcome.Success) passed)
            .events().stream().anyMatch(e -> e.name().equals(Governance.FEE_CHANGED)),
        passed::toString);
    assertEquals(250L, Fees.fee(c.state, "finance", "submit"));
    assertEquals(100L, Fees.fee(c.state, "finance", "split"));
    assertEquals(0L, Fees.fee(c.state, "identity", "register"));
    Map<String, String> before = c.state.snapshot();
    Outcome unknown = propose(c.coreAdmin, "proposeFee", "method", "finance.print", "fen", 1L);
    refused(IdentityRegistry.INVALID_ARGUMENT, unknown, before);
    assertTrue(message(unknown).startsWith("method: expected a method of this chain"));
    refused(
        IdentityRegistry.INVALID_ARGUMENT,
        propose(c.coreAdmin, "proposeFee", "method", "ledger.*", "fen", 1L),
        before);
    Outcome dear =
        propose(c.coreAdmin, "proposeFee", "method", "finance.split", "fen", 100_000_001L);
    refused(IdentityRegistry.INVALID_ARGUMENT, dear, before);
    assertEquals("fen: expected 0 to 100000000, found 100000001", message(dear));
  }

  @Test
  void operatorsVote_takesEffectOnlyWhenTheirApproverApproves() {
    long id = opened(admitNewBank(c.coreAdmin, 1));
    KeyPair operator = c.registered(c.bankAdmin, "OPERATOR");
    KeyPair approver = c.registered(c.bankAdmin, "APPROVER");
    io.credence.core.Hash prepared = c.nextTransaction();
    Outcome o = vote(operator, id, "YES");
    assertEquals("SUCCESS", code(o), o::toString);
    // Prepared, not cast: the bank has not voted yet.
    assertEquals(
        Map.of(c.coreUscc, Choice.YES),
        Governance.proposal(c.state, id).orElseThrow().ballot().votes());
    Outcome approved = c.call(approver, "approvals", "approve", "id", prepared.hex());
    assertEquals("SUCCESS", code(approved), approved::toString);
    assertEquals(
        Ballot.Status.PASSED, Governance.proposal(c.state, id).orElseThrow().ballot().status());
    assertEquals(MemberStatus.ACTIVE, status(newBankUscc));
    // A viewer may neither propose nor vote.
    KeyPair viewer = c.registered(c.bankAdmin, "VIEWER");
    Map<String, String> before = c.state.snapshot();
    refused(
        Runtime.NOT_AUTHORISED,
        propose(viewer, "proposeSuspension", "organisation", c.supplierUscc),
        before);
  }

  @Test
  void regulatorsFreeze_inForceAtOnce_standsOrFallsByVote() {
    KeyPair regulator = c.suite.generate(c.random);
    String regulatorUscc = Uscc.complete("91310000000000088");
    TestChain t =
        new TestChain(
            List.of(
                org(c.coreUscc, "Core", "CORE_ENTERPRISE", c.coreAdmin),
                org(c.bankUscc, "Bank", "BANK", c.bankAdmin),
                org(c.supplierUscc, "Supplier", "SUPPLIER", c.supplierAdmin),
                org(regulatorUscc, "Regulator", "REGULATOR", regulator)));
    Outcome frozen =
        t.call(
            regulator,
            "governance",
            "freeze",
            "organisation",
            c.supplierUscc,
            "reason",
            "invoices under investigation",
            "expiresAt",
            500L);
    assertEquals("SUCCESS", code(frozen), frozen::toString);
    assertEquals(Governance.FROZEN, ((Outcome.Success) frozen).events().get(0).name());
    // In force at once: the supplier's admin is turned away.
    Map<String, String> before = t.state.snapshot();
    Outcome blocked = t.call(c.supplierAdmin, "governance", "vote", "proposal", 1L, "choice", "NO");
    assertEquals(Runtime.NOT_AUTHORISED, code(blocked));
    assertTrue(message(blocked).contains("frozen by a regulator"), message(blocked));
    assertEquals(before, t.state.snapshot());
    // Regulator yes (1 of the 3 that count); core's no leaves 2 of 3 at best, under two thirds:
    // rejected, the freeze falls.
    t.call(c.coreAdmin, "governance", "vote", "proposal", 1L, "choice", "NO");
    assertEquals(
        Ballot.Status.REJECTED, Governance.proposal(t.state, 1).orElseThrow().ballot().status());
    Outcome free =
        t.call(
            c.supplierAdmin,
            "identity",
            "register",
            "publicKey",
            Hex.of(c.suite.generate(c.random).publicKey()),
            "roles",
            List.of("VIEWER"));
    assertEquals("SUCCESS", code(free), free::toString);
    // The members' answer stands for as long as a freeze may wait for one: freezing again at once
    // is refused, naming the height from which it may be.
    long rejectedAt = Governance.proposal(t.state, 1).orElseThrow().ballot().decidedHeight();
    long wait = t.genesis.parameters().proposalHeightsMax();
    Map<String, String> beforeAgain = t.state.snapshot();
    Outcome tooSoon =
        t.call(
            regulator,
            "governance",
            "freeze",
            "organisation",
            c.supplierUscc,
            "reason",
            "invoices forged",
            "expiresAt",
            500L);
    assertEquals(Governance.FREEZE_WAITING, code(tooSoon), tooSoon::toString);
    assertTrue(
        message(tooSoon).contains("expected a freeze from height " + (rejectedAt + wait)),
        message(tooSoon));
    assertEquals(beforeAgain, t.state.snapshot());
    t.skipHeights(rejectedAt + wait - t.height() - 1);
    // Frozen again, and this time the members let it stand; then they lift it.
    long base = t.height();
    assertEquals(
        "SUCCESS",
        code(
            t.call(
                regulator,
                "governance",
                "freeze",
                "organisation",
                c.supplierUscc,
                "reason",
                "invoices forged",
                "expiresAt",
                base + 500)));
    Outcome twice =
        t.call(
            regulator,
            "governance",
            "freeze",
            "organisation",
            c.supplierUscc,
            "reason",
            "again",
            "expiresAt",
            base + 500);
    assertEquals(Governance.ALREADY_FROZEN, code(twice));
    t.call(c.coreAdmin, "governance", "vote", "proposal", 2L, "choice", "YES");
    assertEquals(
        Ballot.Status.PASSED, Governance.proposal(t.state, 2).orElseThrow().ballot().status());
    assertTrue(Governance.frozen(t.state, c.supplierUscc, 1_000_000), "stands past its expiry");
    Outcome lift =
        t.call(
            c.bankAdmin,
            "governance",
            "proposeUnfreeze",
            "organisation",
            c.supplierUscc,
            "expiresAt",
            base + 600);
    assertEquals("SUCCESS", code(lift), lift::toString);
    t.call(c.coreAdmin, "governance", "vote", "proposal", 3L, "choice", "YES");
    assertTrue(!Governance.frozen(t.state, c.supplierUscc, 1_000_000), "lifted");
    // Lifted by the members: the regulator waits again before freezing it.
    assertEquals(
        Governance.FREEZE_WAITING,
        code(
            t.call(
                regulator,
                "governance",
                "freeze",
                "organisation",
                c.supplierUscc,
                "reason",
                "once more",
                "expiresAt",
                t.height() + 100)));
    Map<String, String> unfrozen = t.state.snapshot();
    Outcome notFrozen =
        t.call(
            c.bankAdmin,
            "governance",
            "proposeUnfreeze",
            "organisation",
            c.supplierUscc,
            "expiresAt",
            base + 600);
    assertEquals(Governance.NOT_FROZEN, code(notFrozen));
    // Only a regulator freezes.
    Outcome byBank =
        t.call(
            c.bankAdmin,
            "governance",
            "freeze",
            "organisation",
            c.coreUscc,
            "reason",
            "x",
            "expiresAt",
            base + 600);
    assertEquals(Runtime.NOT_AUTHORISED, code(byBank));
    assertEquals(unfrozen.size(), t.state.snapshot().size());
  }

  @Test
  void aRegulatorFreezesOneAccount_itAloneIsTurnedAway_untilTheMembersDecide() {
    KeyPair regulator = c.suite.generate(c.random);
    TestChain t =
        new TestChain(
            List.of(
                org(c.coreUscc, "Core", "CORE_ENTERPRISE", c.coreAdmin),
                org(c.bankUscc, "Bank", "BANK", c.bankAdmin),
                org(c.supplierUscc, "Supplier", "SUPPLIER", c.supplierAdmin),
                org(Uscc.complete("91310000000000088"), "Regulator", "REGULATOR", regulator)));
    KeyPair clerk = t.registered(c.supplierAdmin, "ADMIN");
    String address = t.suite.address(clerk.publicKey()).hex();
    Map<String, String> unknownBefore = t.state.snapshot();
    Outcome unknown =
        t.call(
            regulator,
            "governance",
            "freezeAccount",
            "account",
            "00".repeat(20),
            "reason",
            "x",
            "expiresAt",
            t.height() + 100);
    assertEquals(IdentityRegistry.ACCOUNT_NOT_FOUND, code(unknown), unknown::toString);
    assertEquals(unknownBefore, t.state.snapshot());
    Outcome frozen =
        t.call(
            regulator,
            "governance",
            "freezeAccount",
            "account",
            address,
            "reason",
            "a clerk's key reported stolen",
            "expiresAt",
            t.height() + 100);
    assertEquals("SUCCESS", code(frozen), frozen::toString);
    assertEquals(address, ((Outcome.Success) frozen).events().get(0).attributes().get("account"));
    Outcome turnedAway =
        t.call(
            clerk,
            "identity",
            "register",
            "publicKey",
            Hex.of(t.suite.generate(t.random).publicKey()),
            "roles",
            List.of("VIEWER"));
    assertEquals(Runtime.NOT_AUTHORISED, code(turnedAway));
    assertTrue(message(turnedAway).contains("expected an account not frozen"), message(turnedAway));
    // Its organisation goes on, and still votes: it rejects the freeze with core.
    Outcome admin =
        t.call(
            c.supplierAdmin,
            "identity",
            "register",
            "publicKey",
            Hex.of(t.suite.generate(t.random).publicKey()),
            "roles",
            List.of("VIEWER"));
    assertEquals("SUCCESS", code(admin), admin::toString);
    t.call(c.supplierAdmin, "governance", "vote", "proposal", 1L, "choice", "NO");
    t.call(c.coreAdmin, "governance", "vote", "proposal", 1L, "choice", "NO");
    assertEquals(
        Ballot.Status.REJECTED, Governance.proposal(t.state, 1).orElseThrow().ballot().status());
    Outcome back =
        t.call(
            clerk,
            "identity",
            "register",
            "publicKey",
            Hex.of(t.suite.generate(t.random).publicKey()),
            "roles",
            List.of("VIEWER"));
    assertEquals("SUCCESS", code(back), back::toString);
    // The members' answer stands a while for an account too.
    Outcome again =
        t.call(
            regulator,
            "governance",
            "freezeAccount",
            "account",
            address,
            "reason",
            "again",
            "expiresAt",
            t.height() + 100);
    assertEquals(Governance.FREEZE_WAITING, code(again), again::toString);
    assertTrue(message(again).startsWith("account " + address), message(again));
  }

  @Test
  void aFreezeLeftUndecided_fallsAtItsExpiry() {
    KeyPair regulator = c.suite.generate(c.random);
    String regulatorUscc = Uscc.complete("91310000000000088");
    TestChain t =
        new TestChain(
            List.of(
                org(c.coreUscc, "Core", "CORE_ENTERPRISE", c.coreAdmin),
                org(c.supplierUscc, "Supplier", "SUPPLIER", c.supplierAdmin),
                org(regulatorUscc, "Regulator", "REGULATOR", regulator, 0)));
    // Height 1, open until 3: this regulator has no vote, so nothing is cast and the freeze waits
    // for the members; nobody votes.
    Outcome f =
        t.call(
            regulator,
            "governance",
            "freeze",
            "organisation",
            c.supplierUscc,
            "reason",
            "check",
            "expiresAt",
            3L);
    assertEquals("SUCCESS", code(f), f::toString);
    assertEquals(
        Ballot.Status.OPEN, Governance.proposal(t.state, 1).orElseThrow().ballot().status());
    assertTrue(Governance.frozen(t.state, c.supplierUscc, 2));
    assertTrue(!Governance.frozen(t.state, c.supplierUscc, 3));
    t.call(
        c.coreAdmin,
        "identity",
        "register",
        "publicKey",
        Hex.of(c.suite.generate(c.random).publicKey()),
        "roles",
        List.of("VIEWER"));
    // Height 3: the supplier transacts again.
    Outcome back =
        t.call(
            c.supplierAdmin,
            "identity",
            "register",
            "publicKey",
            Hex.of(c.suite.generate(c.random).publicKey()),
            "roles",
            List.of("VIEWER"));
    assertEquals("SUCCESS", code(back), back::toString);
  }

  private static io.credence.core.genesis.Genesis.Organisation org(
      String uscc, String name, String role, KeyPair admin) {
    return org(uscc, name, role, admin, 1);
  }

  private static io.credence.core.genesis.Genesis.Organisation org(
      String uscc, String name, String role, KeyPair admin, long weight) {
    return new io.credence.core.genesis.Genesis.Organisation(
        name,
        uscc,
        io.credence.core.genesis.OrganisationRole.valueOf(role),
        admin.publicKey(),
        new byte[0],
        weight);
  }
}
