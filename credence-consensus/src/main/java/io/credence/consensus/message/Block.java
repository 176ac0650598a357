package io.credence.consensus.message;

import io.credence.core.Hash;
import io.credence.core.codec.Codec;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.core.crypto.CryptoSuite;

/**
 * A consensus block: its epoch and round, the quorum certificate of its parent, the author, an
 * opaque payload (the ledger block) and the state root its author computed by executing it. Its id
 * is the suite hash of its encoding.
 */
public record Block(
    long epoch, long round, QuorumCert qc, int author, byte[] payload, Hash stateRoot) {
  public static final int PAYLOAD_BYTES_MAX = 8 << 20;

  public Block {
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The payload's length, without copying it. */
  public int payloadSize() {
    return payload.length;
  }

  public Hash id(CryptoSuite suite) {
    return suite.hash(CODEC.encode(this));
  }

  public Hash parentId() {
    return qc.blockId();
  }

  public static final Codec<Block> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, Block b) {
          w.u64(b.epoch).u64(b.round);
          QuorumCert.CODEC.write(w, b.qc);
          w.varint(b.author).bytes(b.payload);
          b.stateRoot.write(w);
        }

        @Override
        public Block read(Reader r) {
          return new Block(
              r.u64(),
              r.u64(),
              QuorumCert.CODEC.read(r),
              r.length("block.author", 1 << 16),
              r.bytes("block.payload", PAYLOAD_BYTES_MAX),
              Hash.read(r));
        }
      };
}
