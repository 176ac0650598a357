package io.credence.ledger.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Hash;
import io.credence.core.Hex;
import io.credence.core.codec.CodecAssertions;
import io.credence.core.codec.CodecException;
import io.credence.core.crypto.CryptoSuite;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * Inclusion proofs against {@link MerkleRoot}: every leaf's proof verifies, and nothing else does
 * (another leaf, a damaged sibling, index, count, leaf or encoding), except what the root cannot
 * tell apart (a restated count of the same path shape). The root format is pinned to RFC 6962's
 * reference vectors.
 */
class InclusionProofPropertiesTest {
  /** Distinct leaves: with a repeated leaf, a proof restated for its twin is a true proof. */
  @Provide
  Arbitrary<List<byte[]>> leafLists() {
    return Arbitraries.bytes()
        .array(byte[].class)
        .ofMaxSize(24)
        .list()
        .ofMinSize(1)
        .ofMaxSize(300)
        .uniqueElements(Hex::of);
  }

  private static CryptoSuite suite(boolean national) {
    return CryptoSuite.named(national ? "national" : "standard");
  }

  @Property(tries = 60)
  void everyLeafsProof_verifies_andRoundTrips(
      @ForAll("leafLists") List<byte[]> leaves,
      @ForAll boolean national,
      @ForAll int position,
      @ForAll int cut) {
    CryptoSuite suite = suite(national);
    Hash root = MerkleRoot.of(suite, leaves);
    for (int i = 0; i < leaves.size(); i++) {
      InclusionProof proof = InclusionProof.of(suite, leaves, i);
      assertTrue(proof.verify(suite, root, leaves.get(i)), "leaf " + i + " of " + leaves.size());
      assertEquals(i, proof.leafIndex());
      assertEquals(leaves.size(), proof.leafCount());
      assertEquals(directions(i, leaves.size()).size(), proof.siblings().size());
      CodecAssertions.roundTripsAndRejectsDamage(InclusionProof.CODEC, proof, position, cut);
    }
  }

  @Property(tries = 300)
  void anythingElse_fails(
      @ForAll("leafLists") List<byte[]> leaves,
      @ForAll boolean national,
      @ForAll int pick,
      @ForAll int other,
      @ForAll int bit,
      @ForAll @LongRange(min = 1, max = 700) long smallCount,
      @ForAll @LongRange(min = 1) long anyCount) {
    CryptoSuite suite = suite(national);
    int n = leaves.size();
    int i = Math.floorMod(pick, n);
    byte[] leaf = leaves.get(i);
    Hash root = MerkleRoot.of(suite, leaves);
    InclusionProof proof = InclusionProof.of(suite, leaves, i);

    // Another leaf's bytes, or another leaf's proof, do not verify.
    if (n > 1) {
      int j = Math.floorMod(i + 1 + Math.floorMod(other, n - 1), n);
      assertFalse(proof.verify(suite, root, leaves.get(j)), "leaf " + j + " with proof of " + i);
      assertFalse(InclusionProof.of(suite, leaves, j).verify(suite, root, leaf));
    }

    // Damaged leaf bytes: one flipped bit, or one byte more.
    byte[] damaged =
        leaf.length == 0
            ? new byte[] {(byte) bit}
            : flip(leaf, Math.floorMod(bit, leaf.length * 8));
    assertFalse(proof.verify(suite, root, damaged));
    assertFalse(proof.verify(suite, root, Arrays.copyOf(leaf, leaf.length + 1)));

    // A damaged sibling, a missing one, or one too many.
    if (!proof.siblings().isEmpty()) {
      int s = Math.floorMod(other, proof.siblings().size());
      List<Hash> siblings = new ArrayList<>(proof.siblings());
      siblings.set(s, Hash.of(flip(siblings.get(s).bytes(), Math.floorMod(bit, 256))));
      assertFalse(new InclusionProof(i, n, siblings).verify(suite, root, leaf));
      assertFalse(
          new InclusionProof(i, n, proof.siblings().subList(1, proof.siblings().size()))
              .verify(suite, root, leaf));
    }
    List<Hash> longer = new ArrayList<>(proof.siblings());
    longer.add(root);
    assertFalse(new InclusionProof(i, n, longer).verify(suite, root, leaf));

    // Another index of the same list never verifies: each index has its own path shape.
    if (n > 1) {
      long wrongIndex = Math.floorMod(i + 1 + Math.floorMod(other, n - 1), n);
      assertFalse(new InclusionProof(wrongIndex, n, proof.siblings()).verify(suite, root, leaf));
    }

    // Another count (with any index below it): the root does not commit to the count, so it
    // verifies exactly when the restated pair walks the same path shape as the true one.
    for (long count : new long[] {smallCount, anyCount}) {
      if (count == n) {
        continue;
      }
      long index = Math.floorMod((long) i + other, count);
      boolean sameShape = directions(index, count).equals(directions(i, n));
      assertEquals(
          sameShape,
          new InclusionProof(index, count, proof.siblings()).verify(suite, root, leaf),
          "leaf " + i + " of " + n + " restated as " + index + " of " + count);
    }

    // Against another list's root.
    List<byte[]> more = new ArrayList<>(leaves);
    more.add(new byte[25]);
    assertFalse(proof.verify(suite, MerkleRoot.of(suite, more), leaf));
  }

  /**
   * One flipped bit anywhere in the encoding: refused by the codec (with CodecException and nothing
   * else), or a proof that does not verify, or (a bit of the count) a restated count of the same
   * path shape, the one change the root cannot see.
   */
  @Property(tries = 300)
  void damagedProofBytes_failWithCodecException_orDoNotVerify(
      @ForAll("leafLists") List<byte[]> leaves, @ForAll int pick, @ForAll int position) {
    CryptoSuite suite = suite(false);
    int i = Math.floorMod(pick, leaves.size());
    Hash root = MerkleRoot.of(suite, leaves);
    InclusionProof proof = InclusionProof.of(suite, leaves, i);
    byte[] encoded = InclusionProof.CODEC.encode(proof);
    byte[] damaged = flip(encoded, Math.floorMod(position, encoded.length * 8));
    CodecAssertions.decodesCanonicallyOrFails(InclusionProof.CODEC, damaged);
    InclusionProof decoded;
    try {
      decoded = InclusionProof.CODEC.decode(damaged);
    } catch (CodecException refused) {
      return;
    }
    boolean restatedShape =
        decoded.siblings().equals(proof.siblings())
            && directions(decoded.leafIndex(), decoded.leafCount())
                .equals(directions(i, leaves.size()));
    assertEquals(
        restatedShape,
        decoded.verify(suite, root, leaves.get(i)),
        "damaged proof " + decoded.leafIndex() + " of " + decoded.leafCount());
  }

  @Test
  void codec_refusesMalformedFields_withCodecException() {
    // Version 1, then index 3, count 3, no siblings: the index is outside the list.
    CodecException index =
        assertThrows(
            CodecException.class, () -> InclusionProof.CODEC.decode(new byte[] {1, 3, 3, 0}));
    assertEquals("inclusion proof leafIndex: expected 0 to 2, found 3", index.getMessage());
    CodecException count =
        assertThrows(
            CodecException.class, () -> InclusionProof.CODEC.decode(new byte[] {1, 0, 0, 0}));
    assertEquals("inclusion proof leafCount: expected at least 1, found 0", count.getMessage());
    CodecException siblings =
        assertThrows(
            CodecException.class, () -> InclusionProof.CODEC.decode(new byte[] {1, 0, 1, 65}));
    assertEquals("inclusionProof.siblings: length 65 exceeds limit 64", siblings.getMessage());
  }

  @Test
  void builder_refusesAnIndexOutsideTheList() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> InclusionProof.of(suite(false), List.of(new byte[1], new byte[2]), 2));
    assertEquals(
        "inclusion proof leafIndex: expected 0 to 1, found 2 (a list of 2 leaves)", e.getMessage());
  }

  /** The limit stated in the class comment, as an example: the root does not fix the count. */
  @Test
  void restatedCountOfTheSameShape_verifies_becauseTheRootDoesNotCommitToTheCount() {
    CryptoSuite suite = suite(false);
    List<byte[]> leaves = List.of(new byte[] {1}, new byte[] {2}, new byte[] {3});
    Hash root = MerkleRoot.of(suite, leaves);
    InclusionProof first = InclusionProof.of(suite, leaves, 0);
    assertTrue(new InclusionProof(0, 4, first.siblings()).verify(suite, root, leaves.get(0)));
    InclusionProof last = InclusionProof.of(suite, leaves, 2);
    assertTrue(new InclusionProof(1, 2, last.siblings()).verify(suite, root, leaves.get(2)));
    assertFalse(new InclusionProof(0, 5, first.siblings()).verify(suite, root, leaves.get(0)));
  }

  /**
   * The Certificate Transparency reference leaves, roots for sizes 0 to 8, and two audit paths (RFC
   * 6962's test data, SHA-256): our root format is RFC 6962's and must not drift, or every stored
   * chain's roots would stop matching.
   */
  @Test
  void rootsAndPaths_matchTheRfc6962ReferenceVectors() {
    CryptoSuite suite = suite(false);
    List<byte[]> leaves =
        List.of(
                "",
                "00",
                "10",
                "2021",
                "3031",
                "40414243",
                "5051525354555657",
                "606162636465666768696a6b6c6d6e6f")
            .stream()
            .map(h -> Hex.parse("leaf", h))
            .toList();
    List<String> roots =
        List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
    for (int size = 0; size <= 8; size++) {
      assertEquals(
          roots.get(size), MerkleRoot.of(suite, leaves.subList(0, size)).hex(), "size " + size);
    }
    assertEquals(
        List.of(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        InclusionProof.of(suite, leaves, 0).siblings().stream().map(Hash::hex).toList());
    assertEquals(
        List.of(
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        InclusionProof.of(suite, leaves, 5).siblings().stream().map(Hash::hex).toList());
  }

  /**
   * The shape of leaf {@code index}'s path in a list of {@code count}, by RFC 6962's recursive
   * definition (independent of the verifier's bit walk): for each sibling from the leaf up, true
   * when it lies to the left.
   */
  private static List<Boolean> directions(long index, long count) {
    List<Boolean> rootFirst = new ArrayList<>();
    long from = 0;
    long to = count;
    while (to - from > 1) {
      long k = Long.highestOneBit(to - from - 1);
      if (index < from + k) {
        rootFirst.add(false);
        to = from + k;
      } else {
        rootFirst.add(true);
        from = from + k;
      }
    }
    List<Boolean> leafFirst = new ArrayList<>(rootFirst);
    java.util.Collections.reverse(leafFirst);
    return leafFirst;
  }

  private static byte[] flip(byte[] bytes, int bit) {
    byte[] out = bytes.clone();
    out[bit >>> 3] ^= (byte) (1 << (bit & 7));
    return out;
  }
}
