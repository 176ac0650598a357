package io.credence.execution.consensus;

import static io.credence.execution.TestChain.code;
import static io.credence.execution.TestChain.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Hex;
import io.credence.core.crypto.KeyPair;
import io.credence.execution.Outcome;
import io.credence.execution.Runtime;
import io.credence.execution.TestChain;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Changing the validator set: only by a passed vote, what is checked, and the event consensus acts
 * on.
 */
class ValidatorSetContractTest {
  private final TestChain c = new TestChain();

  private List<String> keys(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Hex.of(c.suite.generate(c.random).publicKey()));
    }
    return out;
  }

  /**
   * Core proposes {@code validators}; the bank's yes passes it (2 of 3 organisations, both yes).
   */
  private Outcome changeByVote(List<String> validators) {
    Outcome opened =
        c.call(
            c.coreAdmin,
            "governance",
            "proposeValidators",
            "validators",
            validators,
            "expiresAt",
            1_000L);
    if (!(opened instanceof Outcome.Success)) {
      return opened;
    }
    long id =
        Long.parseLong(((Outcome.Success) opened).events().get(0).attributes().get("proposal"));
    return c.call(c.bankAdmin, "governance", "vote", "proposal", id, "choice", "YES");
  }

  @Test
  void passedProposal_changesTheSet_andTheEventNamesItInOrder() {
    KeyPair v1 = c.suite.generate(c.random);
    KeyPair v2 = c.suite.generate(c.random);
    Outcome o = changeByVote(List.of(Hex.of(v2.publicKey()), Hex.of(v1.publicKey())));
    assertEquals("SUCCESS", code(o), o::toString);
    List<byte[]> changed =
        ValidatorSetContract.change(((Outcome.Success) o).events()).orElseThrow();
    assertArrayEquals(v2.publicKey(), changed.get(0));
    assertArrayEquals(v1.publicKey(), changed.get(1));
    assertArrayEquals(v2.publicKey(), ValidatorSetContract.validators(c.state).get(0));
  }

  @Test
  void noOrganisationChangesTheSetAlone() {
    // The convenor rule is retired: there is no method that changes the set without a vote.
    IllegalArgumentException gone =
        assertThrows(
            IllegalArgumentException.class,
            () -> c.call(c.coreAdmin, "consensus", "setValidators", "validators", keys(1)));
    assertTrue(gone.getMessage().startsWith("consensus.setValidators: no such method"));
    List<byte[]> before = ValidatorSetContract.validators(c.state);
    // Core's proposal alone (1 of 3 organisations took part) stays open and changes nothing.
    assertEquals(
        "SUCCESS",
        code(
            c.call(
                c.coreAdmin,
                "governance",
                "proposeValidators",
                "validators",
                keys(1),
                "expiresAt",
                1_000L)));
    assertEquals(before.size(), ValidatorSetContract.validators(c.state).size());
    Outcome direct = c.call(c.coreAdmin, "consensus", "applyValidators", "proposal", 1L);
    assertEquals(io.credence.execution.governance.Governance.PROPOSAL_NOT_PASSED, code(direct));
  }

  @Test
  void aSetOf256Keys_theContractsOwnLimit_fits() {
    // The string-map arguments of old could not carry 64 keys.
    Outcome o = changeByVote(keys(ValidatorSetContract.VALIDATORS_MAX));
    assertEquals("SUCCESS", code(o), o::toString);
    assertEquals(
        ValidatorSetContract.VALIDATORS_MAX, ValidatorSetContract.validators(c.state).size());
    IllegalArgumentException tooMany =
        assertThrows(
            IllegalArgumentException.class,
            () -> changeByVote(keys(ValidatorSetContract.VALIDATORS_MAX + 1)));
    assertTrue(
        tooMany.getMessage().startsWith("validators: expected distinct list of at most 256"));
  }

  @Test
  void repeatedOrEmptyOrBadKeys_refused() {
    String k = keys(1).get(0);
    IllegalArgumentException twice =
        assertThrows(IllegalArgumentException.class, () -> changeByVote(List.of(k, k)));
    assertEquals(
        "validators[1]: expected distinct values, found " + k + " again", twice.getMessage());
    assertEquals(
        io.credence.execution.identity.IdentityRegistry.INVALID_ARGUMENT,
        code(changeByVote(List.of())));
    Outcome notAPoint = changeByVote(List.of("02" + "ff".repeat(31)));
    assertEquals(Runtime.INVALID_ARGUMENTS, code(notAPoint));
    assertTrue(
        message(notAPoint).startsWith("validators[0]: expected a 32-byte"), message(notAPoint));
  }

  private Outcome declare(KeyPair admin, KeyPair node, String signedFor) {
    byte[] signature =
        node.suite()
            .signer(node.privateKey(), c.random)
            .sign(ValidatorSetContract.declaration(signedFor));
    return c.call(
        admin,
        "consensus",
        "declareNode",
        "node",
        Hex.of(node.publicKey()),
        "signature",
        Hex.of(signature));
  }

  @Test
  void anOrganisationDeclaresItsNode_provenByTheNodeKey_andNobodyClaimsItAgain() {
    KeyPair node = c.suite.generate(c.random);
    // Signed for another organisation: the key did not say it runs for the bank.
    var before = c.state.snapshot();
    Outcome wrong = declare(c.bankAdmin, node, c.coreUscc);
    assertEquals(ValidatorSetContract.BAD_NODE_SIGNATURE, code(wrong), wrong::toString);
    assertTrue(message(wrong).contains("'credence node of " + c.bankUscc + "'"), message(wrong));
    assertEquals(before, c.state.snapshot());
    Outcome declared = declare(c.bankAdmin, node, c.bankUscc);
    assertEquals("SUCCESS", code(declared), declared::toString);
    var event = ((Outcome.Success) declared).events().get(0);
    assertEquals(ValidatorSetContract.NODE_DECLARED, event.name());
    assertEquals(c.bankUscc, event.attributes().get("organisation"));
    assertEquals(
        c.bankUscc, ValidatorSetContract.organisationOf(c.state, node.publicKey()).orElseThrow());
    // Claimed again, by anyone, even with a good signature: refused, nothing changed.
    before = c.state.snapshot();
    Outcome again = declare(c.coreAdmin, node, c.coreUscc);
    assertEquals(ValidatorSetContract.NODE_CLAIMED, code(again), again::toString);
    assertTrue(message(again).contains("run by " + c.bankUscc), message(again));
    assertEquals(before, c.state.snapshot());
  }

  @Test
  void aSecondChangeOfTheSetInOneBlock_isRefused() {
    // Core holds 3 of 5: its proposal passes as it is made.
    TestChain heavy =
        new TestChain(
            List.of(
                new io.credence.core.genesis.Genesis.Organisation(
                    "Core",
                    c.coreUscc,
                    io.credence.core.genesis.OrganisationRole.CORE_ENTERPRISE,
                    c.coreAdmin.publicKey(),
                    new byte[0],
                    3),
                new io.credence.core.genesis.Genesis.Organisation(
                    "Bank",
                    c.bankUscc,
                    io.credence.core.genesis.OrganisationRole.BANK,
                    c.bankAdmin.publicKey(),
                    new byte[0],
                    2)));
    java.util.function.Supplier<Outcome> propose =
        () ->
            heavy.call(
                c.coreAdmin,
                "governance",
                "proposeValidators",
                "validators",
                keys(4),
                "expiresAt",
                100L);
    Outcome first = propose.get();
    assertEquals("SUCCESS", code(first), first::toString);
    assertEquals(2, ValidatorSetContract.epoch(heavy.state));
    // The next transaction in the same block: its change is refused, and nothing is kept.
    heavy.skipHeights(-1);
    var before = heavy.state.snapshot();
    Outcome second = propose.get();
    assertEquals(ValidatorSetContract.SET_CHANGED_THIS_BLOCK, code(second), second::toString);
    assertEquals(before, heavy.state.snapshot());
    // In the next block it may.
    Outcome third = propose.get();
    assertEquals("SUCCESS", code(third), third::toString);
    assertEquals(3, ValidatorSetContract.epoch(heavy.state));
  }

  @Test
  void observersVotedInAndOut_stateQueryAndEventSayWho_theEpochGoesOn() {
    List<String> two = keys(2);
    assertEquals(List.of(), ValidatorSetContract.observers(c.state));
    long epoch = ValidatorSetContract.epoch(c.state);
    Outcome in = observersByVote(two);
    assertEquals("SUCCESS", code(in), in::toString);
    var event =
        ((Outcome.Success) in)
            .events().stream()
                .filter(e -> e.name().equals(ValidatorSetContract.OBSERVERS_CHANGED))
                .findFirst()
                .orElseThrow();
    assertEquals(String.join(",", two), event.attributes().get("observers"));
    assertEquals(two, ValidatorSetContract.observers(c.state).stream().map(Hex::of).toList());
    // Observers never vote: the epoch and the validator set stay as they were.
    assertEquals(epoch, ValidatorSetContract.epoch(c.state));
    assertTrue(ValidatorSetContract.change(((Outcome.Success) in).events()).isEmpty());
    assertEquals(
        two,
        c.runtime
            .query("consensus", "observers", java.util.Map.of(), c.state, c.height(), c.today())
            .plain());
    // The proposal on record names the observers it set.
    var shown =
        (java.util.Map<?, ?>)
            c.runtime
                .query(
                    "governance",
                    "proposal",
                    java.util.Map.of("proposal", 1L),
                    c.state,
                    c.height(),
                    c.today())
                .plain();
    assertEquals("OBSERVERS", shown.get("kind").toString());
    assertEquals(two, shown.get("observers"));
    // An empty set removes them all.
    Outcome none = observersByVote(List.of());
    assertEquals("SUCCESS", code(none), none::toString);
    assertEquals(List.of(), ValidatorSetContract.observers(c.state));
    // Applied once only, and never without a vote.
    var before = c.state.snapshot();
    Outcome again = c.call(c.coreAdmin, "consensus", "applyObservers", "proposal", 1L);
    assertEquals(io.credence.execution.governance.Governance.PROPOSAL_APPLIED, code(again));
    assertEquals(before, c.state.snapshot());
  }

  @Test
  void anObserverSetProposal_survivesItsCodec() {
    var p =
        new io.credence.execution.governance.Proposal(
            7,
            new io.credence.execution.governance.Proposal.Observers(
                keys(3).stream().map(k -> Hex.parse("k", k)).toList()),
            c.coreUscc,
            5,
            new io.credence.execution.governance.Ballot(
                50,
                new java.util.TreeMap<>(),
                io.credence.execution.governance.Ballot.Status.OPEN,
                0));
    var back =
        io.credence.execution.governance.Proposal.CODEC.decode(
            io.credence.execution.governance.Proposal.CODEC.encode(p));
    assertEquals(p.change().describe(), back.change().describe());
    assertEquals(
        ((io.credence.execution.governance.Proposal.Observers) p.change())
            .keys().stream().map(Hex::of).toList(),
        ((io.credence.execution.governance.Proposal.Observers) back.change())
            .keys().stream().map(Hex::of).toList());
  }

  private Outcome observersByVote(List<String> observers) {
    Outcome opened =
        c.call(
            c.coreAdmin,
            "governance",
            "proposeObservers",
            "observers",
            observers,
            "expiresAt",
            c.height() + 100);
    if (!(opened instanceof Outcome.Success)) {
      return opened;
    }
    long id =
        Long.parseLong(((Outcome.Success) opened).events().get(0).attributes().get("proposal"));
    return c.call(c.bankAdmin, "governance", "vote", "proposal", id, "choice", "YES");
  }
}
