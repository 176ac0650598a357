package io.credence.core;

import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * A calendar day (maturities, expiries, registration dates), with no time of day and no zone,
 * between {@link #MIN} and {@link #MAX}. Encoded as days since 1970-01-01.
 */
public record CalendarDate(LocalDate day) implements Comparable<CalendarDate> {
  public static final LocalDate MIN = LocalDate.of(1970, 1, 1);
  public static final LocalDate MAX = LocalDate.of(2199, 12, 31);

  public CalendarDate {
    if (day.isBefore(MIN) || day.isAfter(MAX)) {
      throw new IllegalArgumentException(
          "date: expected from " + MIN + " to " + MAX + ", found " + day);
    }
  }

  public static CalendarDate of(int year, int month, int dayOfMonth) {
    return new CalendarDate(LocalDate.of(year, month, dayOfMonth));
  }

  /** The day (UTC) of a block timestamp in milliseconds since 1970. */
  public static CalendarDate ofEpochMillis(long millis) {
    return new CalendarDate(LocalDate.ofEpochDay(Math.floorDiv(millis, 86_400_000L)));
  }

  /** Parses {@code yyyy-mm-dd}; {@code what} names the field in the error. */
  public static CalendarDate parse(String what, String text) {
    try {
      return new CalendarDate(LocalDate.parse(text.trim()));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          what + ": expected a date yyyy-mm-dd, found '" + text + "'");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage());
    }
  }

  public long epochDay() {
    return day.toEpochDay();
  }

  public CalendarDate plusDays(long days) {
    return new CalendarDate(day.plusDays(days));
  }

  /** Days from this date to {@code later} (negative if it is earlier). */
  public long daysUntil(CalendarDate later) {
    return ChronoUnit.DAYS.between(day, later.day);
  }

  public boolean isBefore(CalendarDate other) {
    return day.isBefore(other.day);
  }

  public boolean isAfter(CalendarDate other) {
    return day.isAfter(other.day);
  }

  @Override
  public int compareTo(CalendarDate other) {
    return day.compareTo(other.day);
  }

  @Override
  public String toString() {
    return day.toString();
  }

  public static final Codec<CalendarDate> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, CalendarDate d) {
          w.u32((int) d.day.toEpochDay());
        }

        @Override
        public CalendarDate read(Reader r) {
          long days = Integer.toUnsignedLong(r.u32());
          if (days > MAX.toEpochDay()) {
            throw new CodecException(
                "date: expected at most " + MAX.toEpochDay() + " days after 1970, found " + days);
          }
          try {
            return new CalendarDate(LocalDate.ofEpochDay(days));
          } catch (DateTimeException e) {
            throw new CodecException("date: " + e.getMessage());
          }
        }
      };
}
