package io.credence.app.runtime;

import io.credence.api.ApiServer;
import io.credence.app.config.ConfigException;
import io.credence.app.config.ConsortiumFile;
import io.credence.app.config.KeyFileIo;
import io.credence.app.config.NodeConfig;
import io.credence.core.Hex;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.ledger.audit.ChainAudit;
import io.credence.ledger.store.BlockStore;
import io.credence.node.Replica;
import io.credence.node.SoloProduction;
import io.credence.node.bft.ConsensusVotes;
import io.credence.node.execution.Executor;
import io.credence.storage.rocksdb.RocksDbStore;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A whole node: configuration, key, RocksDB store, start-up integrity check, replica, event loop
 * and HTTP API. This is the composition root for a node: the only place adapters are constructed.
 */
public final class NodeProcess implements AutoCloseable {
  private final RocksDbStore kv;
  private final NodeRunner runner;
  private final ApiServer api;
  private final Genesis genesis;

  private NodeProcess(RocksDbStore kv, NodeRunner runner, ApiServer api, Genesis genesis) {
    this.kv = kv;
    this.runner = runner;
    this.api = api;
    this.genesis = genesis;
  }

  /** Thrown when the store is damaged: the node refuses to start. */
  public static final class DamagedStore extends Exception {
    private static final long serialVersionUID = 1L;

    DamagedStore(String message) {
      super(message);
    }
  }

  public static NodeProcess start(NodeConfig config, PrintStream out)
      throws ConfigException, DamagedStore {
    Genesis genesis = ConsortiumFile.load(config.consortium());
    KeyPair key = KeyFileIo.read(config.keyFile(), config.passphraseFile());
    if (key.suite() != genesis.suite()) {
      throw new ConfigException(
          config.keyFile()
              + ": expected a "
              + genesis.suite().name()
              + " key, found a "
              + key.suite().name()
              + " key");
    }
    boolean isValidator =
        genesis.validators().stream().anyMatch(v -> Arrays.equals(v.publicKey(), key.publicKey()));
    if (!isValidator) {
      throw new ConfigException(
          config.keyFile()
              + ": key "
              + Hex.of(key.publicKey())
              + " is not a validator in "
              + config.consortium());
    }
    if (genesis.validators().size() != 1) {
      throw new ConfigException(
          config.consortium()
              + ": validators: solo mode needs exactly 1 validator, found "
              + genesis.validators().size()
              + "; run several validators with 'credence cluster --dir CONSORTIUM_DIR' (BFT, all in one process until the network transport lands)");
    }
    RocksDbStore kv = RocksDbStore.open(config.dataDir());
    try {
      BlockStore store = new BlockStore(kv, genesis.suite());
      if (store.head().isPresent()) {
        Progress progress = new Progress(out, "checking store", store.head().getAsLong() + 1);
        ChainAudit.Report report =
            new ChainAudit(
                    store, genesis, new Executor(genesis), new ConsensusVotes(genesis.suite()))
                .run(ChainAudit.Depth.INTEGRITY, progress::update);
        progress.finish();
        if (!report.isOk()) {
          throw new DamagedStore(
              "store "
                  + config.dataDir()
                  + " is damaged at "
                  + report.problem()
                  + "; the node will not start. Run 'credence verify --home "
                  + config.home()
                  + "' for a full audit.");
        }
      }
      Replica replica =
          Replica.open(
              genesis,
              store,
              new SoloProduction(
                  genesis.suite(),
                  key.suite().signer(key.privateKey(), new SecureRandom()),
                  genesis.parameters()));
      NodeRunner runner = new NodeRunner(replica);
      ApiServer api = new ApiServer(runner).start(config.apiHost(), config.apiPort());
      return new NodeProcess(kv, runner, api, genesis);
    } catch (RuntimeException | DamagedStore e) {
      kv.close();
      throw e;
    }
  }

  public int apiPort() {
    return api.port();
  }

  public NodeRunner runner() {
    return runner;
  }

  public Genesis genesis() {
    return genesis;
  }

  @Override
  public void close() {
    api.close();
    runner.close();
    kv.close();
  }
}
