package io.credence.p2p.planted;

/** The transport reaching into the ledger: fails its boundary and its list of allowed libraries. */
public final class TransportUsesLedger {
  private TransportUsesLedger() {}

  static Object deliver() {
    return io.credence.ledger.planted.BreaksEveryRule.class;
  }
}
