package io.credence.execution.finance;

import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.util.List;

/**
 * The finance rules every member is held to, kept in state ({@code finance/rules}) so that the
 * consortium can change them by vote within their ceilings: the longest tenor (the 2025 rules: six
 * months in principle, one year at most), how deep a certificate's tree may grow, how long a
 * receiver has to accept a transfer, and how many days past due a certificate is in default.
 */
public record Rules(int tenorDaysMax, int depthMax, int acceptanceDays, int defaultDays) {
  public static final Rules DEFAULTS = new Rules(180, 8, 7, 90);

  /** A rule's name, value and the range it must lie in. */
  public record Limit(String name, long value, long min, long max) {}

  public Rules {
    for (Limit l : limits(tenorDaysMax, depthMax, acceptanceDays, defaultDays)) {
      if (l.value() < l.min() || l.value() > l.max()) {
        throw new IllegalArgumentException(
            "finance rule "
                + l.name()
                + ": expected "
                + l.min()
                + " to "
                + l.max()
                + ", found "
                + l.value());
      }
    }
  }

  private static List<Limit> limits(int tenor, int depth, int acceptance, int defaulted) {
    return List.of(
        new Limit("tenorDaysMax", tenor, 1, 365),
        new Limit("depthMax", depth, 1, 32),
        new Limit("acceptanceDays", acceptance, 1, 90),
        new Limit("defaultDays", defaulted, 1, 3_650));
  }

  public List<Limit> limits() {
    return limits(tenorDaysMax, depthMax, acceptanceDays, defaultDays);
  }

  static final Codec<Rules> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, Rules r) {
          w.u32(r.tenorDaysMax).u32(r.depthMax).u32(r.acceptanceDays).u32(r.defaultDays);
        }

        @Override
        public Rules read(Reader r) {
          try {
            return new Rules(r.u32(), r.u32(), r.u32(), r.u32());
          } catch (IllegalArgumentException e) {
            throw new CodecException(e.getMessage());
          }
        }
      };
}
