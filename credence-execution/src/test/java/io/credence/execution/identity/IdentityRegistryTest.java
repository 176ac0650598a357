package io.credence.execution.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Address;
import io.credence.core.Call;
import io.credence.core.Hex;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.OrganisationRole;
import io.credence.core.genesis.Parameters;
import io.credence.core.genesis.Uscc;
import io.credence.execution.Context;
import io.credence.execution.MapState;
import io.credence.execution.Outcome;
import io.credence.execution.Runtime;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every rejection code of the identity registry and the runtime, each triggered once, and the happy
 * paths.
 */
class IdentityRegistryTest {
  private final CryptoSuite suite = CryptoSuite.named("standard");
  private final SecureRandom random = new SecureRandom(new byte[] {1});
  private final KeyPair coreAdmin = suite.generate(random);
  private final KeyPair bankAdmin = suite.generate(random);
  private final String coreUscc = Uscc.complete("91310000000000001");
  private final Genesis genesis =
      new Genesis(
          "t",
          suite,
          0,
          List.of(
              new Genesis.Organisation(
                  "Core", coreUscc, OrganisationRole.CORE_ENTERPRISE, coreAdmin.publicKey()),
              new Genesis.Organisation(
                  "Bank",
                  Uscc.complete("91310000000000002"),
                  OrganisationRole.BANK,
                  bankAdmin.publicKey())),
          List.of(),
          Parameters.DEFAULTS);
  private final MapState state = new MapState();
  private final Runtime runtime = Runtime.builtIn(suite);

  IdentityRegistryTest() {
    IdentityRegistry.initialise(state, genesis);
  }

  private Outcome call(KeyPair sender, String method, String... nameValues) {
    TreeMap<String, String> args = new TreeMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      args.put(nameValues[i], nameValues[i + 1]);
    }
    return callTo("identity", sender, method, args);
  }

  private Outcome callTo(
      String contract, KeyPair sender, String method, TreeMap<String, String> args) {
    return runtime.execute(
        new Context(suite.address(sender.publicKey()), sender.publicKey(), 1, 0),
        state,
        new Call(contract, method, args));
  }

  private static String code(Outcome outcome) {
    return outcome instanceof Outcome.Failure f ? f.rejection().code() : "SUCCESS";
  }

  private static String message(Outcome outcome) {
    return ((Outcome.Failure) outcome).rejection().message();
  }

  private KeyPair registered(String roles) {
    KeyPair key = suite.generate(random);
    assertEquals(
        "SUCCESS",
        code(call(coreAdmin, "register", "publicKey", Hex.of(key.publicKey()), "roles", roles)));
    return key;
  }

  private String address(KeyPair key) {
    return suite.address(key.publicKey()).hex();
  }

  @Test
  void register_thenAuthorise_byRoleAndOrganisationRole() {
    KeyPair clerk = registered("OPERATOR,VIEWER");
    Account account =
        IdentityRegistry.account(state, suite.address(clerk.publicKey())).orElseThrow();
    assertEquals(coreUscc, account.organisationUscc());
    assertEquals(Set.of(AccountRole.OPERATOR, AccountRole.VIEWER), account.roles());
    Address a = suite.address(clerk.publicKey());
    assertTrue(
        IdentityRegistry.authorise(
                state, a, AccountRole.OPERATOR, Set.of(OrganisationRole.CORE_ENTERPRISE))
            .isEmpty());
    assertEquals(
        IdentityRegistry.NOT_AUTHORISED,
        IdentityRegistry.authorise(state, a, AccountRole.APPROVER, Set.of()).orElseThrow().code());
    assertEquals(
        IdentityRegistry.NOT_AUTHORISED,
        IdentityRegistry.authorise(state, a, AccountRole.OPERATOR, Set.of(OrganisationRole.BANK))
            .orElseThrow()
            .code());
    assertEquals(2, IdentityRegistry.organisation(state, coreUscc).orElseThrow().accountCount());
  }

  @Test
  void nonAdmin_register_notAuthorised() {
    KeyPair clerk = registered("OPERATOR");
    Outcome o =
        call(
            clerk,
            "register",
            "publicKey",
            Hex.of(suite.generate(random).publicKey()),
            "roles",
            "VIEWER");
    assertEquals(IdentityRegistry.NOT_AUTHORISED, code(o));
    assertEquals(
        "sender " + address(clerk) + ": expected role ADMIN, found [OPERATOR]", message(o));
  }

  @Test
  void unknownMethod_rejected() {
    assertEquals(IdentityRegistry.UNKNOWN_METHOD, code(call(coreAdmin, "promote")));
  }

  @Test
  void unknownContract_rejected() {
    Outcome o = callTo("finance", coreAdmin, "issue", new TreeMap<>());
    assertEquals(Runtime.UNKNOWN_CONTRACT, code(o));
    assertEquals(
        "call.contract: expected one of [consensus, identity], found 'finance'", message(o));
  }

  @Test
  void missingArgument_rejected() {
    Outcome o = call(coreAdmin, "register", "roles", "VIEWER");
    assertEquals(IdentityRegistry.MISSING_ARGUMENT, code(o));
    assertEquals(
        "identity.register: argument 'publicKey' is required (expected [publicKey, roles])",
        message(o));
  }

  @Test
  void unknownArgument_rejected() {
    assertEquals(
        IdentityRegistry.UNKNOWN_ARGUMENT,
        code(call(coreAdmin, "register", "publicKey", "00", "roles", "VIEWER", "colour", "blue")));
  }

  @Test
  void invalidArguments_rejectedNamingTheArgument() {
    Outcome badHex = call(coreAdmin, "register", "publicKey", "zz", "roles", "VIEWER");
    assertEquals(IdentityRegistry.INVALID_ARGUMENT, code(badHex));
    assertEquals("publicKey: expected hex digits, found 'zz'", message(badHex));
    Outcome badKey = call(coreAdmin, "register", "publicKey", "0011", "roles", "VIEWER");
    assertEquals(
        "publicKey: expected a 32-byte standard public key, found 2 bytes that are not one",
        message(badKey));
    Outcome badRole =
        call(
            coreAdmin,
            "register",
            "publicKey",
            Hex.of(suite.generate(random).publicKey()),
            "roles",
            "VIEWER,BOSS");
    assertEquals(IdentityRegistry.INVALID_ARGUMENT, code(badRole));
    assertTrue(message(badRole).endsWith("found 'BOSS'"), message(badRole));
    Outcome badAddress = call(coreAdmin, "revoke", "account", "1234");
    assertEquals("account: expected a 20-byte address, found 2 bytes", message(badAddress));
  }

  @Test
  void registerTwice_accountExists() {
    KeyPair key = registered("VIEWER");
    assertEquals(
        IdentityRegistry.ACCOUNT_EXISTS,
        code(call(bankAdmin, "register", "publicKey", Hex.of(key.publicKey()), "roles", "VIEWER")));
  }

  @Test
  void revoke_unknownAccount_notFound() {
    assertEquals(
        IdentityRegistry.ACCOUNT_NOT_FOUND,
        code(call(coreAdmin, "revoke", "account", address(suite.generate(random)))));
  }

  @Test
  void revoke_otherOrganisationsAccount_notAuthorised() {
    KeyPair clerk = registered("VIEWER");
    Outcome o = call(bankAdmin, "revoke", "account", address(clerk));
    assertEquals(IdentityRegistry.NOT_AUTHORISED, code(o));
    assertTrue(message(o).contains("belongs to organisation " + coreUscc), message(o));
  }

  @Test
  void revoke_self_rejected() {
    assertEquals(
        IdentityRegistry.CANNOT_REVOKE_SELF,
        code(call(coreAdmin, "revoke", "account", address(coreAdmin))));
  }

  @Test
  void revoke_twice_alreadyRevoked_andRevokedAdminLosesPower() {
    KeyPair deputy = registered("ADMIN");
    assertEquals("SUCCESS", code(call(coreAdmin, "revoke", "account", address(deputy))));
    assertFalse(
        IdentityRegistry.account(state, suite.address(deputy.publicKey()))
            .orElseThrow()
            .isActive());
    assertEquals(
        IdentityRegistry.ACCOUNT_REVOKED,
        code(call(coreAdmin, "revoke", "account", address(deputy))));
    Outcome o =
        call(
            deputy,
            "register",
            "publicKey",
            Hex.of(suite.generate(random).publicKey()),
            "roles",
            "VIEWER");
    assertEquals(IdentityRegistry.NOT_AUTHORISED, code(o));
    assertInstanceOf(Outcome.Failure.class, o);
  }

  @Test
  void organisationAtAccountLimit_full() {
    Organisation core = IdentityRegistry.organisation(state, coreUscc).orElseThrow();
    state.put(
        IdentityRegistry.organisationKey(coreUscc),
        Organisation.CODEC.encode(
            core.withAccountCount(IdentityRegistry.ACCOUNTS_PER_ORGANISATION_MAX)));
    Outcome o =
        call(
            coreAdmin,
            "register",
            "publicKey",
            Hex.of(suite.generate(random).publicKey()),
            "roles",
            "VIEWER");
    assertEquals(IdentityRegistry.ORGANISATION_FULL, code(o));
    assertTrue(message(o).contains("accountsPerOrganisationMax is 10000"), message(o));
  }
}
