package io.credence.ledger.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Hash;
import io.credence.core.codec.CodecAssertions;
import io.credence.core.crypto.CryptoSuite;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The state tree against a TreeMap model, and its proofs against tampering. */
class StateTreePropertiesTest {
  /**
   * One operation: put (value non-null) or delete (value null), on a small key space to collide.
   */
  record Op(byte[] key, byte[] value) {}

  @Provide
  Arbitrary<List<List<Op>>> blocks() {
    Arbitrary<byte[]> keys = Arbitraries.integers().between(0, 40).map(i -> ("k" + i).getBytes());
    Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMaxSize(8);
    Arbitrary<Op> ops =
        Combinators.combine(keys, values, Arbitraries.integers().between(0, 3))
            .as((k, v, kind) -> new Op(k, kind == 0 ? null : v));
    return ops.list().ofMaxSize(12).list().ofMaxSize(8);
  }

  @Property(tries = 200)
  void tree_agreesWithTreeMapModel_atEveryPastRoot(
      @ForAll("blocks") List<List<Op>> blocks, @ForAll boolean national) {
    CryptoSuite suite = CryptoSuite.named(national ? "national" : "standard");
    MemoryNodes nodes = new MemoryNodes();
    StateTree tree = new StateTree(suite, nodes);
    TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
    List<Hash> roots = new ArrayList<>();
    List<TreeMap<byte[], byte[]>> snapshots = new ArrayList<>();
    Hash root = Hash.ZERO;
    for (List<Op> block : blocks) {
      TreeMap<byte[], byte[]> changes = StateTree.changes();
      for (Op op : block) {
        changes.put(op.key(), op.value());
      }
      StateTree.Update update = tree.update(root, changes);
      nodes.putAll(update.newNodes());
      root = update.root();
      for (Map.Entry<byte[], byte[]> change : changes.entrySet()) {
        if (change.getValue() == null) {
          model.remove(change.getKey());
        } else {
          model.put(change.getKey(), change.getValue());
        }
      }
      roots.add(root);
      TreeMap<byte[], byte[]> snapshot = new TreeMap<>(Arrays::compareUnsigned);
      snapshot.putAll(model);
      snapshots.add(snapshot);
    }
    for (int b = 0; b < roots.size(); b++) {
      for (int i = 0; i <= 40; i++) {
        byte[] key = ("k" + i).getBytes();
        Optional<byte[]> found = tree.get(roots.get(b), key);
        byte[] expected = snapshots.get(b).get(key);
        assertEquals(expected == null, found.isEmpty());
        if (expected != null) {
          assertArrayEquals(expected, found.get());
        }
        Proof proof = tree.prove(roots.get(b), key);
        assertTrue(proof.verify(suite, roots.get(b), key, expected));
      }
    }
    // The root depends only on the content: rebuilding the final map in one update gives the same
    // root.
    MemoryNodes fresh = new MemoryNodes();
    TreeMap<byte[], byte[]> all = StateTree.changes();
    all.putAll(model);
    assertEquals(root, new StateTree(suite, fresh).update(Hash.ZERO, all).root());
  }

  @Property(tries = 200)
  void tamperedProofOrValue_fails(
      @ForAll("blocks") List<List<Op>> blocks, @ForAll int which, @ForAll int bit) {
    CryptoSuite suite = CryptoSuite.named("standard");
    MemoryNodes nodes = new MemoryNodes();
    StateTree tree = new StateTree(suite, nodes);
    TreeMap<byte[], byte[]> changes = StateTree.changes();
    blocks.forEach(
        b ->
            b.forEach(
                op -> changes.put(op.key(), op.value() == null ? new byte[] {1} : op.value())));
    changes.put("anchor".getBytes(), new byte[] {42});
    StateTree.Update update = tree.update(Hash.ZERO, changes);
    nodes.putAll(update.newNodes());
    byte[] key = "anchor".getBytes();
    Proof proof = tree.prove(update.root(), key);
    assertTrue(proof.verify(suite, update.root(), key, new byte[] {42}));
    // A different value, or absence, fails.
    assertFalse(proof.verify(suite, update.root(), key, new byte[] {43}));
    assertFalse(proof.verify(suite, update.root(), key, null));
    // Any single flipped bit in the encoded proof fails to decode or fails to verify.
    byte[] encoded = Proof.CODEC.encode(proof);
    byte[] tampered = encoded.clone();
    int position = 1 + Math.floorMod(which, encoded.length - 1);
    tampered[position] ^= (byte) (1 << Math.floorMod(bit, 8));
    CodecAssertions.decodesCanonicallyOrFails(Proof.CODEC, tampered);
    try {
      Proof bad = Proof.CODEC.decode(tampered);
      assertFalse(
          bad.verify(suite, update.root(), key, new byte[] {42}), "tampered proof verified");
    } catch (io.credence.core.codec.CodecException expected) {
      // Rejected by the codec: also a failure to prove.
    }
  }

  @Test
  void absentKey_nonInclusionProofVerifies_andCannotClaimAValue() {
    CryptoSuite suite = CryptoSuite.named("standard");
    MemoryNodes nodes = new MemoryNodes();
    StateTree tree = new StateTree(suite, nodes);
    TreeMap<byte[], byte[]> changes = StateTree.changes();
    for (int i = 0; i < 100; i++) {
      changes.put(("k" + i).getBytes(), new byte[] {(byte) i});
    }
    StateTree.Update update = tree.update(Hash.ZERO, changes);
    nodes.putAll(update.newNodes());
    Proof proof = tree.prove(update.root(), "missing".getBytes());
    assertTrue(proof.verify(suite, update.root(), "missing".getBytes(), null));
    assertFalse(proof.verify(suite, update.root(), "missing".getBytes(), new byte[] {0}));
    assertFalse(proof.verify(suite, Hash.ZERO, "missing".getBytes(), null));
  }

  @Test
  void update_writesOnlyLogarithmicallyManyNodes() {
    CryptoSuite suite = CryptoSuite.named("standard");
    MemoryNodes nodes = new MemoryNodes();
    StateTree tree = new StateTree(suite, nodes);
    TreeMap<byte[], byte[]> changes = StateTree.changes();
    for (int i = 0; i < 4096; i++) {
      changes.put(("k" + i).getBytes(), new byte[] {1});
    }
    StateTree.Update first = tree.update(Hash.ZERO, changes);
    nodes.putAll(first.newNodes());
    TreeMap<byte[], byte[]> one = StateTree.changes();
    one.put("k7".getBytes(), new byte[] {2});
    StateTree.Update second = tree.update(first.root(), one);
    // One leaf plus the internal nodes on its path: about log2(4096) = 12, with slack for uneven
    // paths.
    assertTrue(second.newNodes().size() <= 40, "wrote " + second.newNodes().size() + " nodes");
  }
}
