package io.credence.core.crypto;

import io.credence.core.Hash;
import org.bouncycastle.crypto.Digest;

/** A {@link CryptoSuite.Hasher} over a BouncyCastle digest taken from a {@link DigestPool}. */
final class DigestHasher implements CryptoSuite.Hasher {
  private final DigestPool<Digest> pool;
  private Digest digest;

  DigestHasher(DigestPool<Digest> pool) {
    this.pool = pool;
    this.digest = pool.take();
  }

  private Digest engine() {
    if (digest == null) {
      // Used again after a digest, as a fresh hasher.
      digest = pool.take();
    }
    return digest;
  }

  @Override
  public CryptoSuite.Hasher update(byte[] data) {
    engine().update(data, 0, data.length);
    return this;
  }

  @Override
  public CryptoSuite.Hasher update(byte prefix) {
    engine().update(prefix);
    return this;
  }

  @Override
  public Hash digest() {
    Digest d = engine();
    byte[] out = new byte[d.getDigestSize()];
    d.doFinal(out, 0);
    digest = null;
    pool.give(d);
    return Hash.of(out);
  }
}
