package io.credence.core;

import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.math.BigDecimal;

/**
 * A sum of money in fen (1/100 yuan), never negative. Arithmetic is checked: a sum that would
 * overflow or a difference that would go below zero throws {@link ArithmeticException}, which the
 * contract runtime turns into a failed receipt; no amount silently wraps.
 */
public record Amount(long fen) implements Comparable<Amount> {
  public static final Amount ZERO = new Amount(0);

  public Amount {
    if (fen < 0) {
      throw new IllegalArgumentException("amount: expected at least 0 fen, found " + fen);
    }
  }

  public static Amount ofFen(long fen) {
    return new Amount(fen);
  }

  public Amount plus(Amount other) {
    return new Amount(Math.addExact(fen, other.fen));
  }

  /** This minus {@code other}; throws {@link ArithmeticException} if it would be negative. */
  public Amount minus(Amount other) {
    if (other.fen > fen) {
      throw new ArithmeticException("amount: " + this + " minus " + other + " would be negative");
    }
    return new Amount(fen - other.fen);
  }

  public boolean isZero() {
    return fen == 0;
  }

  @Override
  public int compareTo(Amount other) {
    return Long.compare(fen, other.fen);
  }

  /**
   * Parses yuan with at most two decimals ({@code 1234.5}, {@code 1234.56}) or fen with the suffix
   * {@code fen} ({@code 123456fen}); {@code what} names the field in the error.
   */
  public static Amount parse(String what, String text) {
    String t = text.trim();
    try {
      if (t.endsWith("fen")) {
        return new Amount(Long.parseLong(t.substring(0, t.length() - 3).trim()));
      }
      BigDecimal yuan = new BigDecimal(t);
      if (yuan.scale() > 2) {
        throw new IllegalArgumentException(
            what + ": expected yuan with at most two decimals, found '" + text + "'");
      }
      return new Amount(yuan.movePointRight(2).longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          what
              + ": expected an amount in yuan (e.g. 1234.56) or fen (e.g. 123456fen) from 0 to "
              + new Amount(Long.MAX_VALUE)
              + ", found '"
              + text
              + "'");
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(what + ":")) {
        throw e;
      }
      throw new IllegalArgumentException(what + ": " + e.getMessage());
    }
  }

  /** Yuan with two decimals, e.g. {@code 1234.56}. */
  @Override
  public String toString() {
    return BigDecimal.valueOf(fen, 2).toPlainString();
  }

  public static final Codec<Amount> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, Amount a) {
          w.u64(a.fen);
        }

        @Override
        public Amount read(Reader r) {
          long fen = r.u64();
          if (fen < 0) {
            throw new CodecException(
                "amount: expected at most " + Long.MAX_VALUE + " fen, found a larger value");
          }
          return new Amount(fen);
        }
      };
}
