package io.credence.app.config;

import io.credence.core.crypto.KeyFiles;
import io.credence.core.crypto.KeyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Key files on disk: written owner-readable only; read with a passphrase from a file or from the
 * {@code CREDENCE_PASSPHRASE} environment variable when the key is encrypted.
 */
public final class KeyFileIo {
  public static final String PASSPHRASE_VARIABLE = "CREDENCE_PASSPHRASE";

  private KeyFileIo() {}

  public static void write(Path file, KeyPair key, char[] passphrase) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, KeyFiles.toPem(key, passphrase, new java.security.SecureRandom()));
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the file keeps the platform's default permissions.
    }
  }

  /**
   * Reads a key; the passphrase comes from {@code passphraseFile} if given, else the environment.
   */
  public static KeyPair read(Path file, Path passphraseFile) throws ConfigException {
    String pem;
    try {
      pem = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": key file not found");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read (" + e.getMessage() + ")");
    }
    char[] passphrase = null;
    if (KeyFiles.isEncrypted(pem)) {
      passphrase = passphrase(passphraseFile);
      if (passphrase == null) {
        throw new ConfigException(
            file + ": the key is encrypted: give a passphrase file or set " + PASSPHRASE_VARIABLE);
      }
    }
    try {
      return KeyFiles.fromPem(pem, passphrase);
    } catch (KeyFiles.KeyFileException e) {
      throw new ConfigException(file + ": " + e.getMessage());
    }
  }

  /** The passphrase from the file (first line) or the environment; null if neither is set. */
  public static char[] passphrase(Path passphraseFile) throws ConfigException {
    if (passphraseFile != null) {
      try {
        String text = Files.readString(passphraseFile).lines().findFirst().orElse("");
        if (text.isEmpty()) {
          throw new ConfigException(
              passphraseFile + ": expected a passphrase on the first line, found an empty line");
        }
        return text.toCharArray();
      } catch (IOException e) {
        throw new ConfigException(
            passphraseFile + ": cannot read the passphrase file (" + e.getMessage() + ")");
      }
    }
    String env = System.getenv(PASSPHRASE_VARIABLE);
    return env == null || env.isEmpty() ? null : env.toCharArray();
  }
}
