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
    int apiPort) {
  public static final String FILE_NAME = "node.toml";
  private static final Set<String> TOP =
      Set.of("consortium", "data_dir", "key_file", "passphrase_file", "api");
  private static final Set<String> API = Set.of("host", "port");

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
    return new NodeConfig(home, consortium, data, key, passphrase, host, port);
  }

  public static void write(Path home, String consortium, String keyFile, int apiPort)
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
    Files.writeString(home.resolve(FILE_NAME), text);
  }
}
