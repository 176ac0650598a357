package io.credence.ledger.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.credence.core.Hash;
import io.credence.core.codec.Codec;
import io.credence.core.crypto.CryptoSuite;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
import net.jqwik.api.constraints.IntRange;

/**
 * Nodes an update builds near the root hold their children; a reader finds the others by hash. A
 * chain of blocks never stored (as speculative blocks are) must be readable, and updatable, from
 * the held nodes and each update's {@code unheld} nodes alone, and give what a tree reading every
 * node by hash gives: same roots, values and proofs.
 */
class HeldNodesPropertiesTest {
  record Op(int key, byte[] value) {}

  /** Blocks of operations on a small key space (so leaves split, move down and collapse). */
  @Provide
  Arbitrary<List<List<Op>>> blocks() {
    Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(6);
    Arbitrary<Op> ops =
        Combinators.combine(
                Arbitraries.integers().between(0, 60), values, Arbitraries.integers().between(0, 3))
            .as((k, v, kind) -> new Op(k, kind == 0 ? null : v));
    return ops.list().ofMaxSize(20).list().ofMinSize(1).ofMaxSize(10);
  }

  /**
   * Pages by their root's hash, as a store gives them: decoded copies that hold the nodes of their
   * page and none below. A node asked for that roots no stored page fails the test.
   */
  private static final class Stored implements NodeSource {
    final Map<Hash, byte[]> encoded = new HashMap<>();
    final Codec<Node> pages;

    Stored(CryptoSuite suite) {
      this.pages = Page.codec(suite);
    }

    @Override
    public Node node(Hash hash) {
      byte[] raw = encoded.get(hash);
      if (raw == null) {
        throw new IllegalStateException("page " + hash + " is not stored");
      }
      return pages.decode(raw);
    }
  }

  @Property(tries = 300)
  void heldAndUnheldNodes_readAndUpdateLikeEveryNodeByHash(
      @ForAll("blocks") List<List<Op>> blocks,
      @ForAll @IntRange(min = 1, max = 9) int linkedDepth,
      @ForAll("commits") List<Boolean> commitAfter) {
    CryptoSuite suite = CryptoSuite.named("standard");
    MemoryNodes every = new MemoryNodes();
    StateTree reference = new StateTree(suite, every);
    // What a node has: blocks not yet stored indexed by hash (unheld nodes and roots), then the
    // store.
    Stored store = new Stored(suite);
    Map<Hash, Node> pending = new HashMap<>();
    List<StateTree.Update> unstored = new ArrayList<>();
    NodeSource node =
        hash -> {
          Node found = pending.get(hash);
          return found != null ? found : store.node(hash);
        };
    StateTree tree = new StateTree(suite, node, linkedDepth);
    Hash root = Hash.ZERO;
    TreeMap<Integer, byte[]> model = new TreeMap<>();
    for (int b = 0; b < blocks.size(); b++) {
      TreeMap<byte[], byte[]> changes = StateTree.changes();
      for (Op op : blocks.get(b)) {
        changes.put(key(op.key()), op.value());
        if (op.value() == null) {
          model.remove(op.key());
        } else {
          model.put(op.key(), op.value());
        }
      }
      StateTree.Update expected = reference.update(root, changes);
      every.putAll(expected.newNodes());
      StateTree.Update update = tree.update(root, changes);
      assertEquals(expected.root(), update.root(), "root after block " + b);
      assertEquals(expected.newNodes().keySet(), update.newNodes().keySet(), "new nodes");
      root = update.root();
      pending.putAll(update.unheld());
      if (update.rootNode() != null) {
        pending.put(update.root(), update.rootNode());
      }
      unstored.add(update);
      if (commitAfter.get(b % commitAfter.size())) {
        // Stored: every page placed is written; the pending index forgets them.
        for (StateTree.Update u : unstored) {
          u.pages().forEach((h, n) -> store.encoded.put(h, store.pages.encode(n)));
        }
        unstored.clear();
        pending.clear();
      }
      for (int k = 0; k <= 60; k++) {
        Optional<byte[]> found = tree.get(root, key(k));
        assertEquals(
            model.containsKey(k) ? Arrays.toString(model.get(k)) : "absent",
            found.map(Arrays::toString).orElse("absent"),
            "key " + k + " after block " + b);
        assertEquals(reference.prove(root, key(k)), tree.prove(root, key(k)), "proof of " + k);
      }
    }
  }

  @Provide
  Arbitrary<List<Boolean>> commits() {
    return Arbitraries.of(true, false).list().ofMinSize(1).ofMaxSize(4);
  }

  private static byte[] key(int k) {
    return ("k" + k).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
