package io.credence.execution.governance;

import static io.credence.execution.TestChain.code;
import static io.credence.execution.TestChain.message;
import static io.credence.execution.governance.Ballot.NOT_A_VOTER;
import static io.credence.execution.governance.Ballot.PROPOSAL_DECIDED;
import static io.credence.execution.governance.Ballot.PROPOSAL_EXPIRED;
import static io.credence.execution.governance.Governance.ALREADY_FROZEN;
import static io.credence.execution.governance.Governance.EVIDENCE_KNOWN;
import static io.credence.execution.governance.Governance.FEATURE_ALREADY;
import static io.credence.execution.governance.Governance.FREEZE_WAITING;
import static io.credence.execution.governance.Governance.INVALID_EVIDENCE;
import static io.credence.execution.governance.Governance.MEMBERS_FULL;
import static io.credence.execution.governance.Governance.NOT_FROZEN;
import static io.credence.execution.governance.Governance.NOT_YET_ACTIVE;
import static io.credence.execution.governance.Governance.NO_VOTER_LEFT;
import static io.credence.execution.governance.Governance.PROPOSAL_APPLIED;
import static io.credence.execution.governance.Governance.PROPOSAL_NOT_FOUND;
import static io.credence.execution.governance.Governance.PROPOSAL_NOT_PASSED;
import static io.credence.execution.governance.Governance.PROPOSAL_PENDING;
import static io.credence.execution.governance.Governance.TOO_MANY_OPEN_PROPOSALS;
import static io.credence.execution.identity.IdentityRegistry.ACCOUNT_EXISTS;
import static io.credence.execution.identity.IdentityRegistry.ACCOUNT_NOT_FOUND;
import static io.credence.execution.identity.IdentityRegistry.INVALID_ARGUMENT;
import static io.credence.execution.identity.IdentityRegistry.MEMBER_STATUS;
import static io.credence.execution.identity.IdentityRegistry.ORGANISATION_EXISTS;
import static io.credence.execution.identity.IdentityRegistry.ORGANISATION_NOT_FOUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.credence.core.Hash;
import io.credence.core.Hex;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.OrganisationRole;
import io.credence.core.genesis.Uscc;
import io.credence.execution.Context;
import io.credence.execution.Outcome;
import io.credence.execution.Runtime;
import io.credence.execution.TestChain;
import io.credence.execution.identity.IdentityRegistry;
import io.credence.execution.identity.MemberStatus;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every rejection code governance's methods return, with the state unchanged: each case below is
 * refused with its code, its message names the field or the object refused, and the state after is
 * the state before. The last test checks that every upper-case code {@link Governance} and {@link
 * Ballot} declare, and the identity and runtime codes governance returns, was met by some case.
 * Evidence is checked by consensus's check in a node; here a stand-in check finds an equivocation
 * in any two different messages, so that a finding recorded twice is refused as {@code
 * EVIDENCE_KNOWN} (credence-node's EvidenceTest does the same with real consensus messages).
 *
 * <p>Refusal paths no call can reach, so not covered here (their codes are, by other paths): the
 * fee schedule full ({@code Fees.SCHEDULE_MAX} entries, more than the chain has methods); a freeze
 * refused as {@code PROPOSAL_PENDING} (its subject is only ever open while the target is frozen,
 * which {@code ALREADY_FROZEN} refuses first); a weight's deciding vote finding its member removed
 * (a removal shares the weight proposal's subject, so it cannot pass while the weight is open).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GovernanceRejectionCodesTest {
  private static final String CORE_USCC = Uscc.complete("91310000000000001");
  private static final String BANK_USCC = Uscc.complete("91310000000000002");
  private static final String SUPPLIER_USCC = Uscc.complete("91310000000000003");
  private static final String REGULATOR_USCC = Uscc.complete("91310000000000088");

  /** A valid USCC of no organisation on record. */
  private static final String STRANGER_USCC = Uscc.complete("91310000000000077");

  private static final String NEWCOMER_USCC = Uscc.complete("91310000000000066");

  /** Codes of other contracts that governance's methods return. */
  private static final Set<String> BORROWED =
      Set.of(
          ORGANISATION_EXISTS,
          ACCOUNT_EXISTS,
          ORGANISATION_NOT_FOUND,
          ACCOUNT_NOT_FOUND,
          MEMBER_STATUS,
          INVALID_ARGUMENT,
          Runtime.NOT_AUTHORISED);

  /**
   * Upper-case constants of Governance and Ballot that are no rejection code, by field name:
   * BY_EVIDENCE is the proposer a proposal opened by evidence names. No code is left out as
   * unreachable.
   */
  private static final Set<String> NOT_CODES = Set.of("BY_EVIDENCE");

  private final CryptoSuite suite = CryptoSuite.named("standard");
  private final SecureRandom random = new SecureRandom();
  private final KeyPair core = suite.generate(random);
  private final KeyPair bank = suite.generate(random);
  private final KeyPair supplier = suite.generate(random);
  private final KeyPair regulator = suite.generate(random);

  /** The codes the cases have met, over the whole class. */
  private final Set<String> seen = new TreeSet<>();

  /** The tests that have started. */
  private final Set<String> started = new TreeSet<>();

  @BeforeEach
  void start(TestInfo info) {
    started.add(info.getTestMethod().orElseThrow().getName());
  }

  // ---- The chains -------------------------------------------------------------------------------

  private static Genesis.Organisation org(
      String uscc, String name, OrganisationRole role, KeyPair admin, long weight) {
    return new Genesis.Organisation(name, uscc, role, admin.publicKey(), new byte[0], weight);
  }

  /** Core, bank and supplier of weight 1, and {@code more}. */
  private TestChain chain(Genesis.Organisation... more) {
    List<Genesis.Organisation> orgs = new ArrayList<>();
    orgs.add(org(CORE_USCC, "Core", OrganisationRole.CORE_ENTERPRISE, core, 1));
    orgs.add(org(BANK_USCC, "Bank", OrganisationRole.BANK, bank, 1));
    orgs.add(org(SUPPLIER_USCC, "Supplier", OrganisationRole.SUPPLIER, supplier, 1));
    orgs.addAll(List.of(more));
    return new TestChain(orgs);
  }

  /** Core, bank and supplier of weight 1, and a regulator without a vote. */
  private TestChain regulated() {
    return chain(org(REGULATOR_USCC, "Regulator", OrganisationRole.REGULATOR, regulator, 0));
  }

  /** Core, the only member with a vote, and a regulator without one. */
  private TestChain solo() {
    return new TestChain(
        List.of(
            org(CORE_USCC, "Core", OrganisationRole.CORE_ENTERPRISE, core, 1),
            org(REGULATOR_USCC, "Regulator", OrganisationRole.REGULATOR, regulator, 0)));
  }

  /** Core, bank and supplier of weight 1, and members without a vote up to one place left. */
  private TestChain nearlyFull() {
    List<Genesis.Organisation> fillers = new ArrayList<>();
    for (int i = 3; i < Governance.MEMBERS_MAX - 1; i++) {
      String uscc = Uscc.complete(String.format(Locale.ROOT, "913100000%08d", 5_000 + i));
      fillers.add(org(uscc, "Filler " + i, OrganisationRole.SUPPLIER, suite.generate(random), 0));
    }
    return chain(fillers.toArray(new Genesis.Organisation[0]));
  }

  // ---- Calls ------------------------------------------------------------------------------------

  private static Outcome gov(TestChain t, KeyPair sender, String method, Object... args) {
    return t.call(sender, "governance", method, args);
  }

  /** A proposal's expiry well within the lifetime allowed. */
  private static long soon(TestChain t) {
    return t.height() + 100;
  }

  private static Outcome vote(TestChain t, KeyPair sender, long proposal, String choice) {
    return gov(t, sender, "vote", "proposal", proposal, "choice", choice);
  }

  private static Outcome validators(TestChain t, KeyPair sender, List<String> keys, long expires) {
    return gov(t, sender, "proposeValidators", "validators", keys, "expiresAt", expires);
  }

  private static List<String> keys(TestChain t, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Hex.of(t.suite.generate(t.random).publicKey()));
    }
    return out;
  }

  private static Outcome admission(
      TestChain t, KeyPair sender, String uscc, KeyPair admin, long weight) {
    return gov(
        t,
        sender,
        "proposeAdmission",
        "uscc",
        uscc,
        "name",
        "Newcomer",
        "role",
        "SUPPLIER",
        "adminKey",
        Hex.of(admin.publicKey()),
        "votingWeight",
        weight,
        "expiresAt",
        soon(t));
  }

  /** proposeSuspension, proposeReinstatement or proposeRemoval of {@code uscc}. */
  private static Outcome membership(TestChain t, KeyPair sender, String method, String uscc) {
    return gov(t, sender, method, "organisation", uscc, "expiresAt", soon(t));
  }

  private static Outcome weight(TestChain t, KeyPair sender, String uscc, long weight) {
    return gov(
        t,
        sender,
        "proposeWeight",
        "organisation",
        uscc,
        "votingWeight",
        weight,
        "expiresAt",
        soon(t));
  }

  private static Outcome thresholds(TestChain t, KeyPair sender, long participation, long win) {
    return gov(
        t,
        sender,
        "proposeThresholds",
        "participationPercent",
        participation,
        "winPercent",
        win,
        "expiresAt",
        soon(t));
  }

  private static Outcome fee(TestChain t, KeyPair sender, String method, long fen) {
    return gov(t, sender, "proposeFee", "method", method, "fen", fen, "expiresAt", soon(t));
  }

  private static Outcome parameter(
      TestChain t, KeyPair sender, String name, long value, long activatesAt) {
    return gov(
        t,
        sender,
        "proposeParameter",
        "parameter",
        name,
        "value",
        value,
        "activatesAt",
        activatesAt,
        "expiresAt",
        soon(t));
  }

  private static Outcome feature(TestChain t, KeyPair sender, String name, long activatesAt) {
    return gov(
        t,
        sender,
        "proposeFeature",
        "feature",
        name,
        "activatesAt",
        activatesAt,
        "expiresAt",
        soon(t));
  }

  private static Outcome freeze(TestChain t, KeyPair sender, String uscc, long expires) {
    return gov(
        t, sender, "freeze", "organisation", uscc, "reason", "a check", "expiresAt", expires);
  }

  private static Outcome freezeAccount(TestChain t, KeyPair sender, String address) {
    return gov(
        t,
        sender,
        "freezeAccount",
        "account",
        address,
        "reason",
        "a key reported stolen",
        "expiresAt",
        soon(t));
  }

  /** An applying method ({@code consensus.applyValidators}, {@code identity.applyMembership}). */
  private static Outcome apply(
      TestChain t, KeyPair sender, String contract, String method, long proposal) {
    return t.call(sender, contract, method, "proposal", proposal);
  }

  private static long opened(Outcome o) {
    assertEquals("SUCCESS", code(o), o::toString);
    return Long.parseLong(((Outcome.Success) o).events().get(0).attributes().get("proposal"));
  }

  private static void ok(Outcome o) {
    assertEquals("SUCCESS", code(o), o::toString);
  }

  private static Ballot.Status status(TestChain t, long proposal) {
    return Governance.proposal(t.state, proposal).orElseThrow().ballot().status();
  }

  private static MemberStatus memberStatus(TestChain t, String uscc) {
    return IdentityRegistry.organisation(t.state, uscc).orElseThrow().status();
  }

  /**
   * Runs {@code call} on {@code t} and asserts it is refused with {@code expected}, its message
   * saying {@code why}, and that the state is as it was before.
   */
  private Outcome refused(TestChain t, String expected, String why, Supplier<Outcome> call) {
    Map<String, String> before = t.state.snapshot();
    Outcome o = call.get();
    assertEquals(expected, code(o), o::toString);
    assertTrue(message(o).contains(why), () -> "expected '" + why + "' in: " + message(o));
    assertEquals(before, t.state.snapshot(), () -> "a refusal changed the state: " + o);
    seen.add(expected);
    return o;
  }

  // ---- The cases, by method ---------------------------------------------------------------------

  @Test
  void proposeValidators() {
    TestChain t = chain();
    List<String> one = keys(t, 1);
    // An empty set.
    refused(
        t,
        INVALID_ARGUMENT,
        "validators: expected at least one key, found none",
        () -> validators(t, core, List.of(), soon(t)));
    // An expiry at the proposal's own height.
    refused(
        t,
        INVALID_ARGUMENT,
        "expiresAt: expected a height from " + (t.height() + 2),
        () -> validators(t, core, one, t.height() + 1));
    // An expiry past the longest a proposal may stay open.
    long tooLate = t.height() + 1 + t.genesis.parameters().proposalHeightsMax() + 1;
    refused(
        t,
        INVALID_ARGUMENT,
        "expiresAt: expected a height from " + (t.height() + 2) + " to ",
        () -> validators(t, core, one, tooLate));
    // A viewer proposes.
    KeyPair viewer = t.registered(core, "VIEWER");
    refused(
        t,
        Runtime.NOT_AUTHORISED,
        "governance.proposeValidators: expected a sender with role",
        () -> validators(t, viewer, one, soon(t)));
    // A second validator-set proposal while one is open.
    long open = opened(validators(t, core, one, soon(t)));
    refused(
        t,
        PROPOSAL_PENDING,
        "proposal: expected no open proposal on validators, found proposal " + open,
        () -> validators(t, bank, keys(t, 2), soon(t)));
  }

  @Test
  void proposeAdmission() {
    TestChain t = chain();
    KeyPair newcomer = t.suite.generate(t.random);
    // A weight over the ceiling.
    refused(
        t,
        INVALID_ARGUMENT,
        "votingWeight: expected 0 to " + Genesis.VOTING_WEIGHT_MAX + ", found 1000001",
        () -> admission(t, core, NEWCOMER_USCC, newcomer, Genesis.VOTING_WEIGHT_MAX + 1));
    // A USCC that is no USCC.
    refused(
        t,
        INVALID_ARGUMENT,
        "uscc: expected 18 characters, found 3",
        () -> admission(t, core, "123", newcomer, 1));
    // A USCC already on record.
    refused(
        t,
        ORGANISATION_EXISTS,
        "uscc: expected an organisation never admitted, found Bank ACTIVE",
        () -> admission(t, core, BANK_USCC, newcomer, 1));
    // A first admin whose key is an account already.
    refused(
        t,
        ACCOUNT_EXISTS,
        "is already registered under organisation " + BANK_USCC,
        () -> admission(t, core, NEWCOMER_USCC, bank, 1));
    // A second admission of one organisation while the first is open.
    long open = opened(admission(t, core, NEWCOMER_USCC, newcomer, 1));
    refused(
        t,
        PROPOSAL_PENDING,
        "expected no open proposal on organisation/" + NEWCOMER_USCC + ", found proposal " + open,
        () -> admission(t, bank, NEWCOMER_USCC, t.suite.generate(t.random), 1));
  }

  @Test
  void proposeAdmission_membersFull_whenProposed_andAtTheDecidingVote() {
    TestChain t = nearlyFull();
    assertEquals(Governance.MEMBERS_MAX - 1, Governance.weights(t.state).size());
    // Two admissions open with one place left; the first takes it.
    long first = opened(admission(t, core, NEWCOMER_USCC, t.suite.generate(t.random), 0));
    long second = opened(admission(t, core, STRANGER_USCC, t.suite.generate(t.random), 0));
    ok(vote(t, bank, first, "YES"));
    String full =
        "members: expected fewer than "
            + Governance.MEMBERS_MAX
            + " members on record (active or suspended) to admit one, found "
            + Governance.MEMBERS_MAX;
    // The second's deciding vote: no place left.
    refused(t, MEMBERS_FULL, full, () -> vote(t, bank, second, "YES"));
    // A new admission: no place left.
    refused(
        t,
        MEMBERS_FULL,
        full,
        () ->
            admission(t, core, Uscc.complete("91310000000000055"), t.suite.generate(t.random), 0));
  }

  @Test
  void proposeSuspension_proposeReinstatement_proposeRemoval() {
    TestChain t = chain();
    // Suspending, reinstating or removing an organisation that is no member.
    for (String method : List.of("proposeSuspension", "proposeReinstatement", "proposeRemoval")) {
      refused(
          t,
          ORGANISATION_NOT_FOUND,
          "organisation: expected a member's USCC, found '" + STRANGER_USCC + "'",
          () -> membership(t, core, method, STRANGER_USCC));
    }
    // Reinstating a member that is active.
    refused(
        t,
        MEMBER_STATUS,
        "organisation " + SUPPLIER_USCC + ": expected SUSPENDED to reinstate it, found it ACTIVE",
        () -> membership(t, core, "proposeReinstatement", SUPPLIER_USCC));
    // Removing the bank while its suspension is open.
    long open = opened(membership(t, core, "proposeSuspension", BANK_USCC));
    refused(
        t,
        PROPOSAL_PENDING,
        "expected no open proposal on organisation/" + BANK_USCC + ", found proposal " + open,
        () -> membership(t, supplier, "proposeRemoval", BANK_USCC));
    // The supplier suspended: core proposes, the bank's yes carries it.
    ok(vote(t, bank, opened(membership(t, core, "proposeSuspension", SUPPLIER_USCC)), "YES"));
    assertEquals(MemberStatus.SUSPENDED, memberStatus(t, SUPPLIER_USCC));
    // Suspending it again.
    refused(
        t,
        MEMBER_STATUS,
        "organisation " + SUPPLIER_USCC + ": expected ACTIVE to suspend it, found it SUSPENDED",
        () -> membership(t, core, "proposeSuspension", SUPPLIER_USCC));
    // Its admin proposes while it is suspended.
    refused(
        t,
        Runtime.NOT_AUTHORISED,
        "expected an account of an active member, found one of " + SUPPLIER_USCC + ", SUSPENDED",
        () -> membership(t, supplier, "proposeReinstatement", SUPPLIER_USCC));
    // Removed: core's proposal carries it alone (1 of the 2 weights that count, all yes).
    opened(membership(t, core, "proposeRemoval", SUPPLIER_USCC));
    assertEquals(MemberStatus.REMOVED, memberStatus(t, SUPPLIER_USCC));
    // Removing it again.
    refused(
        t,
        MEMBER_STATUS,
        "organisation "
            + SUPPLIER_USCC
            + ": expected a member not removed to remove it, found it REMOVED",
        () -> membership(t, core, "proposeRemoval", SUPPLIER_USCC));
    // Reinstating a removed member.
    refused(
        t,
        MEMBER_STATUS,
        "organisation " + SUPPLIER_USCC + ": expected SUSPENDED to reinstate it, found it REMOVED",
        () -> membership(t, core, "proposeReinstatement", SUPPLIER_USCC));
    // Admitting a removed member again.
    refused(
        t,
        ORGANISATION_EXISTS,
        "uscc: expected an organisation never admitted, found Supplier REMOVED",
        () -> admission(t, core, SUPPLIER_USCC, t.suite.generate(t.random), 1));
  }

  @Test
  void proposeWeight() {
    TestChain t = chain();
    // A weight over the ceiling.
    refused(
        t,
        INVALID_ARGUMENT,
        "votingWeight: expected 0 to " + Genesis.VOTING_WEIGHT_MAX + ", found 1000001",
        () -> weight(t, core, BANK_USCC, Genesis.VOTING_WEIGHT_MAX + 1));
    // The weight of an organisation that is no member.
    refused(
        t,
        ORGANISATION_NOT_FOUND,
        "organisation: expected a member's USCC, found '" + STRANGER_USCC + "'",
        () -> weight(t, core, STRANGER_USCC, 2));
    // A second proposal on the bank while its weight is open.
    long open = opened(weight(t, core, BANK_USCC, 2));
    refused(
        t,
        PROPOSAL_PENDING,
        "expected no open proposal on organisation/" + BANK_USCC + ", found proposal " + open,
        () -> weight(t, supplier, BANK_USCC, 3));
    // The weight of a member removed: it left the weights.
    ok(vote(t, bank, opened(membership(t, core, "proposeRemoval", SUPPLIER_USCC)), "YES"));
    refused(
        t,
        ORGANISATION_NOT_FOUND,
        "organisation: expected a member's USCC, found '" + SUPPLIER_USCC + "'",
        () -> weight(t, core, SUPPLIER_USCC, 1));
  }

  @Test
  void proposeThresholds() {
    TestChain t = chain();
    // Participation under 1% and over 100%.
    refused(
        t,
        INVALID_ARGUMENT,
        "participationPercent: expected 1 to 100, found 0",
        () -> thresholds(t, core, 0, 60));
    refused(
        t,
        INVALID_ARGUMENT,
        "participationPercent: expected 1 to 100, found 101",
        () -> thresholds(t, core, 101, 60));
    // A win under a majority and over 100%.
    refused(
        t,
        INVALID_ARGUMENT,
        "winPercent: expected 51 to 100, found 50",
        () -> thresholds(t, core, 50, 50));
    refused(
        t,
        INVALID_ARGUMENT,
        "winPercent: expected 51 to 100, found 101",
        () -> thresholds(t, core, 50, 101));
    // A second thresholds proposal while one is open.
    long open = opened(thresholds(t, core, 40, 60));
    refused(
        t,
        PROPOSAL_PENDING,
        "expected no open proposal on thresholds, found proposal " + open,
        () -> thresholds(t, bank, 60, 70));
  }

  @Test
  void proposeFee() {
    TestChain t = chain();
    // A method the chain does not have, a contract it does not have, no contract.method at all.
    for (String method : List.of("finance.noSuchMethod", "nosuch.*", "governance")) {
      refused(
          t,
          INVALID_ARGUMENT,
          "method: expected a method of this chain as contract.method, or contract.* for all of"
              + " a contract's, found '"
              + method
              + "'",
          () -> fee(t, core, method, 100));
    }
    // A fee over the ceiling.
    refused(
        t,
        INVALID_ARGUMENT,
        "fen: expected 0 to " + Fees.FEE_FEN_MAX + ", found " + (Fees.FEE_FEN_MAX + 1),
        () -> fee(t, core, "finance.submit", Fees.FEE_FEN_MAX + 1));
    // (The ceiling itself is a fee that may be proposed.)
    opened(fee(t, core, "finance.submit", Fees.FEE_FEN_MAX));
    // A second proposal on one method's fee while one is open.
    long open = opened(fee(t, core, "governance.vote", 100));
    refused(
        t,
        PROPOSAL_PENDING,
        "expected no open proposal on fee/governance.vote, found proposal " + open,
        () -> fee(t, bank, "governance.vote", 200));
  }

  @Test
  void proposeParameter() {
    TestChain t = chain();
    // A limit governance does not change, and a name that is no limit.
    refused(
        t,
        INVALID_ARGUMENT,
        "parameter: expected one of [",
        () -> parameter(t, core, "proposalHeightsMax", 1_000, 0));
    refused(
        t,
        INVALID_ARGUMENT,
        "found 'noSuchLimit'",
        () -> parameter(t, core, "noSuchLimit", 1_000, 0));
    // A value under the limit's range.
    refused(
        t,
        INVALID_ARGUMENT,
        "value: expected transactionBytesMax from 256 to",
        () -> parameter(t, core, "transactionBytesMax", 100, 0));
    // An activation height already passed, and one too far past the expiry.
    refused(
        t,
        INVALID_ARGUMENT,
        "activatesAt: expected 0 (at once) or a height from " + (t.height() + 2),
        () -> parameter(t, core, "transactionWorkMax", 1_000, t.height()));
    refused(
        t,
        INVALID_ARGUMENT,
        "activatesAt: expected 0 (at once) or a height from",
        () ->
            parameter(
                t,
                core,
                "transactionWorkMax",
                1_000,
                soon(t) + ChainParameters.ACTIVATION_HEIGHTS_AHEAD_MAX + 1));
    // Blocks smaller than a transaction may be.
    refused(
        t,
        INVALID_ARGUMENT,
        "blockBytesMax becomes 2048: expected transactionBytesMax at most blockBytesMax, found "
            + t.genesis.parameters().transactionBytesMax()
            + " and 2048",
        () -> parameter(t, core, "blockBytesMax", 2_048, 0));
    // A second proposal on one limit while one is open.
    long open = opened(parameter(t, core, "transactionWorkMax", 1_000, 0));
    refused(
        t,
        PROPOSAL_PENDING,
        "expected no open proposal on parameter/transactionWorkMax, found proposal " + open,
        () -> parameter(t, bank, "transactionWorkMax", 2_000, 0));
  }

  @Test
  void proposeFeature() {
    TestChain t = chain();
    // A switch this build does not know.
    refused(
        t,
        INVALID_ARGUMENT,
        "feature: expected a switch this build knows, one of [" + Features.REFUSED_FREE,
        () -> feature(t, core, "fees.everythingFree", 0));
    // An activation height already passed.
    refused(
        t,
        INVALID_ARGUMENT,
        "activatesAt: expected 0 (at once) or a height from " + (t.height() + 2),
        () -> feature(t, core, Features.REFUSED_FREE, t.height()));
    // A second proposal on the switch while one is open.
    long open = opened(feature(t, core, Features.REFUSED_FREE, 0));
    refused(
        t,
        PROPOSAL_PENDING,
        "expected no open proposal on feature/"
            + Features.REFUSED_FREE
            + ", found proposal "
            + open,
        () -> feature(t, bank, Features.REFUSED_FREE, 0));
    // The switch scheduled already.
    ok(vote(t, bank, open, "YES"));
    refused(
        t,
        FEATURE_ALREADY,
        "feature: expected a switch not yet scheduled, found " + Features.REFUSED_FREE + " on",
        () -> feature(t, core, Features.REFUSED_FREE, 0));
  }

  @Test
  void noVoterLeft_andNotAVoter() {
    TestChain t = solo();
    String leavesNone = ": expected a change that leaves some member a vote, found one that leaves";
    // The only voter suspends itself, removes itself, gives itself no weight.
    refused(
        t,
        NO_VOTER_LEFT,
        "suspend " + CORE_USCC + leavesNone,
        () -> membership(t, core, "proposeSuspension", CORE_USCC));
    refused(
        t,
        NO_VOTER_LEFT,
        "remove " + CORE_USCC + leavesNone,
        () -> membership(t, core, "proposeRemoval", CORE_USCC));
    refused(
        t,
        NO_VOTER_LEFT,
        "the voting weight of " + CORE_USCC + " becomes 0" + leavesNone,
        () -> weight(t, core, CORE_USCC, 0));
    // A regulator freezes the only voter.
    refused(
        t,
        NO_VOTER_LEFT,
        "the freeze of " + CORE_USCC + " stands (a check)" + leavesNone,
        () -> freeze(t, regulator, CORE_USCC, soon(t)));
    // A member without a vote proposes.
    refused(
        t,
        NOT_A_VOTER,
        "organisation " + REGULATOR_USCC + ": expected a voting weight, found none",
        () -> thresholds(t, regulator, 40, 60));
  }

  @Test
  void openProposalsPerMember_proposedAndFrozen() {
    TestChain t = chain();
    List<String> methods = new ArrayList<>();
    t.runtime
        .contracts()
        .forEach(k -> k.methods().forEach(m -> methods.add(k.name() + "." + m.name())));
    int max = Governance.OPEN_PROPOSALS_PER_MEMBER_MAX;
    long oldest = opened(fee(t, core, methods.get(0), 100));
    for (int i = 1; i < max; i++) {
      opened(fee(t, core, methods.get(i), 100));
    }
    // Core's seventeenth open proposal.
    refused(
        t,
        TOO_MANY_OPEN_PROPOSALS,
        "proposal: expected fewer than "
            + max
            + " open proposals of "
            + CORE_USCC
            + ", found "
            + max
            + " (the oldest, "
            + oldest,
        () -> fee(t, core, methods.get(max), 100));
    // A regulator's seventeenth freeze.
    TestChain r = regulated();
    for (int i = 0; i < max; i++) {
      opened(freezeAccount(r, regulator, r.address(r.registered(supplier, "VIEWER"))));
    }
    String clerk = r.address(r.registered(supplier, "VIEWER"));
    refused(
        r,
        TOO_MANY_OPEN_PROPOSALS,
        "proposal: expected fewer than " + max + " open proposals of " + REGULATOR_USCC,
        () -> freezeAccount(r, regulator, clerk));
  }

  @Test
  void freeze_andProposeUnfreeze() {
    TestChain t = regulated();
    // A member that is no regulator freezes.
    refused(
        t,
        Runtime.NOT_AUTHORISED,
        "governance.freeze: expected an organisation that is REGULATOR, found BANK",
        () -> freeze(t, bank, CORE_USCC, soon(t)));
    // Freezing an organisation that is no member.
    refused(
        t,
        ORGANISATION_NOT_FOUND,
        "organisation: expected an active member's USCC, found '" + STRANGER_USCC + "'",
        () -> freeze(t, regulator, STRANGER_USCC, soon(t)));
    // A freeze whose vote would expire at once.
    refused(
        t,
        INVALID_ARGUMENT,
        "expiresAt: expected a height from " + (t.height() + 2),
        () -> freeze(t, regulator, SUPPLIER_USCC, t.height() + 1));
    // Lifting a freeze there is none of.
    refused(
        t,
        NOT_FROZEN,
        "organisation "
            + SUPPLIER_USCC
            + ": expected a freeze that the members let stand, found none",
        () -> gov(t, bank, "proposeUnfreeze", "organisation", SUPPLIER_USCC, "expiresAt", soon(t)));
    long freeze = opened(freeze(t, regulator, SUPPLIER_USCC, soon(t)));
    // Freezing it twice.
    refused(
        t,
        ALREADY_FROZEN,
        "organisation " + SUPPLIER_USCC + ": expected one not frozen, found it frozen",
        () -> freeze(t, regulator, SUPPLIER_USCC, soon(t)));
    // The frozen member's admin votes.
    refused(
        t,
        Runtime.NOT_AUTHORISED,
        "expected an account of a member not frozen, found one of " + SUPPLIER_USCC,
        () -> vote(t, supplier, freeze, "NO"));
    // Lifting a freeze the members have not let stand yet.
    refused(
        t,
        NOT_FROZEN,
        "organisation "
            + SUPPLIER_USCC
            + ": expected a freeze that the members let stand, found none",
        () -> gov(t, bank, "proposeUnfreeze", "organisation", SUPPLIER_USCC, "expiresAt", soon(t)));
    // Core's no rejects it (at best 1 of the 2 weights that count would be yes).
    ok(vote(t, core, freeze, "NO"));
    assertEquals(Ballot.Status.REJECTED, status(t, freeze));
    // Freezing it again while the members' answer stands.
    refused(
        t,
        FREEZE_WAITING,
        "organisation " + SUPPLIER_USCC + ": expected a freeze from height ",
        () -> freeze(t, regulator, SUPPLIER_USCC, soon(t)));
  }

  @Test
  void freezeAccount_andProposeUnfreezeAccount() {
    TestChain t = regulated();
    String nobody = "00".repeat(20);
    // Freezing an account that is not registered.
    refused(
        t,
        ACCOUNT_NOT_FOUND,
        "account: expected an active registered account, found '" + nobody + "'",
        () -> freezeAccount(t, regulator, nobody));
    KeyPair clerk = t.registered(supplier, "ADMIN");
    String address = t.address(clerk);
    // Lifting a freeze there is none of.
    refused(
        t,
        NOT_FROZEN,
        "account " + address + ": expected a freeze that the members let stand, found none",
        () -> gov(t, core, "proposeUnfreezeAccount", "account", address, "expiresAt", soon(t)));
    long freeze = opened(freezeAccount(t, regulator, address));
    // Freezing it twice.
    refused(
        t,
        ALREADY_FROZEN,
        "account " + address + ": expected one not frozen, found it frozen",
        () -> freezeAccount(t, regulator, address));
    // The frozen account proposes.
    refused(
        t,
        Runtime.NOT_AUTHORISED,
        "expected an account not frozen, found it frozen by a regulator",
        () -> thresholds(t, clerk, 40, 60));
    // The members let it stand: core and the bank, 2 of the 3 weights.
    ok(vote(t, core, freeze, "YES"));
    ok(vote(t, bank, freeze, "YES"));
    assertEquals(Ballot.Status.PASSED, status(t, freeze));
    long lift =
        opened(gov(t, core, "proposeUnfreezeAccount", "account", address, "expiresAt", soon(t)));
    // A second proposal to lift it while one is open.
    refused(
        t,
        PROPOSAL_PENDING,
        "expected no open proposal on freeze/" + address + ", found proposal " + lift,
        () -> gov(t, bank, "proposeUnfreezeAccount", "account", address, "expiresAt", soon(t)));
    // Lifted; freezing it again while the members' answer stands.
    ok(vote(t, bank, lift, "YES"));
    refused(
        t,
        FREEZE_WAITING,
        "account " + address + ": expected a freeze from height ",
        () -> freezeAccount(t, regulator, address));
  }

  @Test
  void submitEvidence() {
    TestChain t = chain();
    // This runtime checks no consensus evidence (the node supplies consensus's check).
    refused(
        t,
        INVALID_EVIDENCE,
        "this runtime checks no consensus evidence",
        () -> gov(t, supplier, "submitEvidence", "first", "0102", "second", "0304"));
    // A runtime whose check finds one validator's equivocation in any two different messages.
    byte[] validator = t.suite.generate(t.random).publicKey();
    Runtime checking =
        Runtime.builtIn(
            t.suite,
            (first, second, setOfEpoch) -> {
              if (Arrays.equals(first, second)) {
                throw new IllegalArgumentException(
                    "second: expected a message other than the first, found the same");
              }
              return new EquivocationCheck.Finding(validator, 1, 9, "vote");
            });
    // Evidence the check refuses.
    refused(
        t,
        INVALID_EVIDENCE,
        "second: expected a message other than the first, found the same",
        () -> submit(t, checking, "0102", "0102"));
    ok(submit(t, checking, "0102", "0304"));
    // The same finding again, the messages swapped.
    refused(
        t,
        EVIDENCE_KNOWN,
        "evidence: expected a new finding, found "
            + Hex.of(validator)
            + "'s vote equivocation in epoch 1 round 9 recorded already",
        () -> submit(t, checking, "0304", "0102"));
  }

  /** The supplier's admin submits evidence through {@code runtime}, on {@code t}'s state. */
  private Outcome submit(TestChain t, Runtime runtime, String first, String second) {
    Hash transaction = t.nextTransaction();
    t.skipHeights(1);
    return runtime.execute(
        new Context(
            t.suite.address(supplier.publicKey()),
            supplier.publicKey(),
            transaction,
            t.height(),
            t.timestampMillis),
        t.state,
        runtime.call("governance", "submitEvidence", Map.of("first", first, "second", second)),
        t.workMax);
  }

  @Test
  void vote() {
    TestChain t = regulated();
    // A proposal never made.
    refused(
        t,
        PROPOSAL_NOT_FOUND,
        "proposal: expected the number of a proposal made, found 42",
        () -> vote(t, bank, 42, "YES"));
    // A proposal passed already.
    long passed = opened(fee(t, core, "governance.vote", 100));
    ok(vote(t, bank, passed, "YES"));
    refused(
        t,
        PROPOSAL_DECIDED,
        "proposal: expected an open proposal, found one passed at height ",
        () -> vote(t, supplier, passed, "NO"));
    // A proposal rejected already (core yes, bank no: two thirds out of reach).
    long rejected = opened(fee(t, core, "finance.submit", 100));
    ok(vote(t, bank, rejected, "NO"));
    refused(
        t,
        PROPOSAL_DECIDED,
        "proposal: expected an open proposal, found one rejected at height ",
        () -> vote(t, supplier, rejected, "YES"));
    // A member without a vote votes.
    long open = opened(fee(t, core, "identity.register", 100));
    refused(
        t,
        NOT_A_VOTER,
        "organisation " + REGULATOR_USCC + ": expected a voting weight, found none",
        () -> vote(t, regulator, open, "YES"));
    // A proposal past its expiry.
    long expires = t.height() + 3;
    long expiring = opened(validators(t, core, keys(t, 1), expires));
    t.skipHeights(5);
    refused(
        t,
        PROPOSAL_EXPIRED,
        "proposal: expected a vote before height " + expires,
        () -> vote(t, bank, expiring, "YES"));
  }

  @Test
  void vote_theDecidingVoteChecksTheChangeAgain() {
    TestChain t = chain();
    // Two admissions with one first admin: the second's deciding vote finds the key taken.
    KeyPair admin = t.suite.generate(t.random);
    long first = opened(admission(t, core, NEWCOMER_USCC, admin, 0));
    long second = opened(admission(t, core, STRANGER_USCC, admin, 0));
    ok(vote(t, bank, first, "YES"));
    refused(
        t,
        ACCOUNT_EXISTS,
        "is already registered under organisation " + NEWCOMER_USCC,
        () -> vote(t, bank, second, "YES"));
    // Larger transactions and smaller blocks, each fine alone: the second's vote finds them not.
    long larger = opened(parameter(t, core, "transactionBytesMax", 1 << 20, 0));
    long smaller = opened(parameter(t, core, "blockBytesMax", 512 << 10, 0));
    ok(vote(t, bank, larger, "YES"));
    refused(
        t,
        INVALID_ARGUMENT,
        "blockBytesMax becomes 524288: expected transactionBytesMax at most blockBytesMax, found"
            + " 1048576 and 524288",
        () -> vote(t, bank, smaller, "YES"));
    // Each member proposes its own weight 0; the last one left with a vote decides the last.
    TestChain w = chain();
    long coreZero = opened(weight(w, core, CORE_USCC, 0));
    long bankZero = opened(weight(w, bank, BANK_USCC, 0));
    long supplierZero = opened(weight(w, supplier, SUPPLIER_USCC, 0));
    ok(vote(w, bank, coreZero, "YES"));
    ok(vote(w, supplier, bankZero, "YES"));
    refused(
        w,
        NO_VOTER_LEFT,
        "the voting weight of "
            + SUPPLIER_USCC
            + " becomes 0: expected a change that leaves some member a vote",
        () -> vote(w, supplier, supplierZero, "YES"));
  }

  @Test
  void applyValidators_applyMembership_calledDirectly() {
    TestChain t = chain();
    KeyPair viewer = t.registered(core, "VIEWER");
    // A proposal never made.
    refused(
        t,
        PROPOSAL_NOT_FOUND,
        "proposal: expected the number of a proposal made, found 42",
        () -> apply(t, viewer, "consensus", "applyValidators", 42));
    refused(
        t,
        PROPOSAL_NOT_FOUND,
        "proposal: expected the number of a proposal made, found 42",
        () -> apply(t, viewer, "identity", "applyMembership", 42));
    // A proposal no vote has passed.
    long set = opened(validators(t, core, keys(t, 1), soon(t)));
    refused(
        t,
        PROPOSAL_NOT_PASSED,
        "proposal " + set + ": expected a passed proposal of kind VALIDATORS, found one OPEN",
        () -> apply(t, viewer, "consensus", "applyValidators", set));
    // Passed, and applied by its deciding vote: applied a second time.
    ok(vote(t, bank, set, "YES"));
    refused(
        t,
        PROPOSAL_APPLIED,
        "proposal " + set + ": expected one not applied yet, found it applied",
        () -> apply(t, viewer, "consensus", "applyValidators", set));
    // A passed proposal of a kind the contract does not apply.
    refused(
        t,
        PROPOSAL_NOT_PASSED,
        "proposal " + set + ": expected a passed proposal of kind one of [ADMIT,",
        () -> apply(t, viewer, "identity", "applyMembership", set));
    // An admission passed and applied: applied a second time.
    long admit = opened(admission(t, core, NEWCOMER_USCC, t.suite.generate(t.random), 1));
    ok(vote(t, bank, admit, "YES"));
    refused(
        t,
        PROPOSAL_APPLIED,
        "proposal " + admit + ": expected one not applied yet, found it applied",
        () -> apply(t, viewer, "identity", "applyMembership", admit));
  }

  @Test
  void activate() {
    TestChain t = chain();
    KeyPair viewer = t.registered(core, "VIEWER");
    refused(
        t,
        PROPOSAL_NOT_FOUND,
        "proposal: expected the number of a proposal made, found 42",
        () -> gov(t, viewer, "activate", "proposal", 42L));
    // An activation height in the past, or beyond the proposal's life.
    refused(
        t,
        INVALID_ARGUMENT,
        "activatesAt: expected 0 (in force with the deciding vote) or a height from",
        () ->
            gov(
                t,
                core,
                "proposeThresholds",
                "participationPercent",
                60L,
                "winPercent",
                70L,
                "expiresAt",
                soon(t),
                "activatesAt",
                1L));
    long from = t.height() + 50;
    long later =
        opened(
            gov(
                t,
                core,
                "proposeThresholds",
                "participationPercent",
                60L,
                "winPercent",
                70L,
                "expiresAt",
                soon(t),
                "activatesAt",
                from));
    refused(
        t,
        PROPOSAL_NOT_PASSED,
        "proposal " + later + ": expected a passed proposal, found it OPEN",
        () -> gov(t, viewer, "activate", "proposal", later));
    ok(vote(t, bank, later, "YES"));
    refused(
        t,
        NOT_YET_ACTIVE,
        "proposal " + later + ": expected height " + from + " or later to put it in force",
        () -> gov(t, viewer, "activate", "proposal", later));
    // A second proposal on the same subject waits until the first is in force.
    refused(
        t,
        PROPOSAL_PENDING,
        "found proposal " + later + " passed and in force from height " + from,
        () ->
            gov(
                t,
                core,
                "proposeThresholds",
                "participationPercent",
                55L,
                "winPercent",
                70L,
                "expiresAt",
                soon(t)));
    t.skipHeights(from - t.height());
    ok(gov(t, viewer, "activate", "proposal", later));
    refused(
        t,
        PROPOSAL_APPLIED,
        "proposal "
            + later
            + ": expected one passed and waiting for its activation height, found"
            + " it in force already",
        () -> gov(t, viewer, "activate", "proposal", later));
  }

  // ---- Completeness -----------------------------------------------------------------------------

  /** The values of {@code type}'s public constants that are upper-case codes. */
  private static Set<String> upperCaseCodes(Class<?> type) throws IllegalAccessException {
    Set<String> out = new TreeSet<>();
    for (Field f : type.getDeclaredFields()) {
      int m = f.getModifiers();
      if (Modifier.isPublic(m)
          && Modifier.isStatic(m)
          && Modifier.isFinal(m)
          && f.getType() == String.class
          && !NOT_CODES.contains(f.getName())) {
        String value = (String) f.get(null);
        if (value.matches("[A-Z][A-Z_]*")) {
          out.add(value);
        }
      }
    }
    return out;
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void everyRejectionCode_isMetByACaseAbove() throws IllegalAccessException {
    Set<String> cases = new TreeSet<>();
    for (Method m : getClass().getDeclaredMethods()) {
      if (m.isAnnotationPresent(Test.class) && !m.isAnnotationPresent(Order.class)) {
        cases.add(m.getName());
      }
    }
    assumeTrue(started.containsAll(cases), "checked only when every case of the class runs");
    Set<String> codes = new TreeSet<>(BORROWED);
    codes.addAll(upperCaseCodes(Governance.class));
    codes.addAll(upperCaseCodes(Ballot.class));
    // The reflection finds governance's own codes (and no event names, which are CamelCase).
    assertTrue(
        codes.containsAll(Set.of(PROPOSAL_NOT_FOUND, EVIDENCE_KNOWN, PROPOSAL_DECIDED)),
        codes::toString);
    assertTrue(!codes.contains(Governance.OPENED), codes::toString);
    Set<String> missing = new TreeSet<>(codes);
    missing.removeAll(seen);
    assertEquals(Set.of(), missing, "codes no case met; seen " + seen);
  }
}
