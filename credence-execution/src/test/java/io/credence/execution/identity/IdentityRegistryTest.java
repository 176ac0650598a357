package io.credence.execution.identity;

import static io.credence.execution.TestChain.code;
import static io.credence.execution.TestChain.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.CalendarDate;
import io.credence.core.Hex;
import io.credence.core.crypto.KeyPair;
import io.credence.execution.Outcome;
import io.credence.execution.Runtime;
import io.credence.execution.TestChain;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every rejection code of the identity registry, each triggered once, and the happy paths. */
class IdentityRegistryTest {
  private final TestChain c = new TestChain();

  private Outcome identity(KeyPair sender, String method, Object... nameValues) {
    return c.call(sender, "identity", method, nameValues);
  }

  private String newKey() {
    return Hex.of(c.suite.generate(c.random).publicKey());
  }

  @Test
  void decodedRecords_keptByTheirBytes_soAChangedRecordIsReadAfresh_andDamageAlwaysFails() {
    Organisation before = IdentityRegistry.organisation(c.state, c.coreUscc).orElseThrow();
    byte[] key = IdentityRegistry.organisationKey(c.coreUscc);
    for (int i = 1; i <= 3; i++) {
      // Same bytes twice, then changed bytes: each read gives what decoding those bytes gives.
      Organisation next = before.withAccountCount(before.accountCount() + i);
      c.state.put(key, Organisation.CODEC.encode(next));
      assertEquals(next, IdentityRegistry.organisation(c.state, c.coreUscc).orElseThrow());
      assertEquals(next, IdentityRegistry.organisation(c.state, c.coreUscc).orElseThrow());
    }
    byte[] damaged = Organisation.CODEC.encode(before);
    damaged[damaged.length - 1] ^= 0x7f;
    c.state.put(key, damaged);
    for (int i = 0; i < 2; i++) {
      assertThrows(
          io.credence.core.codec.CodecException.class,
          () -> IdentityRegistry.organisation(c.state, c.coreUscc));
    }
    c.state.put(key, Organisation.CODEC.encode(before));
    assertEquals(before, IdentityRegistry.organisation(c.state, c.coreUscc).orElseThrow());
  }

  @Test
  void register_recordsTheAccountWithItsRoles_andCountsIt() {
    KeyPair clerk = c.registered(c.coreAdmin, "OPERATOR,VIEWER");
    Account account =
        IdentityRegistry.account(c.state, c.suite.address(clerk.publicKey())).orElseThrow();
    assertEquals(c.coreUscc, account.organisationUscc());
    assertEquals(Set.of(AccountRole.OPERATOR, AccountRole.VIEWER), account.roles());
    assertEquals(
        2, IdentityRegistry.organisation(c.state, c.coreUscc).orElseThrow().accountCount());
  }

  @Test
  void nonAdmin_register_notAuthorised_andNothingChanges() {
    KeyPair clerk = c.registered(c.coreAdmin, "OPERATOR");
    var before = c.state.snapshot();
    Outcome o = identity(clerk, "register", "publicKey", newKey(), "roles", "VIEWER");
    assertEquals(Runtime.NOT_AUTHORISED, code(o));
    assertEquals(
        "identity.register: expected a sender with role ADMIN, found [OPERATOR]", message(o));
    assertEquals(before, c.state.snapshot());
  }

  @Test
  void noRoles_rejected() {
    Outcome o = identity(c.coreAdmin, "register", "publicKey", newKey(), "roles", "");
    assertEquals(IdentityRegistry.INVALID_ARGUMENT, code(o));
    assertTrue(message(o).startsWith("roles: expected at least one of"), message(o));
  }

  @Test
  void badArguments_refusedWhenTheCallIsBuilt_namingTheArgument() {
    IllegalArgumentException badHex =
        assertThrows(
            IllegalArgumentException.class,
            () -> identity(c.coreAdmin, "register", "publicKey", "zz", "roles", "VIEWER"));
    assertEquals("publicKey: expected hex digits, found 'zz'", badHex.getMessage());
    IllegalArgumentException badRole =
        assertThrows(
            IllegalArgumentException.class,
            () -> identity(c.coreAdmin, "register", "publicKey", newKey(), "roles", "VIEWER,BOSS"));
    assertTrue(
        badRole.getMessage().startsWith("roles[1]: expected one of ADMIN"), badRole.getMessage());
    assertTrue(badRole.getMessage().endsWith("found 'BOSS'"), badRole.getMessage());
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> identity(c.coreAdmin, "register", "roles", "VIEWER"));
    assertEquals("publicKey: required (a public key (hex))", missing.getMessage());
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                c.runtime.call(
                    "identity",
                    "register",
                    Map.of("publicKey", newKey(), "roles", "VIEWER", "colour", "blue")));
    assertTrue(
        unknown.getMessage().startsWith("colour: not an argument here"), unknown.getMessage());
  }

  @Test
  void aKeyThatIsNoPointOfTheCurve_rejectedByTheRuntime() {
    // 32 bytes that do not decode to an Ed25519 point.
    String notAPoint = "02" + "ff".repeat(31);
    Outcome o = identity(c.coreAdmin, "register", "publicKey", notAPoint, "roles", "VIEWER");
    assertEquals(Runtime.INVALID_ARGUMENTS, code(o));
    assertEquals(
        "publicKey: expected a 32-byte standard public key, found 32 bytes that are not one",
        message(o));
  }

  @Test
  void registerTwice_accountExists() {
    KeyPair key = c.registered(c.coreAdmin, "VIEWER");
    assertEquals(
        IdentityRegistry.ACCOUNT_EXISTS,
        code(
            identity(
                c.bankAdmin, "register", "publicKey", Hex.of(key.publicKey()), "roles", "VIEWER")));
  }

  @Test
  void revoke_unknownAccount_notFound() {
    assertEquals(
        IdentityRegistry.ACCOUNT_NOT_FOUND,
        code(identity(c.coreAdmin, "revoke", "account", c.address(c.suite.generate(c.random)))));
  }

  @Test
  void revoke_otherOrganisationsAccount_notAuthorised() {
    KeyPair clerk = c.registered(c.coreAdmin, "VIEWER");
    Outcome o = identity(c.bankAdmin, "revoke", "account", c.address(clerk));
    assertEquals(Runtime.NOT_AUTHORISED, code(o));
    assertTrue(message(o).contains("belongs to organisation " + c.coreUscc), message(o));
  }

  @Test
  void revoke_self_rejected() {
    assertEquals(
        IdentityRegistry.CANNOT_REVOKE_SELF,
        code(identity(c.coreAdmin, "revoke", "account", c.address(c.coreAdmin))));
  }

  @Test
  void revoke_twice_alreadyRevoked_andRevokedAdminLosesPower() {
    KeyPair deputy = c.registered(c.coreAdmin, "ADMIN");
    assertEquals("SUCCESS", code(identity(c.coreAdmin, "revoke", "account", c.address(deputy))));
    assertFalse(
        IdentityRegistry.account(c.state, c.suite.address(deputy.publicKey()))
            .orElseThrow()
            .isActive());
    assertEquals(
        IdentityRegistry.ACCOUNT_REVOKED,
        code(identity(c.coreAdmin, "revoke", "account", c.address(deputy))));
    Outcome o = identity(deputy, "register", "publicKey", newKey(), "roles", "VIEWER");
    assertEquals(Runtime.NOT_AUTHORISED, code(o));
    assertTrue(message(o).contains("found a revoked one"), message(o));
  }

  @Test
  void organisationAtAccountLimit_full() {
    Organisation core = IdentityRegistry.organisation(c.state, c.coreUscc).orElseThrow();
    c.state.put(
        IdentityRegistry.organisationKey(c.coreUscc),
        Organisation.CODEC.encode(
            core.withAccountCount(IdentityRegistry.ACCOUNTS_PER_ORGANISATION_MAX)));
    Outcome o = identity(c.coreAdmin, "register", "publicKey", newKey(), "roles", "VIEWER");
    assertEquals(IdentityRegistry.ORGANISATION_FULL, code(o));
    assertTrue(message(o).contains("accountsPerOrganisationMax is 10000"), message(o));
  }

  @Test
  void kyc_recordedByTheConvenorOnly_andValidUntilItsDay() {
    Outcome byBank =
        identity(
            c.bankAdmin,
            "setKyc",
            "organisation",
            c.bankUscc,
            "status",
            "VERIFIED",
            "validUntil",
            "2026-12-31");
    assertEquals(Runtime.NOT_AUTHORISED, code(byBank));
    assertTrue(message(byBank).contains("convening organisation " + c.coreUscc), message(byBank));
    assertEquals(
        "SUCCESS",
        code(
            identity(
                c.coreAdmin,
                "setKyc",
                "organisation",
                c.bankUscc,
                "status",
                "VERIFIED",
                "validUntil",
                "2026-12-31")));
    Organisation bank = IdentityRegistry.organisation(c.state, c.bankUscc).orElseThrow();
    assertTrue(bank.kycValidOn(CalendarDate.of(2026, 12, 31)));
    assertFalse(bank.kycValidOn(CalendarDate.of(2027, 1, 1)));
    assertEquals("VERIFIED until 2026-12-31", bank.kycSummary());
    Outcome unknown =
        identity(
            c.coreAdmin,
            "setKyc",
            "organisation",
            "913100000000000099",
            "status",
            "VERIFIED",
            "validUntil",
            "2026-12-31");
    assertEquals(IdentityRegistry.ORGANISATION_NOT_FOUND, code(unknown));
    Outcome past =
        identity(
            c.coreAdmin,
            "setKyc",
            "organisation",
            c.bankUscc,
            "status",
            "VERIFIED",
            "validUntil",
            "2020-01-01");
    assertEquals(IdentityRegistry.INVALID_ARGUMENT, code(past));
  }
}
