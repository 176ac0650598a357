package io.credence.execution;

import io.credence.core.genesis.OrganisationRole;
import io.credence.execution.identity.AccountRole;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who may call a method: an active account holding one of {@code accountRoles}, in an organisation
 * with one of {@code organisationRoles} (empty: any), whose KYC is valid on the block's day if
 * {@code kyc}. With {@code needsApproval} (maker-checker), an OPERATOR's call only prepares the
 * change and an APPROVER of the same organisation, another account, makes it take effect ({@code
 * approvals.approve}); an ADMIN, where the access lists ADMIN, acts directly.
 */
public record Access(
    Set<AccountRole> accountRoles,
    Set<OrganisationRole> organisationRoles,
    boolean kyc,
    boolean needsApproval) {
  public Access {
    accountRoles = Set.copyOf(accountRoles);
    organisationRoles = Set.copyOf(organisationRoles);
    if (accountRoles.isEmpty()) {
      throw new IllegalArgumentException("access: expected at least one account role");
    }
  }

  /** An account with one of {@code roles}, in any organisation, KYC not required. */
  public static Access role(AccountRole first, AccountRole... more) {
    return new Access(EnumSet.of(first, more), Set.of(), false, false);
  }

  /** Any active account of any member, whatever its role (the applying steps of a vote). */
  public static Access anyAccount() {
    return role(AccountRole.ADMIN, AccountRole.OPERATOR, AccountRole.APPROVER, AccountRole.VIEWER);
  }

  /** Prepared by an OPERATOR, approved by an APPROVER of the same organisation. */
  public static Access makerChecker() {
    return new Access(EnumSet.of(AccountRole.OPERATOR), Set.of(), false, true);
  }

  /**
   * An ADMIN directly, or by maker-checker: an OPERATOR prepares, an APPROVER of the same
   * organisation approves.
   */
  public static Access adminOrMakerChecker() {
    return new Access(EnumSet.of(AccountRole.ADMIN, AccountRole.OPERATOR), Set.of(), false, true);
  }

  /**
   * Whether a sender whose roles {@code holds} tests goes through approval: always with
   * maker-checker, unless it is an ADMIN and this access lists ADMIN.
   */
  public boolean approvalNeededBy(java.util.function.Predicate<AccountRole> holds) {
    return needsApproval
        && !(accountRoles.contains(AccountRole.ADMIN) && holds.test(AccountRole.ADMIN));
  }

  /** The same, only for organisations with one of {@code roles}. */
  public Access in(OrganisationRole first, OrganisationRole... more) {
    return new Access(accountRoles, EnumSet.of(first, more), kyc, needsApproval);
  }

  /** The same, only while the caller's organisation has a valid KYC status. */
  public Access withKyc() {
    return new Access(accountRoles, organisationRoles, true, needsApproval);
  }
}
