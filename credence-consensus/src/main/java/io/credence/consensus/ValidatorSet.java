package io.credence.consensus;

import io.credence.consensus.message.QuorumCert;
import io.credence.consensus.message.Signature;
import io.credence.consensus.message.TimeoutCert;
import io.credence.core.Hash;
import io.credence.core.LruCache;
import io.credence.core.crypto.CryptoSuite;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The validators of one epoch, in a fixed order; a validator is named by its index. Any n works:
 * the quorum is floor(2n/3)+1, which tolerates f = floor((n-1)/3) Byzantine validators.
 */
public final class ValidatorSet {
  static final int VERIFIED_CERTIFICATES_CACHED_MAX = 1024;

  private final long epoch;
  private final List<byte[]> keys;
  private final CryptoSuite suite;
  private final LruCache<Hash, Boolean> verified;
  private final java.util.Set<PlantedBug> planted;

  public ValidatorSet(long epoch, List<byte[]> keys, CryptoSuite suite) {
    this(epoch, keys, suite, java.util.Set.of());
  }

  private ValidatorSet(
      long epoch, List<byte[]> keys, CryptoSuite suite, java.util.Set<PlantedBug> planted) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("validator set: expected at least 1 validator, found 0");
    }
    List<byte[]> copy = new ArrayList<>();
    keys.forEach(k -> copy.add(k.clone()));
    this.epoch = epoch;
    this.keys = copy;
    this.suite = suite;
    // Certificates travel in every proposal and timeout: check each one once.
    this.verified = new LruCache<>(VERIFIED_CERTIFICATES_CACHED_MAX, h -> null);
    this.planted = java.util.Set.copyOf(planted);
  }

  /**
   * This set with the certificate bugs among {@code bugs} planted ({@link PlantedBug#QUORUM_OF_2F},
   * {@link PlantedBug#CERTIFICATE_SIGNATURES_UNCHECKED}); this set itself when there are none.
   */
  ValidatorSet withPlanted(java.util.Set<PlantedBug> bugs) {
    if (bugs.isEmpty()) {
      return this;
    }
    return new ValidatorSet(epoch, keys, suite, bugs);
  }

  public long epoch() {
    return epoch;
  }

  public int size() {
    return keys.size();
  }

  public int quorum() {
    if (planted.contains(PlantedBug.QUORUM_OF_2F)) {
      return Math.max(1, 2 * faultsTolerated());
    }
    return keys.size() * 2 / 3 + 1;
  }

  /** The most faulty validators the set tolerates. */
  public int faultsTolerated() {
    return (keys.size() - 1) / 3;
  }

  /** The validators' keys in index order (copies). */
  public java.util.List<byte[]> keys() {
    java.util.List<byte[]> out = new java.util.ArrayList<>(keys.size());
    keys.forEach(k -> out.add(k.clone()));
    return out;
  }

  public byte[] key(int index) {
    return keys.get(index).clone();
  }

  public int indexOf(byte[] key) {
    for (int i = 0; i < keys.size(); i++) {
      if (Arrays.equals(keys.get(i), key)) {
        return i;
      }
    }
    return -1;
  }

  public CryptoSuite suite() {
    return suite;
  }

  public boolean verify(Signature signature, byte[] signed) {
    return signature.validator() >= 0
        && signature.validator() < keys.size()
        && suite.verify(keys.get(signature.validator()), signed, signature.bytes());
  }

  /**
   * True for a certificate of this epoch signed by a quorum of distinct validators, or the genesis
   * certificate of {@code startBlockId}.
   */
  public boolean verify(QuorumCert qc, Hash startBlockId) {
    if (qc.data().epoch() != epoch) {
      return false;
    }
    if (qc.isGenesis()) {
      return qc.signatures().isEmpty()
          && qc.blockId().equals(startBlockId)
          && qc.data().parentId().equals(startBlockId);
    }
    byte[] signed = qc.data().signingBytes();
    Hash digest = suite.hash(QuorumCert.CODEC.encode(qc));
    if (verified.get(digest) != null) {
      return true;
    }
    List<Signature> signatures = qc.signatures();
    return quorumSigned(signatures, i -> signed, digest);
  }

  /** True for a timeout certificate of this epoch signed by a quorum of distinct validators. */
  public boolean verify(TimeoutCert tc) {
    if (tc.epoch() != epoch) {
      return false;
    }
    Hash digest = suite.hash(TimeoutCert.CODEC.encode(tc));
    if (verified.get(digest) != null) {
      return true;
    }
    List<Signature> signatures = new ArrayList<>();
    tc.entries().forEach(e -> signatures.add(e.signature()));
    return quorumSigned(
        signatures,
        i -> TimeoutCert.signingBytes(epoch, tc.round(), tc.entries().get(i).highQcRound()),
        digest);
  }

  /**
   * True when the signatures are from a quorum of distinct validators and each verifies over the
   * bytes {@code signed} gives for its position; a certificate found good is remembered by {@code
   * digest}.
   */
  private boolean quorumSigned(
      List<Signature> signatures, IntFunction<byte[]> signed, Hash digest) {
    BitSet seen = new BitSet(keys.size());
    for (int i = 0; i < signatures.size(); i++) {
      Signature s = signatures.get(i);
      if (s.validator() < 0
          || s.validator() >= keys.size()
          || seen.get(s.validator())
          || (!planted.contains(PlantedBug.CERTIFICATE_SIGNATURES_UNCHECKED)
              && !verify(s, signed.apply(i)))) {
        return false;
      }
      seen.set(s.validator());
    }
    if (seen.cardinality() < quorum()) {
      return false;
    }
    verified.put(digest, Boolean.TRUE);
    return true;
  }
}
