package io.credence.execution.governance;

import static io.credence.execution.TestChain.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Event;
import io.credence.core.Hex;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Uscc;
import io.credence.execution.Outcome;
import io.credence.execution.TestChain;
import io.credence.execution.consensus.ValidatorSetContract;
import io.credence.execution.identity.IdentityRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A passed proposal takes effect with its deciding vote, or from the activation height it states:
 * then it passes, waits (holding its subject), and anyone puts it in force at or after that height,
 * once; the effect's own events come with that transaction.
 */
class ActivationTest {
  private final TestChain c = new TestChain();

  private static List<String> names(Outcome o) {
    return ((Outcome.Success) o).events().stream().map(Event::name).toList();
  }

  @Test
  void anAdmissionPassedToday_takesEffectFromItsActivationHeight() {
    String newcomer = Uscc.forDevelopment(77);
    KeyPair admin = c.suite.generate(c.random);
    long from = c.height() + 30;
    Outcome opened =
        c.call(
            c.coreAdmin,
            "governance",
            "proposeAdmission",
            "uscc",
            newcomer,
            "name",
            "Harbour Bank",
            "role",
            "BANK",
            "adminKey",
            Hex.of(admin.publicKey()),
            "votingWeight",
            1L,
            "expiresAt",
            c.height() + 20,
            "activatesAt",
            from);
    assertEquals("SUCCESS", code(opened), opened::toString);
    long id =
        Long.parseLong(((Outcome.Success) opened).events().get(0).attributes().get("proposal"));
    Outcome passed = c.call(c.bankAdmin, "governance", "vote", "proposal", id, "choice", "YES");
    assertEquals("SUCCESS", code(passed), passed::toString);
    assertTrue(names(passed).contains(Governance.SCHEDULED), names(passed).toString());
    assertTrue(IdentityRegistry.organisation(c.state, newcomer).isEmpty(), "not admitted yet");
    assertTrue(
        Governance.waiting(
            c.state, Governance.proposal(c.state, id).orElseThrow(), c.height() + 1));
    // Nobody puts it in force early by calling the applying contract directly.
    KeyPair early = c.registered(c.bankAdmin, "VIEWER");
    Outcome direct = c.call(early, "identity", "applyMembership", "proposal", id);
    assertEquals(Governance.NOT_YET_ACTIVE, code(direct), direct::toString);
    assertTrue(IdentityRegistry.organisation(c.state, newcomer).isEmpty(), "not admitted early");

    c.skipHeights(from - c.height());
    KeyPair viewer = c.registered(c.supplierAdmin, "VIEWER");
    Outcome activated = c.call(viewer, "governance", "activate", "proposal", id);
    assertEquals("SUCCESS", code(activated), activated::toString);
    assertTrue(names(activated).contains(Governance.ACTIVATED), names(activated).toString());
    assertTrue(IdentityRegistry.organisation(c.state, newcomer).isPresent(), "admitted");
    assertEquals(1L, Governance.effectiveWeights(c.state, c.height() + 1).get(newcomer));
  }

  @Test
  void aValidatorSetChangeActivatedLater_endsTheEpochInTheActivatingTransaction() {
    List<String> set = List.of(Hex.of(c.suite.generate(c.random).publicKey()));
    long from = c.height() + 10;
    Outcome opened =
        c.call(
            c.coreAdmin,
            "governance",
            "proposeValidators",
            "validators",
            set,
            "expiresAt",
            c.height() + 5,
            "activatesAt",
            from);
    long id =
        Long.parseLong(((Outcome.Success) opened).events().get(0).attributes().get("proposal"));
    Outcome passed = c.call(c.bankAdmin, "governance", "vote", "proposal", id, "choice", "YES");
    assertTrue(ValidatorSetContract.change(((Outcome.Success) passed).events()).isEmpty());
    long epoch = ValidatorSetContract.epoch(c.state);
    c.skipHeights(from - c.height());
    Outcome activated = c.call(c.supplierAdmin, "governance", "activate", "proposal", id);
    assertEquals("SUCCESS", code(activated), activated::toString);
    assertTrue(ValidatorSetContract.change(((Outcome.Success) activated).events()).isPresent());
    assertEquals(epoch + 1, ValidatorSetContract.epoch(c.state));
  }

  @Test
  void aWaitingProposalNotPutInForce_lapses_andFreesItsSubject() {
    long from = c.height() + 5;
    Outcome opened =
        c.call(
            c.coreAdmin,
            "governance",
            "proposeThresholds",
            "participationPercent",
            60L,
            "winPercent",
            70L,
            "expiresAt",
            c.height() + 3,
            "activatesAt",
            from);
    long id =
        Long.parseLong(((Outcome.Success) opened).events().get(0).attributes().get("proposal"));
    assertEquals(
        "SUCCESS",
        code(c.call(c.bankAdmin, "governance", "vote", "proposal", id, "choice", "YES")));
    long heightsMax = Governance.rules(c.state).proposalHeightsMax();
    c.skipHeights(from + heightsMax - c.height());
    Outcome late = c.call(c.supplierAdmin, "governance", "activate", "proposal", id);
    assertEquals(
        io.credence.execution.governance.Ballot.PROPOSAL_EXPIRED, code(late), late::toString);
    assertTrue(io.credence.execution.TestChain.message(late).contains("it lapsed"));
    // Its subject is free again.
    Outcome again =
        c.call(
            c.coreAdmin,
            "governance",
            "proposeThresholds",
            "participationPercent",
            55L,
            "winPercent",
            70L,
            "expiresAt",
            c.height() + 3);
    assertEquals("SUCCESS", code(again), again::toString);
  }
}
