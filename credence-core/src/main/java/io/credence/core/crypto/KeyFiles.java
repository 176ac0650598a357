package io.credence.core.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfoBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;
import org.bouncycastle.util.BigIntegers;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Private keys as PEM text in PKCS#8: "ENCRYPTED PRIVATE KEY" (PBES2, PBKDF2-HMAC-SHA256 with
 * {@value #PBKDF2_ITERATIONS} iterations, AES-256-CBC) unless the user asks for a plain development
 * key, which is written as "PRIVATE KEY". The suite is recognised from the key's algorithm. Only
 * text is produced and parsed here; reading and writing files is the application's job.
 */
public final class KeyFiles {
  public static final int PBKDF2_ITERATIONS = 100_000;
  private static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();

  private KeyFiles() {}

  /** Thrown for PEM text that is not a key we can read, or a wrong passphrase. */
  public static final class KeyFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeyFileException(String message) {
      super(message);
    }
  }

  /** PEM text of the key; {@code passphrase} null writes a plain (unencrypted) development key. */
  public static String toPem(KeyPair key, char[] passphrase) {
    return toPem(key, passphrase, null);
  }

  /**
   * As {@link #toPem(KeyPair, char[])}, with the salt and IV of the encryption drawn from {@code
   * random} (the caller's entropy: core draws none of its own); a null random is allowed only for
   * an unencrypted key.
   */
  public static String toPem(KeyPair key, char[] passphrase, java.security.SecureRandom random) {
    if (passphrase != null && random == null) {
      throw new IllegalArgumentException(
          "key file: an encrypted key needs the caller's SecureRandom for its salt and IV");
    }
    try {
      AsymmetricKeyParameter parameters =
          key.suite() instanceof Ed25519Suite
              ? new Ed25519PrivateKeyParameters(key.privateKey(), 0)
              : new ECPrivateKeyParameters(
                  BigIntegers.fromUnsignedByteArray(key.privateKey()), Sm2Suite.DOMAIN);
      PrivateKeyInfo info = PrivateKeyInfoFactory.createPrivateKeyInfo(parameters);
      PemObject pem;
      if (passphrase == null) {
        pem = new PemObject("PRIVATE KEY", info.getEncoded());
      } else {
        var encryptor =
            new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC)
                .setProvider(PROVIDER)
                .setIterationCount(PBKDF2_ITERATIONS)
                .setRandom(random)
                .build(passphrase);
        pem =
            new PemObject(
                "ENCRYPTED PRIVATE KEY",
                new PKCS8EncryptedPrivateKeyInfoBuilder(info).build(encryptor).getEncoded());
      }
      StringWriter out = new StringWriter();
      try (PemWriter writer = new PemWriter(out)) {
        writer.writeObject(pem);
      }
      return out.toString();
    } catch (IOException | OperatorCreationException e) {
      throw new IllegalStateException("encoding a private key failed", e);
    }
  }

  /** True when the PEM text holds an encrypted key that needs a passphrase. */
  public static boolean isEncrypted(String pemText) {
    return pemText.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----");
  }

  /** Reads a key written by {@link #toPem}; {@code passphrase} is ignored for plain keys. */
  public static KeyPair fromPem(String pemText, char[] passphrase) throws KeyFileException {
    PemObject pem;
    try (PemReader reader = new PemReader(new StringReader(pemText))) {
      pem = reader.readPemObject();
    } catch (IOException e) {
      throw new KeyFileException("key file: not PEM text (" + e.getMessage() + ")");
    }
    if (pem == null) {
      throw new KeyFileException("key file: expected a PEM block, found none");
    }
    PrivateKeyInfo info;
    try {
      switch (pem.getType()) {
        case "PRIVATE KEY" -> info = PrivateKeyInfo.getInstance(pem.getContent());
        case "ENCRYPTED PRIVATE KEY" -> {
          if (passphrase == null) {
            throw new KeyFileException("key file: the key is encrypted; a passphrase is required");
          }
          info =
              new PKCS8EncryptedPrivateKeyInfo(pem.getContent())
                  .decryptPrivateKeyInfo(
                      new JcePKCSPBEInputDecryptorProviderBuilder()
                          .setProvider(PROVIDER)
                          .build(passphrase));
        }
        default ->
            throw new KeyFileException(
                "key file: expected PRIVATE KEY or ENCRYPTED PRIVATE KEY, found " + pem.getType());
      }
      AsymmetricKeyParameter key = PrivateKeyFactory.createKey(info);
      if (key instanceof Ed25519PrivateKeyParameters ed) {
        byte[] seed = ed.getEncoded();
        return new KeyPair(Ed25519Suite.INSTANCE, seed, Ed25519Suite.publicKeyOf(seed));
      }
      if (key instanceof ECPrivateKeyParameters ec
          && ec.getParameters().getCurve().equals(Sm2Suite.CURVE.getCurve())) {
        BigInteger d = ec.getD();
        return new KeyPair(
            Sm2Suite.INSTANCE, BigIntegers.asUnsignedByteArray(32, d), Sm2Suite.publicKeyOf(d));
      }
      throw new KeyFileException(
          "key file: expected an Ed25519 or SM2 key, found "
              + info.getPrivateKeyAlgorithm().getAlgorithm());
    } catch (PKCSException e) {
      throw new KeyFileException("key file: cannot decrypt the key (wrong passphrase?)");
    } catch (IOException | IllegalArgumentException | ClassCastException e) {
      throw new KeyFileException("key file: malformed key (" + e.getMessage() + ")");
    }
  }
}
