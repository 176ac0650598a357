package io.credence.execution.governance;

import static io.credence.execution.TestChain.code;
import static io.credence.execution.TestChain.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Event;
import io.credence.core.Hex;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.OrganisationRole;
import io.credence.core.genesis.Uscc;
import io.credence.execution.Outcome;
import io.credence.execution.TestChain;
import io.credence.execution.consensus.ValidatorSetContract;
import io.credence.execution.identity.IdentityRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The validator set changed by weighted vote: three organisations of weight 1 under genesis's
 * default thresholds (half the weight takes part, two thirds of the votes cast win). Every refusal
 * leaves the state as it was.
 */
class GovernanceTest {
  private final TestChain c = new TestChain();

  private List<String> keys(int n) {
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Hex.of(c.suite.generate(c.random).publicKey()));
    }
    return out;
  }

  /** A genesis organisation with a transport CA of none and {@code weight}. */
  private static Genesis.Organisation org(
      String name, String uscc, OrganisationRole role, KeyPair admin, long weight) {
    return new Genesis.Organisation(name, uscc, role, admin.publicKey(), new byte[0], weight);
  }

  private Outcome propose(KeyPair admin, List<String> validators, long expiresAt) {
    return c.call(
        admin, "governance", "proposeValidators", "validators", validators, "expiresAt", expiresAt);
  }

  private Outcome vote(KeyPair admin, long proposal, String choice) {
    return c.call(admin, "governance", "vote", "proposal", proposal, "choice", choice);
  }

  private static List<Event> events(Outcome o) {
    return ((Outcome.Success) o).events();
  }

  private static List<String> names(Outcome o) {
    return events(o).stream().map(Event::name).toList();
  }

  /** Asserts {@code o} is a refusal with {@code code} and that the state did not change. */
  private void refused(String expectedCode, Map<String, String> before, Outcome o) {
    assertEquals(expectedCode, code(o), () -> o.toString());
    assertEquals(before, c.state.snapshot(), "a refusal changed the state");
  }

  @Test
  void validatorSet_changedByWeightedVote_theDecidingVoteAppliesIt() {
    List<String> set = keys(2);
    Outcome opened = propose(c.coreAdmin, set, 100);
    assertEquals("SUCCESS", code(opened), opened::toString);
    // The core enterprise voted yes by proposing: 1 of 3 took part, under half: still open.
    assertEquals(List.of(Governance.OPENED, Governance.VOTED), names(opened));
    assertEquals(
        Ballot.Status.OPEN, Governance.proposal(c.state, 1).orElseThrow().ballot().status());
    Outcome passed = vote(c.bankAdmin, 1, "YES");
    assertEquals("SUCCESS", code(passed), passed::toString);
    // 2 of 3 took part, both yes: passed, and the same transaction changed the set.
    assertEquals(
        List.of(Governance.VOTED, Governance.DECIDED, ValidatorSetContract.CHANGED), names(passed));
    List<byte[]> changed = ValidatorSetContract.change(events(passed)).orElseThrow();
    assertArrayEquals(Hex.parse("k", set.get(0)), changed.get(0));
    assertArrayEquals(Hex.parse("k", set.get(1)), ValidatorSetContract.validators(c.state).get(1));
    Proposal p = Governance.proposal(c.state, 1).orElseThrow();
    assertEquals(Ballot.Status.PASSED, p.ballot().status());
    // Decided: a late vote is refused, and the set cannot be applied twice.
    Map<String, String> before = c.state.snapshot();
    refused(Ballot.PROPOSAL_DECIDED, before, vote(c.supplierAdmin, 1, "NO"));
    refused(
        Governance.PROPOSAL_APPLIED,
        before,
        c.call(c.supplierAdmin, "consensus", "applyValidators", "proposal", 1L));
  }

  @Test
  void enoughNoWeight_rejectsAtOnce_andNothingChanges() {
    List<byte[]> genesisSet = ValidatorSetContract.validators(c.state);
    propose(c.coreAdmin, keys(1), 100);
    // Core yes, bank no: at best 2 of 3 yes, under two thirds: rejected now.
    Outcome o = vote(c.bankAdmin, 1, "NO");
    assertEquals(List.of(Governance.VOTED, Governance.DECIDED), names(o));
    assertEquals(
        Ballot.Status.REJECTED, Governance.proposal(c.state, 1).orElseThrow().ballot().status());
    assertEquals(genesisSet.size(), ValidatorSetContract.validators(c.state).size());
    // A new proposal on the subject may open once the last is decided.
    assertEquals("SUCCESS", code(propose(c.supplierAdmin, keys(1), 200)));
  }

  @Test
  void conflictingProposal_refusedWhileOneIsOpen() {
    propose(c.coreAdmin, keys(1), 100);
    Map<String, String> before = c.state.snapshot();
    Outcome o = propose(c.bankAdmin, keys(1), 100);
    refused(Governance.PROPOSAL_PENDING, before, o);
    assertTrue(message(o).contains("found proposal 1 open until height 100"), message(o));
  }

  @Test
  void expiresAt_mustLieWithinTheProposalLifetime() {
    Map<String, String> before = c.state.snapshot();
    // The test chain runs transaction n at height n: this one at height 1.
    refused(IdentityRegistry.INVALID_ARGUMENT, before, propose(c.coreAdmin, keys(1), 1));
    Outcome tooLong = propose(c.coreAdmin, keys(1), 3 + 200_000);
    refused(IdentityRegistry.INVALID_ARGUMENT, before, tooLong);
    assertEquals("expiresAt: expected a height from 3 to 200002, found 200003", message(tooLong));
  }

  @Test
  void abstention_countsTowardsParticipation_notAgainst() {
    propose(c.coreAdmin, keys(1), 100);
    // Core yes, bank abstains: 2 of 3 took part, and the one vote cast is yes: passed.
    assertEquals("SUCCESS", code(vote(c.bankAdmin, 1, "ABSTAIN")));
    assertEquals(
        Ballot.Status.PASSED, Governance.proposal(c.state, 1).orElseThrow().ballot().status());
  }

  @Test
  void undecidedAtItsExpiry_expires() {
    TestChain one =
        new TestChain(
            List.of(
                org("Core", c.coreUscc, OrganisationRole.CORE_ENTERPRISE, c.coreAdmin, 1),
                org("Bank", c.bankUscc, OrganisationRole.BANK, c.bankAdmin, 3)));
    // Core (1 of 4) proposes at height 1 until height 3: under half took part, open.
    assertEquals(
        "SUCCESS",
        code(
            one.call(
                c.coreAdmin,
                "governance",
                "proposeValidators",
                "validators",
                keys(1),
                "expiresAt",
                3L)));
    // Height 2: a refused call; height 3: the bank's vote comes too late.
    one.call(c.bankAdmin, "governance", "vote", "proposal", 7L, "choice", "YES");
    Map<String, String> before = one.state.snapshot();
    Outcome late = one.call(c.bankAdmin, "governance", "vote", "proposal", 1L, "choice", "YES");
    assertEquals(Ballot.PROPOSAL_EXPIRED, code(late));
    assertEquals(before, one.state.snapshot());
    assertEquals(
        Ballot.Status.EXPIRED,
        Governance.proposal(one.state, 1).orElseThrow().ballot().statusAt(3));
  }

  @Test
  void organisationWithoutAVote_mayNeitherProposeNorVote() {
    KeyPair auditor = c.suite.generate(c.random);
    String auditorUscc = Uscc.complete("91310000000000009");
    TestChain t =
        new TestChain(
            List.of(
                org("Core", c.coreUscc, OrganisationRole.CORE_ENTERPRISE, c.coreAdmin, 1),
                org("Bank", c.bankUscc, OrganisationRole.BANK, c.bankAdmin, 3),
                org("Auditor", auditorUscc, OrganisationRole.AUDITOR, auditor, 0)));
    Map<String, String> before = t.state.snapshot();
    Outcome o =
        t.call(auditor, "governance", "proposeValidators", "validators", keys(1), "expiresAt", 50L);
    assertEquals(Ballot.NOT_A_VOTER, code(o));
    assertEquals(before, t.state.snapshot());
    // Core (1 of 4) opens one; the auditor's vote is refused like its proposal.
    assertEquals(
        "SUCCESS",
        code(
            t.call(
                c.coreAdmin,
                "governance",
                "proposeValidators",
                "validators",
                keys(1),
                "expiresAt",
                50L)));
    Map<String, String> open = t.state.snapshot();
    Outcome vote = t.call(auditor, "governance", "vote", "proposal", 1L, "choice", "YES");
    assertEquals(Ballot.NOT_A_VOTER, code(vote));
    assertTrue(message(vote).contains(auditorUscc + ": expected a voting weight"), message(vote));
    assertEquals(open, t.state.snapshot());
  }

  @Test
  void unknownProposal_andApplyingAnOpenOne_refused() {
    Map<String, String> before = c.state.snapshot();
    Outcome unknown = vote(c.bankAdmin, 42, "YES");
    refused(Governance.PROPOSAL_NOT_FOUND, before, unknown);
    assertEquals("proposal: expected the number of a proposal made, found 42", message(unknown));
    refused(
        Governance.PROPOSAL_NOT_FOUND,
        before,
        c.call(c.bankAdmin, "consensus", "applyValidators", "proposal", 42L));
    propose(c.coreAdmin, keys(1), 100);
    Map<String, String> open = c.state.snapshot();
    // Applying a proposal no vote has passed: refused, whoever asks.
    refused(
        Governance.PROPOSAL_NOT_PASSED,
        open,
        c.call(c.bankAdmin, "consensus", "applyValidators", "proposal", 1L));
  }
}
