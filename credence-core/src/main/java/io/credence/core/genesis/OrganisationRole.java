package io.credence.core.genesis;

/** What an organisation is in the supply-chain-finance business (see DOMAIN.md). */
public enum OrganisationRole {
  CORE_ENTERPRISE,
  SUPPLIER,
  BANK,
  CLEARING,
  REGULATOR,
  AUDITOR,
  LOGISTICS
}
