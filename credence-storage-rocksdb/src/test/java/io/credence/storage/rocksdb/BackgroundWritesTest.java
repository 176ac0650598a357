package io.credence.storage.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.ledger.store.WriteBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store's flushes and compactions are rate-limited and synced as they go: read back from what
 * RocksDB itself records of the options it opened with (its LOG and OPTIONS files).
 */
class BackgroundWritesTest {
  @TempDir Path dir;

  @Test
  void flushesAndCompactions_areRateLimitedAndSyncedEveryMegabyte() throws Exception {
    Path folder = dir.resolve("store");
    try (RocksDbStore store = RocksDbStore.open(folder)) {
      store.write(new WriteBatch().put(b("k"), b("v")));
    }
    // With a rate limiter, RocksDB slows writes it must delay to the limiter's rate (16 MiB/s
    // without one), and prints the limiter's address.
    String log = Files.readString(folder.resolve("LOG"), StandardCharsets.UTF_8);
    assertEquals(
        Optional.of(String.valueOf(RocksDbStore.BACKGROUND_WRITE_BYTES_PER_SECOND)),
        value(log, "Options.delayed_write_rate"),
        "delayed write rate (the rate limiter's) in " + folder.resolve("LOG"));
    Optional<String> limiter = value(log, "Options.rate_limiter");
    assertTrue(
        limiter.isPresent() && limiter.get().matches("0x[0-9a-f]*[1-9a-f][0-9a-f]*"),
        "rate limiter: expected an address, found " + limiter);
    // RocksDB syncs background writes every megabyte where a limiter is set.
    assertEquals(
        Optional.of(String.valueOf(1 << 20)),
        value(newestOptions(folder), "bytes_per_sync"),
        "bytes_per_sync in the store's OPTIONS file");
  }

  /** The value after {@code name}, then ':' or '=' (spaces around either allowed), on its line. */
  private static Optional<String> value(String text, String name) {
    Matcher m =
        Pattern.compile("(?m)^.*?(?<![\\w.])" + Pattern.quote(name) + "\\s*[:=]\\s*(\\S+)\\s*$")
            .matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static String newestOptions(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> options =
          files.filter(f -> f.getFileName().toString().startsWith("OPTIONS-")).sorted().toList();
      assertFalse(options.isEmpty(), "expected an OPTIONS file in " + folder);
      return Files.readString(options.get(options.size() - 1), StandardCharsets.UTF_8);
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
