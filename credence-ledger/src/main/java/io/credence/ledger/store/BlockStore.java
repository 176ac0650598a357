package io.credence.ledger.store;

import io.credence.core.Hash;
import io.credence.core.LruCache;
import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.genesis.Genesis;
import io.credence.ledger.chain.Block;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.Receipt;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.state.Node;
import io.credence.ledger.state.NodeSource;
import io.credence.ledger.state.Page;
import io.credence.ledger.state.StateTree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The chain on a {@link KeyValueStore}. Each block, its receipts, its indexes, the state pages it
 * changed and the new head are written in one synced batch, so a crash at any instant leaves the
 * store at the last complete block. Every record read back is decoded strictly, and state pages are
 * checked against their hash: a mismatch is a {@link DamagedStoreException} that names the height.
 */
public final class BlockStore implements NodeSource {
  private static final byte[] HEAD_KEY = "Mhead".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] GENESIS_KEY = "Mgenesis".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FORMAT_KEY = "Mformat".getBytes(StandardCharsets.US_ASCII);

  /**
   * The layout of the records this version writes and reads: 2 since the state tree is stored in
   * pages. A store written before it was recorded is format 1 (a record per state node).
   */
  public static final int FORMAT = 2;

  private static final byte HEADER = 'B';
  private static final byte BODY = 'b';
  private static final byte RECEIPTS = 'R';
  private static final byte STATE_WRITTEN = 's';
  private static final byte STATE_PAGE = 'S';
  private static final byte BLOCK_INDEX = 'H';
  private static final byte TRANSACTION_INDEX = 'T';

  /**
   * State pages kept decoded and checked in memory, each by its root; they are immutable, so
   * caching is exact.
   */
  public static final int PAGES_CACHED_MAX = 50_000;

  private final KeyValueStore store;
  private final CryptoSuite suite;
  private final Codec<Node> pageCodec;
  private final LruCache<Hash, Node> pages =
      new LruCache<>(PAGES_CACHED_MAX, hash -> statePage(hash, -1));

  // The last committed block's state root node, as its update built it: it holds the upper levels
  // of the tree (StateTree.LINKED_DEPTH), which the cache by hash therefore does not keep.
  private volatile HeadRoot headRoot;

  private record HeadRoot(Hash hash, Node node) {}

  public BlockStore(KeyValueStore store, CryptoSuite suite) {
    this.store = store;
    this.suite = suite;
    this.pageCodec = Page.codec(suite);
  }

  /** A block as committed: with its receipts and the state update its execution made. */
  public record Committed(Block block, List<Receipt> receipts, StateTree.Update state) {
    /** The roots of the state pages the block's execution changed. */
    public Map<Hash, Node> newStatePages() {
      return state.pages();
    }
  }

  /** Where a committed transaction sits. */
  public record Location(long height, int index) {}

  public CryptoSuite suite() {
    return suite;
  }

  public KeyValueStore keyValueStore() {
    return store;
  }

  /** The height of the last complete block, or empty for a store never initialised. */
  public OptionalLong head() {
    byte[] raw = store.get(HEAD_KEY);
    if (raw == null) {
      return OptionalLong.empty();
    }
    if (raw.length != 8) {
      throw new DamagedStoreException(-1, "head pointer: expected 8 bytes, found " + raw.length);
    }
    return OptionalLong.of(new Reader(raw).u64());
  }

  /**
   * Why this version cannot read the store, if it cannot: a store of another format. Empty too for
   * a store never initialised.
   */
  public Optional<String> formatProblem() {
    if (head().isEmpty()) {
      return Optional.empty();
    }
    byte[] raw = store.get(FORMAT_KEY);
    String found;
    if (raw == null) {
      found = "1 (a record per state node, written by an earlier Credence)";
    } else if (raw.length != 1) {
      found = "a value of " + raw.length + " bytes";
    } else if ((raw[0] & 0xff) != FORMAT) {
      found = String.valueOf(raw[0] & 0xff);
    } else {
      return Optional.empty();
    }
    return Optional.of(
        "store format: expected "
            + FORMAT
            + " (the state tree in pages), found "
            + found
            + ": a node of a consortium can start from an empty data folder and fetch the chain"
            + " from its peers; this version cannot read a solo chain of that format");
  }

  /** The genesis this store was initialised with, or empty. */
  public Optional<Genesis> genesis() {
    byte[] raw = store.get(GENESIS_KEY);
    return raw == null ? Optional.empty() : Optional.of(decode(0, "genesis", Genesis.CODEC, raw));
  }

  public BlockHeader header(long height) {
    return decode(
        height, "header", BlockHeader.CODEC, require(height, "header", heightKey(HEADER, height)));
  }

  public List<Transaction> transactions(long height) {
    return decode(
        height, "body", Block.BODY_CODEC, require(height, "body", heightKey(BODY, height)));
  }

  public Block block(long height) {
    return new Block(header(height), transactions(height));
  }

  public List<Receipt> receipts(long height) {
    return decode(
        height,
        "receipts",
        Receipt.LIST_CODEC,
        require(height, "receipts", heightKey(RECEIPTS, height)));
  }

  /** The roots of the state pages written by the block at {@code height}. */
  public List<Hash> statePagesWritten(long height) {
    byte[] raw = require(height, "state change list", heightKey(STATE_WRITTEN, height));
    try {
      Reader r = new Reader(raw);
      int n = r.length("state change list", Integer.MAX_VALUE);
      List<Hash> out = new ArrayList<>(Math.min(n, 1 << 16));
      for (int i = 0; i < n; i++) {
        out.add(Hash.read(r));
      }
      r.finish();
      return out;
    } catch (CodecException e) {
      throw new DamagedStoreException(
          height, "block " + height + " state change list: " + e.getMessage());
    }
  }

  public OptionalLong heightOf(Hash blockHash) {
    byte[] raw = store.get(hashKey(BLOCK_INDEX, blockHash));
    return raw == null ? OptionalLong.empty() : OptionalLong.of(new Reader(raw).u64());
  }

  public Optional<Location> locate(Hash transactionHash) {
    byte[] raw = store.get(hashKey(TRANSACTION_INDEX, transactionHash));
    if (raw == null) {
      return Optional.empty();
    }
    Reader r = new Reader(raw);
    return Optional.of(new Location(r.u64(), r.u32()));
  }

  @Override
  public Node node(Hash hash) {
    HeadRoot root = headRoot;
    if (root != null && root.hash().equals(hash)) {
      return root.node();
    }
    return pages.get(hash);
  }

  /**
   * Reads the state page rooted at {@code hash} from the store, bypassing the cache, and checks it
   * against that hash; {@code height} only labels errors. The root it returns holds the page's
   * other nodes.
   */
  public Node statePage(Hash hash, long height) {
    byte[] raw = store.get(hashKey(STATE_PAGE, hash));
    if (raw == null) {
      throw new DamagedStoreException(height, pageWhere(hash, height) + ": missing");
    }
    Node node;
    try {
      node = pageCodec.decode(raw);
    } catch (CodecException e) {
      throw new DamagedStoreException(height, pageWhere(hash, height) + ": " + e.getMessage());
    }
    Hash found = node.hash(suite);
    if (!found.equals(hash)) {
      throw new DamagedStoreException(
          height,
          pageWhere(hash, height)
              + ": content hashes to "
              + found.abbreviated()
              + ", expected "
              + hash.abbreviated());
    }
    return node;
  }

  private static String pageWhere(Hash hash, long height) {
    return (height >= 0 ? "block " + height + " " : "") + "state page " + hash.abbreviated();
  }

  /** Writes genesis and block 0 in one batch. */
  public void initialise(Genesis genesis, Committed genesisBlock) {
    if (head().isPresent()) {
      throw new StorageException("store already initialised");
    }
    WriteBatch batch = batchFor(genesisBlock);
    batch.put(GENESIS_KEY, Genesis.CODEC.encode(genesis));
    batch.put(FORMAT_KEY, new byte[] {(byte) FORMAT});
    store.write(batch);
  }

  /** Appends the next block, its receipts, indexes and state in one synced batch. */
  public void commit(Committed committed) {
    long height = committed.block().height();
    long head = head().orElseThrow(() -> new StorageException("store not initialised"));
    if (height != head + 1) {
      throw new StorageException("commit: expected height " + (head + 1) + ", found " + height);
    }
    store.write(batchFor(committed));
    // The block's new pages are read next (the next block builds on them): keep them decoded. The
    // root holds the upper levels; the others are found by hash.
    StateTree.Update state = committed.state();
    pages.putAll(state.unheld());
    HeadRoot before = headRoot;
    if (state.rootNode() != null) {
      headRoot = new HeadRoot(state.root(), state.rootNode());
    } else if (before != null && !before.hash().equals(state.root())) {
      headRoot = null;
    }
  }

  private WriteBatch batchFor(Committed committed) {
    Block block = committed.block();
    long height = block.height();
    WriteBatch batch = new WriteBatch();
    batch.put(heightKey(HEADER, height), block.header().encode());
    batch.put(heightKey(BODY, height), Block.BODY_CODEC.encode(block.transactions()));
    batch.put(heightKey(RECEIPTS, height), Receipt.LIST_CODEC.encode(committed.receipts()));
    batch.put(
        hashKey(BLOCK_INDEX, block.header().hash(suite)), new Writer().u64(height).toByteArray());
    // Each receipt names its transaction's hash: no need to hash the transactions again.
    List<Receipt> receipts = committed.receipts();
    for (int i = 0; i < receipts.size(); i++) {
      batch.put(
          hashKey(TRANSACTION_INDEX, receipts.get(i).transactionHash()),
          new Writer().u64(height).u32(i).toByteArray());
    }
    // In the order the tree's update placed them (the changes decide it, not a hash map's layout):
    // sorting some 6,000 hashes a block cost 4% of a node's loop.
    Map<Hash, Node> changed = committed.newStatePages();
    Writer written = new Writer(8 + changed.size() * Hash.LENGTH);
    written.varint(changed.size());
    for (Map.Entry<Hash, Node> page : changed.entrySet()) {
      batch.put(hashKey(STATE_PAGE, page.getKey()), pageCodec.encode(page.getValue()));
      page.getKey().write(written);
    }
    batch.put(heightKey(STATE_WRITTEN, height), written.toByteArray());
    batch.put(HEAD_KEY, new Writer().u64(height).toByteArray());
    return batch;
  }

  private byte[] require(long height, String what, byte[] key) {
    byte[] raw = store.get(key);
    if (raw == null) {
      throw new DamagedStoreException(height, "block " + height + " " + what + ": missing");
    }
    return raw;
  }

  private static <T> T decode(long height, String what, Codec<T> codec, byte[] raw) {
    try {
      return codec.decode(raw);
    } catch (CodecException e) {
      throw new DamagedStoreException(
          height, (height >= 0 ? "block " + height + " " : "") + what + ": " + e.getMessage());
    }
  }

  public static byte[] heightKey(byte prefix, long height) {
    return new Writer(9).u8(prefix).u64(height).toByteArray();
  }

  public static byte[] hashKey(byte prefix, Hash hash) {
    byte[] key = new byte[1 + Hash.LENGTH];
    key[0] = prefix;
    hash.copyTo(key, 1);
    return key;
  }

  /** Key of a block's header: for tamper tests. */
  public static byte[] headerKey(long height) {
    return heightKey(HEADER, height);
  }

  public static byte[] receiptsKey(long height) {
    return heightKey(RECEIPTS, height);
  }

  public static byte[] statePageKey(Hash hash) {
    return hashKey(STATE_PAGE, hash);
  }
}
