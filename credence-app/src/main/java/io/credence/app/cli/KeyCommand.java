package io.credence.app.cli;

import io.credence.app.config.ConfigException;
import io.credence.app.config.KeyFileIo;
import io.credence.core.Hex;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.KeyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Creates or shows account keys. */
@Command(
    name = "key",
    description = "Create a key file, or show a key file's public key and address.",
    subcommands = {KeyCommand.New.class, KeyCommand.Show.class})
public final class KeyCommand implements Runnable {
  @Override
  public void run() {
    throw new UserError("key: expected a sub-command, 'new' or 'show'");
  }

  /** {@code credence key new}. */
  @Command(name = "new", description = "Create a new private key file (PEM, PKCS#8).")
  static final class New implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "file to write")
    Path out;

    @Option(names = "--suite", defaultValue = "standard", description = "standard or national")
    String suite;

    @Option(names = "--plain-key", description = "write it unencrypted (development only)")
    boolean plain;

    @Option(names = "--passphrase-file", description = "file whose first line is the passphrase")
    Path passphraseFile;

    @Override
    public Integer call() throws IOException, ConfigException {
      CryptoSuite s;
      try {
        s = CryptoSuite.named(suite);
      } catch (IllegalArgumentException e) {
        throw new UserError("--suite: expected standard or national, found '" + suite + "'");
      }
      if (Files.exists(out)) {
        throw new UserError("--out: expected a new file, found existing " + out);
      }
      char[] passphrase = plain ? null : KeyFileIo.passphrase(passphraseFile);
      if (!plain && passphrase == null) {
        throw new UserError(
            "keys are encrypted by default: give --passphrase-file FILE, set "
                + KeyFileIo.PASSPHRASE_VARIABLE
                + ", or ask for --plain-key");
      }
      KeyPair key = s.generate(new SecureRandom());
      KeyFileIo.write(out, key, passphrase);
      System.out.println("public key " + Hex.of(key.publicKey()));
      System.out.println("address    " + s.address(key.publicKey()).hex());
      return 0;
    }
  }

  /** {@code credence key show}. */
  @Command(name = "show", description = "Print a key file's suite, public key and address.")
  static final class Show implements Callable<Integer> {
    @Option(names = "--key", required = true, description = "key file")
    Path key;

    @Option(names = "--passphrase-file", description = "file whose first line is the passphrase")
    Path passphraseFile;

    @Override
    public Integer call() throws ConfigException {
      KeyPair k = KeyFileIo.read(key, passphraseFile);
      System.out.println("suite      " + k.suite().name());
      System.out.println("public key " + Hex.of(k.publicKey()));
      System.out.println("address    " + k.suite().address(k.publicKey()).hex());
      return 0;
    }
  }
}
