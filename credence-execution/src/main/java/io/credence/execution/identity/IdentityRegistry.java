package io.credence.execution.identity;

import io.credence.core.Address;
import io.credence.core.CalendarDate;
import io.credence.core.LruCache;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.Uscc;
import io.credence.core.types.Key;
import io.credence.core.types.Param;
import io.credence.core.types.Type;
import io.credence.core.types.Types;
import io.credence.core.types.Values;
import io.credence.execution.Access;
import io.credence.execution.Contract;
import io.credence.execution.ContractState;
import io.credence.execution.Invocation;
import io.credence.execution.Method;
import io.credence.execution.Outcome;
import io.credence.execution.Query;
import io.credence.execution.Runtime;
import io.credence.execution.governance.Governance;
import io.credence.execution.governance.Proposal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The identity registry. Organisations come from genesis, or are admitted by a governance vote,
 * each with an admin account and its business role; a vote may also suspend, reinstate or remove
 * one ({@code applyMembership}). An organisation's admins register and revoke its member accounts
 * with roles; the convening organisation's admins (the first in genesis, until governance votes)
 * record each organisation's KYC status. The runtime reads accounts and organisations here to
 * authorise every call.
 */
public final class IdentityRegistry implements Contract {
  public static final String NAME = "identity";
  public static final int ACCOUNTS_PER_ORGANISATION_MAX = 10_000;

  public static final String ACCOUNT_EXISTS = "ACCOUNT_EXISTS";
  public static final String ACCOUNT_NOT_FOUND = "ACCOUNT_NOT_FOUND";
  public static final String ACCOUNT_REVOKED = "ACCOUNT_REVOKED";
  public static final String CANNOT_REVOKE_SELF = "CANNOT_REVOKE_SELF";
  public static final String ORGANISATION_FULL = "ORGANISATION_FULL";
  public static final String ORGANISATION_NOT_FOUND = "ORGANISATION_NOT_FOUND";
  public static final String INVALID_ARGUMENT = "INVALID_ARGUMENT";
  public static final String ORGANISATION_EXISTS = "ORGANISATION_EXISTS";
  public static final String MEMBER_STATUS = "MEMBER_STATUS";

  static final Param<Key> PUBLIC_KEY = Param.publicKey("publicKey", "the new account's key");
  static final Param<Set<AccountRole>> ROLES =
      Param.choices("roles", AccountRole.class, "what the account may do");
  static final Param<Address> ACCOUNT = Param.address("account", "the account to revoke");
  static final Param<String> ORGANISATION =
      Param.text("organisation", 18, "the organisation's unified social credit code");
  static final Param<KycStatus> STATUS = Param.choice("status", KycStatus.class, "the KYC status");
  static final Param<CalendarDate> VALID_UNTIL =
      Param.date("validUntil", "the last day the status holds");

  static final Param<Address> ADDRESS = Param.address("address", "the account's address");
  static final Param<String> USCC = Param.text("uscc", 18, "the organisation's USCC");

  /** The answer of {@code identity.account}. */
  public static final Type ACCOUNT_ANSWER =
      Types.record(
          Param.address("address", "").field(),
          Param.publicKey("publicKey", "").field(),
          Param.text("organisation", 64, "").field(),
          Param.choices("roles", AccountRole.class, "").field(),
          Param.bool("active", "").field());

  /** The answer of {@code identity.organisation}. */
  public static final Type ORGANISATION_ANSWER =
      Types.record(
          Param.text("name", 128, "").field(),
          Param.text("uscc", 64, "").field(),
          Param.choice("role", io.credence.core.genesis.OrganisationRole.class, "").field(),
          Param.u64("accounts", "").field(),
          Param.choice("kyc", KycStatus.class, "").field(),
          Param.text("kycValidUntil", 10, "yyyy-mm-dd, or empty when never verified").field(),
          Param.choice("status", MemberStatus.class, "ACTIVE, SUSPENDED or REMOVED").field());

  public static final String NOT_FOUND = "NOT_FOUND";

  private final CryptoSuite suite;

  public IdentityRegistry(CryptoSuite suite) {
    this.suite = suite;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "Member organisations and their accounts, roles and KYC status";
  }

  @Override
  public List<Method> methods() {
    return List.of(
        Method.named("register")
            .doc("Registers an account of the sender's organisation with roles")
            .args(PUBLIC_KEY, ROLES)
            .access(Access.role(AccountRole.ADMIN))
            .handle(this::register),
        Method.named("revoke")
            .doc("Revokes an account of the sender's organisation")
            .args(ACCOUNT)
            .access(Access.role(AccountRole.ADMIN))
            .handle(this::revoke),
        Method.named("setKyc")
            .doc("Records an organisation's KYC status (admins of the convening organisation)")
            .args(ORGANISATION, STATUS, VALID_UNTIL)
            .access(Access.role(AccountRole.ADMIN))
            .handle(this::setKyc),
        Method.named("applyMembership")
            .doc(
                "Puts in force a passed governance proposal that admits, suspends, reinstates or"
                    + " removes an organisation, once; governance calls it with the deciding vote")
            .args(Governance.PROPOSAL)
            .access(Access.anyAccount())
            .handle(this::applyMembership));
  }

  @Override
  public List<Query> queries() {
    return List.of(
        Query.named("account")
            .doc("An account: its key, organisation, roles and whether it is active")
            .args(ADDRESS)
            .answers(ACCOUNT_ANSWER)
            .handle(
                q -> {
                  Account a =
                      account(q.state(), q.arg(ADDRESS))
                          .orElseThrow(
                              () ->
                                  q.none(
                                      NOT_FOUND,
                                      "address %s: expected a registered account, found none",
                                      q.arg(ADDRESS)));
                  java.util.Map<String, Object> v = new java.util.LinkedHashMap<>();
                  v.put("address", a.address());
                  v.put("publicKey", new Key(a.publicKey()));
                  v.put("organisation", a.organisationUscc());
                  v.put("roles", a.roles().stream().map(Enum::name).sorted().toList());
                  v.put("active", a.isActive());
                  return new Values(v);
                }),
        Query.named("organisation")
            .doc("A member organisation: its role, number of accounts and KYC status")
            .args(USCC)
            .answers(ORGANISATION_ANSWER)
            .handle(
                q -> {
                  Organisation o =
                      organisation(q.state(), q.arg(USCC))
                          .orElseThrow(
                              () ->
                                  q.none(
                                      NOT_FOUND,
                                      "uscc: expected a member organisation, found '%s'",
                                      q.arg(USCC)));
                  java.util.Map<String, Object> v = new java.util.LinkedHashMap<>();
                  v.put("name", o.name());
                  v.put("uscc", o.uscc());
                  v.put("role", o.role().name());
                  v.put("accounts", (long) o.accountCount());
                  v.put("kyc", o.kyc().name());
                  v.put(
                      "kycValidUntil",
                      o.kycValidUntil() == null ? "" : o.kycValidUntil().toString());
                  v.put("status", o.status());
                  return new Values(v);
                }));
  }

  /** Writes the organisations of genesis, their admin accounts and the convening organisation. */
  @Override
  public void initialise(Genesis genesis, ContractState state) {
    state.put(CONVENOR, genesis.organisations().get(0).uscc().getBytes(StandardCharsets.US_ASCII));
    for (Genesis.Organisation o : genesis.organisations()) {
      Address admin = genesis.suite().address(o.adminPublicKey());
      state.put(
          organisationKey(o.uscc()),
          Organisation.CODEC.encode(
              new Organisation(
                  o.name(), o.uscc(), o.role(), 1, KycStatus.NONE, null, MemberStatus.ACTIVE)));
      state.put(
          accountKey(admin),
          Account.CODEC.encode(
              new Account(
                  admin, o.adminPublicKey(), o.uscc(), EnumSet.of(AccountRole.ADMIN), true)));
    }
  }

  private static final byte[] CONVENOR = "identity/convenor".getBytes(StandardCharsets.US_ASCII);

  /** The convening organisation's USCC: its admins change the validator set and KYC statuses. */
  public static String convenor(ContractState state) {
    return new String(state.get(CONVENOR), StandardCharsets.US_ASCII);
  }

  /**
   * How many decoded accounts and organisations are kept, by their encoded bytes. Every transaction
   * reads its sender's account and organisation three times on each node (admission, building,
   * execution), and decoding their strings was a twentieth of a node's allocation. Records are
   * immutable and the key is the whole encoding, so a kept value is the one decoding would give.
   */
  public static final int DECODED_CACHED_MAX = 4_096;

  private static final LruCache<ByteBuffer, Account> ACCOUNTS =
      new LruCache<>(DECODED_CACHED_MAX, raw -> Account.CODEC.decode(raw.array()));

  private static final LruCache<ByteBuffer, Organisation> ORGANISATIONS =
      new LruCache<>(DECODED_CACHED_MAX, raw -> Organisation.CODEC.decode(raw.array()));

  public static Optional<Account> account(ContractState state, Address address) {
    // The bytes are ours (ContractState.get): the cache may keep them as its key.
    byte[] raw = state.get(accountKey(address));
    return raw == null ? Optional.empty() : Optional.of(ACCOUNTS.get(ByteBuffer.wrap(raw)));
  }

  public static Optional<Organisation> organisation(ContractState state, String uscc) {
    byte[] raw = state.get(organisationKey(uscc));
    return raw == null ? Optional.empty() : Optional.of(ORGANISATIONS.get(ByteBuffer.wrap(raw)));
  }

  /** Fails unless the caller is an admin of the convening organisation. */
  public static Optional<Outcome> requireConvenor(Invocation call) {
    String convenor = convenor(call.state());
    if (!call.organisation().uscc().equals(convenor)) {
      return Optional.of(
          call.fail(
              Runtime.NOT_AUTHORISED,
              "sender %s: expected an admin of the convening organisation %s, found one of %s",
              call.sender(),
              convenor,
              call.organisation().uscc()));
    }
    return Optional.empty();
  }

  private Outcome register(Invocation call) {
    byte[] publicKey = call.arg(PUBLIC_KEY).bytes();
    Set<AccountRole> roles = call.arg(ROLES);
    if (roles.isEmpty()) {
      return call.fail(
          INVALID_ARGUMENT,
          "roles: expected at least one of %s, found none",
          java.util.Arrays.toString(AccountRole.values()));
    }
    Address address = suite.address(publicKey);
    Optional<Account> existing = account(call.state(), address);
    if (existing.isPresent()) {
      return call.fail(
          ACCOUNT_EXISTS,
          "account %s: already registered under organisation %s",
          address,
          existing.get().organisationUscc());
    }
    Organisation org = call.organisation();
    if (org.accountCount() >= ACCOUNTS_PER_ORGANISATION_MAX) {
      return call.fail(
          ORGANISATION_FULL,
          "organisation %s: has %d accounts, the limit accountsPerOrganisationMax is %d",
          org.uscc(),
          org.accountCount(),
          ACCOUNTS_PER_ORGANISATION_MAX);
    }
    call.state()
        .put(
            accountKey(address),
            Account.CODEC.encode(new Account(address, publicKey, org.uscc(), roles, true)));
    call.state()
        .put(
            organisationKey(org.uscc()),
            Organisation.CODEC.encode(org.withAccountCount(org.accountCount() + 1)));
    call.emit(
        "AccountRegistered",
        "account",
        address.hex(),
        "organisation",
        org.uscc(),
        "roles",
        roleList(roles));
    return call.success();
  }

  private Outcome revoke(Invocation call) {
    Address target = call.arg(ACCOUNT);
    Optional<Account> account = account(call.state(), target);
    if (account.isEmpty()) {
      return call.fail(
          ACCOUNT_NOT_FOUND, "account %s: expected a registered account, found none", target);
    }
    String adminOrg = call.account().organisationUscc();
    if (!account.get().organisationUscc().equals(adminOrg)) {
      return call.fail(
          Runtime.NOT_AUTHORISED,
          "account %s: belongs to organisation %s, the sender administers %s",
          target,
          account.get().organisationUscc(),
          adminOrg);
    }
    if (target.equals(call.sender())) {
      return call.fail(
          CANNOT_REVOKE_SELF, "account %s: an admin cannot revoke its own account", target);
    }
    if (!account.get().isActive()) {
      return call.fail(
          ACCOUNT_REVOKED, "account %s: expected an active account, found a revoked one", target);
    }
    call.state().put(accountKey(target), Account.CODEC.encode(account.get().revoked()));
    call.emit("AccountRevoked", "account", target.hex(), "organisation", adminOrg);
    return call.success();
  }

  private Outcome setKyc(Invocation call) {
    Optional<Outcome> denied = requireConvenor(call);
    if (denied.isPresent()) {
      return denied.get();
    }
    String uscc = call.arg(ORGANISATION);
    Optional<Organisation> org = organisation(call.state(), uscc);
    if (org.isEmpty()) {
      return call.fail(
          ORGANISATION_NOT_FOUND, "organisation: expected a member's USCC, found '%s'", uscc);
    }
    CalendarDate until = call.arg(VALID_UNTIL);
    KycStatus status = call.arg(STATUS);
    if (status == KycStatus.VERIFIED && until.isBefore(call.today())) {
      return call.fail(
          INVALID_ARGUMENT,
          "validUntil: expected today (%s) or later for VERIFIED, found %s",
          call.today(),
          until);
    }
    call.state()
        .put(organisationKey(uscc), Organisation.CODEC.encode(org.get().withKyc(status, until)));
    call.emit(
        "KycRecorded",
        "organisation",
        uscc,
        "status",
        status.name(),
        "validUntil",
        until.toString());
    return call.success();
  }

  /**
   * Why {@code change} cannot be made to the organisations in {@code state}, or empty if it can:
   * checked when a proposal opens and again when it is applied.
   */
  public static Optional<Outcome> membershipProblem(
      ContractState state, Proposal.Change change, CryptoSuite suite) {
    if (change instanceof Proposal.Admit a) {
      Optional<String> bad = Uscc.problem(a.uscc());
      if (bad.isPresent()) {
        return Optional.of(Outcome.failure(INVALID_ARGUMENT, "uscc: %s", bad.get()));
      }
      Optional<Organisation> known = organisation(state, a.uscc());
      if (known.isPresent()) {
        return Optional.of(
            Outcome.failure(
                ORGANISATION_EXISTS,
                "uscc: expected an organisation never admitted, found %s %s",
                known.get().name(),
                known.get().status()));
      }
      Address admin = suite.address(a.adminKey());
      Optional<Account> taken = account(state, admin);
      if (taken.isPresent()) {
        return Optional.of(
            Outcome.failure(
                ACCOUNT_EXISTS,
                "adminKey: account %s is already registered under organisation %s",
                admin,
                taken.get().organisationUscc()));
      }
      return Optional.empty();
    }
    if (change instanceof Proposal.Membership m) {
      Optional<Organisation> org = organisation(state, m.uscc());
      if (org.isEmpty()) {
        return Optional.of(
            Outcome.failure(
                ORGANISATION_NOT_FOUND,
                "organisation: expected a member's USCC, found '%s'",
                m.uscc()));
      }
      MemberStatus now = org.get().status();
      MemberStatus expected =
          m.kind() == Proposal.Kind.REINSTATE ? MemberStatus.SUSPENDED : MemberStatus.ACTIVE;
      boolean ok = m.kind() == Proposal.Kind.REMOVE ? now != MemberStatus.REMOVED : now == expected;
      if (!ok) {
        return Optional.of(
            Outcome.failure(
                MEMBER_STATUS,
                "organisation %s: expected %s to %s it, found it %s",
                m.uscc(),
                m.kind() == Proposal.Kind.REMOVE ? "a member not removed" : expected.toString(),
                m.kind().name().toLowerCase(java.util.Locale.ROOT),
                now));
      }
    }
    return Optional.empty();
  }

  private Outcome applyMembership(Invocation call) {
    Governance.Applicable applicable =
        Governance.toApply(
            call,
            NAME,
            EnumSet.of(
                Proposal.Kind.ADMIT,
                Proposal.Kind.SUSPEND,
                Proposal.Kind.REINSTATE,
                Proposal.Kind.REMOVE));
    if (applicable.refusal() != null) {
      return applicable.refusal();
    }
    Proposal p = applicable.proposal();
    long id = p.id();
    Optional<Outcome> problem = membershipProblem(call.state(), p.change(), suite);
    if (problem.isPresent()) {
      return problem.get();
    }
    if (p.change() instanceof Proposal.Admit a) {
      Address admin = suite.address(a.adminKey());
      call.state()
          .put(
              organisationKey(a.uscc()),
              Organisation.CODEC.encode(
                  new Organisation(
                      a.name(), a.uscc(), a.role(), 1, KycStatus.NONE, null, MemberStatus.ACTIVE)));
      call.state()
          .put(
              accountKey(admin),
              Account.CODEC.encode(
                  new Account(admin, a.adminKey(), a.uscc(), EnumSet.of(AccountRole.ADMIN), true)));
      call.emit(
          "OrganisationAdmitted",
          "organisation",
          a.uscc(),
          "name",
          a.name(),
          "role",
          a.role().name(),
          "admin",
          admin.hex(),
          "proposal",
          Long.toString(id));
      return call.success();
    }
    Proposal.Membership m = (Proposal.Membership) p.change();
    Organisation org = organisation(call.state(), m.uscc()).orElseThrow();
    MemberStatus next =
        switch (m.kind()) {
          case SUSPEND -> MemberStatus.SUSPENDED;
          case REMOVE -> MemberStatus.REMOVED;
          default -> MemberStatus.ACTIVE;
        };
    call.state().put(organisationKey(m.uscc()), Organisation.CODEC.encode(org.withStatus(next)));
    call.emit(
        "MemberStatusChanged",
        "organisation",
        m.uscc(),
        "status",
        next.name(),
        "proposal",
        Long.toString(id));
    return call.success();
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
