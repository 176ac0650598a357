package io.credence.execution.finance;

import io.credence.core.Amount;
import io.credence.core.Hash;
import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;

/**
 * A trade document anchored by the hash of its file (the file stays off chain): a contract, an
 * invoice or a goods receipt, who issued it, the other party, its amount, the invoice it belongs to
 * (zero if none), the height it was anchored at and, for a goods receipt, the buyer's receiving
 * event it cites (0: none).
 */
public record TradeDocument(
    Hash hash,
    Kind kind,
    String issuer,
    String counterparty,
    Amount amount,
    Hash invoice,
    long height,
    long receiveEvent) {
  public enum Kind {
    CONTRACT,
    INVOICE,
    GOODS_RECEIPT
  }

  static final Codec<TradeDocument> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, TradeDocument d) {
          d.hash.write(w);
          w.u8(d.kind.ordinal()).string(d.issuer).string(d.counterparty);
          Amount.CODEC.write(w, d.amount);
          d.invoice.write(w);
          w.u64(d.height).u64(d.receiveEvent);
        }

        @Override
        public TradeDocument read(Reader r) {
          Hash hash = Hash.read(r);
          int kind = r.u8();
          if (kind >= Kind.values().length) {
            throw new CodecException("document.kind: unknown ordinal " + kind);
          }
          return new TradeDocument(
              hash,
              Kind.values()[kind],
              r.string("document.issuer", 18),
              r.string("document.counterparty", 18),
              Amount.CODEC.read(r),
              Hash.read(r),
              r.u64(),
              r.u64());
        }
      };
}
