package io.credence.core.planted;

import io.credence.core.crypto.SeededRandom;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.random.RandomGeneratorFactory;

/**
 * The seeded, explicit forms the determinism rules allow; every determinism rule must pass on it.
 */
public final class AllowedForms {
  private AllowedForms() {}

  private final Object monitor = new Object();
  private Instant timestamp = Instant.ofEpochSecond(1_700_000_000L);

  Object seeded(long seed, List<String> order) {
    Random random = new Random(seed);
    Collections.shuffle(order, random);
    return List.of(
        random.nextInt(),
        new SplittableRandom(seed).nextLong(),
        SeededRandom.of(seed).nextInt(),
        RandomGeneratorFactory.of("L64X128MixRandom").create(seed).nextInt());
  }

  Object values(long millis) {
    synchronized (monitor) {
      timestamp = Instant.ofEpochMilli(millis);
    }
    return List.of(
        timestamp,
        LocalDate.of(2024, 1, 1),
        new Date(millis),
        ZoneOffset.UTC,
        Duration.ofSeconds(3),
        String.format(Locale.ROOT, "%,d", millis),
        "Ab".toLowerCase(Locale.ROOT),
        new String("ab".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
        List.of(3, 1, 2).stream().sorted().count(),
        ByteBuffer.allocate(1),
        HexFormat.of());
  }

  String text() throws java.io.IOException {
    StringWriter out = new StringWriter();
    try (PrintWriter writer = new PrintWriter(out)) {
      writer.print(new StringReader("pem").read());
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new PrintStream(bytes, true, StandardCharsets.UTF_8).print(1);
    int[] values = {3, 1, 2};
    Arrays.sort(values);
    System.arraycopy(values, 0, new int[3], 0, 3);
    return out + bytes.toString(StandardCharsets.UTF_8);
  }
}
