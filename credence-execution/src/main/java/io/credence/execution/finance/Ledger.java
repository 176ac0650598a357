package io.credence.execution.finance;

import io.credence.core.CalendarDate;
import io.credence.core.Hash;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.execution.ContractState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the finance contract keeps things: one key per record, and append-only lists (a count and
 * one key per entry) for what queries walk: a root's pieces, a party's holdings, the roots due on a
 * day, an invoice's certificates and a credit line's certificates. A list is read a page at a time.
 */
final class Ledger {
  private Ledger() {}

  static byte[] key(String path) {
    return (Finance.NAME + "/" + path).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] rulesKey() {
    return key("rules");
  }

  static Rules rules(ContractState state) {
    byte[] raw = state.get(rulesKey());
    return raw == null ? Rules.DEFAULTS : Rules.CODEC.decode(raw);
  }

  static byte[] certificateKey(Hash id) {
    return key("certificate/" + id.hex());
  }

  static Optional<Certificate> certificate(ContractState state, Hash id) {
    byte[] raw = state.get(certificateKey(id));
    return raw == null ? Optional.empty() : Optional.of(Certificate.CODEC.decode(raw));
  }

  static void put(ContractState state, Certificate c) {
    state.put(certificateKey(c.id()), Certificate.CODEC.encode(c));
  }

  static byte[] invoiceKey(Hash key) {
    return key("invoice/" + key.hex());
  }

  static Optional<Invoice> invoice(ContractState state, Hash key) {
    byte[] raw = state.get(invoiceKey(key));
    return raw == null ? Optional.empty() : Optional.of(Invoice.CODEC.decode(raw));
  }

  static void put(ContractState state, Invoice i) {
    state.put(invoiceKey(i.key()), Invoice.CODEC.encode(i));
  }

  static byte[] documentKey(Hash hash) {
    return key("document/" + hash.hex());
  }

  static Optional<TradeDocument> document(ContractState state, Hash hash) {
    byte[] raw = state.get(documentKey(hash));
    return raw == null ? Optional.empty() : Optional.of(TradeDocument.CODEC.decode(raw));
  }

  static byte[] offerKey(Hash id) {
    return key("offer/" + id.hex());
  }

  static Optional<Offer> offer(ContractState state, Hash id) {
    byte[] raw = state.get(offerKey(id));
    return raw == null ? Optional.empty() : Optional.of(Offer.CODEC.decode(raw));
  }

  static byte[] financingKey(Hash certificate) {
    return key("financing/" + certificate.hex());
  }

  static Optional<Financing> financing(ContractState state, Hash certificate) {
    byte[] raw = state.get(financingKey(certificate));
    return raw == null ? Optional.empty() : Optional.of(Financing.CODEC.decode(raw));
  }

  // Lists.

  static String treeList(Hash root) {
    return "tree/" + root.hex();
  }

  static String holderList(String uscc) {
    return "holder/" + uscc;
  }

  static String maturityList(CalendarDate day) {
    return "maturity/" + day;
  }

  /** The invoices whose goods receipts cite a receiving of the thing {@code identity}. */
  static String goodsList(String identity) {
    return "goods/" + identity;
  }

  static String usesList(Hash invoice) {
    return "invoice/" + invoice.hex() + "/uses";
  }

  /** The certificates confirmed under a credit line, in the order they were confirmed. */
  static String lineList(Hash line) {
    return "line/" + line.hex() + "/certificates";
  }

  /** A list's length. */
  static int size(ContractState state, String list) {
    byte[] raw = state.get(key(list));
    return raw == null ? 0 : new Reader(raw).u32();
  }

  static void append(ContractState state, String list, Hash id) {
    int n = size(state, list);
    state.put(key(list + "/" + n), id.bytes());
    state.put(key(list), new Writer(4).u32(n + 1).toByteArray());
  }

  static Hash entry(ContractState state, String list, int index) {
    return Hash.of(state.get(key(list + "/" + index)));
  }

  /** Up to {@code limit} entries from {@code from}. */
  static List<Hash> page(ContractState state, String list, int from, int limit) {
    int n = size(state, list);
    List<Hash> out = new ArrayList<>();
    for (int i = Math.max(0, from); i < n && out.size() < limit; i++) {
      out.add(entry(state, list, i));
    }
    return out;
  }

  /** How far clearing's walk over a root's pieces has come. */
  static byte[] cursorKey(Hash root) {
    return key("tree/" + root.hex() + "/settled");
  }

  static int cursor(ContractState state, Hash root) {
    byte[] raw = state.get(cursorKey(root));
    return raw == null ? 0 : new Reader(raw).u32();
  }

  static void cursor(ContractState state, Hash root, int value) {
    state.put(cursorKey(root), new Writer(4).u32(value).toByteArray());
  }
}
