package io.credence.core.crypto;

import io.credence.core.Hash;
import org.bouncycastle.crypto.Digest;

/** A {@link CryptoSuite.Hasher} over a BouncyCastle digest. */
final class DigestHasher implements CryptoSuite.Hasher {
  private final Digest digest;

  DigestHasher(Digest digest) {
    this.digest = digest;
  }

  @Override
  public CryptoSuite.Hasher update(byte[] data) {
    digest.update(data, 0, data.length);
    return this;
  }

  @Override
  public CryptoSuite.Hasher update(byte prefix) {
    digest.update(prefix);
    return this;
  }

  @Override
  public Hash digest() {
    byte[] out = new byte[digest.getDigestSize()];
    digest.doFinal(out, 0);
    return Hash.of(out);
  }
}
