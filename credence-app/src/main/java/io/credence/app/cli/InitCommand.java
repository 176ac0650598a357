package io.credence.app.cli;

import io.credence.app.config.ConfigException;
import io.credence.app.config.ConsortiumFile;
import io.credence.app.config.KeyFileIo;
import io.credence.app.config.NodeConfig;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.OrganisationRole;
import io.credence.core.genesis.Parameters;
import io.credence.core.genesis.Uscc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
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

  /** Roles given to generated organisations, in order: the first is the core enterprise. */
  static final OrganisationRole[] ROLES = {
    OrganisationRole.CORE_ENTERPRISE,
    OrganisationRole.SUPPLIER,
    OrganisationRole.BANK,
    OrganisationRole.CLEARING,
    OrganisationRole.REGULATOR,
    OrganisationRole.AUDITOR,
    OrganisationRole.LOGISTICS
  };

  @Option(names = "--orgs", required = true, description = "number of organisations (1-64)")
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
          "validators, one node folder each: 1 runs solo (credence node), more run BFT (credence cluster)")
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

  @Option(names = "--api-port", defaultValue = "8645", description = "HTTP port of the first node")
  int apiPort;

  @Override
  public Integer call() throws IOException, ConfigException {
    Layout layout =
        create(
            dir,
            orgs,
            validators,
            suite,
            chainId,
            plainKeys,
            passphraseFile,
            apiPort,
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
    if (validators == 1) {
      System.out.println("  node              " + layout.nodeHome() + " (solo validator)");
      System.out.println("Start it with: ./credence node --home " + layout.nodeHome());
    } else {
      System.out.println(
          "  nodes             " + dir.resolve("nodes") + " (" + validators + " validators, BFT)");
      System.out.println("Start them with: ./credence cluster --dir " + dir);
    }
    return 0;
  }

  /** What {@link #create} wrote. */
  record Layout(Genesis genesis, Path consortium, List<Path> adminKeys, Path nodeHome) {}

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
    for (int i = 1; i <= orgs; i++) {
      OrganisationRole role = ROLES[(i - 1) % ROLES.length];
      String name = title(role) + " " + i;
      String uscc = Uscc.forDevelopment(i);
      KeyPair admin = suite.generate(random);
      Path keyFile = dir.resolve("orgs").resolve(slug(name)).resolve("admin.pem");
      KeyFileIo.write(keyFile, admin, passphrase);
      adminKeys.add(keyFile);
      organisations.add(new Genesis.Organisation(name, uscc, role, admin.publicKey()));
    }
    // One validator per node folder, run by the organisations in turn.
    List<Genesis.Validator> set = new ArrayList<>();
    List<Path> nodeHomes = new ArrayList<>();
    for (int i = 1; i <= validators; i++) {
      KeyPair validator = suite.generate(random);
      Path home = dir.resolve("nodes").resolve("node-" + i);
      Files.createDirectories(home);
      KeyFileIo.write(home.resolve("validator.pem"), validator, passphrase);
      set.add(
          new Genesis.Validator(
              "node-" + i, validator.publicKey(), organisations.get((i - 1) % orgs).uscc()));
      nodeHomes.add(home);
    }
    Path nodeHome = nodeHomes.get(0);
    Genesis genesis =
        new Genesis(
            chainId, suite, System.currentTimeMillis(), organisations, set, Parameters.DEFAULTS);
    Path consortium = dir.resolve("consortium.toml");
    ConsortiumFile.write(consortium, genesis);
    // Read it back: what we wrote must pass the same validation every node applies.
    ConsortiumFile.load(consortium);
    for (int i = 0; i < nodeHomes.size(); i++) {
      NodeConfig.write(
          nodeHomes.get(i),
          "../../consortium.toml",
          "validator.pem",
          apiPort == 0 ? 0 : apiPort + i);
    }
    return new Layout(genesis, consortium, adminKeys, nodeHome);
  }

  static String title(OrganisationRole role) {
    String lower = role.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }

  static String slug(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }
}
