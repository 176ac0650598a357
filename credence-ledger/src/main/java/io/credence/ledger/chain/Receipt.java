package io.credence.ledger.chain;

import io.credence.core.Event;
import io.credence.core.Hash;
import io.credence.core.Rejection;
import io.credence.core.codec.Codec;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.util.List;

/**
 * What executing one transaction did: success or failure, the events it emitted, what it cost
 * (reads, writes and bytes written, counted instead of gas), and for a failure the stable rejection
 * code and its message. A failed transaction changes nothing but its sender's nonce.
 */
public record Receipt(
    Hash transactionHash,
    Status status,
    List<Event> events,
    Cost cost,
    String rejectionCode,
    String rejectionMessage) {
  public static final int EVENTS_MAX = 64;
  public static final int MESSAGE_BYTES_MAX = 1024;

  public Receipt {
    events = List.copyOf(events);
  }

  /** Whether the call took effect. */
  public enum Status {
    SUCCESS,
    FAILED
  }

  /** Execution counters that stand in for gas. */
  public record Cost(long stateReads, long stateWrites, long bytesWritten) {
    static final Codec<Cost> CODEC =
        new Codec<>() {
          @Override
          public void write(Writer w, Cost c) {
            w.varint(c.stateReads).varint(c.stateWrites).varint(c.bytesWritten);
          }

          @Override
          public Cost read(Reader r) {
            return new Cost(r.varint(), r.varint(), r.varint());
          }
        };
  }

  public static Receipt success(Hash transactionHash, List<Event> events, Cost cost) {
    return new Receipt(transactionHash, Status.SUCCESS, events, cost, "", "");
  }

  public static Receipt failure(Hash transactionHash, Rejection rejection, Cost cost) {
    return new Receipt(
        transactionHash, Status.FAILED, List.of(), cost, rejection.code(), rejection.message());
  }

  public boolean isSuccess() {
    return status == Status.SUCCESS;
  }

  public static final Codec<Receipt> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, Receipt r) {
          r.transactionHash.write(w);
          w.u8(r.status.ordinal());
          w.list(r.events, Event.CODEC);
          Cost.CODEC.write(w, r.cost);
          w.string(r.rejectionCode).string(r.rejectionMessage);
        }

        @Override
        public Receipt read(Reader r) {
          Hash hash = Hash.read(r);
          int status = r.u8();
          if (status >= Status.values().length) {
            throw new io.credence.core.codec.CodecException(
                "receipt.status: expected 0 or 1, found " + status);
          }
          return new Receipt(
              hash,
              Status.values()[status],
              r.list("receipt.events", EVENTS_MAX, Event.CODEC),
              Cost.CODEC.read(r),
              r.string("receipt.rejectionCode", 64),
              r.string("receipt.rejectionMessage", MESSAGE_BYTES_MAX));
        }
      };

  /** A list of receipts as stored for one block. */
  public static final Codec<List<Receipt>> LIST_CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, List<Receipt> list) {
          w.list(list, CODEC);
        }

        @Override
        public List<Receipt> read(Reader r) {
          return r.list("receipts", Block.TRANSACTIONS_MAX, CODEC);
        }
      };
}
