package io.credence.core.crypto;

/** A private key and its public key, both raw bytes in the suite's encoding. */
public record KeyPair(CryptoSuite suite, byte[] privateKey, byte[] publicKey) {
  public KeyPair {
    privateKey = privateKey.clone();
    publicKey = publicKey.clone();
  }

  @Override
  public byte[] privateKey() {
    return privateKey.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }
}
