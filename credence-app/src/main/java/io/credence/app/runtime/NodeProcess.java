package io.credence.app.runtime;

import io.credence.api.ApiServer;
import io.credence.app.config.ConfigException;
import io.credence.app.config.ConsortiumFile;
import io.credence.app.config.KeyFileIo;
import io.credence.app.config.NodeConfig;
import io.credence.core.Hex;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.execution.consensus.ValidatorSetContract;
import io.credence.p2p.network.PeerAddress;
import io.credence.p2p.network.PeerNetwork;
import io.credence.p2p.tls.TlsCertificateFiles;
import io.credence.p2p.tls.TlsIdentity;
import io.credence.storage.rocksdb.RocksDbStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A whole node: configuration, key, RocksDB store, start-up integrity check, replica, event loop
 * and HTTP API. This is the composition root for a node: the only place adapters are constructed.
 */
public final class NodeProcess implements AutoCloseable {
  /**
   * The JVM option under which Java thread priorities become Linux's: a thread at {@link
   * Thread#MIN_PRIORITY} runs at nice 4. The API's and the transport's threads, which check
   * signatures, run so below the event loop (four validators on two cores: its rounds waited behind
   * them for the cores, DECISIONS.md). Lowering a priority needs no privilege.
   */
  public static final String THREAD_PRIORITIES = "-XX:ThreadPriorityPolicy=1";

  private final NodeAssembly.Assembled node;
  private final PeerNetwork network;
  private final ApiServer api;
  private final Genesis genesis;

  private NodeProcess(
      NodeAssembly.Assembled node, PeerNetwork network, ApiServer api, Genesis genesis) {
    this.node = node;
    this.network = network;
    this.api = api;
    this.genesis = genesis;
  }

  /** Whether this JVM was started with {@link #THREAD_PRIORITIES}. */
  public static boolean threadPrioritiesApplied() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().contains(THREAD_PRIORITIES);
  }

  /** Thrown when the store is damaged: the node refuses to start. */
  public static final class DamagedStore extends Exception {
    private static final long serialVersionUID = 1L;

    public DamagedStore(String message) {
      super(message);
    }
  }

  public static NodeProcess start(NodeConfig config, PrintStream out)
      throws ConfigException, DamagedStore, IOException {
    return start(config, false, out);
  }

  /**
   * Starts the node; {@code newChain} allows a solo node whose data folder vanished to start over.
   * A port it cannot listen on is a {@link PortUnavailable}.
   */
  public static NodeProcess start(NodeConfig config, boolean newChain, PrintStream out)
      throws ConfigException, DamagedStore, IOException {
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
    boolean inGenesis =
        genesis.validators().stream().anyMatch(v -> Arrays.equals(v.publicKey(), key.publicKey()))
            || genesis.observers().stream()
                .anyMatch(o -> Arrays.equals(o.publicKey(), key.publicKey()));
    boolean solo = genesis.validators().size() == 1 && genesis.observers().isEmpty();
    if (!inGenesis && solo) {
      throw new ConfigException(
          config.keyFile()
              + ": key "
              + Hex.of(key.publicKey())
              + " is not the validator of the solo chain in "
              + config.consortium());
    }
    if (!solo && config.p2p() == null) {
      throw new ConfigException(
          config.home().resolve(NodeConfig.FILE_NAME)
              + ": p2p: expected a [p2p] section (this consortium has "
              + genesis.validators().size()
              + " validators and "
              + genesis.observers().size()
              + " observers), found none");
    }
    if (solo) {
      NodeAssembly.Assembled node =
          NodeAssembly.assemble(
              genesis,
              key,
              RocksDbStore.open(config.dataDir()),
              config,
              newChain,
              (to, message) -> {},
              out);
      return serve(config, genesis, node, null, java.util.Map::of);
    }
    TlsIdentity identity = tlsIdentity(config, key);
    List<PeerAddress> peers = new ArrayList<>();
    for (String peer : config.p2p().peers()) {
      int colon = peer.lastIndexOf(':');
      peers.add(
          PeerAddress.anyKey(
              peer.substring(0, colon), Integer.parseInt(peer.substring(colon + 1))));
    }
    PeerLink link = new PeerLink();
    NodeAssembly.Assembled node =
        NodeAssembly.assemble(
            genesis, key, RocksDbStore.open(config.dataDir()), config, newChain, link, out);
    List<byte[]> members = membersAtHead(node.runner());
    if (members.stream().noneMatch(m -> Arrays.equals(m, key.publicKey()))) {
      out.println(
          "node key "
              + Hex.of(key.publicKey())
              + " is neither a validator nor an observer at height "
              + node.runner().head().height()
              + ": its peers admit it once the consortium votes it in ('credence gov propose"
              + " observers' or 'validators'); until then it waits for them");
    }
    List<X509Certificate> authorities = authoritiesAtHead(node.runner(), out);
    if (authorities.isEmpty()) {
      node.close();
      throw new ConfigException(
          config.consortium()
              + ": organisations: expected at least one tls_ca_certificate to admit peers by,"
              + " found none usable");
    }
    PeerNetwork network;
    try {
      network =
          PeerNetwork.start(
              identity,
              authorities,
              new InetSocketAddress(config.p2p().host(), config.p2p().port()),
              peers,
              members,
              link,
              PeerNetwork.Config.DEFAULTS);
    } catch (IOException | RuntimeException e) {
      node.close();
      throw PortUnavailable.listening(
          e,
          "p2p port",
          config.p2p().host(),
          config.p2p().port(),
          config.home().resolve(NodeConfig.FILE_NAME) + " [p2p] port");
    }
    link.attach(network, node.runner());
    node.runner().connectedPeers(() -> network.connectedPeers().size());
    // The transport admits the validators of the current epoch and the observers in force: when
    // a committed block changes either set, a node removed is disconnected and one voted in
    // admitted. (Read again once the listener is on: a block may have committed meanwhile.)
    // The organisation CAs it trusts are those on record too: a member's CA voted in (a new
    // member's, or a rotation) admits its nodes; a removed member's nodes are cut off. The loop's
    // listener and this thread's first read may race: each applies the sets of one height, and a
    // lower height never replaces a higher one.
    TransportSets sets = new TransportSets(network);
    node.runner()
        .addListener(
            committed -> {
              try {
                long height = committed.block().header().height();
                sets.apply(
                    height,
                    node.runner().currentMembers(),
                    changesTlsCas(committed) ? authoritiesAtHead(node.runner(), out) : null);
              } catch (RuntimeException e) {
                // Refreshing the transport must never stop consensus: say so and go on.
                out.println(
                    "transport sets at height "
                        + committed.block().header().height()
                        + " not refreshed: "
                        + e);
              }
            });
    // Read again now the listener is on: a block committed since the first read, before the
    // listener, would otherwise go unapplied. (Twice at start-up, by design.)
    long height = node.runner().reader().head().height();
    sets.apply(height, membersAtHead(node.runner()), authoritiesAtHead(node.runner(), out));
    return serve(config, genesis, node, network, link::drops);
  }

  private static NodeProcess serve(
      NodeConfig config,
      Genesis genesis,
      NodeAssembly.Assembled node,
      PeerNetwork network,
      java.util.function.Supplier<java.util.Map<String, Long>> drops)
      throws IOException {
    try {
      NodeMetrics metrics = new NodeMetrics(node.runner(), drops);
      ApiServer api =
          new ApiServer(node.runner(), metrics::scrape).start(config.apiHost(), config.apiPort());
      metrics.eventStreams(api.eventStreams());
      return new NodeProcess(node, network, api, genesis);
    } catch (IOException | RuntimeException e) {
      if (network != null) {
        network.close();
      }
      node.close();
      if (e instanceof IOException) {
        throw PortUnavailable.listening(
            e,
            "API port",
            config.apiHost(),
            config.apiPort(),
            config.home().resolve(NodeConfig.FILE_NAME) + " [api] port");
      }
      throw e;
    }
  }

  /** The validators and observers in force at the committed head, read from its state. */
  private static List<byte[]> membersAtHead(NodeRunner runner) {
    io.credence.execution.ContractState state =
        runner.reader().state(runner.reader().head().height());
    List<byte[]> keys = new ArrayList<>(ValidatorSetContract.validators(state));
    for (byte[] o : ValidatorSetContract.observers(state)) {
      if (keys.stream().noneMatch(k -> Arrays.equals(k, o))) {
        keys.add(o);
      }
    }
    return keys;
  }

  private static TlsIdentity tlsIdentity(NodeConfig config, KeyPair key) throws ConfigException {
    Path file = config.p2p().tlsCertificate();
    List<X509Certificate> chain;
    try {
      chain = TlsCertificateFiles.fromPem(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | CertificateException e) {
      throw new ConfigException(file + ": expected a PEM certificate chain, " + e.getMessage());
    }
    KeyPair tlsKey =
        config.p2p().tlsKey() == null
            ? key
            : KeyFileIo.read(config.p2p().tlsKey(), config.passphraseFile());
    try {
      return new TlsIdentity(key, tlsKey, chain);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(file + ": " + e.getMessage());
    }
  }

  private static boolean changesTlsCas(io.credence.ledger.store.BlockStore.Committed committed) {
    for (var receipt : committed.receipts()) {
      for (var event : receipt.events()) {
        if (event.contract().equals(ValidatorSetContract.NAME)
            && event.name().equals(ValidatorSetContract.TLS_CA_CHANGED)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The organisation CA certificates on record at the committed head (genesis's at first), each
   * checked alone: one the transport cannot use is left out and named, never the others.
   */
  private static List<X509Certificate> authoritiesAtHead(NodeRunner runner, PrintStream out) {
    io.credence.execution.ContractState state =
        runner.reader().state(runner.reader().head().height());
    List<X509Certificate> usable = new ArrayList<>();
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
    }
    ValidatorSetContract.tlsCas(state)
        .forEach(
            (uscc, certificates) -> {
              for (byte[] der : certificates) {
                try {
                  X509Certificate c =
                      (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
                  new io.credence.p2p.tls.TrustAnchors(List.of(c));
                  usable.add(c);
                } catch (CertificateException | IllegalArgumentException e) {
                  out.println(
                      "TLS CA of "
                          + uscc
                          + " on record is not usable, its nodes are not trusted: "
                          + e.getMessage());
                }
              }
            });
    return usable;
  }

  /** The transport's allowed keys and trusted CAs, applied height by height, never backwards. */
  private static final class TransportSets {
    private final PeerNetwork network;
    private long members = -1;
    private long authorities = -1;

    TransportSets(PeerNetwork network) {
      this.network = network;
    }

    /** {@code cas} null: unchanged at this height. */
    synchronized void apply(long height, List<byte[]> keys, List<X509Certificate> cas) {
      if (height >= members) {
        members = height;
        network.setAllowedPeers(keys);
      }
      if (cas != null && height >= authorities && !cas.isEmpty()) {
        authorities = height;
        network.setAuthorities(cas);
      }
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
    if (network != null) {
      network.close();
    }
    node.close();
  }
}
