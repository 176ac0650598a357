package io.credence.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.credence.core.Hex;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.OrganisationRole;
import io.credence.core.genesis.Parameters;
import io.credence.core.genesis.Uscc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The consortium (genesis) file, TOML. Loading validates every field and names the file, the field,
 * the expected and the found value in its error; writing produces a commented file operators can
 * read.
 */
public final class ConsortiumFile {
  /** The consortium file's name in a consortium folder ({@code credence init}). */
  public static final String FILE_NAME = "consortium.toml";

  private static final Set<String> TOP =
      Set.of(
          "chain_id",
          "crypto_suite",
          "genesis_time_ms",
          "parameters",
          "organisations",
          "validators",
          "observers");
  private static final Set<String> ORGANISATION =
      Set.of("name", "uscc", "role", "admin_public_key", "tls_ca_certificate", "voting_weight");
  private static final Set<String> VALIDATOR = Set.of("name", "public_key", "organisation");

  private ConsortiumFile() {}

  public static Genesis load(Path file) throws ConfigException {
    TomlFields toml = new TomlFields(file);
    JsonNode root = toml.read();
    toml.rejectUnknown(root, "", TOP);
    String chainId = toml.string(root, "", "chain_id");
    if (!chainId.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw toml.error("chain_id", "1-63 characters of a-z, 0-9 and '-'", "'" + chainId + "'");
    }
    String suiteName = toml.string(root, "", "crypto_suite");
    if (!suiteName.equals("standard") && !suiteName.equals("national")) {
      throw toml.error(
          "crypto_suite",
          "'standard' (Ed25519 + SHA-256) or 'national' (SM2 + SM3)",
          "'" + suiteName + "'");
    }
    CryptoSuite suite = CryptoSuite.named(suiteName);
    long time = toml.number(root, "", "genesis_time_ms", -1, 0, Long.MAX_VALUE);
    if (time < 0) {
      throw toml.error(
          "genesis_time_ms",
          "a whole number of milliseconds since 1970",
          "nothing (the field is required)");
    }
    Parameters parameters = parameters(toml, root);

    JsonNode orgs = root.get("organisations");
    if (orgs == null || !orgs.isArray() || orgs.isEmpty()) {
      throw toml.error(
          "organisations",
          "at least one [[organisations]] entry",
          orgs == null ? "none" : "an empty or non-array value");
    }
    if (orgs.size() > Genesis.ORGANISATIONS_MAX) {
      throw toml.error(
          "organisations", "at most " + Genesis.ORGANISATIONS_MAX + " entries", orgs.size() + "");
    }
    List<Genesis.Organisation> organisations = new ArrayList<>();
    Set<String> usccs = new HashSet<>();
    Set<String> keys = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < orgs.size(); i++) {
      String path = "organisations[" + i + "]";
      JsonNode o = orgs.get(i);
      toml.rejectUnknown(o, path, ORGANISATION);
      String name = toml.string(o, path, "name");
      if (name.isBlank() || name.length() > 100) {
        throw toml.error(path + ".name", "1 to 100 characters", "'" + name + "'");
      }
      if (!names.add(name)) {
        throw toml.error(
            path + ".name", "a name no other organisation has", "a second '" + name + "'");
      }
      String uscc = toml.string(o, path, "uscc");
      var problem = Uscc.problem(uscc);
      if (problem.isPresent()) {
        throw new ConfigException(file + ": " + path + ".uscc: " + problem.get());
      }
      if (!usccs.add(uscc)) {
        throw toml.error(path + ".uscc", "a code no other organisation has", "a second " + uscc);
      }
      String roleText = toml.string(o, path, "role");
      OrganisationRole role;
      try {
        role = OrganisationRole.valueOf(roleText);
      } catch (IllegalArgumentException e) {
        throw toml.error(
            path + ".role",
            "one of " + java.util.Arrays.toString(OrganisationRole.values()),
            "'" + roleText + "'");
      }
      byte[] admin = publicKey(toml, suite, o, path, "admin_public_key");
      if (!keys.add(Hex.of(admin))) {
        throw toml.error(
            path + ".admin_public_key", "a key no other organisation uses", "a key already listed");
      }
      byte[] ca = new byte[0];
      if (o.has("tls_ca_certificate")) {
        String text = toml.string(o, path, "tls_ca_certificate");
        try {
          ca = Hex.parse(path + ".tls_ca_certificate", text);
        } catch (IllegalArgumentException e) {
          throw toml.error(
              path + ".tls_ca_certificate", "the CA certificate's DER bytes in hex", "other text");
        }
        if (ca.length == 0 || ca.length > Genesis.TLS_CA_CERTIFICATE_BYTES_MAX) {
          throw toml.error(
              path + ".tls_ca_certificate",
              "1 to " + Genesis.TLS_CA_CERTIFICATE_BYTES_MAX + " bytes",
              ca.length + " bytes");
        }
      }
      long weight = toml.number(o, path, "voting_weight", 1, 0, Genesis.VOTING_WEIGHT_MAX);
      organisations.add(new Genesis.Organisation(name, uscc, role, admin, ca, weight));
    }
    if (organisations.stream().mapToLong(Genesis.Organisation::votingWeight).sum() == 0) {
      throw toml.error(
          "organisations", "at least one organisation with voting_weight above 0", "none");
    }

    JsonNode vals = root.get("validators");
    if (vals == null || !vals.isArray() || vals.isEmpty()) {
      throw toml.error(
          "validators",
          "at least one [[validators]] entry",
          vals == null ? "none" : "an empty or non-array value");
    }
    if (vals.size() > Genesis.VALIDATORS_MAX) {
      throw toml.error(
          "validators", "at most " + Genesis.VALIDATORS_MAX + " entries", vals.size() + "");
    }
    List<Genesis.Validator> validators = new ArrayList<>();
    Set<String> validatorKeys = new HashSet<>();
    for (int i = 0; i < vals.size(); i++) {
      String path = "validators[" + i + "]";
      JsonNode v = vals.get(i);
      toml.rejectUnknown(v, path, VALIDATOR);
      String name = toml.string(v, path, "name");
      byte[] key = publicKey(toml, suite, v, path, "public_key");
      if (!validatorKeys.add(Hex.of(key))) {
        throw toml.error(
            path + ".public_key", "a key no other validator uses", "a key already listed");
      }
      String org = toml.string(v, path, "organisation");
      if (!usccs.contains(org)) {
        throw toml.error(
            path + ".organisation", "the uscc of a listed organisation", "'" + org + "'");
      }
      validators.add(new Genesis.Validator(name, key, org));
    }
    List<Genesis.Observer> observers = new ArrayList<>();
    JsonNode obs = root.get("observers");
    if (obs != null && (!obs.isArray() || obs.size() > Genesis.OBSERVERS_MAX)) {
      throw toml.error(
          "observers",
          "at most " + Genesis.OBSERVERS_MAX + " [[observers]] entries",
          obs.toString());
    }
    for (int i = 0; obs != null && i < obs.size(); i++) {
      String path = "observers[" + i + "]";
      JsonNode v = obs.get(i);
      toml.rejectUnknown(v, path, VALIDATOR);
      String name = toml.string(v, path, "name");
      byte[] key = publicKey(toml, suite, v, path, "public_key");
      if (!validatorKeys.add(Hex.of(key))) {
        throw toml.error(
            path + ".public_key",
            "a key no validator or other observer uses",
            "a key already listed");
      }
      String org = toml.string(v, path, "organisation");
      if (!usccs.contains(org)) {
        throw toml.error(
            path + ".organisation", "the uscc of a listed organisation", "'" + org + "'");
      }
      observers.add(new Genesis.Observer(name, key, org));
    }
    return new Genesis(chainId, suite, time, organisations, validators, observers, parameters);
  }

  private static byte[] publicKey(
      TomlFields toml, CryptoSuite suite, JsonNode node, String path, String name)
      throws ConfigException {
    String text = toml.string(node, path, name);
    byte[] key;
    try {
      key = Hex.parse(path + "." + name, text);
    } catch (IllegalArgumentException e) {
      throw toml.error(path + "." + name, "hex digits", "'" + text + "'");
    }
    if (!suite.isValidPublicKey(key)) {
      throw toml.error(
          path + "." + name,
          "a " + suite.publicKeyLength() + "-byte " + suite.name() + " public key",
          key.length + " bytes that are not one");
    }
    return key;
  }

  private static Parameters parameters(TomlFields toml, JsonNode root) throws ConfigException {
    JsonNode p = toml.table(root, "parameters");
    Parameters d = Parameters.DEFAULTS;
    List<Parameters.Limit> limits = d.limits();
    if (p != null) {
      Set<String> known = new HashSet<>();
      limits.forEach(l -> known.add(snake(l.name())));
      toml.rejectUnknown(p, "parameters", known);
    }
    long[] values = new long[limits.size()];
    for (int i = 0; i < limits.size(); i++) {
      Parameters.Limit l = limits.get(i);
      values[i] = toml.number(p, "parameters", snake(l.name()), l.value(), l.min(), l.max());
    }
    return new Parameters(
        (int) values[0],
        (int) values[1],
        values[2],
        (int) values[3],
        values[4],
        (int) values[5],
        values[6],
        (int) values[7],
        values[8],
        (int) values[9],
        (int) values[10],
        values[11]);
  }

  /** blockTransactionsMax -> block_transactions_max. */
  static String snake(String camel) {
    return camel.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
  }

  /** Writes {@code genesis} as a commented TOML file. */
  public static void write(Path file, Genesis g) throws IOException {
    StringBuilder out = new StringBuilder();
    out.append(
        "# Credence consortium (genesis) file. Every node of the network must use this same file.\n");
    out.append("chain_id = \"").append(g.chainId()).append("\"\n");
    out.append("# standard = Ed25519 + SHA-256; national = SM2 + SM3\n");
    out.append("crypto_suite = \"").append(g.suite().name()).append("\"\n");
    out.append("genesis_time_ms = ").append(g.timestampMillis()).append("\n\n");
    out.append("# Named limits; each must lie in its documented range.\n[parameters]\n");
    for (Parameters.Limit l : g.parameters().limits()) {
      out.append(snake(l.name()))
          .append(" = ")
          .append(l.value())
          .append("   # ")
          .append(l.min())
          .append(" to ")
          .append(l.max())
          .append("\n");
    }
    for (Genesis.Organisation o : g.organisations()) {
      out.append("\n[[organisations]]\n");
      out.append("name = \"").append(o.name()).append("\"\n");
      out.append("uscc = \"").append(o.uscc()).append("\"\n");
      out.append("role = \"").append(o.role().name()).append("\"\n");
      out.append("admin_public_key = \"").append(Hex.of(o.adminPublicKey())).append("\"\n");
      out.append("# weight in governance votes, 0 to ")
          .append(Genesis.VOTING_WEIGHT_MAX)
          .append(" (0: does not vote)\n");
      out.append("voting_weight = ").append(o.votingWeight()).append("\n");
      if (o.tlsCaCertificate().length > 0) {
        out.append("# DER of the CA that issues this organisation's node TLS certificates\n");
        out.append("tls_ca_certificate = \"").append(Hex.of(o.tlsCaCertificate())).append("\"\n");
      }
    }
    for (Genesis.Validator v : g.validators()) {
      out.append("\n[[validators]]\n");
      out.append("name = \"").append(v.name()).append("\"\n");
      out.append("public_key = \"").append(Hex.of(v.publicKey())).append("\"\n");
      out.append("organisation = \"").append(v.organisationUscc()).append("\"\n");
    }
    for (Genesis.Observer v : g.observers()) {
      out.append("\n# Follows and verifies the chain and serves the API; never votes.\n");
      out.append("[[observers]]\n");
      out.append("name = \"").append(v.name()).append("\"\n");
      out.append("public_key = \"").append(Hex.of(v.publicKey())).append("\"\n");
      out.append("organisation = \"").append(v.organisationUscc()).append("\"\n");
    }
    Files.writeString(file, out.toString());
  }
}
