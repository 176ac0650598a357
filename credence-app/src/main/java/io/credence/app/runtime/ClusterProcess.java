package io.credence.app.runtime;

import io.credence.api.ApiServer;
import io.credence.app.config.ConfigException;
import io.credence.app.config.ConsortiumFile;
import io.credence.app.config.KeyFileIo;
import io.credence.app.config.NodeConfig;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.ledger.chain.BlockHeader;
import io.credence.node.message.NodeMessage;
import io.credence.storage.rocksdb.RocksDbStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every validator of a consortium in one process, each the one replica on its own loop thread, key
 * and RocksDB store, talking over an in-process network (every message encoded and decoded, as the
 * transport would): for tests and quick local trials. node-1's HTTP API serves the cluster; what is
 * submitted there reaches the others by gossip.
 */
public final class ClusterProcess implements AutoCloseable {
  private final Genesis genesis;
  private final List<NodeAssembly.Assembled> nodes = new ArrayList<>();
  private final Map<ByteBuffer, NodeRunner> byKey = new ConcurrentHashMap<>();
  private ApiServer api;

  private ClusterProcess(Genesis genesis) {
    this.genesis = genesis;
  }

  /**
   * Opens every validator's store under {@code dir/nodes/node-i} and starts them and the API; an
   * API port it cannot listen on is a {@link PortUnavailable}.
   */
  public static ClusterProcess start(Path dir, PrintStream out)
      throws ConfigException, NodeProcess.DamagedStore, IOException {
    Genesis genesis = ConsortiumFile.load(dir.resolve(ConsortiumFile.FILE_NAME));
    ClusterProcess cluster = new ClusterProcess(genesis);
    NodeConfig first = null;
    try {
      for (int i = 0; i < genesis.validators().size(); i++) {
        NodeConfig config = NodeConfig.load(dir.resolve("nodes").resolve("node-" + (i + 1)));
        first = first == null ? config : first;
        KeyPair key = KeyFileIo.read(config.keyFile(), config.passphraseFile());
        if (!Arrays.equals(key.publicKey(), genesis.validators().get(i).publicKey())) {
          throw new ConfigException(
              config.keyFile()
                  + ": expected the key of validator "
                  + (i + 1)
                  + " in the consortium file, found another");
        }
        byte[] self = key.publicKey();
        NodeAssembly.Assembled node =
            NodeAssembly.assemble(
                genesis,
                key,
                RocksDbStore.open(config.dataDir()),
                config,
                false,
                (to, message) -> cluster.send(self, to, message),
                out);
        cluster.nodes.add(node);
        cluster.byKey.put(ByteBuffer.wrap(self), node.runner());
      }
    } catch (ConfigException | NodeProcess.DamagedStore | RuntimeException e) {
      cluster.close();
      throw e;
    }
    int peers = cluster.nodes.size() - 1;
    cluster.nodes.forEach(n -> n.runner().connectedPeers(() -> peers));
    try {
      cluster.api = new ApiServer(cluster.runner()).start(first.apiHost(), first.apiPort());
    } catch (IOException e) {
      cluster.close();
      throw PortUnavailable.listening(
          e,
          "API port",
          first.apiHost(),
          first.apiPort(),
          first.home().resolve(NodeConfig.FILE_NAME) + " [api] port");
    }
    return cluster;
  }

  private void send(byte[] from, byte[] to, NodeMessage message) {
    NodeRunner target = byKey.get(ByteBuffer.wrap(to));
    if (target != null) {
      target.deliver(from, NodeMessage.CODEC.decode(NodeMessage.CODEC.encode(message)));
    }
  }

  /** node-1's runner, which the API serves. */
  public NodeRunner runner() {
    return nodes.get(0).runner();
  }

  public CompletableFuture<Void> stopped() {
    return CompletableFuture.anyOf(
            nodes.stream().map(n -> n.runner().stopped()).toArray(CompletableFuture[]::new))
        .thenApply(x -> null);
  }

  public int apiPort() {
    return api.port();
  }

  public int validators() {
    return nodes.size();
  }

  public Genesis genesis() {
    return genesis;
  }

  public BlockHeader head() {
    return runner().head();
  }

  @Override
  public void close() {
    if (api != null) {
      api.close();
    }
    nodes.forEach(NodeAssembly.Assembled::close);
  }
}
