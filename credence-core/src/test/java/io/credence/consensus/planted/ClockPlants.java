package io.credence.consensus.planted;

import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.chrono.HijrahDate;
import java.util.Calendar;
import java.util.Date;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Every entry point to the host clock, one per class: each must fail {@code NO_WALL_CLOCK}. */
public final class ClockPlants {
  private ClockPlants() {}

  static final class SystemCurrentTimeMillis {
    long run() {
      return System.currentTimeMillis();
    }
  }

  static final class SystemNanoTime {
    long run() {
      return System.nanoTime();
    }
  }

  static final class InstantNow {
    Object run() {
      return Instant.now();
    }
  }

  static final class InstantNowReference {
    Supplier<Instant> run() {
      return Instant::now;
    }
  }

  static final class LocalDateNow {
    Object run() {
      return LocalDate.now();
    }
  }

  static final class LocalDateTimeNow {
    Object run() {
      return LocalDateTime.now();
    }
  }

  static final class LocalTimeNow {
    Object run() {
      return LocalTime.now();
    }
  }

  static final class ZonedDateTimeNowInUtc {
    Object run() {
      return ZonedDateTime.now(ZoneOffset.UTC);
    }
  }

  static final class OffsetDateTimeNow {
    Object run() {
      return OffsetDateTime.now();
    }
  }

  static final class OffsetTimeNow {
    Object run() {
      return OffsetTime.now();
    }
  }

  static final class YearNow {
    Object run() {
      return Year.now();
    }
  }

  static final class YearMonthNow {
    Object run() {
      return YearMonth.now();
    }
  }

  static final class MonthDayNow {
    Object run() {
      return MonthDay.now();
    }
  }

  static final class HijrahDateNow {
    Object run() {
      return HijrahDate.now();
    }
  }

  static final class ClockSystemUtc {
    long run() {
      return Clock.systemUTC().millis();
    }
  }

  static final class ClockField {
    private Clock clock;

    Object run() {
      return clock;
    }
  }

  static final class InstantSourceField {
    private InstantSource source;

    Object run() {
      return source;
    }
  }

  static final class ThreadSleep {
    void run() throws InterruptedException {
      Thread.sleep(1);
    }
  }

  static final class TimeUnitSleep {
    void run() throws InterruptedException {
      TimeUnit.MILLISECONDS.sleep(1);
    }
  }

  static final class NewDate {
    Object run() {
      return new Date();
    }
  }

  static final class CalendarGetInstance {
    Object run() {
      return Calendar.getInstance();
    }
  }

  static final class NewGregorianCalendar {
    Object run() {
      return new GregorianCalendar();
    }
  }

  static final class CalendarGetInstanceThroughSubclass {
    Object run() {
      return GregorianCalendar.getInstance();
    }
  }

  static final class TimeZoneGetDefault {
    Object run() {
      return TimeZone.getDefault();
    }
  }

  static final class ZoneIdSystemDefault {
    Object run() {
      return ZoneId.systemDefault();
    }
  }
}
