package io.credence.app.cli;

import io.credence.app.config.ConfigException;
import io.credence.app.config.ConsortiumFile;
import io.credence.app.config.KeyFileIo;
import io.credence.app.config.NodeConfig;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.Ed25519Suite;
import io.credence.core.crypto.KeyFiles;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.OrganisationRole;
import io.credence.core.genesis.Parameters;
import io.credence.core.genesis.Uscc;
import io.credence.p2p.tls.CertificateAuthority;
import io.credence.p2p.tls.TlsCertificateFiles;
import io.credence.p2p.tls.TlsIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes a development consortium: keys, the consortium file and one node folder per validator. */
@Command(
    name = "init",
    description = "Create a development consortium: organisations, keys, genesis, node configs.")
public final class InitCommand implements Callable<Integer> {
  static final int ORGS_MAX = 64;
  static final int VALIDATORS_MAX = 16;
  static final int PORT_MAX = 65_535;
  static final String CA_FILE = "tls-ca.pem";
  static final String CA_KEY_FILE = "tls-ca-key.pem";

  /**
   * Roles given to generated organisations, in order: the first is the core enterprise; the fifth,
   * a second supplier, lets the demo's tier-1 supplier pass a piece upstream.
   */
  static final OrganisationRole[] ROLES = {
    OrganisationRole.CORE_ENTERPRISE,
    OrganisationRole.SUPPLIER,
    OrganisationRole.BANK,
    OrganisationRole.CLEARING,
    OrganisationRole.SUPPLIER,
    OrganisationRole.REGULATOR,
    OrganisationRole.AUDITOR,
    OrganisationRole.LOGISTICS
  };

  @Option(names = "--orgs", required = true, description = "number of organisations (1-64)")
  @Range(min = 1, max = ORGS_MAX)
  int orgs;

  @Option(
      names = "--dir",
      required = true,
      description = "folder to create (must not exist or be empty)")
  Path dir;

  @Option(
      names = "--validators",
      defaultValue = "1",
      description =
          "validators, one node folder each (1-16): 1 runs solo (credence node), more run BFT (credence cluster)")
  @Range(min = 1, max = VALIDATORS_MAX)
  int validators;

  @Option(
      names = "--suite",
      defaultValue = "standard",
      description = "standard (Ed25519+SHA-256) or national (SM2+SM3)")
  String suite;

  @Option(names = "--chain-id", defaultValue = "credence-dev", description = "chain id")
  String chainId;

  @Option(names = "--plain-keys", description = "write unencrypted development keys")
  boolean plainKeys;

  @Option(
      names = "--passphrase-file",
      description = "encrypt keys with the passphrase on this file's first line")
  Path passphraseFile;

  @Option(
      names = "--api-port",
      defaultValue = "8645",
      description = "HTTP port of the first node (1-65535); the others count up from it")
  @Range(min = 1, max = PORT_MAX)
  int apiPort;

  @Option(
      names = "--observers",
      defaultValue = "0",
      description = "observer nodes (0-16: follow and verify the chain, serve the API, never vote)")
  @Range(min = 0, max = VALIDATORS_MAX)
  int observers;

  @Option(
      names = "--p2p-port",
      defaultValue = "7645",
      description = "transport (TLS) port of the first node (1-65535); the others count up from it")
  @Range(min = 1, max = PORT_MAX)
  int p2pPort;

  @Override
  public Integer call() throws IOException, ConfigException {
    Layout layout =
        create(
            dir,
            orgs,
            validators,
            observers,
            suite,
            chainId,
            plainKeys,
            passphraseFile,
            apiPort,
            p2pPort,
            new SecureRandom());
    System.out.println("Created a development consortium in " + dir + ":");
    System.out.println("  consortium file   " + layout.consortium());
    for (int i = 0; i < layout.genesis().organisations().size(); i++) {
      Genesis.Organisation o = layout.genesis().organisations().get(i);
      System.out.printf(
          Locale.ROOT,
          "  %-16s  %s (%s), admin key %s%n",
          o.role(),
          o.name(),
          o.uscc(),
          layout.adminKeys().get(i));
    }
    if (validators == 1 && observers == 0) {
      System.out.println("  node              " + layout.nodeHome() + " (solo validator)");
      System.out.println("Start it with: ./credence node --home " + layout.nodeHome());
    } else {
      System.out.println(
          "  nodes             "
              + dir.resolve("nodes")
              + " ("
              + validators
              + " validators, "
              + observers
              + " observers; each organisation's TLS CA under orgs/)");
      System.out.println("Start each as its own process with: ./credence network up --dir " + dir);
    }
    return 0;
  }

  /** What {@link #create} wrote. */
  public record Layout(
      Genesis genesis,
      Path consortium,
      List<Path> adminKeys,
      Path nodeHome,
      List<Path> nodeHomes) {}

  /** A consortium of validators only, each node's transport on {@code apiPort + 1000 + i}. */
  static Layout create(
      Path dir,
      int orgs,
      int validators,
      String suiteName,
      String chainId,
      boolean plainKeys,
      Path passphraseFile,
      int apiPort,
      SecureRandom random)
      throws IOException, ConfigException {
    return create(
        dir,
        orgs,
        validators,
        0,
        suiteName,
        chainId,
        plainKeys,
        passphraseFile,
        apiPort,
        apiPort == 0 ? 0 : apiPort - 1000,
        random);
  }

  /**
   * Writes a development consortium: organisations with admin keys and TLS CAs, then {@code
   * validators} and {@code observers} node folders, node i with its API on {@code apiPort + i - 1}
   * and its transport on {@code p2pPort + i - 1}, dialing every other node. A {@code p2pPort} of 0
   * writes no transport section (nodes run in one process, {@code credence cluster}).
   */
  static Layout create(
      Path dir,
      int orgs,
      int validators,
      int observers,
      String suiteName,
      String chainId,
      boolean plainKeys,
      Path passphraseFile,
      int apiPort,
      int p2pPort,
      SecureRandom random)
      throws IOException, ConfigException {
    if (observers < 0 || observers > VALIDATORS_MAX) {
      throw new UserError("--observers: expected 0 to " + VALIDATORS_MAX + ", found " + observers);
    }
    // Node i listens on the first port + i - 1: the last node's ports must exist too.
    int nodes = validators + observers;
    if (apiPort < 0 || apiPort > PORT_MAX - nodes + 1) {
      throw new UserError(
          "--api-port: expected 1 to "
              + (PORT_MAX - nodes + 1)
              + " for "
              + nodes
              + " nodes, found "
              + apiPort);
    }
    if (p2pPort < 0 || p2pPort > PORT_MAX - nodes + 1) {
      throw new UserError(
          "--p2p-port: expected 1 to "
              + (PORT_MAX - nodes + 1)
              + " for "
              + nodes
              + " nodes, found "
              + p2pPort);
    }
    if (orgs < 1 || orgs > ORGS_MAX) {
      throw new UserError("--orgs: expected 1 to " + ORGS_MAX + ", found " + orgs);
    }
    if (validators < 1 || validators > VALIDATORS_MAX) {
      throw new UserError(
          "--validators: expected 1 to " + VALIDATORS_MAX + ", found " + validators);
    }
    CryptoSuite suite;
    try {
      suite = CryptoSuite.named(suiteName);
    } catch (IllegalArgumentException e) {
      throw new UserError("--suite: expected standard or national, found '" + suiteName + "'");
    }
    char[] passphrase = null;
    if (!plainKeys) {
      passphrase = KeyFileIo.passphrase(passphraseFile);
      if (passphrase == null) {
        throw new UserError(
            "keys are encrypted by default: give --passphrase-file FILE, set "
                + KeyFileIo.PASSPHRASE_VARIABLE
                + ", or ask for --plain-keys (development only)");
      }
    }
    if (Files.exists(dir) && (!Files.isDirectory(dir) || Files.list(dir).findAny().isPresent())) {
      throw new UserError("--dir: expected a new or empty folder, found " + dir + " with contents");
    }
    Files.createDirectories(dir);
    List<Genesis.Organisation> organisations = new ArrayList<>();
    List<Path> adminKeys = new ArrayList<>();
    List<CertificateAuthority> authorities = new ArrayList<>();
    Instant now = Instant.now();
    for (int i = 1; i <= orgs; i++) {
      OrganisationRole role = ROLES[(i - 1) % ROLES.length];
      String name = title(role) + " " + i;
      String uscc = Uscc.forDevelopment(i);
      KeyPair admin = suite.generate(random);
      Path orgDir = dir.resolve("orgs").resolve(slug(name));
      Path keyFile = orgDir.resolve("admin.pem");
      KeyFileIo.write(keyFile, admin, passphrase);
      adminKeys.add(keyFile);
      // The organisation's CA issues its nodes' TLS certificates; genesis lists its certificate.
      KeyPair caKey = Ed25519Suite.INSTANCE.generate(random);
      CertificateAuthority ca =
          CertificateAuthority.create(name, caKey, now, CertificateAuthority.DEVELOPMENT_VALIDITY);
      KeyFileIo.write(orgDir.resolve(CA_KEY_FILE), caKey, passphrase);
      Files.writeString(
          orgDir.resolve(CA_FILE), TlsCertificateFiles.toPem(List.of(ca.certificate())));
      authorities.add(ca);
      organisations.add(new Genesis.Organisation(name, uscc, role, admin.publicKey(), encoded(ca)));
    }
    // One node per folder: validators, then observers, run by the organisations in turn.
    List<Genesis.Validator> set = new ArrayList<>();
    List<Genesis.Observer> watchers = new ArrayList<>();
    List<Path> nodeHomes = new ArrayList<>();
    List<KeyPair> nodeKeys = new ArrayList<>();
    for (int i = 1; i <= validators + observers; i++) {
      KeyPair key = suite.generate(random);
      Path home = dir.resolve("nodes").resolve(nodeName(i));
      Files.createDirectories(home);
      KeyFileIo.write(home.resolve("validator.pem"), key, passphrase);
      String org = organisations.get((i - 1) % orgs).uscc();
      if (i <= validators) {
        set.add(new Genesis.Validator(nodeName(i), key.publicKey(), org));
      } else {
        watchers.add(new Genesis.Observer(nodeName(i), key.publicKey(), org));
      }
      nodeHomes.add(home);
      nodeKeys.add(key);
    }
    Path nodeHome = nodeHomes.get(0);
    Genesis genesis =
        new Genesis(
            chainId,
            suite,
            System.currentTimeMillis(),
            organisations,
            set,
            watchers,
            Parameters.DEFAULTS);
    Path consortium = dir.resolve(ConsortiumFile.FILE_NAME);
    ConsortiumFile.write(consortium, genesis);
    // Read it back: what we wrote must pass the same validation every node applies.
    ConsortiumFile.load(consortium);
    for (int i = 0; i < nodeHomes.size(); i++) {
      Path home = nodeHomes.get(i);
      NodeConfig.P2p p2p = null;
      if (p2pPort > 0) {
        TlsIdentity identity =
            authorities
                .get(i % orgs)
                .issueNode(
                    nodeName(i + 1),
                    nodeKeys.get(i),
                    now,
                    CertificateAuthority.DEVELOPMENT_VALIDITY);
        Files.writeString(home.resolve("tls.pem"), TlsCertificateFiles.toPem(identity.chain()));
        Path tlsKey = null;
        if (nodeKeys.get(i).suite() != Ed25519Suite.INSTANCE) {
          // The national suite: an Ed25519 TLS key beside the SM2 node key.
          KeyFileIo.write(home.resolve("tls-key.pem"), identity.tlsKey(), passphrase);
          tlsKey = Path.of("tls-key.pem");
        }
        List<String> peers = new ArrayList<>();
        for (int j = 0; j < nodeHomes.size(); j++) {
          if (j != i) {
            peers.add("127.0.0.1:" + (p2pPort + j));
          }
        }
        p2p = new NodeConfig.P2p("127.0.0.1", p2pPort + i, peers, Path.of("tls.pem"), tlsKey);
      }
      NodeConfig.write(
          home, "../../consortium.toml", "validator.pem", apiPort == 0 ? 0 : apiPort + i, p2p);
    }
    return new Layout(genesis, consortium, adminKeys, nodeHome, nodeHomes);
  }

  /** A node folder added to a consortium folder: its home, key and ports. */
  record AddedNode(Path home, KeyPair key, int apiPort, int p2pPort) {}

  /**
   * Adds a node run by the genesis organisation {@code uscc} to the consortium folder {@code dir}
   * (made by {@link #create}): a fresh node key, a TLS certificate from that organisation's CA (its
   * key under {@code orgs/}), and a node.toml dialing every node already there. Genesis does not
   * name it: its peers admit it once the consortium votes it in as an observer or validator. A port
   * of 0 takes the highest in use plus one. Keys are encrypted when the CA key is.
   */
  static AddedNode addNode(
      Path dir, String uscc, Path caDir, Path passphraseFile, int apiPort, int p2pPort)
      throws IOException, ConfigException {
    Path consortium = dir.resolve(ConsortiumFile.FILE_NAME);
    if (!Files.exists(consortium)) {
      throw new UserError(
          "--dir: expected a consortium folder with "
              + ConsortiumFile.FILE_NAME
              + ", found "
              + dir);
    }
    Genesis genesis = ConsortiumFile.load(consortium);
    Path orgDir = caDir;
    if (orgDir == null) {
      Genesis.Organisation org =
          genesis.organisations().stream()
              .filter(o -> o.uscc().equals(uscc))
              .findFirst()
              .orElseThrow(
                  () ->
                      new UserError(
                          "--organisation: expected the USCC of an organisation genesis names ("
                              + String.join(
                                  ", ",
                                  genesis.organisations().stream()
                                      .map(Genesis.Organisation::uscc)
                                      .toList())
                              + "), found '"
                              + uscc
                              + "'; a member admitted since gives its CA folder with --ca"));
      orgDir = dir.resolve("orgs").resolve(slug(org.name()));
    }
    Path caKeyFile = orgDir.resolve(CA_KEY_FILE);
    Path caFile = orgDir.resolve(CA_FILE);
    if (!Files.exists(caKeyFile) || !Files.exists(caFile)) {
      throw new UserError(
          "--organisation: expected its TLS CA ("
              + CA_FILE
              + " and "
              + CA_KEY_FILE
              + ") in "
              + orgDir
              + ", found none: only the organisation that holds its CA key can add its node");
    }
    CertificateAuthority ca;
    try {
      List<java.security.cert.X509Certificate> read =
          TlsCertificateFiles.fromPem(Files.readString(caFile));
      if (read.size() != 1) {
        throw new UserError(
            "--ca: expected one certificate in " + caFile + ", found " + read.size());
      }
      ca = new CertificateAuthority(read.get(0), KeyFileIo.read(caKeyFile, passphraseFile));
    } catch (java.security.cert.CertificateException | IllegalArgumentException e) {
      throw new ConfigException(caFile + ": " + e.getMessage());
    }
    char[] passphrase =
        KeyFiles.isEncrypted(Files.readString(caKeyFile))
            ? KeyFileIo.passphrase(passphraseFile)
            : null;
    List<NodeConfig> existing = new ArrayList<>();
    int number = 0;
    Path nodes = dir.resolve("nodes");
    try (var list = Files.list(nodes)) {
      for (Path home : list.filter(h -> Files.exists(h.resolve(NodeConfig.FILE_NAME))).toList()) {
        existing.add(NodeConfig.load(home));
        String name = home.getFileName().toString();
        if (name.matches("node-[0-9]{1,6}")) {
          number = Math.max(number, Integer.parseInt(name.substring(5)));
        }
      }
    }
    if (existing.isEmpty() || existing.stream().anyMatch(c -> c.p2p() == null)) {
      throw new UserError(
          "--dir: expected node folders that run on the transport ([p2p] in node.toml), found "
              + (existing.isEmpty() ? "none" : "a node without it"));
    }
    int api = apiPort;
    int p2p = p2pPort;
    if (api == 0) {
      api = existing.stream().mapToInt(NodeConfig::apiPort).max().getAsInt() + 1;
    }
    if (p2p == 0) {
      p2p = existing.stream().mapToInt(c -> c.p2p().port()).max().getAsInt() + 1;
    }
    for (NodeConfig c : existing) {
      if (c.apiPort() == api
          || c.p2p().port() == api
          || c.apiPort() == p2p
          || c.p2p().port() == p2p
          || api == p2p) {
        throw new UserError(
            "--api-port/--p2p-port: expected ports no node of "
                + dir
                + " uses, found "
                + api
                + " and "
                + p2p);
      }
    }
    if (api > PORT_MAX || p2p > PORT_MAX) {
      throw new UserError(
          "--api-port/--p2p-port: expected at most " + PORT_MAX + ", found " + api + " and " + p2p);
    }
    String node = nodeName(number + 1);
    Path home = nodes.resolve(node);
    Files.createDirectories(home);
    KeyPair key = genesis.suite().generate(new SecureRandom());
    KeyFileIo.write(home.resolve("validator.pem"), key, passphrase);
    TlsIdentity identity =
        ca.issueNode(node, key, Instant.now(), CertificateAuthority.DEVELOPMENT_VALIDITY);
    Files.writeString(home.resolve("tls.pem"), TlsCertificateFiles.toPem(identity.chain()));
    Path tlsKey = null;
    if (key.suite() != Ed25519Suite.INSTANCE) {
      KeyFileIo.write(home.resolve("tls-key.pem"), identity.tlsKey(), passphrase);
      tlsKey = Path.of("tls-key.pem");
    }
    List<String> peers = new ArrayList<>();
    for (NodeConfig c : existing) {
      peers.add(c.p2p().host() + ":" + c.p2p().port());
    }
    NodeConfig.write(
        home,
        "../../" + ConsortiumFile.FILE_NAME,
        "validator.pem",
        api,
        new NodeConfig.P2p("127.0.0.1", p2p, peers, Path.of("tls.pem"), tlsKey));
    return new AddedNode(home, key, api, p2p);
  }

  private static byte[] encoded(CertificateAuthority ca) {
    try {
      return ca.certificate().getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("encoding a CA certificate we just made", e);
    }
  }

  static String title(OrganisationRole role) {
    String lower = role.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }

  /** The folder and genesis name of the consortium's node {@code number} (counted from 1). */
  static String nodeName(int number) {
    return "node-" + number;
  }

  static String slug(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }
}
