package io.credence.ledger.planted;

import java.nio.charset.Charset;
import java.util.Locale;

/**
 * Every entry point to the host's environment and defaults, one per class: each must fail {@code
 * NO_ENVIRONMENT}.
 */
public final class EnvironmentPlants {
  private EnvironmentPlants() {}

  static final class Getenv {
    String run() {
      return System.getenv("HOME");
    }
  }

  static final class GetenvAll {
    Object run() {
      return System.getenv();
    }
  }

  static final class GetProperty {
    String run() {
      return System.getProperty("user.dir");
    }
  }

  static final class GetPropertyWithDefault {
    String run() {
      return System.getProperty("credence.limit", "9");
    }
  }

  static final class GetProperties {
    Object run() {
      return System.getProperties();
    }
  }

  static final class SetProperty {
    Object run() {
      return System.setProperty("credence.limit", "9");
    }
  }

  static final class LineSeparator {
    String run() {
      return System.lineSeparator();
    }
  }

  static final class Exit {
    void run() {
      System.exit(1);
    }
  }

  static final class IntegerGetInteger {
    Object run() {
      return Integer.getInteger("credence.limit");
    }
  }

  static final class LongGetLong {
    Object run() {
      return Long.getLong("credence.limit");
    }
  }

  static final class BooleanGetBoolean {
    boolean run() {
      return Boolean.getBoolean("credence.flag");
    }
  }

  static final class RuntimeAvailableProcessors {
    int run() {
      return Runtime.getRuntime().availableProcessors();
    }
  }

  static final class NewProcessBuilder {
    Object run() {
      return new ProcessBuilder("true");
    }
  }

  static final class ProcessHandleCurrent {
    long run() {
      return ProcessHandle.current().pid();
    }
  }

  static final class LocaleGetDefault {
    Object run() {
      return Locale.getDefault();
    }
  }

  static final class CharsetDefault {
    Object run() {
      return Charset.defaultCharset();
    }
  }

  static final class StringFormatWithoutLocale {
    String run(long height) {
      return String.format("%,d", height);
    }
  }

  static final class StringFormatted {
    String run(double amount) {
      return "%.2f".formatted(amount);
    }
  }

  static final class ToLowerCaseWithoutLocale {
    String run(String s) {
      return s.toLowerCase();
    }
  }

  static final class ToUpperCaseWithoutLocale {
    String run(String s) {
      return s.toUpperCase();
    }
  }

  static final class GetBytesWithoutCharset {
    byte[] run(String s) {
      return s.getBytes();
    }
  }

  static final class NewStringWithoutCharset {
    String run(byte[] b) {
      return new String(b);
    }
  }

  static final class NewStringRangeWithoutCharset {
    String run(byte[] b) {
      return new String(b, 0, 1);
    }
  }
}
