package io.credence.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.crypto.CryptoSuite;
import io.credence.ledger.state.Node;
import io.credence.ledger.state.StateTree;
import io.credence.node.execution.CommittedValues;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The committed values remembered across blocks give what the tree gives at their root: a key read
 * once, a key a committed block wrote or deleted, and after a gap in heights (forgotten).
 */
class CommittedValuesTest {
  private final CryptoSuite suite = CryptoSuite.named("standard");
  private final Map<io.credence.core.Hash, Node> nodes = new HashMap<>();
  private int nodeReads;
  private final StateTree tree =
      new StateTree(
          suite,
          hash -> {
            nodeReads++;
            return nodes.get(hash);
          });

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private StateTree.Update apply(io.credence.core.Hash root, TreeMap<byte[], byte[]> changes) {
    StateTree.Update u = tree.update(root, changes);
    nodes.putAll(u.newNodes());
    return u;
  }

  @Test
  void readsWritesAndDeletes_followTheCommittedBlocks() {
    TreeMap<byte[], byte[]> first = StateTree.changes();
    first.put(b("a"), b("1"));
    first.put(b("b"), b("2"));
    StateTree.Update one = apply(io.credence.core.Hash.ZERO, first);
    CommittedValues values = new CommittedValues(one.root(), 1);
    assertArrayEquals(b("1"), values.get(tree, b("a")));
    assertNull(values.get(tree, b("c")));

    // Block 2 changes a, deletes b, adds c: each read now gives block 2's state.
    TreeMap<byte[], byte[]> second = StateTree.changes();
    second.put(b("a"), b("9"));
    second.put(b("b"), null);
    second.put(b("c"), b("3"));
    StateTree.Update two = apply(one.root(), second);
    values.advance(2, two.root(), second);
    assertEquals(two.root(), values.root());
    for (String key : new String[] {"a", "b", "c", "d"}) {
      byte[] expected = tree.get(two.root(), b(key)).orElse(null);
      byte[] found = values.get(tree, b(key));
      if (expected == null) {
        assertNull(found, key);
      } else {
        assertArrayEquals(expected, found, key);
      }
    }

    // A block it did not see (height 4 after 2): what it remembered is forgotten, read again.
    TreeMap<byte[], byte[]> third = StateTree.changes();
    third.put(b("a"), b("7"));
    StateTree.Update four = apply(two.root(), third);
    values.advance(4, four.root(), StateTree.changes());
    assertArrayEquals(b("7"), values.get(tree, b("a")));
    assertArrayEquals(b("3"), values.get(tree, b("c")));
  }

  @Test
  void atItsBound_itForgets_andStillAnswersExactly() {
    TreeMap<byte[], byte[]> changes = StateTree.changes();
    for (int i = 0; i < 10; i++) {
      changes.put(b("k" + i), b("v" + i));
    }
    StateTree.Update one = apply(io.credence.core.Hash.ZERO, changes);
    CommittedValues values = new CommittedValues(one.root(), 1, 3);
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 10; i++) {
        assertArrayEquals(b("v" + i), values.get(tree, b("k" + i)));
        assertTrue(values.size() <= 3, "remembers " + values.size() + " keys, at most 3");
      }
    }
    // A block writing more than the bound: forgotten first, and then exact.
    TreeMap<byte[], byte[]> many = StateTree.changes();
    for (int i = 0; i < 5; i++) {
      many.put(b("k" + i), b("w" + i));
    }
    StateTree.Update two = apply(one.root(), many);
    values.advance(2, two.root(), many);
    assertTrue(values.size() <= 3, "remembers " + values.size() + " keys, at most 3");
    assertArrayEquals(b("w4"), values.get(tree, b("k4")));
    assertArrayEquals(b("v9"), values.get(tree, b("k9")));
  }

  @Test
  void keysMatchByTheirBytes_notByTheArray_andACallerReusingItsArrayChangesNothing() {
    TreeMap<byte[], byte[]> changes = StateTree.changes();
    for (String key : new String[] {"ab", "ba", "a", "a\0", "\0a", "Aa", "BB"}) {
      changes.put(b(key), b("value of " + key));
    }
    StateTree.Update one = apply(io.credence.core.Hash.ZERO, changes);
    CommittedValues values = new CommittedValues(one.root(), 1);
    for (byte[] key : changes.keySet()) {
      assertArrayEquals(changes.get(key), values.get(tree, key.clone()));
    }
    // Read again through other arrays with the same bytes: remembered, no tree read.
    int readsBefore = nodeReads;
    for (byte[] key : changes.keySet()) {
      assertArrayEquals(changes.get(key), values.get(tree, key.clone()));
    }
    assertEquals(readsBefore, nodeReads, "tree reads for keys already remembered");

    // A caller that reuses its key array after a read does not change what was remembered. "Aa"
    // and "BB" share a hash code, so a remembered key that shared the caller's array would be
    // found for the other key.
    CommittedValues fresh = new CommittedValues(one.root(), 1);
    byte[] reused = b("Aa");
    assertEquals(java.util.Arrays.hashCode(reused), java.util.Arrays.hashCode(b("BB")));
    assertArrayEquals(b("value of Aa"), fresh.get(tree, reused));
    reused[0] = 'B';
    reused[1] = 'B';
    assertArrayEquals(b("value of BB"), fresh.get(tree, reused));
    assertArrayEquals(b("value of Aa"), fresh.get(tree, b("Aa")));
    byte[] absent = b("zz");
    assertNull(fresh.get(tree, absent));
    absent[0] = 'a';
    absent[1] = 'b';
    assertArrayEquals(b("value of ab"), fresh.get(tree, absent));
    assertNull(fresh.get(tree, b("zz")));
  }
}
