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
    subcommands = {KeyCommand.New.class, KeyCommand.Show.class, KeyCommand.Ca.class})
public final class KeyCommand implements Runnable {
  @Override
  public void run() {
    throw new UserError("key: expected a sub-command, 'new', 'show' or 'ca'");
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

  /** {@code credence key ca}: an organisation's TLS CA, which issues its nodes' certificates. */
  @Command(
      name = "ca",
      description =
          "Create an organisation's TLS CA (tls-ca.pem and tls-ca-key.pem in --out): it issues"
              + " the organisation's node certificates ('credence network add-node --ca'); the"
              + " consortium trusts it once voted in ('credence gov propose tls-ca').")
  static final class Ca implements Callable<Integer> {
    @Option(
        names = "--organisation-name",
        required = true,
        description = "the organisation's name, as its certificates will say")
    String name;

    @Option(names = "--out", required = true, description = "a new or empty folder")
    Path out;

    @Option(names = "--plain-key", description = "write the CA key unencrypted (development only)")
    boolean plain;

    @Option(names = "--passphrase-file", description = "file whose first line is the passphrase")
    Path passphraseFile;

    @Override
    public Integer call() throws IOException, ConfigException {
      if (Files.exists(out) && (!Files.isDirectory(out) || Files.list(out).findAny().isPresent())) {
        throw new UserError(
            "--out: expected a new or empty folder, found " + out + " with contents");
      }
      char[] passphrase = plain ? null : KeyFileIo.passphrase(passphraseFile);
      if (!plain && passphrase == null) {
        throw new UserError(
            "keys are encrypted by default: give --passphrase-file FILE, set "
                + KeyFileIo.PASSPHRASE_VARIABLE
                + ", or ask for --plain-key");
      }
      io.credence.p2p.tls.CertificateAuthority ca;
      KeyPair key = io.credence.core.crypto.Ed25519Suite.INSTANCE.generate(new SecureRandom());
      try {
        ca =
            io.credence.p2p.tls.CertificateAuthority.create(
                name,
                key,
                java.time.Instant.now(),
                io.credence.p2p.tls.CertificateAuthority.DEVELOPMENT_VALIDITY);
      } catch (IllegalArgumentException e) {
        throw new UserError("--organisation-name: " + e.getMessage());
      }
      Files.createDirectories(out);
      KeyFileIo.write(out.resolve(InitCommand.CA_KEY_FILE), key, passphrase);
      Files.writeString(
          out.resolve(InitCommand.CA_FILE),
          io.credence.p2p.tls.TlsCertificateFiles.toPem(java.util.List.of(ca.certificate())));
      System.out.println("TLS CA of " + name + " in " + out);
      System.out.println(
          "next: credence gov propose tls-ca --organisation USCC --certificate "
              + out.resolve(InitCommand.CA_FILE)
              + " ...");
      return 0;
    }
  }
}
