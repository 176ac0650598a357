package io.credence.p2p.tls;

import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.Ed25519Suite;
import io.credence.core.crypto.KeyPair;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a node asks its organisation's CA to certify: its name, its consensus key and its TLS
 * (transport) key, with a signature by the consensus key over the TLS key that proves the node
 * holds the consensus key and chose this TLS key. It plays the part of a PKCS#10 request, so the CA
 * never needs the node's private keys.
 *
 * <p>In the {@code standard} suite the TLS key is the consensus key itself (Ed25519), so the TLS
 * handshake proves possession of the consensus key on every connection. In the {@code national}
 * suite the consensus key is SM2, which the JDK's TLS cannot use, so the TLS key is a separate
 * Ed25519 key and this signature binds the two (see DECISIONS-p2p.md).
 */
public record NodeCertificateRequest(
    String nodeName, CryptoSuite suite, byte[] consensusKey, byte[] tlsKey, byte[] possession) {
  public static final int NODE_NAME_CHARS_MAX = 64;
  static final byte[] POSSESSION_DOMAIN =
      "credence/p2p/tls-key/v1".getBytes(StandardCharsets.US_ASCII);

  public NodeCertificateRequest {
    consensusKey = consensusKey.clone();
    tlsKey = tlsKey.clone();
    possession = possession.clone();
  }

  @Override
  public byte[] consensusKey() {
    return consensusKey.clone();
  }

  @Override
  public byte[] tlsKey() {
    return tlsKey.clone();
  }

  @Override
  public byte[] possession() {
    return possession.clone();
  }

  /**
   * A request signed by {@code consensusKey}; {@code tlsKey} must be an Ed25519 key, and the same
   * key as {@code consensusKey} in the standard suite.
   */
  public static NodeCertificateRequest create(
      String nodeName, KeyPair consensusKey, KeyPair tlsKey) {
    byte[] signature =
        consensusKey
            .suite()
            .signer(consensusKey.privateKey(), new SecureRandom())
            .sign(possessionMessage(tlsKey.publicKey()));
    NodeCertificateRequest request =
        new NodeCertificateRequest(
            nodeName,
            consensusKey.suite(),
            consensusKey.publicKey(),
            tlsKey.publicKey(),
            signature);
    Optional<String> problem = request.problem();
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get());
    }
    return request;
  }

  static byte[] possessionMessage(byte[] tlsKey) {
    byte[] message = Arrays.copyOf(POSSESSION_DOMAIN, POSSESSION_DOMAIN.length + tlsKey.length);
    System.arraycopy(tlsKey, 0, message, POSSESSION_DOMAIN.length, tlsKey.length);
    return message;
  }

  /** What is wrong with this request, if anything, as "expected X, found Y". */
  Optional<String> problem() {
    String where = "node certificate request '" + nodeName + "'";
    if (nodeName.isBlank() || nodeName.length() > NODE_NAME_CHARS_MAX) {
      return Optional.of(
          where
              + ": expected a node name of 1 to "
              + NODE_NAME_CHARS_MAX
              + " characters, found "
              + nodeName.length());
    }
    if (!suite.isValidPublicKey(consensusKey)) {
      return Optional.of(
          where
              + ": expected a "
              + suite.name()
              + " consensus key of "
              + suite.publicKeyLength()
              + " bytes, found an invalid key of "
              + consensusKey.length
              + " bytes");
    }
    if (!Ed25519Suite.INSTANCE.isValidPublicKey(tlsKey)) {
      return Optional.of(
          where
              + ": expected an Ed25519 TLS key, found an invalid key of "
              + tlsKey.length
              + " bytes");
    }
    if (suite == Ed25519Suite.INSTANCE && !Arrays.equals(consensusKey, tlsKey)) {
      return Optional.of(
          where
              + ": expected the TLS key to be the consensus key in the standard suite, found"
              + " another key");
    }
    if (!suite.verify(consensusKey, possessionMessage(tlsKey), possession)) {
      return Optional.of(
          where + ": expected a consensus-key signature over the TLS key, found an invalid one");
    }
    return Optional.empty();
  }
}
