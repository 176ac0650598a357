package io.credence.execution.consensus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Call;
import io.credence.core.Hex;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.KeyPair;
import io.credence.core.crypto.SeededRandom;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.OrganisationRole;
import io.credence.core.genesis.Parameters;
import io.credence.core.genesis.Uscc;
import io.credence.execution.Context;
import io.credence.execution.MapState;
import io.credence.execution.Outcome;
import io.credence.execution.Runtime;
import io.credence.execution.identity.IdentityRegistry;
import java.security.SecureRandom;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Changing the validator set: who may, what is checked, and the event consensus acts on. */
class ValidatorSetContractTest {
  private final CryptoSuite suite = CryptoSuite.named("standard");
  private final SecureRandom random = SeededRandom.of(5);
  private final KeyPair convenor = suite.generate(random);
  private final KeyPair otherAdmin = suite.generate(random);
  private final KeyPair v1 = suite.generate(random);
  private final KeyPair v2 = suite.generate(random);
  private final Genesis genesis =
      new Genesis(
          "t",
          suite,
          0,
          List.of(
              new Genesis.Organisation(
                  "Convenor",
                  Uscc.complete("91310000000000001"),
                  OrganisationRole.CORE_ENTERPRISE,
                  convenor.publicKey()),
              new Genesis.Organisation(
                  "Other",
                  Uscc.complete("91310000000000002"),
                  OrganisationRole.BANK,
                  otherAdmin.publicKey())),
          List.of(new Genesis.Validator("v1", v1.publicKey(), Uscc.complete("91310000000000001"))),
          Parameters.DEFAULTS);
  private final MapState state = new MapState();
  private final Runtime runtime = Runtime.builtIn(suite);

  ValidatorSetContractTest() {
    IdentityRegistry.initialise(state, genesis);
    ValidatorSetContract.initialise(state, genesis);
  }

  private Outcome call(KeyPair sender, String method, String... nameValues) {
    TreeMap<String, String> args = new TreeMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      args.put(nameValues[i], nameValues[i + 1]);
    }
    return runtime.execute(
        new Context(suite.address(sender.publicKey()), sender.publicKey(), 1, 0),
        state,
        new Call("consensus", method, args));
  }

  private static String code(Outcome o) {
    return o instanceof Outcome.Failure f ? f.rejection().code() : "SUCCESS";
  }

  @Test
  void convenorAdmin_changesTheSet_andTheEventNamesItInOrder() {
    Outcome o =
        call(
            convenor,
            "setValidators",
            "validators",
            Hex.of(v2.publicKey()) + "," + Hex.of(v1.publicKey()));
    assertEquals("SUCCESS", code(o));
    List<byte[]> changed =
        ValidatorSetContract.change(((Outcome.Success) o).events()).orElseThrow();
    assertArrayEquals(v2.publicKey(), changed.get(0));
    assertArrayEquals(v1.publicKey(), changed.get(1));
    assertArrayEquals(v2.publicKey(), ValidatorSetContract.validators(state).get(0));
  }

  @Test
  void adminOfAnotherOrganisation_notAuthorised() {
    Outcome o = call(otherAdmin, "setValidators", "validators", Hex.of(v2.publicKey()));
    assertEquals(ValidatorSetContract.NOT_AUTHORISED, code(o));
    assertTrue(((Outcome.Failure) o).rejection().message().contains("convening organisation"));
  }

  @Test
  void badKeysOrArguments_invalidArgument() {
    assertEquals(
        ValidatorSetContract.INVALID_ARGUMENT,
        code(call(convenor, "setValidators", "validators", "zz")));
    assertEquals(
        ValidatorSetContract.INVALID_ARGUMENT,
        code(call(convenor, "setValidators", "validators", "0011")));
    String k = Hex.of(v1.publicKey());
    assertEquals(
        ValidatorSetContract.INVALID_ARGUMENT,
        code(call(convenor, "setValidators", "validators", k + "," + k)));
    assertEquals(
        ValidatorSetContract.INVALID_ARGUMENT, code(call(convenor, "setValidators", "keys", k)));
  }

  @Test
  void unknownMethod_rejected() {
    assertEquals(ValidatorSetContract.UNKNOWN_METHOD, code(call(convenor, "addValidator")));
  }
}
