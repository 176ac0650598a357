package io.credence.ledger.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Hash;
import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecAssertions;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Writer;
import io.credence.core.crypto.CryptoSuite;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The stored form of the state tree: pages of four levels, each read back to the root it had. */
class PagePropertiesTest {
  /** Trees of 1 to 300 keys: a leaf alone, full pages, and pages naming the pages below them. */
  @Provide
  Arbitrary<TreeMap<byte[], byte[]>> trees() {
    return Arbitraries.integers()
        .between(1, 300)
        .flatMap(
            n ->
                Arbitraries.bytes()
                    .array(byte[].class)
                    .ofMaxSize(12)
                    .list()
                    .ofSize(n)
                    .map(
                        values -> {
                          TreeMap<byte[], byte[]> changes = StateTree.changes();
                          for (int i = 0; i < values.size(); i++) {
                            changes.put(key(i), values.get(i));
                          }
                          return changes;
                        }));
  }

  @Property(tries = 300)
  void everyPage_roundTripsToItsRoot_andDamageIsRefused(
      @ForAll("trees") TreeMap<byte[], byte[]> changes,
      @ForAll boolean national,
      @ForAll int pick,
      @ForAll int position,
      @ForAll int cut) {
    CryptoSuite suite = CryptoSuite.named(national ? "national" : "standard");
    StateTree.Update update = new StateTree(suite, new MemoryNodes()).update(Hash.ZERO, changes);
    List<Map.Entry<Hash, Node>> pages = new ArrayList<>(update.pages().entrySet());
    assertTrue(pages.size() >= 1, "a tree of " + changes.size() + " keys has a page");
    Map.Entry<Hash, Node> page = pages.get(Math.floorMod(pick, pages.size()));
    Codec<Node> codec = Page.codec(suite);
    CodecAssertions.roundTripsAndRejectsDamage(codec, page.getValue(), position, cut);
    // The exactly sized encoding gives the bytes the codec's writer gives.
    Writer w = new Writer().u8(codec.version());
    codec.write(w, page.getValue());
    assertArrayEquals(w.toByteArray(), codec.encode(page.getValue()));
    assertEquals(page.getKey(), codec.decode(codec.encode(page.getValue())).hash(suite));
  }

  /** A page per four levels: the pages of one tree hold each of its nodes exactly once. */
  @Property(tries = 100)
  void pages_partitionTheTree(@ForAll("trees") TreeMap<byte[], byte[]> changes) {
    CryptoSuite suite = CryptoSuite.named("standard");
    StateTree.Update update = new StateTree(suite, new MemoryNodes()).update(Hash.ZERO, changes);
    List<Hash> inPages = new ArrayList<>();
    for (Node root : update.pages().values()) {
      collect(suite, root, 0, inPages);
    }
    assertEquals(update.newNodes().size(), inPages.size(), "nodes in all pages");
    assertEquals(update.newNodes().keySet(), new java.util.HashSet<>(inPages));
  }

  private static void collect(CryptoSuite suite, Node node, int level, List<Hash> out) {
    out.add(node.hash(suite));
    if (node instanceof Node.Internal internal && level + 1 < Page.LEVELS) {
      for (boolean right : new boolean[] {false, true}) {
        Node held = internal.held(right);
        if (held != null) {
          collect(suite, held, level + 1, out);
        }
      }
    }
  }

  @Test
  void aRecordOfTheFormerFormat_isRefusedByItsVersion() {
    byte[] former = {1, 0, 1, 'k', 1, 'v'};
    CodecException e =
        assertThrows(
            CodecException.class, () -> Page.codec(CryptoSuite.named("standard")).decode(former));
    assertEquals("unknown version: expected 2, found 1", e.getMessage());
  }

  private static byte[] key(int i) {
    return ("k" + i).getBytes(StandardCharsets.US_ASCII);
  }
}
