package io.credence.app.runtime;

import io.credence.api.ApiServer;
import io.credence.app.config.ConfigException;
import io.credence.app.config.ConsortiumFile;
import io.credence.app.config.KeyFileIo;
import io.credence.app.config.NodeConfig;
import io.credence.core.Hex;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.storage.rocksdb.RocksDbStore;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * A whole node: configuration, key, RocksDB store, start-up integrity check, replica, event loop
 * and HTTP API. This is the composition root for a node: the only place adapters are constructed.
 */
public final class NodeProcess implements AutoCloseable {
  private final NodeAssembly.Assembled node;
  private final ApiServer api;
  private final Genesis genesis;

  private NodeProcess(NodeAssembly.Assembled node, ApiServer api, Genesis genesis) {
    this.node = node;
    this.api = api;
    this.genesis = genesis;
  }

  /** Thrown when the store is damaged: the node refuses to start. */
  public static final class DamagedStore extends Exception {
    private static final long serialVersionUID = 1L;

    public DamagedStore(String message) {
      super(message);
    }
  }

  public static NodeProcess start(NodeConfig config, PrintStream out)
      throws ConfigException, DamagedStore {
    return start(config, false, out);
  }

  /**
   * Starts the node; {@code newChain} allows a solo node whose data folder vanished to start over.
   */
  public static NodeProcess start(NodeConfig config, boolean newChain, PrintStream out)
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
              + "; run several validators with 'credence cluster --dir CONSORTIUM_DIR'");
    }
    NodeAssembly.Assembled node =
        NodeAssembly.assemble(
            genesis,
            key,
            RocksDbStore.open(config.dataDir()),
            config.home(),
            newChain,
            (to, message) -> {},
            out);
    try {
      NodeMetrics metrics = new NodeMetrics(node.runner(), java.util.Map::of);
      ApiServer api =
          new ApiServer(node.runner(), metrics::scrape).start(config.apiHost(), config.apiPort());
      return new NodeProcess(node, api, genesis);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  public int apiPort() {
    return api.port();
  }

  public NodeRunner runner() {
    return node.runner();
  }

  public Genesis genesis() {
    return genesis;
  }

  @Override
  public void close() {
    api.close();
    node.close();
  }
}
