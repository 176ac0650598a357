package io.credence.execution.identity;

import io.credence.core.Address;
import io.credence.core.Call;
import io.credence.core.Event;
import io.credence.core.Hex;
import io.credence.core.Rejection;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.genesis.Genesis;
import io.credence.execution.Context;
import io.credence.execution.Contract;
import io.credence.execution.ContractState;
import io.credence.execution.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The identity registry, the first contract. Organisations come from genesis, each with an admin
 * account. An organisation's admins register and revoke its member accounts with roles; every other
 * contract asks {@link #authorise} who may do what.
 *
 * <p>Methods: {@code register(publicKey, roles)} and {@code revoke(account)}.
 */
public final class IdentityRegistry implements Contract {
  public static final String NAME = "identity";
  public static final int ACCOUNTS_PER_ORGANISATION_MAX = 10_000;

  public static final String NOT_AUTHORISED = "NOT_AUTHORISED";
  public static final String UNKNOWN_METHOD = "UNKNOWN_METHOD";
  public static final String MISSING_ARGUMENT = "MISSING_ARGUMENT";
  public static final String UNKNOWN_ARGUMENT = "UNKNOWN_ARGUMENT";
  public static final String INVALID_ARGUMENT = "INVALID_ARGUMENT";
  public static final String ACCOUNT_EXISTS = "ACCOUNT_EXISTS";
  public static final String ACCOUNT_NOT_FOUND = "ACCOUNT_NOT_FOUND";
  public static final String ACCOUNT_REVOKED = "ACCOUNT_REVOKED";
  public static final String CANNOT_REVOKE_SELF = "CANNOT_REVOKE_SELF";
  public static final String ORGANISATION_FULL = "ORGANISATION_FULL";

  private final CryptoSuite suite;

  public IdentityRegistry(CryptoSuite suite) {
    this.suite = suite;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Writes the organisations of genesis and their admin accounts. */
  public static void initialise(ContractState state, Genesis genesis) {
    for (Genesis.Organisation o : genesis.organisations()) {
      Address admin = genesis.suite().address(o.adminPublicKey());
      state.put(
          organisationKey(o.uscc()),
          Organisation.CODEC.encode(new Organisation(o.name(), o.uscc(), o.role(), 1)));
      state.put(
          accountKey(admin),
          Account.CODEC.encode(
              new Account(
                  admin, o.adminPublicKey(), o.uscc(), EnumSet.of(AccountRole.ADMIN), true)));
    }
  }

  public static Optional<Account> account(ContractState state, Address address) {
    byte[] raw = state.get(accountKey(address));
    return raw == null ? Optional.empty() : Optional.of(Account.CODEC.decode(raw));
  }

  public static Optional<Organisation> organisation(ContractState state, String uscc) {
    byte[] raw = state.get(organisationKey(uscc));
    return raw == null ? Optional.empty() : Optional.of(Organisation.CODEC.decode(raw));
  }

  /**
   * Empty when {@code address} is an active account holding {@code role} in an organisation whose
   * business role is one of {@code organisationRoles} (empty set: any); otherwise the rejection.
   */
  public static Optional<Rejection> authorise(
      ContractState state,
      Address address,
      AccountRole role,
      Set<io.credence.core.genesis.OrganisationRole> organisationRoles) {
    Optional<Account> account = account(state, address);
    if (account.isEmpty() || !account.get().isActive()) {
      return Optional.of(
          Rejection.of(
              NOT_AUTHORISED,
              "sender %s: expected an active account, found %s",
              address,
              account.isEmpty() ? "none" : "a revoked one"));
    }
    if (!account.get().hasRole(role)) {
      return Optional.of(
          Rejection.of(
              NOT_AUTHORISED,
              "sender %s: expected role %s, found %s",
              address,
              role,
              account.get().roles()));
    }
    if (!organisationRoles.isEmpty()) {
      Organisation org = organisation(state, account.get().organisationUscc()).orElseThrow();
      if (!organisationRoles.contains(org.role())) {
        return Optional.of(
            Rejection.of(
                NOT_AUTHORISED,
                "organisation %s: expected one of %s, found %s",
                org.uscc(),
                organisationRoles,
                org.role()));
      }
    }
    return Optional.empty();
  }

  @Override
  public Outcome call(Context context, ContractState state, Call call) {
    return switch (call.method()) {
      case "register" -> register(context, state, call);
      case "revoke" -> revoke(context, state, call);
      default ->
          Outcome.failure(
              UNKNOWN_METHOD,
              "call.method: expected register or revoke, found '%s'",
              call.method());
    };
  }

  private Outcome register(Context context, ContractState state, Call call) {
    Optional<Rejection> bad = checkArguments(call, Set.of("publicKey", "roles"));
    if (bad.isEmpty()) {
      bad = authorise(state, context.sender(), AccountRole.ADMIN, Set.of());
    }
    if (bad.isPresent()) {
      return new Outcome.Failure(bad.get());
    }
    byte[] publicKey;
    try {
      publicKey = Hex.parse("publicKey", call.args().get("publicKey"));
    } catch (IllegalArgumentException e) {
      return Outcome.failure(INVALID_ARGUMENT, "%s", e.getMessage());
    }
    if (!suite.isValidPublicKey(publicKey)) {
      return Outcome.failure(
          INVALID_ARGUMENT,
          "publicKey: expected a %d-byte %s public key, found %d bytes that are not one",
          suite.publicKeyLength(),
          suite.name(),
          publicKey.length);
    }
    EnumSet<AccountRole> roles = EnumSet.noneOf(AccountRole.class);
    for (String text : call.args().get("roles").split(",", -1)) {
      try {
        roles.add(AccountRole.valueOf(text.trim()));
      } catch (IllegalArgumentException e) {
        return Outcome.failure(
            INVALID_ARGUMENT,
            "roles: expected a comma-separated list of %s, found '%s'",
            java.util.Arrays.toString(AccountRole.values()),
            text);
      }
    }
    Address address = suite.address(publicKey);
    Optional<Account> existing = account(state, address);
    if (existing.isPresent()) {
      return Outcome.failure(
          ACCOUNT_EXISTS,
          "account %s: already registered under organisation %s",
          address,
          existing.get().organisationUscc());
    }
    Account admin = account(state, context.sender()).orElseThrow();
    Organisation org = organisation(state, admin.organisationUscc()).orElseThrow();
    if (org.accountCount() >= ACCOUNTS_PER_ORGANISATION_MAX) {
      return Outcome.failure(
          ORGANISATION_FULL,
          "organisation %s: has %d accounts, the limit accountsPerOrganisationMax is %d",
          org.uscc(),
          org.accountCount(),
          ACCOUNTS_PER_ORGANISATION_MAX);
    }
    state.put(
        accountKey(address),
        Account.CODEC.encode(new Account(address, publicKey, org.uscc(), roles, true)));
    state.put(
        organisationKey(org.uscc()),
        Organisation.CODEC.encode(org.withAccountCount(org.accountCount() + 1)));
    TreeMap<String, String> attributes = new TreeMap<>();
    attributes.put("account", address.hex());
    attributes.put("organisation", org.uscc());
    attributes.put("roles", roleList(roles));
    return Outcome.success(new Event(NAME, "AccountRegistered", attributes));
  }

  private Outcome revoke(Context context, ContractState state, Call call) {
    Optional<Rejection> bad = checkArguments(call, Set.of("account"));
    if (bad.isEmpty()) {
      bad = authorise(state, context.sender(), AccountRole.ADMIN, Set.of());
    }
    if (bad.isPresent()) {
      return new Outcome.Failure(bad.get());
    }
    Address target;
    try {
      target = Address.parse("account", call.args().get("account"));
    } catch (IllegalArgumentException e) {
      return Outcome.failure(INVALID_ARGUMENT, "%s", e.getMessage());
    }
    Optional<Account> account = account(state, target);
    if (account.isEmpty()) {
      return Outcome.failure(
          ACCOUNT_NOT_FOUND, "account %s: expected a registered account, found none", target);
    }
    Account admin = account(state, context.sender()).orElseThrow();
    if (!account.get().organisationUscc().equals(admin.organisationUscc())) {
      return Outcome.failure(
          NOT_AUTHORISED,
          "account %s: belongs to organisation %s, the sender administers %s",
          target,
          account.get().organisationUscc(),
          admin.organisationUscc());
    }
    if (target.equals(context.sender())) {
      return Outcome.failure(
          CANNOT_REVOKE_SELF, "account %s: an admin cannot revoke its own account", target);
    }
    if (!account.get().isActive()) {
      return Outcome.failure(
          ACCOUNT_REVOKED, "account %s: expected an active account, found a revoked one", target);
    }
    state.put(accountKey(target), Account.CODEC.encode(account.get().revoked()));
    TreeMap<String, String> attributes = new TreeMap<>();
    attributes.put("account", target.hex());
    attributes.put("organisation", admin.organisationUscc());
    return Outcome.success(new Event(NAME, "AccountRevoked", attributes));
  }

  private static Optional<Rejection> checkArguments(Call call, Set<String> expected) {
    for (String name : new java.util.TreeSet<>(expected)) {
      if (!call.args().containsKey(name)) {
        return Optional.of(
            Rejection.of(
                MISSING_ARGUMENT,
                "%s.%s: argument '%s' is required (expected %s)",
                call.contract(),
                call.method(),
                name,
                new java.util.TreeSet<>(expected)));
      }
    }
    for (String name : call.args().keySet()) {
      if (!expected.contains(name)) {
        return Optional.of(
            Rejection.of(
                UNKNOWN_ARGUMENT,
                "%s.%s: expected arguments %s, found '%s'",
                call.contract(),
                call.method(),
                new java.util.TreeSet<>(expected),
                name));
      }
    }
    return Optional.empty();
  }

  private static String roleList(Set<AccountRole> roles) {
    StringBuilder out = new StringBuilder();
    for (AccountRole role : roles) {
      out.append(out.length() == 0 ? "" : ",").append(role.name());
    }
    return out.toString();
  }

  /** The state key of an account's record: for proofs and queries too. */
  public static byte[] accountKey(Address address) {
    return ("identity/account/" + address.hex()).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] organisationKey(String uscc) {
    return ("identity/organisation/" + uscc).getBytes(StandardCharsets.US_ASCII);
  }
}
