package io.credence.ledger.chain;

import io.credence.core.Hash;
import io.credence.core.codec.Codec;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.core.crypto.CryptoSuite;

/**
 * A block header. The state root is the world state <em>after</em> this block's transactions, so a
 * commit seal over the header seals the state too. The block hash covers every field but the seal,
 * which signs that hash. The timestamp is chosen by the proposer and never decreases.
 */
public record BlockHeader(
    String chainId,
    long height,
    Hash parentHash,
    byte[] proposer,
    long timestampMillis,
    Hash transactionsRoot,
    Hash receiptsRoot,
    Hash stateRoot,
    CommitSeal seal) {
  private static final byte[] DOMAIN =
      "credence/block".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  public BlockHeader {
    proposer = proposer.clone();
  }

  @Override
  public byte[] proposer() {
    return proposer.clone();
  }

  public BlockHeader withSeal(CommitSeal newSeal) {
    return new BlockHeader(
        chainId,
        height,
        parentHash,
        proposer,
        timestampMillis,
        transactionsRoot,
        receiptsRoot,
        stateRoot,
        newSeal);
  }

  /** The bytes whose hash is the block hash (everything but the seal). */
  public byte[] hashedBytes() {
    Writer w = new Writer();
    w.bytes(DOMAIN);
    writeHashed(w, this);
    return w.toByteArray();
  }

  public Hash hash(CryptoSuite suite) {
    return suite.hash(hashedBytes());
  }

  public byte[] encode() {
    return CODEC.encode(this);
  }

  private static void writeHashed(Writer w, BlockHeader h) {
    w.string(h.chainId).u64(h.height);
    h.parentHash.write(w);
    w.bytes(h.proposer).u64(h.timestampMillis);
    h.transactionsRoot.write(w);
    h.receiptsRoot.write(w);
    h.stateRoot.write(w);
  }

  public static final Codec<BlockHeader> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, BlockHeader h) {
          writeHashed(w, h);
          CommitSeal.CODEC.write(w, h.seal);
        }

        @Override
        public BlockHeader read(Reader r) {
          return new BlockHeader(
              r.string("header.chainId", Transaction.CHAIN_ID_BYTES_MAX),
              r.u64(),
              Hash.read(r),
              r.bytes("header.proposer", Transaction.PUBLIC_KEY_BYTES_MAX),
              r.u64(),
              Hash.read(r),
              Hash.read(r),
              Hash.read(r),
              CommitSeal.CODEC.read(r));
        }
      };
}
