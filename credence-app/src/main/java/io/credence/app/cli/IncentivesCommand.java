package io.credence.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.credence.analysis.membership.MembershipValue;
import io.credence.app.config.ConfigException;
import io.credence.app.config.ConsortiumFile;
import io.credence.app.config.NodeConfig;
import io.credence.core.genesis.Genesis;
import io.credence.ledger.chain.Block;
import io.credence.ledger.chain.Receipt;
import io.credence.ledger.store.BlockStore;
import io.credence.node.incentives.FinancingHistory;
import io.credence.node.incentives.IncentiveStatement;
import io.credence.storage.rocksdb.RocksDbStore;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What each member owes and earns, recomputed from a node's stored blocks alone: the fees its
 * transactions owe under the schedule voted on chain, and its share of each month's fees by its
 * validators' signatures in the certificates the month's blocks carry.
 */
@Command(
    name = "incentives",
    description = "Who owes whom for running the consortium, recomputed from the blocks.",
    subcommands = {IncentivesCommand.StatementCommand.class, IncentivesCommand.Membership.class})
public final class IncentivesCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "statement",
      description =
          "A month's statement: fees owed, signatures given, shares earned, and who pays whom."
              + " Reads a stopped node's store.")
  static final class StatementCommand implements Callable<Integer> {
    @Option(
        names = "--home",
        required = true,
        description = "the node's folder, holding node.toml (the node must be stopped)")
    Path home;

    @Option(
        names = "--period",
        paramLabel = "YYYY-MM",
        description = "the calendar month (default: every month of the chain)")
    String period;

    @Option(names = "--json", description = "print the statement as JSON (what verify reads)")
    boolean json;

    @Override
    public Integer call() throws ConfigException, IOException {
      if (period != null && !period.matches("[0-9]{4}-(0[1-9]|1[0-2])")) {
        throw new UserError("--period: expected a month yyyy-mm, found '" + period + "'");
      }
      NodeConfig config = NodeConfig.load(home);
      Genesis genesis = ConsortiumFile.load(config.consortium());
      List<IncentiveStatement.Period> all = statements(config, genesis);
      List<IncentiveStatement.Period> chosen =
          all.stream().filter(p -> period == null || p.period().equals(period)).toList();
      if (period != null && chosen.isEmpty()) {
        throw new UserError(
            "--period: expected a month of the chain ("
                + String.join(", ", all.stream().map(IncentiveStatement.Period::period).toList())
                + "), found '"
                + period
                + "'");
      }
      PrintStream out = System.out;
      if (json) {
        out.println(
            io.credence.api.Json.MAPPER
                .copy()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(period != null ? chosen.get(0) : chosen));
        return 0;
      }
      for (IncentiveStatement.Period p : chosen) {
        print(p, genesis, out);
      }
      return 0;
    }
  }

  /** Every month's statement of the node's stored chain. */
  static List<IncentiveStatement.Period> statements(NodeConfig config, Genesis genesis) {
    if (!Files.isDirectory(config.dataDir())) {
      throw new UserError("data_dir: expected a node's store, found no folder " + config.dataDir());
    }
    try (RocksDbStore kv = RocksDbStore.open(config.dataDir())) {
      return statements(new BlockStore(kv, genesis.suite()), genesis);
    }
  }

  /** Every month's statement of {@code store}'s chain. */
  static List<IncentiveStatement.Period> statements(BlockStore store, Genesis genesis) {
    return IncentiveStatement.of(genesis, blocks(store));
  }

  /** {@code store}'s chain as the statement reads it. */
  static IncentiveStatement.Blocks blocks(BlockStore store) {
    long head = store.head().orElse(0);
    return new IncentiveStatement.Blocks() {
      @Override
      public long head() {
        return head;
      }

      @Override
      public Block block(long height) {
        return store.block(height);
      }

      @Override
      public List<Receipt> receipts(long height) {
        return store.receipts(height);
      }
    };
  }

  @Command(
      name = "membership",
      description =
          "Whether membership pays, member by member, for a month: fees owed less the share"
              + " earned, against what financing on the chain saved a seller or earned a bank."
              + " Reads a stopped node's store.")
  static final class Membership implements Callable<Integer> {
    @Option(
        names = "--home",
        required = true,
        description = "the node's folder, holding node.toml (the node must be stopped)")
    Path home;

    @Option(
        names = "--period",
        paramLabel = "YYYY-MM",
        description = "the calendar month (default: every month of the chain, together)")
    String period;

    @Option(
        names = "--alternative-rate",
        paramLabel = "PERCENT",
        description =
            "what a seller pays for the same money elsewhere, a year (default: scenario A's"
                + " factoring quote, 6.5)")
    BigDecimal alternativePercent;

    @Option(names = "--json", description = "print the answer as JSON")
    boolean json;

    @Override
    public Integer call() throws ConfigException, IOException {
      if (period != null && !period.matches("[0-9]{4}-(0[1-9]|1[0-2])")) {
        throw new UserError("--period: expected a month yyyy-mm, found '" + period + "'");
      }
      BigDecimal rate =
          alternativePercent != null
              ? alternativePercent.movePointLeft(2)
              : scenarioAlternativeRate();
      if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) > 0) {
        throw new UserError(
            "--alternative-rate: expected 0 to 100 (percent a year), found "
                + alternativePercent.toPlainString());
      }
      NodeConfig config = NodeConfig.load(home);
      Genesis genesis = ConsortiumFile.load(config.consortium());
      List<MembershipValue.Line> lines = membership(config, genesis, period, rate);
      PrintStream out = System.out;
      if (json) {
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("period", period == null ? "all" : period);
        answer.put("alternativeRateAnnual", rate.toPlainString());
        answer.put("members", lines);
        out.println(
            io.credence.api.Json.MAPPER
                .copy()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(answer));
        return 0;
      }
      printMembership(lines, genesis, period, rate, out);
      return 0;
    }
  }

  /** What scenario A's supplier pays for the money elsewhere: the 6.5% factoring quote. */
  static BigDecimal scenarioAlternativeRate() {
    try {
      return io.credence.analysis.scenario.ScenarioFile.example("a")
          .borrowerAlternativeRateAnnual()
          .orElseThrow();
    } catch (io.credence.analysis.scenario.ScenarioException e) {
      throw new IllegalStateException("scenario A does not load: " + e.getMessage(), e);
    }
  }

  /**
   * The membership answer of {@code period} (every month when null) from a stopped node's store.
   */
  static List<MembershipValue.Line> membership(
      NodeConfig config, Genesis genesis, String period, BigDecimal rate) {
    if (!Files.isDirectory(config.dataDir())) {
      throw new UserError("data_dir: expected a node's store, found no folder " + config.dataDir());
    }
    List<IncentiveStatement.Period> statements;
    List<FinancingHistory.Financed> financed;
    try (RocksDbStore kv = RocksDbStore.open(config.dataDir())) {
      BlockStore store = new BlockStore(kv, genesis.suite());
      statements = statements(store, genesis);
      financed = FinancingHistory.of(blocks(store));
    }
    if (period != null
        && statements.stream().noneMatch(p -> p.period().equals(period))
        && financed.stream().noneMatch(f -> f.period().equals(period))) {
      throw new UserError(
          "--period: expected a month of the chain ("
              + String.join(
                  ", ", statements.stream().map(IncentiveStatement.Period::period).toList())
              + "), found '"
              + period
              + "'");
    }
    return MembershipValue.of(members(genesis, statements, financed, period), rate);
  }

  /** The membership answer drawn as a table, in yuan. */
  static void printMembership(
      List<MembershipValue.Line> lines,
      Genesis genesis,
      String period,
      BigDecimal rate,
      PrintStream out) {
    Map<String, String> names = new HashMap<>();
    genesis.organisations().forEach(o -> names.put(o.uscc(), o.name()));
    out.printf(
        Locale.ROOT,
        "Does membership pay? %s; a seller's money elsewhere at %s%% a year%n",
        period == null ? "the whole chain" : period,
        rate.movePointRight(2).stripTrailingZeros().toPlainString());
    out.printf(
        Locale.ROOT,
        "  %-30s %14s %14s %9s %15s %7s %14s  %s%n",
        "member",
        "net cost",
        "saved",
        "as seller",
        "discount earned",
        "as bank",
        "gain",
        "pays?");
    for (MembershipValue.Line l : lines) {
      out.printf(
          Locale.ROOT,
          "  %-30s %14s %14s %9d %15s %7d %14s  %s%n",
          label(l.organisation(), names),
          signedYuan(l.netCostFen()),
          signedYuan(l.savedFen()),
          l.financedAsSeller(),
          signedYuan(l.discountIncomeFen()),
          l.financedAsBank(),
          signedYuan(l.gainFen()),
          l.pays() ? "yes" : "no");
    }
    out.println(
        "  net cost: fees owed less the share earned for running validators; saved: what the same"
            + " advances would have cost elsewhere, less the discount paid; other gains (trust,"
            + " speed, fewer disputes) are not counted.");
  }

  /**
   * Each member of {@code period} (every month when null): its fees and share from the statements,
   * its financings from the history; genesis's members first, then any other that appears.
   */
  static List<MembershipValue.Member> members(
      Genesis genesis,
      List<IncentiveStatement.Period> statements,
      List<FinancingHistory.Financed> financed,
      String period) {
    Map<String, long[]> money = new java.util.LinkedHashMap<>();
    Map<String, List<MembershipValue.Financing>> deals = new HashMap<>();
    genesis.organisations().forEach(o -> money.put(o.uscc(), new long[2]));
    for (IncentiveStatement.Period p : statements) {
      if (period == null || p.period().equals(period)) {
        for (IncentiveStatement.Line l : p.lines()) {
          long[] m = money.computeIfAbsent(l.organisation(), k -> new long[2]);
          m[0] += l.feesFen();
          m[1] += l.earnedFen();
        }
      }
    }
    for (FinancingHistory.Financed f : financed) {
      if (period == null || f.period().equals(period)) {
        money.computeIfAbsent(f.seller(), k -> new long[2]);
        money.computeIfAbsent(f.bank(), k -> new long[2]);
        deals
            .computeIfAbsent(f.seller(), k -> new java.util.ArrayList<>())
            .add(
                new MembershipValue.Financing(
                    MembershipValue.Financing.Side.SELLER,
                    f.faceFen(),
                    f.advanceFen(),
                    f.days(),
                    f.writtenOff()));
        deals
            .computeIfAbsent(f.bank(), k -> new java.util.ArrayList<>())
            .add(
                new MembershipValue.Financing(
                    MembershipValue.Financing.Side.BANK,
                    f.faceFen(),
                    f.advanceFen(),
                    f.days(),
                    f.writtenOff()));
      }
    }
    List<MembershipValue.Member> out = new java.util.ArrayList<>();
    money.forEach(
        (org, m) ->
            out.add(
                new MembershipValue.Member(org, m[0], m[1], deals.getOrDefault(org, List.of()))));
    return out;
  }

  private static String signedYuan(long fen) {
    return (fen < 0 ? "-" : "")
        + FinanceCommand.yuan(MembershipValue.yuan(Math.abs(fen)).toPlainString());
  }

  /** A statement drawn as a table, in yuan, with each member's name where genesis gives it. */
  static void print(IncentiveStatement.Period p, Genesis genesis, PrintStream out) {
    Map<String, String> names = new HashMap<>();
    genesis.organisations().forEach(o -> names.put(o.uscc(), o.name()));
    out.printf(
        Locale.ROOT,
        "Incentive statement for %s: fees %s yuan on %d transaction%s; %d validator signatures in"
            + " committed certificates%s%n",
        p.period(),
        FinanceCommand.yuan(fen(p.feesFen())),
        p.transactions(),
        p.transactions() == 1 ? "" : "s",
        p.signatures(),
        p.unassignedSignatures() == 0
            ? ""
            : " (and " + p.unassignedSignatures() + " by validators of no organisation on record)");
    out.printf(
        Locale.ROOT,
        "  %-30s %14s %6s %11s %14s %14s%n",
        "member",
        "fees owed",
        "tx",
        "signatures",
        "share earned",
        "net");
    for (IncentiveStatement.Line l : p.lines()) {
      out.printf(
          Locale.ROOT,
          "  %-30s %14s %6d %11d %14s %14s %s%n",
          label(l.organisation(), names),
          FinanceCommand.yuan(fen(l.feesFen())),
          l.transactions(),
          l.signatures(),
          FinanceCommand.yuan(fen(l.earnedFen())),
          (l.netFen() < 0 ? "-" : "") + FinanceCommand.yuan(fen(Math.abs(l.netFen()))),
          l.netFen() < 0 ? "pays" : l.netFen() > 0 ? "receives" : "");
    }
    if (p.transfers().isEmpty()) {
      out.println("  nobody owes anybody for " + p.period());
    }
    for (IncentiveStatement.Transfer t : p.transfers()) {
      out.printf(
          Locale.ROOT,
          "  %s pays %s %s yuan%n",
          label(t.from(), names),
          label(t.to(), names),
          FinanceCommand.yuan(fen(t.fen())));
    }
  }

  private static String label(String uscc, Map<String, String> names) {
    String name = names.get(uscc);
    return name == null ? uscc : name + " " + uscc.substring(uscc.length() - 4);
  }

  private static String fen(long fen) {
    return String.format(Locale.ROOT, "%d.%02d", fen / 100, fen % 100);
  }

  /**
   * Where the statement {@code claimed} (as {@code incentives statement --period P --json} prints
   * it) differs from {@code recomputed}; empty when they are the same to the fen.
   */
  static Optional<String> difference(JsonNode claimed, List<IncentiveStatement.Period> recomputed) {
    String period = claimed.path("period").asText();
    for (IncentiveStatement.Period p : recomputed) {
      if (p.period().equals(period)) {
        return difference("", claimed, io.credence.api.Json.MAPPER.valueToTree(p));
      }
    }
    return Optional.of("period: expected a month of the chain, found '" + period + "'");
  }

  private static Optional<String> difference(String path, JsonNode claimed, JsonNode actual) {
    if (actual.isObject()) {
      for (Map.Entry<String, JsonNode> f : actual.properties()) {
        Optional<String> d =
            difference(
                path.isEmpty() ? f.getKey() : path + "." + f.getKey(),
                claimed.path(f.getKey()),
                f.getValue());
        if (d.isPresent()) {
          return d;
        }
      }
      return Optional.empty();
    }
    if (actual.isArray()) {
      if (!claimed.isArray() || claimed.size() != actual.size()) {
        return Optional.of(
            path
                + ": expected "
                + actual.size()
                + " entries, found "
                + (claimed.isArray() ? claimed.size() : "none"));
      }
      for (int i = 0; i < actual.size(); i++) {
        Optional<String> d = difference(path + "[" + i + "]", claimed.get(i), actual.get(i));
        if (d.isPresent()) {
          return d;
        }
      }
      return Optional.empty();
    }
    boolean same =
        actual.isNumber()
            ? claimed.isIntegralNumber()
                && actual.bigIntegerValue().equals(claimed.bigIntegerValue())
            : actual.equals(claimed);
    return same
        ? Optional.empty()
        : Optional.of(path + ": the blocks give " + actual + ", the statement says " + claimed);
  }
}
