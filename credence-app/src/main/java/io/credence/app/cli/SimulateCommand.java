package io.credence.app.cli;

import io.credence.simulator.Scenario;
import io.credence.simulator.Simulation;
import io.credence.simulator.Twins;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs seeded consensus simulations and prints what happened. Each seed fixes the whole run
 * (faults, Byzantine behaviours, delays), so a failing seed replays exactly with {@code --seeds
 * S..S}.
 */
@Command(
    name = "simulate",
    description = "Run deterministic consensus simulations over a range of seeds.")
public final class SimulateCommand implements Callable<Integer> {
  static final int SEEDS_MAX = 100_000;
  static final int THREADS_MAX = 64;

  /** A tick stands for 10 ms of simulated time. */
  static final double SECONDS_PER_TICK = 0.01;

  @Option(names = "--seeds", required = true, description = "FROM..TO, for example 1..200")
  String seeds;

  @Option(
      names = "--validators",
      defaultValue = "4",
      description = "cluster size (1-" + Scenario.VALIDATORS_MAX + ")")
  @Range(min = 1, max = Scenario.VALIDATORS_MAX)
  int validators;

  @Option(
      names = "--byzantine",
      defaultValue = "0",
      description = "Byzantine validators, at most f = floor((n-1)/3)")
  int byzantine;

  @Option(
      names = "--faults",
      defaultValue = "all",
      description =
          "all (lossy links, partitions, crashes, long outages, every attacker behaviour),"
              + " classic (the scenarios seeds named before attackers and outages were added,"
              + " to replay them), silent (a calm network; the Byzantine validators send"
              + " nothing) or none")
  String faults;

  @Option(
      names = "--leaders",
      defaultValue = "seeded",
      description =
          "seeded (--faults all: half the seeds by reputation, half round-robin; otherwise"
              + " reputation, as nodes run), reputation, round-robin, or compare (each seed run"
              + " with both, and the blocks per simulated second of each set side by side)")
  String leaders;

  @Option(
      names = "--ticks",
      defaultValue = "10000",
      description = "simulated ticks per seed (10 ms each, 500-" + Scenario.TICKS_MAX + ")")
  @Range(min = 500, max = Scenario.TICKS_MAX, unit = "ticks")
  long ticks;

  @Option(
      names = "--ledger",
      description = "run the real ledger under consensus with a workload of signed transactions")
  boolean ledger;

  @Option(
      names = "--twins",
      description =
          "run the Twins scenarios numbered by --seeds (0 to 64^R - 1): four validators, one run"
              + " as two copies sharing its key, a leader and a network split scripted for each of"
              + " the first R rounds (--twin-rounds)")
  boolean twinsMode;

  @Option(
      names = "--twin-rounds",
      defaultValue = "2",
      description = "rounds each Twins scenario scripts (1-" + Twins.ROUNDS_MAX + ")")
  @Range(min = 1, max = Twins.ROUNDS_MAX)
  int twinRounds;

  @Option(
      names = "--threads",
      defaultValue = "2",
      description = "seeds simulated in parallel (1-" + THREADS_MAX + ")")
  @Range(min = 1, max = THREADS_MAX)
  int threads;

  @Override
  public Integer call() throws InterruptedException {
    long[] range = parseRange(seeds);
    int f = (validators - 1) / 3;
    if (byzantine < 0 || byzantine > f) {
      throw new UserError(
          "--byzantine: expected 0 to f="
              + f
              + " for "
              + validators
              + " validators, found "
              + byzantine);
    }
    if (!List.of("all", "classic", "silent", "none").contains(faults)) {
      throw new UserError(
          "--faults: expected all, classic, silent or none, found '" + faults + "'");
    }
    if (!List.of("seeded", "reputation", "round-robin", "compare").contains(leaders)) {
      throw new UserError(
          "--leaders: expected seeded, reputation, round-robin or compare, found '"
              + leaders
              + "'");
    }
    if (!leaders.equals("seeded") && (ledger || twinsMode)) {
      throw new UserError(
          "--leaders: ledger mode runs the node's own election and Twins scripts its leaders;"
              + " expected seeded with "
              + (ledger ? "--ledger" : "--twins")
              + ", found '"
              + leaders
              + "'");
    }
    if (twinsMode && (range[0] < 0 || range[1] >= Twins.count(twinRounds))) {
      throw new UserError(
          "--seeds: expected Twins scenario numbers 0.."
              + (Twins.count(twinRounds) - 1)
              + " for --twin-rounds "
              + twinRounds
              + ", found "
              + seeds);
    }
    boolean compare = leaders.equals("compare");
    int count = (int) (range[1] - range[0] + 1) * (compare ? 2 : 1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Simulation.Result>> futures = new ArrayList<>();
    // In comparison mode each seed runs twice, the same scenario under each election: reputation
    // first, then round-robin.
    for (long seed = range[0]; seed <= range[1]; seed++) {
      long s = seed;
      if (compare) {
        futures.add(pool.submit(() -> simulation(s, Scenario.Leaders.REPUTATION).run()));
        futures.add(pool.submit(() -> simulation(s, Scenario.Leaders.ROUND_ROBIN).run()));
      } else {
        futures.add(pool.submit(() -> simulation(s, null).run()));
      }
    }
    pool.shutdown();
    List<Simulation.Result> results = new ArrayList<>();
    long started = System.currentTimeMillis();
    long lastLine = 0;
    Simulation.Result failed = null;
    try {
      for (Future<Simulation.Result> future : futures) {
        Simulation.Result r = future.get();
        results.add(r);
        if (!r.isOk() && failed == null) {
          failed = r;
        }
        // On a terminal the line is redrawn in place; into a file or pipe, a plain line every
        // couple of seconds and at the end.
        boolean terminal = System.console() != null;
        long now = System.currentTimeMillis();
        if (terminal || now - lastLine >= 2_000 || results.size() == count) {
          lastLine = now;
          System.out.printf(
              Locale.ROOT,
              terminal
                  ? "\rseed %d (%d/%d), %.0f s, violations so far: %d%s   "
                  : "seed %d (%d/%d), %.0f s, violations so far: %d%s%n",
              r.seed(),
              results.size(),
              count,
              (now - started) / 1000.0,
              results.stream().filter(x -> !x.isOk()).count(),
              // A long run names its first failing seed at once: it can be replayed meanwhile.
              failed == null ? "" : " (first at seed " + failed.seed() + ")");
          System.out.flush();
        }
      }
    } catch (ExecutionException e) {
      pool.shutdownNow();
      throw new IllegalStateException("a simulation crashed: " + e.getCause(), e.getCause());
    }
    if (System.console() != null) {
      System.out.println();
    }
    printSummary(results, System.currentTimeMillis() - started);
    if (compare) {
      printComparison(results);
    }
    if (failed != null) {
      System.out.println();
      System.out.println("FAILED: seed " + failed.seed());
      if (twinsMode) {
        System.out.println("  twins script: " + Twins.nth(failed.seed(), twinRounds));
      }
      failed.violations().forEach(v -> System.out.println("  " + v));
      System.out.println("trace tail:");
      failed.traceTail().forEach(t -> System.out.println("  " + t));
      System.out.printf(
          Locale.ROOT,
          twinsMode
              ? "replay: credence simulate --twins --twin-rounds %5$d --seeds %1$d..%2$d%n"
              : "replay: credence simulate --seeds %d..%d --validators %d --byzantine %d --faults %s"
                  + " --ticks %d%s%s%n",
          failed.seed(),
          failed.seed(),
          validators,
          byzantine,
          twinsMode ? twinRounds : faults,
          ticks,
          ledger ? " --ledger" : "",
          leaders.equals("seeded") ? "" : " --leaders " + leaders);
      return 1;
    }
    return 0;
  }

  /** The run of {@code seed}; {@code election} overrides the scenario's when not null. */
  private Simulation simulation(long seed, Scenario.Leaders election) {
    if (twinsMode) {
      return Simulation.twins(seed, twinRounds);
    }
    Scenario scenario = scenario(seed);
    if (election != null) {
      scenario = scenario.withLeaders(election);
    } else if (leaders.equals("reputation")) {
      scenario = scenario.withLeaders(Scenario.Leaders.REPUTATION);
    } else if (leaders.equals("round-robin")) {
      scenario = scenario.withLeaders(Scenario.Leaders.ROUND_ROBIN);
    }
    Simulation simulation = new Simulation(seed, scenario);
    return ledger ? simulation.withLedger() : simulation;
  }

  Scenario scenario(long seed) {
    if (faults.equals("silent")) {
      Scenario calm = Scenario.normal(validators, ticks).healingAt(0, 10);
      Scenario randomised = Scenario.random(seed, validators, byzantine, ticks);
      Map<Integer, Scenario.Behaviour> silent = new TreeMap<>();
      randomised.byzantine().keySet().forEach(v -> silent.put(v, Scenario.Behaviour.SILENT));
      return calm.withByzantine(silent);
    }
    if (faults.equals("none")) {
      Scenario calm = Scenario.normal(validators, ticks).healingAt(0, 10);
      Scenario randomised = Scenario.random(seed, validators, byzantine, ticks);
      return calm.withByzantine(randomised.byzantine());
    }
    if (faults.equals("classic")) {
      return Scenario.random(seed, validators, byzantine, ticks);
    }
    return Scenario.adversarial(seed, validators, byzantine, ticks);
  }

  private void printSummary(List<Simulation.Result> results, long wallMillis) {
    long blocks = 0;
    long rounds = 0;
    long timeouts = 0;
    long messages = 0;
    long violations = 0;
    for (Simulation.Result r : results) {
      blocks += r.blocksCommitted();
      rounds += r.rounds();
      timeouts += r.timeouts();
      messages += r.messages();
      violations += r.violations().size();
    }
    double simulatedSeconds = results.size() * (twinsMode ? Twins.TICKS : ticks) * SECONDS_PER_TICK;
    System.out.printf(Locale.ROOT, "%-38s %,d%n", "seeds", results.size());
    System.out.printf(
        Locale.ROOT,
        "%-38s %,d (%.1f per simulated second)%n",
        "blocks committed (slowest honest replica)",
        blocks,
        blocks / simulatedSeconds);
    System.out.printf(Locale.ROOT, "%-38s %,d%n", "rounds", rounds);
    System.out.printf(Locale.ROOT, "%-38s %,d%n", "timeouts sent", timeouts);
    System.out.printf(
        Locale.ROOT,
        "%-38s %,d (%.1f per committed block)%n",
        "messages sent",
        messages,
        messages / (double) Math.max(1, blocks));
    System.out.printf(
        Locale.ROOT,
        "%-38s %,d at writes, %,d from a wiped disk%n",
        "crashes",
        results.stream().mapToLong(r -> r.faults().crashesAtAnyWrite()).sum(),
        results.stream().mapToLong(r -> r.faults().wipedRestarts()).sum());
    System.out.printf(
        Locale.ROOT,
        "%-38s %,d%n",
        "answers forged or withheld in sync",
        results.stream().mapToLong(r -> r.faults().syncLies()).sum());
    System.out.printf(Locale.ROOT, "%-38s %,d%n", "violations", violations);
    System.out.printf(
        Locale.ROOT,
        "%-38s %,.0f (%d thread%s, wall clock)%n",
        "seeds per hour",
        results.size() * 3_600_000.0 / Math.max(1, wallMillis),
        threads,
        threads == 1 ? "" : "s");
  }

  /**
   * Blocks per simulated second under each election, drawn as bars, and their ratio: results come
   * in pairs, reputation then round-robin, from the same scenarios.
   */
  private void printComparison(List<Simulation.Result> results) {
    long[] blocks = new long[2];
    long[] timeouts = new long[2];
    for (int i = 0; i < results.size(); i++) {
      blocks[i % 2] += results.get(i).blocksCommitted();
      timeouts[i % 2] += results.get(i).timeouts();
    }
    double simulatedSeconds = results.size() / 2 * ticks * SECONDS_PER_TICK;
    double[] rate = {blocks[0] / simulatedSeconds, blocks[1] / simulatedSeconds};
    double top = Math.max(rate[0], Math.max(rate[1], 1e-9));
    String[] names = {"reputation", "round-robin"};
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "blocks per simulated second, the same %d scenarios under each election:%n",
        results.size() / 2);
    for (int e = 0; e < 2; e++) {
      System.out.printf(
          Locale.ROOT,
          "  %-12s %7.2f  %-40s  timeouts sent %,d%n",
          names[e],
          rate[e],
          "#".repeat((int) Math.round(40 * rate[e] / top)),
          timeouts[e]);
    }
    System.out.printf(
        Locale.ROOT,
        "  reputation / round-robin: %.2fx%n",
        rate[1] == 0 ? Double.POSITIVE_INFINITY : rate[0] / rate[1]);
  }

  static long[] parseRange(String text) {
    String[] parts = text.split("\\.\\.", -1);
    try {
      if (parts.length == 2) {
        long from = Long.parseLong(parts[0]);
        long to = Long.parseLong(parts[1]);
        if (from <= to && to - from < SEEDS_MAX) {
          return new long[] {from, to};
        }
      }
    } catch (NumberFormatException e) {
      // Reported below with the expected form.
    }
    throw new UserError(
        "--seeds: expected FROM..TO with FROM <= TO and at most "
            + SEEDS_MAX
            + " seeds, found '"
            + text
            + "'");
  }
}
