package io.credence.app.runtime;

import io.credence.app.config.ConfigException;
import io.credence.app.config.NodeConfig;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.ledger.audit.ChainAudit;
import io.credence.ledger.store.BlockStore;
import io.credence.ledger.store.KeyValueStore;
import io.credence.node.Replica;
import io.credence.node.bft.ConsensusVotes;
import io.credence.node.bft.StoredConsensus;
import io.credence.node.execution.Executor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Assembles one node the same way wherever it runs (a node process, the in-process cluster): the
 * start-up integrity check of its store, the guard against silently starting a new chain, the
 * replica with its consensus storage beside the ledger, and the loop that runs it. Adapters (the
 * store, the network) are the caller's.
 */
public final class NodeAssembly {
  /** The marker in a node's home folder that names the chain its data folder holds. */
  public static final String CHAIN_MARKER = "chain-id";

  private NodeAssembly() {}

  /**
   * A node's limits and timings: the replica's defaults. (A 3 s round timeout was tried against
   * timeouts under load; it made a network's first commits after start-up take over 10 s, as the
   * back-off doubles from the longer base while nodes come up one by one, and it showed no measured
   * gain, so the consensus defaults stay.)
   */
  public static final Replica.Config NODE_CONFIG = Replica.Config.DEFAULTS;

  /** A running node: its loop and the storage it owns. */
  public record Assembled(KeyValueStore storage, NodeRunner runner) implements AutoCloseable {
    @Override
    public void close() {
      runner.close();
      storage.close();
    }
  }

  /** A chain in words: "chain credence-dev of 1 validator (solo, genesis 3f9a…)". */
  static String describe(Genesis genesis) {
    int validators = genesis.validators().size();
    int observers = genesis.observers().size();
    return "chain "
        + genesis.chainId()
        + " of "
        + validators
        + (validators == 1 ? " validator" : " validators")
        + (observers == 0
            ? ""
            : " and " + observers + (observers == 1 ? " observer" : " observers"))
        + (validators == 1 && observers == 0 ? " (solo, genesis " : " (genesis ")
        + genesis.hash().abbreviated()
        + ")";
  }

  /**
   * Checks {@code kv}, the store in {@code config}'s data folder, and starts the replica on it; the
   * node's home folder holds the chain marker. A store that is empty while the marker says this
   * node already kept the chain is refused for a solo node (its blocks exist nowhere else) unless
   * {@code newChain}; a validator or observer among several says so and catches up from its peers.
   * {@code kv} is closed if anything fails.
   */
  public static Assembled assemble(
      Genesis genesis,
      KeyPair key,
      KeyValueStore kv,
      NodeConfig config,
      boolean newChain,
      Replica.Network network,
      PrintStream out)
      throws ConfigException, NodeProcess.DamagedStore {
    Path home = config.home();
    try {
      BlockStore store = new BlockStore(kv, genesis.suite());
      // A store made for another consortium (a solo node's data folder opened by a cluster, or the
      // reverse) is not damaged, and the integrity check below would call it so.
      Optional<Genesis> kept = store.genesis();
      if (kept.isPresent() && !kept.get().hash().equals(genesis.hash())) {
        throw new ConfigException(
            "data folder "
                + config.dataDir()
                + " of node "
                + home
                + ": expected "
                + describe(genesis)
                + " of "
                + config.consortium()
                + ", found "
                + describe(kept.get()));
      }
      Optional<String> format = store.formatProblem();
      if (format.isPresent()) {
        throw new ConfigException("data folder " + config.dataDir() + ": " + format.get());
      }
      Path marker = home.resolve(CHAIN_MARKER);
      String chain = genesis.chainId() + " " + genesis.hash().hex();
      if (store.head().isEmpty() && Files.exists(marker)) {
        if (genesis.validators().size() == 1 && !newChain) {
          throw new ConfigException(
              "data folder of "
                  + home
                  + " is empty, but this node kept chain "
                  + genesis.chainId()
                  + " before ("
                  + marker
                  + "); a solo node's blocks exist nowhere else. Restore the data folder, or start"
                  + " a new chain with --new-chain");
        }
        if (genesis.validators().size() > 1) {
          out.println(
              "data folder of "
                  + home
                  + " is empty, but this node belongs to chain "
                  + genesis.chainId()
                  + ": starting from genesis and catching up from its peers");
        }
      } else if (store.head().isPresent()) {
        Progress progress =
            new Progress(out, "checking " + home.getFileName(), store.head().getAsLong() + 1);
        ChainAudit.Report report =
            new ChainAudit(
                    store, genesis, new Executor(genesis), new ConsensusVotes(genesis.suite()))
                .run(ChainAudit.Depth.INTEGRITY, progress::update);
        progress.finish();
        if (!report.isOk()) {
          throw new NodeProcess.DamagedStore(
              "store of "
                  + home
                  + " is damaged at "
                  + report.problem()
                  + "; the node will not start. Run 'credence verify --home "
                  + home
                  + "' for a full audit.");
        }
      }
      Replica replica =
          Replica.open(
              genesis,
              kv,
              new StoredConsensus(kv),
              key.suite().signer(key.privateKey(), new SecureRandom()),
              network,
              NODE_CONFIG);
      try {
        Files.writeString(marker, chain + "\n", StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("writing " + marker, e);
      }
      long offsetMillis = config.clockOffsetDays() * 86_400_000L;
      if (offsetMillis > 0) {
        out.println(
            "DEVELOPMENT: "
                + home.getFileName()
                + "'s clock runs "
                + config.clockOffsetDays()
                + " days ahead ([development] clock_offset_days in node.toml); its blocks carry"
                + " those dates");
      }
      return new Assembled(
          kv, new NodeRunner(replica, () -> System.currentTimeMillis() + offsetMillis));
    } catch (ConfigException | NodeProcess.DamagedStore | RuntimeException e) {
      kv.close();
      throw e;
    }
  }
}
