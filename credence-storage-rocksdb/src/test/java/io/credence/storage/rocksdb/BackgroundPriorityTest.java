package io.credence.storage.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.credence.ledger.store.WriteBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * Once a store is opened, RocksDB's flush and compaction threads in this process run at nice 19:
 * after a flush and a compaction have run, every such thread the kernel lists has that niceness.
 */
class BackgroundPriorityTest {
  private static final Path TASKS = Path.of("/proc/self/task");
  private static final int LOWEST_PRIORITY_NICE = 19;

  @TempDir Path dir;

  @Test
  void flushAndCompactionThreads_runAtTheLowestCpuPriority() throws Exception {
    assumeTrue(Files.isDirectory(TASKS), "needs Linux's /proc to read thread priorities");
    try (RocksDbStore store = RocksDbStore.open(dir.resolve("store"))) {
      store.write(new WriteBatch().put(b("k"), b("v")));
    }
    // Make both pools work: two flushes (high pool), then a compaction of their files (low pool).
    try (Options options = new Options().setCreateIfMissing(true);
        RocksDB db = RocksDB.open(options, dir.resolve("raw").toString());
        FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      for (int file = 0; file < 2; file++) {
        for (int i = 0; i < 1_000; i++) {
          db.put(b("key-" + i), b("value-" + file + "-" + i));
        }
        db.flush(flush);
      }
      db.compactRange();
    }

    Map<String, Integer> niceByThread = rocksDbThreads();
    assertTrue(
        niceByThread.keySet().stream().anyMatch(t -> t.startsWith("rocksdb:high"))
            && niceByThread.keySet().stream().anyMatch(t -> t.startsWith("rocksdb:low")),
        "expected flush and compaction threads (rocksdb:high, rocksdb:low), found " + niceByThread);
    niceByThread.forEach(
        (thread, nice) -> assertEquals(LOWEST_PRIORITY_NICE, nice, "nice of thread " + thread));
  }

  /** Each RocksDB background thread of this process (name and thread id) with its niceness. */
  private static Map<String, Integer> rocksDbThreads() throws IOException {
    Map<String, Integer> out = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(TASKS)) {
      for (Path task : tasks.toList()) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
        } catch (IOException gone) {
          continue; // the thread ended while we listed them
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (name.startsWith("rocksdb:")) {
          // Fields after the name start at the state (field 3); the niceness is field 19.
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          out.put(name + "/" + task.getFileName(), Integer.parseInt(fields[19 - 3]));
        }
      }
    }
    return out;
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
