package io.credence.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * One node's configuration, {@code node.toml} in the node's home folder. Paths are relative to the
 * home folder.
 */
public record NodeConfig(
    Path home,
    Path consortium,
    Path dataDir,
    Path keyFile,
    Path passphraseFile,
    String apiHost,
    int apiPort,
    P2p p2p,
    long clockOffsetDays) {
  public static final String FILE_NAME = "node.toml";

  /** The furthest a development node's clock may be set ahead. */
  public static final long CLOCK_OFFSET_DAYS_MAX = 3_660;

  public static final int PEERS_MAX = 256;
  private static final Set<String> TOP =
      Set.of("consortium", "data_dir", "key_file", "passphrase_file", "api", "p2p", "development");
  private static final Set<String> DEVELOPMENT = Set.of("clock_offset_days");
  private static final Set<String> API = Set.of("host", "port");
  private static final Set<String> P2P =
      Set.of("host", "port", "peers", "tls_certificate", "tls_key");

  /**
   * The node's transport: where it listens, whom it dials ("host:port"), its TLS certificate chain
   * (node certificate, then its organisation's CA) and, when the TLS key is not the node key (the
   * national suite), the TLS key file. Absent for a solo node.
   */
  public record P2p(
      String host, int port, java.util.List<String> peers, Path tlsCertificate, Path tlsKey) {
    public P2p {
      peers = java.util.List.copyOf(peers);
    }
  }

  public static NodeConfig load(Path home) throws ConfigException {
    Path file = home.resolve(FILE_NAME);
    TomlFields toml = new TomlFields(file);
    JsonNode root = toml.read();
    toml.rejectUnknown(root, "", TOP);
    Path consortium = home.resolve(toml.string(root, "", "consortium")).normalize();
    Path data = home.resolve(toml.string(root, "", "data_dir")).normalize();
    Path key = home.resolve(toml.string(root, "", "key_file")).normalize();
    Path passphrase =
        root.has("passphrase_file")
            ? home.resolve(toml.string(root, "", "passphrase_file")).normalize()
            : null;
    JsonNode api = toml.table(root, "api");
    String host = "127.0.0.1";
    int port = 8645;
    if (api != null) {
      toml.rejectUnknown(api, "api", API);
      host = api.has("host") ? toml.string(api, "api", "host") : host;
      port = (int) toml.number(api, "api", "port", port, 0, 65535);
    }
    P2p p2p = null;
    JsonNode net = toml.table(root, "p2p");
    if (net != null) {
      toml.rejectUnknown(net, "p2p", P2P);
      String p2pHost = net.has("host") ? toml.string(net, "p2p", "host") : "127.0.0.1";
      int p2pPort = (int) toml.number(net, "p2p", "port", -1, 0, 65535);
      if (p2pPort < 0) {
        throw toml.error("p2p.port", "a port number 0-65535", "nothing");
      }
      java.util.List<String> peers = new java.util.ArrayList<>();
      JsonNode list = net.get("peers");
      if (list != null) {
        if (!list.isArray() || list.size() > PEERS_MAX) {
          throw toml.error(
              "p2p.peers",
              "a list of at most " + PEERS_MAX + " \"host:port\" strings",
              list.toString());
        }
        for (JsonNode peer : list) {
          if (!peer.isTextual()
              || !peer.asText().matches("[A-Za-z0-9.\\-]+:[0-9]{1,5}")
              || !isPort(peer.asText().substring(peer.asText().lastIndexOf(':') + 1))) {
            throw toml.error("p2p.peers", "\"host:port\" with a port 1-65535", peer.toString());
          }
          peers.add(peer.asText());
        }
      }
      Path cert = home.resolve(toml.string(net, "p2p", "tls_certificate")).normalize();
      Path tlsKey =
          net.has("tls_key") ? home.resolve(toml.string(net, "p2p", "tls_key")).normalize() : null;
      p2p = new P2p(p2pHost, p2pPort, peers, cert, tlsKey);
    }
    long offset = 0;
    JsonNode development = toml.table(root, "development");
    if (development != null) {
      toml.rejectUnknown(development, "development", DEVELOPMENT);
      offset =
          toml.number(development, "development", "clock_offset_days", 0, 0, CLOCK_OFFSET_DAYS_MAX);
    }
    return new NodeConfig(home, consortium, data, key, passphrase, host, port, p2p, offset);
  }

  private static boolean isPort(String digits) {
    int port = Integer.parseInt(digits);
    return port >= 1 && port <= 65_535;
  }

  public static void write(Path home, String consortium, String keyFile, int apiPort)
      throws IOException {
    write(home, consortium, keyFile, apiPort, null);
  }

  /** Writes a node.toml; {@code p2p} (paths relative to the home folder) may be null (solo). */
  public static void write(Path home, String consortium, String keyFile, int apiPort, P2p p2p)
      throws IOException {
    String text =
        "# Credence node configuration. Paths are relative to this folder.\n"
            + "consortium = \""
            + consortium
            + "\"\n"
            + "data_dir = \"data\"\n"
            + "# The validator's private key (PEM, PKCS#8). An encrypted key needs passphrase_file\n"
            + "# or the CREDENCE_PASSPHRASE environment variable.\n"
            + "key_file = \""
            + keyFile
            + "\"\n\n"
            + "[api]\n"
            + "host = \"127.0.0.1\"\n"
            + "port = "
            + apiPort
            + "\n";
    if (p2p != null) {
      StringBuilder peers = new StringBuilder();
      for (String peer : p2p.peers()) {
        peers.append(peers.length() == 0 ? "" : ", ").append('"').append(peer).append('"');
      }
      text +=
          "\n# The transport: TLS 1.3, both sides proving their node key by a certificate of"
              + " their\n# organisation's CA (listed in the consortium file).\n[p2p]\n"
              + "host = \""
              + p2p.host()
              + "\"\nport = "
              + p2p.port()
              + "\npeers = ["
              + peers
              + "]\ntls_certificate = \""
              + p2p.tlsCertificate()
              + "\"\n"
              + (p2p.tlsKey() == null ? "" : "tls_key = \"" + p2p.tlsKey() + "\"\n");
    }
    Files.writeString(home.resolve(FILE_NAME), text);
  }
}
