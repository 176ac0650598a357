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

/** Changing the validator set: who may, what is checked, and the event consensus acts on. */
class ValidatorSetContractTest {
  private final TestChain c = new TestChain();

  private List<String> keys(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Hex.of(c.suite.generate(c.random).publicKey()));
    }
    return out;
  }

  @Test
  void convenorAdmin_changesTheSet_andTheEventNamesItInOrder() {
    KeyPair v1 = c.suite.generate(c.random);
    KeyPair v2 = c.suite.generate(c.random);
    Outcome o =
        c.call(
            c.coreAdmin,
            "consensus",
            "setValidators",
            "validators",
            List.of(Hex.of(v2.publicKey()), Hex.of(v1.publicKey())));
    assertEquals("SUCCESS", code(o));
    List<byte[]> changed =
        ValidatorSetContract.change(((Outcome.Success) o).events()).orElseThrow();
    assertArrayEquals(v2.publicKey(), changed.get(0));
    assertArrayEquals(v1.publicKey(), changed.get(1));
    assertArrayEquals(v2.publicKey(), ValidatorSetContract.validators(c.state).get(0));
  }

  @Test
  void aSetOf256Keys_theContractsOwnLimit_fits() {
    // The string-map arguments of old could not carry 64 keys.
    Outcome o =
        c.call(
            c.coreAdmin,
            "consensus",
            "setValidators",
            "validators",
            keys(ValidatorSetContract.VALIDATORS_MAX));
    assertEquals("SUCCESS", code(o));
    assertEquals(
        ValidatorSetContract.VALIDATORS_MAX, ValidatorSetContract.validators(c.state).size());
    IllegalArgumentException tooMany =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                c.call(
                    c.coreAdmin,
                    "consensus",
                    "setValidators",
                    "validators",
                    keys(ValidatorSetContract.VALIDATORS_MAX + 1)));
    assertTrue(
        tooMany.getMessage().startsWith("validators: expected distinct list of at most 256"));
  }

  @Test
  void adminOfAnotherOrganisation_notAuthorised() {
    Outcome o = c.call(c.bankAdmin, "consensus", "setValidators", "validators", keys(1));
    assertEquals(Runtime.NOT_AUTHORISED, code(o));
    assertTrue(message(o).contains("convening organisation"), message(o));
  }

  @Test
  void repeatedOrEmptyOrBadKeys_refused() {
    String k = keys(1).get(0);
    IllegalArgumentException twice =
        assertThrows(
            IllegalArgumentException.class,
            () -> c.call(c.coreAdmin, "consensus", "setValidators", "validators", List.of(k, k)));
    assertEquals(
        "validators[1]: expected distinct values, found " + k + " again", twice.getMessage());
    assertEquals(
        io.credence.execution.identity.IdentityRegistry.INVALID_ARGUMENT,
        code(c.call(c.coreAdmin, "consensus", "setValidators", "validators", List.of())));
    Outcome notAPoint =
        c.call(
            c.coreAdmin,
            "consensus",
            "setValidators",
            "validators",
            List.of("02" + "ff".repeat(31)));
    assertEquals(Runtime.INVALID_ARGUMENTS, code(notAPoint));
    assertTrue(
        message(notAPoint).startsWith("validators[0]: expected a 32-byte"), message(notAPoint));
  }
}
