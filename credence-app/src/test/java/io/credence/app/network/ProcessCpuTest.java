package io.credence.app.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCpuTest {
  @TempDir Path dir;

  /** A stat line as Linux writes it, with {@code utime}, {@code stime} and niceness where given. */
  private static String stat(long tid, String name, long utime, long stime, int nice) {
    return tid
        + " ("
        + name
        + ") S 1 1 1 0 -1 4194624 1184 0 0 0 "
        + utime
        + " "
        + stime
        + " 0 0 "
        + (20 + nice)
        + " "
        + nice
        + " 1 0 123 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
  }

  @Test
  void parseStat_takesTheNameBetweenTheOuterParentheses_andAddsUserAndSystemTicks() {
    ProcessCpu.ThreadTicks t = ProcessCpu.parseStat(stat(7, "odd) (name", 250, 30, 4));
    assertEquals("odd) (name", t.name());
    assertEquals(280, t.ticks());
    assertEquals(4, t.nice());
    assertEquals(-5, ProcessCpu.parseStat(stat(8, "b", 1, 2, -5)).nice());
  }

  @Test
  void parseStat_badLines_failNamingWhatWasExpectedAndFound() {
    var noName = assertThrows(IllegalArgumentException.class, () -> ProcessCpu.parseStat("7 x S"));
    assertTrue(noName.getMessage().contains("expected 'PID (NAME) FIELDS...', found '7 x S'"));
    var few =
        assertThrows(IllegalArgumentException.class, () -> ProcessCpu.parseStat("7 (a) S 1 2"));
    assertTrue(few.getMessage().contains("at least 17 fields after the name, found 3"));
    var notNumbers =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ProcessCpu.parseStat(stat(7, "a", 1, 2, 0).replace(" 1 2 0 0 20", " x 2 0 0 20")));
    assertTrue(notNumbers.getMessage().contains("found 'x', '2' and '0'"), notNumbers.getMessage());
  }

  @Test
  void threadNames_mapToTheirKinds() {
    assertEquals(ProcessCpu.Kind.LOOP, ProcessCpu.kindOf("credence-loop"));
    assertEquals(ProcessCpu.Kind.TRANSPORT, ProcessCpu.kindOf("credence-p2p-1-"));
    assertEquals(ProcessCpu.Kind.API, ProcessCpu.kindOf("api-24"));
    assertEquals(ProcessCpu.Kind.GC, ProcessCpu.kindOf("GC Thread#1"));
    assertEquals(ProcessCpu.Kind.GC, ProcessCpu.kindOf("G1 Conc#0"));
    assertEquals(ProcessCpu.Kind.GC, ProcessCpu.kindOf("G1 Refine#0"));
    assertEquals(ProcessCpu.Kind.JIT, ProcessCpu.kindOf("C2 CompilerThre"));
    assertEquals(ProcessCpu.Kind.JIT, ProcessCpu.kindOf("C1 CompilerThre"));
    assertEquals(ProcessCpu.Kind.STORAGE, ProcessCpu.kindOf("rocksdb:low"));
    assertEquals(ProcessCpu.Kind.OTHER, ProcessCpu.kindOf("VM Thread"));
  }

  @Test
  void usage_countsEachThreadsTicksInTheWindow_aNewThreadFromZero_anEndedOneNotAtAll()
      throws Exception {
    Path proc = dir.resolve("proc");
    write(proc, 10, 1, stat(1, "credence-loop", 100, 0, 0));
    write(proc, 10, 2, stat(2, "GC Thread#0", 40, 0, 0));
    write(proc, 10, 3, stat(3, "api-1", 500, 0, 0));
    ProcessCpu.Snapshot from = ProcessCpu.take(proc, List.of(10L, 11L, 99L));
    // Two seconds later: the loop used 1.5 s, a new transport thread 0.5 s, the API thread ended,
    // the GC thread's stat vanished as it was read (it ended too).
    write(proc, 10, 1, stat(1, "credence-loop", 200, 50, 0));
    Files.delete(proc.resolve("10/task/3/stat"));
    Files.delete(proc.resolve("10/task/3"));
    Files.delete(proc.resolve("10/task/2/stat"));
    write(proc, 10, 4, stat(4, "credence-p2p-1-", 40, 10, 0));
    write(proc, 99, 1, stat(1, "main", 300, 0, 0));
    ProcessCpu.Snapshot to = ProcessCpu.take(proc, List.of(10L, 11L, 99L));
    to = new ProcessCpu.Snapshot(from.nanos() + 2_000_000_000L, to.byPid());

    ProcessCpu.Usage u = ProcessCpu.usage(from, to, List.of(10L, 11L), 99L);
    assertEquals(1, u.measured(), "process 11 has no /proc entry");
    assertEquals(2, u.nodes());
    assertEquals(0.75, u.nodeCores().get(ProcessCpu.Kind.LOOP), 1e-9);
    assertEquals(0.25, u.nodeCores().get(ProcessCpu.Kind.TRANSPORT), 1e-9);
    assertEquals(0.0, u.nodeCores().get(ProcessCpu.Kind.API), 1e-9);
    assertEquals(0.0, u.nodeCores().get(ProcessCpu.Kind.GC), 1e-9);
    assertEquals(1.0, u.nodeTotal(), 1e-9);
    assertEquals(0.0, u.benchCores(), 1e-9, "the bench was not readable at the start");

    ProcessCpu.Usage sameInstant = ProcessCpu.usage(to, to, List.of(10L, 11L), 99L);
    assertEquals(0, sameInstant.measured(), "no window, nothing measured");
    assertEquals(0.0, sameInstant.nodeTotal(), 1e-9);
  }

  @Test
  void print_drawsABarAKind_andGivesMillisecondsOfNodeCpuACommittedTransaction() {
    EnumMap<ProcessCpu.Kind, Double> cores = new EnumMap<>(ProcessCpu.Kind.class);
    for (ProcessCpu.Kind k : ProcessCpu.Kind.values()) {
      cores.put(k, 0.0);
    }
    cores.put(ProcessCpu.Kind.LOOP, 1.0);
    cores.put(ProcessCpu.Kind.TRANSPORT, 0.5);
    String out = printed(new ProcessCpu.Usage(cores, 4, 4, 0.1, 60), 1_000);
    assertTrue(
        out.contains("the nodes 1.50 cores, 1.50 ms of node CPU a committed transaction"), out);
    assertTrue(out.contains("event loop                      1.00 " + "#".repeat(30) + "\n"), out);
    assertTrue(out.contains("transport (checks signatures)   0.50 " + "#".repeat(15) + "\n"), out);
    assertTrue(out.contains("the bench 0.10 cores"), out);

    String none = printed(new ProcessCpu.Usage(cores, 0, 4, 0, 60), 1_000);
    assertEquals(
        "CPU: not measured (none of the 4 nodes' processes could be read in /proc)\n", none);
    assertTrue(
        printed(new ProcessCpu.Usage(cores, 4, 4, 0.1, 60), 0)
            .contains("no transaction committed, no figure"));
  }

  @Test
  void aBusyThreadOfThisProcess_isSeenInProc() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux /proc");
    long pid = ProcessHandle.current().pid();
    ProcessCpu.Snapshot from = ProcessCpu.take(List.of(pid));
    CountDownLatch spun = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread busy =
        new Thread(
            () -> {
              long until = System.nanoTime() + 500_000_000L;
              long x = 0;
              while (System.nanoTime() < until) {
                x += Long.numberOfTrailingZeros(x + System.nanoTime());
              }
              spun.countDown();
              try {
                // Alive when sampled: a thread that has ended is no longer in /proc.
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              if (x == 42) {
                System.out.print("");
              }
            },
            "credence-loop");
    busy.start();
    spun.await();
    ProcessCpu.Snapshot to = ProcessCpu.take(List.of(pid));
    release.countDown();
    busy.join();
    ProcessCpu.Usage u = ProcessCpu.usage(from, to, List.of(pid), pid);
    double loopSeconds = u.nodeCores().get(ProcessCpu.Kind.LOOP) * u.seconds();
    // Half a second of spinning, less what the scheduler gave to others on a busy machine.
    assertTrue(loopSeconds >= 0.1 && loopSeconds <= 0.7, "loop CPU seconds " + loopSeconds);
    assertEquals(u.nodeTotal(), u.benchCores(), 1e-9, "the same process, counted as bench too");
  }

  private static void write(Path proc, long pid, long tid, String line) throws Exception {
    Path task = proc.resolve(pid + "/task/" + tid);
    Files.createDirectories(task);
    Files.writeString(task.resolve("stat"), line, StandardCharsets.UTF_8);
  }

  private static String printed(ProcessCpu.Usage u, double committedPerSecond) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProcessCpu.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), u, committedPerSecond);
    return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }
}
