package io.credence.node.bft;

import io.credence.consensus.ConsensusStorage;
import io.credence.consensus.SafetyData;
import io.credence.consensus.message.Block;
import io.credence.core.Hash;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.ledger.store.BlockStore;
import io.credence.ledger.store.KeyValueStore;
import io.credence.ledger.store.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A validator's consensus state on its own key-value store, beside its ledger: the safety data and
 * the executed uncommitted blocks, each write synced before it returns (the store's batches are).
 * An index key lists the stored blocks, so that a restart finds them without scanning.
 */
public final class StoredConsensus implements ConsensusStorage {
  private static final byte[] SAFETY = "Csafety".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INDEX = "Cblocks".getBytes(StandardCharsets.US_ASCII);
  private static final byte BLOCK = 'C';

  private final KeyValueStore store;
  private final TreeSet<Hash> ids = new TreeSet<>();

  public StoredConsensus(KeyValueStore store) {
    this.store = store;
    byte[] index = store.get(INDEX);
    if (index != null) {
      Reader r = new Reader(index);
      int n = r.length("consensus block index", Integer.MAX_VALUE);
      for (int i = 0; i < n; i++) {
        ids.add(Hash.read(r));
      }
      r.finish();
    }
  }

  @Override
  public SafetyData load() {
    byte[] raw = store.get(SAFETY);
    return raw == null ? null : SafetyData.CODEC.decode(raw);
  }

  @Override
  public void store(SafetyData data) {
    store.write(new WriteBatch().put(SAFETY, SafetyData.CODEC.encode(data)));
  }

  @Override
  public void storeBlock(Hash id, Block block) {
    ids.add(id);
    store.write(
        new WriteBatch()
            .put(BlockStore.hashKey(BLOCK, id), Block.CODEC.encode(block))
            .put(INDEX, index()));
  }

  @Override
  public Map<Hash, Block> blocks() {
    Map<Hash, Block> out = new HashMap<>();
    for (Hash id : ids) {
      byte[] raw = store.get(BlockStore.hashKey(BLOCK, id));
      if (raw != null) {
        out.put(id, Block.CODEC.decode(raw));
      }
    }
    return out;
  }

  @Override
  public void retainBlocks(Set<Hash> keep) {
    WriteBatch batch = new WriteBatch();
    for (Hash id : new TreeSet<>(ids)) {
      if (!keep.contains(id)) {
        ids.remove(id);
        batch.delete(BlockStore.hashKey(BLOCK, id));
      }
    }
    store.write(batch.put(INDEX, index()));
  }

  private byte[] index() {
    Writer w = new Writer(8 + ids.size() * Hash.LENGTH).varint(ids.size());
    ids.forEach(id -> id.write(w));
    return w.toByteArray();
  }
}
