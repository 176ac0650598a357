package io.credence.app.cli;

import io.credence.app.config.ConfigException;
import io.credence.app.config.ConsortiumFile;
import io.credence.app.config.NodeConfig;
import io.credence.app.runtime.Progress;
import io.credence.core.genesis.Genesis;
import io.credence.ledger.audit.ChainAudit;
import io.credence.ledger.store.BlockStore;
import io.credence.node.bft.ConsensusVotes;
import io.credence.node.execution.Executor;
import io.credence.storage.rocksdb.RocksDbStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The offline audit: every hash link, transaction signature and block commit seal, and a replay of
 * every block from genesis that recomputes each state root. Exit 0 when the chain is sound, 1
 * naming the first bad height otherwise.
 */
@Command(
    name = "verify",
    description = "Audit a node's chain offline, replaying every block from genesis.")
public final class VerifyCommand implements Callable<Integer> {
  @Option(
      names = "--home",
      required = true,
      description = "the node's folder, holding node.toml (the node must be stopped)")
  Path home;

  @Option(
      names = "--statement",
      paramLabel = "FILE",
      description =
          "also check an incentive statement (as incentives statement --period P --json prints"
              + " it) against the one the blocks give")
  Path statement;

  @Override
  public Integer call() throws ConfigException {
    return verify(home, statement, System.out);
  }

  static int verify(Path home, PrintStream out) throws ConfigException {
    return verify(home, null, out);
  }

  static int verify(Path home, Path statement, PrintStream out) throws ConfigException {
    com.fasterxml.jackson.databind.JsonNode claimed = null;
    if (statement != null) {
      try {
        claimed = io.credence.api.Json.MAPPER.readTree(Files.readString(statement));
      } catch (java.io.IOException e) {
        throw new UserError("--statement: expected a statement in JSON, found: " + e.getMessage());
      }
    }
    NodeConfig config = NodeConfig.load(home);
    Genesis genesis = ConsortiumFile.load(config.consortium());
    if (!Files.isDirectory(config.dataDir())) {
      throw new UserError("data_dir: expected a node's store, found no folder " + config.dataDir());
    }
    try (RocksDbStore kv = RocksDbStore.open(config.dataDir())) {
      BlockStore store = new BlockStore(kv, genesis.suite());
      Optional<String> format = store.formatProblem();
      if (format.isPresent()) {
        throw new UserError("data_dir " + config.dataDir() + ": " + format.get());
      }
      long blocks = store.head().orElse(-1) + 1;
      Progress progress = new Progress(out, "verifying", blocks);
      ChainAudit.Report report =
          new ChainAudit(store, genesis, new Executor(genesis), new ConsensusVotes(genesis.suite()))
              .run(ChainAudit.Depth.FULL, progress::update);
      progress.finish();
      if (report.isOk()) {
        // The listings index beside the store: rebuilt from the blocks and compared entry by
        // entry. A node brings a missing tail up to date when it starts; verify reports it.
        Optional<String> index =
            io.credence.node.index.EventIndex.verify(store, kv, genesis.suite(), h -> {});
        if (index.isPresent()) {
          out.printf(
              "verify: FAILED: the listings index is not what the blocks give: %s%n", index.get());
          return 1;
        }
        // The fees the executor accrued, against the statement recomputed from the blocks alone.
        var statements = IncentivesCommand.statements(store, genesis);
        var state =
            io.credence.node.execution.StateOverlay.over(
                new io.credence.ledger.state.StateTree(genesis.suite(), store),
                store.header(report.head()).stateRoot());
        Optional<String> fees =
            io.credence.node.incentives.IncentiveStatement.mismatch(statements, state);
        if (fees.isPresent()) {
          out.printf(
              "verify: FAILED: the incentives are not what the blocks give: %s%n", fees.get());
          return 1;
        }
        if (claimed != null) {
          Optional<String> d = IncentivesCommand.difference(claimed, statements);
          if (d.isPresent()) {
            out.printf("verify: FAILED: the statement %s differs: %s%n", statement, d.get());
            return 1;
          }
        }
        out.printf(
            "verify: OK. %s blocks (0 to %s) of chain %s: hash links, signatures, commit seals, every state root replayed from genesis, the listings index, and the fees owed%s.%n",
            Long.toUnsignedString(report.head() + 1),
            Long.toUnsignedString(report.head()),
            genesis.chainId(),
            claimed == null ? "" : " and the statement " + statement);
        return 0;
      }
      out.printf(
          "verify: FAILED at height %s: %s%n",
          Long.toUnsignedString(report.badHeight()), report.problem());
      return 1;
    }
  }
}
