package io.credence.node.index;

import io.credence.core.Event;
import io.credence.core.Hash;
import io.credence.core.Hex;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.core.crypto.CryptoSuite;
import io.credence.ledger.chain.Receipt;
import io.credence.ledger.store.BlockStore;
import io.credence.ledger.store.KeyValueStore;
import io.credence.ledger.store.MemoryStore;
import io.credence.ledger.store.WriteBatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The listings index, kept beside the block store: for every committed event, an entry under its
 * contract and its name, and one under each attribute whose value is at most {@link
 * #VALUE_BYTES_MAX} bytes (an account, an organisation's USCC, a certificate id), pointing at
 * (height, transaction, event). "Every account registered under organisation X" is one prefix scan.
 * It is fed by committed blocks, never by anything else: it can always be rebuilt from the blocks
 * ({@link #catchUp}), and {@link #verify} rebuilds it and compares, entry by entry, with a running
 * digest of what each block added.
 */
public final class EventIndex {
  /** Attribute values longer than this are not indexed (a validator-set list, a free note). */
  public static final int VALUE_BYTES_MAX = 128;

  /** Hits one lookup answers at most. */
  public static final int HITS_MAX = 1_000;

  /** The pseudo-attribute under which every event is indexed by its name. */
  public static final String EVENT = "event";

  static final byte[] ENTRIES = "idx/e/".getBytes(StandardCharsets.US_ASCII);
  static final byte[] HEAD = "idx/head".getBytes(StandardCharsets.US_ASCII);
  private static final int LOCATION_BYTES = 8 + 4 + 2;

  /** Where an event is: block height, transaction index, event index in its receipt. */
  public record Hit(long height, int transaction, int event) {}

  private final KeyValueStore kv;
  private final CryptoSuite suite;

  public EventIndex(KeyValueStore kv, CryptoSuite suite) {
    this.kv = kv;
    this.suite = suite;
  }

  /** The last height indexed (0 before any block after genesis). */
  public long height() {
    byte[] raw = kv.get(HEAD);
    return raw == null ? 0 : new Reader(raw).u64();
  }

  private Hash digest() {
    byte[] raw = kv.get(HEAD);
    if (raw == null) {
      return Hash.ZERO;
    }
    Reader r = new Reader(raw);
    r.u64();
    return Hash.read(r);
  }

  /** Indexes a committed block, which must be the next one. */
  public void index(BlockStore.Committed committed) {
    long height = committed.block().header().height();
    long indexed = height();
    if (height <= indexed) {
      return; // already indexed (a restart re-announcing its head)
    }
    if (height != indexed + 1) {
      throw new IllegalStateException(
          "index: expected block " + (indexed + 1) + ", found " + height);
    }
    write(height, committed.receipts());
  }

  private void write(long height, List<Receipt> receipts) {
    WriteBatch batch = new WriteBatch();
    ByteArrayOutputStream added = new ByteArrayOutputStream();
    for (int t = 0; t < receipts.size(); t++) {
      List<Event> events = receipts.get(t).events();
      for (int e = 0; e < events.size(); e++) {
        for (byte[] key : keys(events.get(e), height, t, e)) {
          batch.put(key, new byte[0]);
          added.writeBytes(key);
        }
      }
    }
    Hash blockDigest = suite.hash(added.toByteArray());
    Hash running = suite.hash(concat(digest().bytes(), blockDigest.bytes()));
    Writer head = new Writer().u64(height);
    running.write(head);
    batch.put(HEAD, head.toByteArray());
    // Rebuildable from the blocks (catchUp at start): no sync of its own. A crash loses at most
    // the last blocks' entries, never half a block's, and the next start indexes them again.
    kv.writeUnsynced(batch);
  }

  /** Indexes every committed block the index has not seen yet (after a crash, or a new index). */
  public void catchUp(BlockStore store, LongConsumer progress) {
    long head = store.head().orElse(0);
    for (long h = height() + 1; h <= head; h++) {
      write(h, store.receipts(h));
      progress.accept(h);
    }
  }

  /**
   * Events of {@code contract} whose {@code attribute} (or {@link #EVENT}, for the event's name)
   * equals {@code value}, from {@code fromHeight} on, in chain order, at most {@code limit} (up to
   * {@link #HITS_MAX}).
   */
  public List<Hit> find(
      String contract, String attribute, String value, long fromHeight, int limit) {
    return find(contract, attribute, value, new Hit(Math.max(0, fromHeight), 0, 0), limit);
  }

  /** The same, from the event at {@code from} (included) on: a page after the last one. */
  public List<Hit> find(String contract, String attribute, String value, Hit from, int limit) {
    byte[] prefix = prefix(contract, attribute, value);
    if (prefix == null) {
      return List.of();
    }
    byte[] start =
        concat(
            prefix,
            new Writer(LOCATION_BYTES)
                .u64(from.height())
                .u32(from.transaction())
                .u8(from.event() >>> 8)
                .u8(from.event())
                .toByteArray());
    List<Hit> out = new ArrayList<>();
    for (Map.Entry<byte[], byte[]> e : kv.scan(prefix, start, Math.min(limit, HITS_MAX))) {
      byte[] key = e.getKey();
      if (key.length != prefix.length + LOCATION_BYTES) {
        continue; // a longer value that shares this prefix
      }
      Reader r = new Reader(Arrays.copyOfRange(key, prefix.length, key.length));
      out.add(new Hit(r.u64(), r.u32(), (r.u8() << 8) | r.u8()));
    }
    return out;
  }

  /**
   * Rebuilds the index of {@code store}'s blocks in memory and compares it with the one in {@code
   * kv}, entry by entry; the problem found, if any.
   */
  public static Optional<String> verify(
      BlockStore store, KeyValueStore kv, CryptoSuite suite, LongConsumer progress) {
    MemoryStore rebuilt = new MemoryStore();
    EventIndex expected = new EventIndex(rebuilt, suite);
    expected.catchUp(store, progress);
    EventIndex actual = new EventIndex(kv, suite);
    if (actual.height() != expected.height()) {
      return Optional.of(
          "index: expected blocks up to "
              + expected.height()
              + " indexed, found "
              + actual.height());
    }
    if (!actual.digest().equals(expected.digest())) {
      return Optional.of("index: its digest differs from the one the blocks give");
    }
    byte[] fromA = ENTRIES;
    byte[] fromE = ENTRIES;
    while (true) {
      var a = kv.scan(ENTRIES, fromA, KeyValueStore.SCAN_ENTRIES_MAX);
      var e = rebuilt.scan(ENTRIES, fromE, KeyValueStore.SCAN_ENTRIES_MAX);
      for (int i = 0; i < Math.max(a.size(), e.size()); i++) {
        byte[] ka = i < a.size() ? a.get(i).getKey() : null;
        byte[] ke = i < e.size() ? e.get(i).getKey() : null;
        if (ka == null || ke == null || !Arrays.equals(ka, ke)) {
          return Optional.of(
              "index: expected entry "
                  + (ke == null ? "none" : show(ke))
                  + ", found "
                  + (ka == null ? "none" : show(ka)));
        }
      }
      if (a.size() < KeyValueStore.SCAN_ENTRIES_MAX) {
        return Optional.empty();
      }
      fromA = successor(a.get(a.size() - 1).getKey());
      fromE = successor(e.get(e.size() - 1).getKey());
    }
  }

  private static String show(byte[] key) {
    byte[] head = Arrays.copyOf(key, Math.max(0, key.length - LOCATION_BYTES));
    StringBuilder s = new StringBuilder();
    for (byte b : head) {
      s.append(b == 0 ? '|' : (char) (b & 0xff));
    }
    return "'" + s + "' at " + Hex.of(Arrays.copyOfRange(key, head.length, key.length));
  }

  private static byte[] successor(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }

  private static List<byte[]> keys(Event event, long height, int tx, int ev) {
    byte[] location =
        new Writer(LOCATION_BYTES).u64(height).u32(tx).u8(ev >>> 8).u8(ev).toByteArray();
    List<byte[]> out = new ArrayList<>();
    byte[] byName = prefix(event.contract(), EVENT, event.name());
    if (byName != null) {
      out.add(concat(byName, location));
    }
    for (Map.Entry<String, String> a : event.attributes().entrySet()) {
      byte[] p = prefix(event.contract(), a.getKey(), a.getValue());
      if (p != null) {
        out.add(concat(p, location));
      }
    }
    return out;
  }

  /** The key prefix of (contract, attribute, value); null for what is not indexed. */
  private static byte[] prefix(String contract, String attribute, String value) {
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    if (v.length > VALUE_BYTES_MAX
        || value.indexOf('\0') >= 0
        || attribute.indexOf('\0') >= 0
        || contract.indexOf('\0') >= 0) {
      return null;
    }
    return concat(
        ENTRIES,
        (contract + "\0" + attribute + "\0" + value + "\0").getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
