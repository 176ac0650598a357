package io.credence.node.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.ledger.store.MemoryStore;
import io.credence.ledger.store.WriteBatch;
import io.credence.node.Replica;
import io.credence.node.TestConsortium;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The listings index: fed by committed blocks, it finds every event by contract and attribute; an
 * index rebuilt from the blocks equals the live one; any entry added, removed or altered, or a head
 * moved, is caught by the check.
 */
class EventIndexTest {
  private final TestConsortium c = new TestConsortium();
  private final MemoryStore store = new MemoryStore();
  private final Replica replica = c.replica(store);
  private final EventIndex index = new EventIndex(store, c.suite);

  EventIndexTest() {
    replica.addListener(index::index);
  }

  private void commit(int count, int firstNonce) {
    for (int i = 0; i < count; i++) {
      assertTrue(replica.onTransaction(c.registerNew(0, firstNonce + i)).isEmpty());
    }
    long now = 2_000 + firstNonce * 1_000L;
    while (replica.mempoolSize() > 0) {
      c.tick(replica, now += 10);
    }
  }

  private String adminsOrganisation() {
    return c.genesis.organisations().get(0).uscc();
  }

  @Test
  void listsEveryEventOfAnAttributeValue_inChainOrder_fromAHeight() {
    commit(3, 0);
    commit(2, 3);
    List<EventIndex.Hit> all =
        index.find("identity", "organisation", adminsOrganisation(), 0, EventIndex.HITS_MAX);
    assertEquals(5, all.size());
    for (int i = 1; i < all.size(); i++) {
      assertTrue(all.get(i - 1).height() <= all.get(i).height());
    }
    var first = all.get(0);
    var receipt = replica.store().receipts(first.height()).get(first.transaction());
    assertEquals("AccountRegistered", receipt.events().get(first.event()).name());
    assertEquals(5, index.find("identity", EventIndex.EVENT, "AccountRegistered", 0, 100).size());
    long later = all.get(3).height();
    assertEquals(
        all.subList(3, 5),
        index.find("identity", "organisation", adminsOrganisation(), later, 100).stream()
            .filter(h -> h.height() >= later)
            .toList()
            .subList(0, 2));
    assertEquals(2, index.find("identity", "organisation", adminsOrganisation(), 0, 2).size());
    assertEquals(List.of(), index.find("identity", "organisation", "nobody", 0, 100));
    assertEquals(replica.head().height(), index.height());
  }

  @Test
  void anIndexBuiltFromTheBlocks_equalsTheLiveOne() {
    commit(4, 0);
    assertEquals(Optional.empty(), EventIndex.verify(replica.store(), store, c.suite, h -> {}));
    MemoryStore fresh = new MemoryStore();
    EventIndex rebuilt = new EventIndex(fresh, c.suite);
    rebuilt.catchUp(replica.store(), h -> {});
    assertEquals(
        index.find("identity", EventIndex.EVENT, "AccountRegistered", 0, 100),
        rebuilt.find("identity", EventIndex.EVENT, "AccountRegistered", 0, 100));
    assertEquals(index.height(), rebuilt.height());
  }

  @Test
  void aTamperedIndex_isCaught_whateverWasTouched() {
    commit(3, 0);
    var entries = store.scan(EventIndex.ENTRIES, EventIndex.ENTRIES, 1_000);
    assertTrue(entries.size() >= 3 * 3);
    byte[] victim = entries.get(entries.size() / 2).getKey();

    // Removed.
    store.write(new WriteBatch().delete(victim));
    Optional<String> removed = EventIndex.verify(replica.store(), store, c.suite, h -> {});
    assertTrue(
        removed.isPresent() && removed.get().startsWith("index: expected entry"),
        removed.toString());
    store.write(new WriteBatch().put(victim, new byte[0]));
    assertEquals(Optional.empty(), EventIndex.verify(replica.store(), store, c.suite, h -> {}));

    // Added: a listing that would show an account under an organisation it never joined.
    byte[] forged = victim.clone();
    forged[forged.length - 1] ^= 1;
    store.write(new WriteBatch().put(forged, new byte[0]));
    assertTrue(EventIndex.verify(replica.store(), store, c.suite, h -> {}).isPresent());
    store.write(new WriteBatch().delete(forged));

    // The head moved back.
    byte[] head = store.get(EventIndex.HEAD);
    byte[] moved = head.clone();
    moved[7] -= 1;
    store.write(new WriteBatch().put(EventIndex.HEAD, moved));
    Optional<String> behind = EventIndex.verify(replica.store(), store, c.suite, h -> {});
    assertTrue(behind.isPresent() && behind.get().contains("indexed"), behind.toString());
    store.write(new WriteBatch().put(EventIndex.HEAD, head));
    assertEquals(Optional.empty(), EventIndex.verify(replica.store(), store, c.suite, h -> {}));
  }

  @Test
  void longOrOddValues_areNotIndexed_andLookUpNothing() {
    assertEquals(
        List.of(), index.find("identity", "x", "a".repeat(EventIndex.VALUE_BYTES_MAX + 1), 0, 10));
    assertEquals(List.of(), index.find("identity", "x", "a\0b", 0, 10));
    assertTrue(new String(EventIndex.ENTRIES, StandardCharsets.US_ASCII).startsWith("idx/"));
  }
}
