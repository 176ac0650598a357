package io.credence.node.bft;

import io.credence.consensus.ConsensusStorage;
import io.credence.consensus.SafetyData;
import io.credence.consensus.message.Block;
import io.credence.consensus.message.Message;
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
import java.util.TreeMap;
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
  private static final byte[] EPOCH_PROOFS = "Cepochs".getBytes(StandardCharsets.US_ASCII);

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

  /** The latest {@code kept} proofs, one record: epoch changes are rare and proofs small. */
  @Override
  public void storeEpochProof(long epoch, Message.EpochProof proof, int kept) {
    TreeMap<Long, Message.EpochProof> proofs = new TreeMap<>(epochProofs());
    proofs.put(epoch, proof);
    while (proofs.size() > kept) {
      proofs.pollFirstEntry();
    }
    Writer w = new Writer(256).varint(proofs.size());
    proofs.forEach(
        (e, p) -> {
          w.u64(e);
          w.bytes(Message.CODEC.encode(p));
        });
    store.write(new WriteBatch().put(EPOCH_PROOFS, w.toByteArray()));
  }

  @Override
  public Map<Long, Message.EpochProof> epochProofs() {
    Map<Long, Message.EpochProof> out = new TreeMap<>();
    byte[] raw = store.get(EPOCH_PROOFS);
    if (raw != null) {
      Reader r = new Reader(raw);
      int n = r.length("epoch proofs", Integer.MAX_VALUE);
      for (int i = 0; i < n; i++) {
        long epoch = r.u64();
        out.put(
            epoch,
            (Message.EpochProof) Message.CODEC.decode(r.bytes("epoch proof", Integer.MAX_VALUE)));
      }
      r.finish();
    }
    return out;
  }

  private byte[] index() {
    Writer w = new Writer(8 + ids.size() * Hash.LENGTH).varint(ids.size());
    ids.forEach(id -> id.write(w));
    return w.toByteArray();
  }
}
