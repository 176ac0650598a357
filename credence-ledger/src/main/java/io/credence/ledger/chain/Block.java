package io.credence.ledger.chain;

import io.credence.core.codec.Codec;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.core.crypto.CryptoSuite;
import java.util.ArrayList;
import java.util.List;

/** A header and the transactions it orders. */
public record Block(BlockHeader header, List<Transaction> transactions) {
  /** The codec's hard cap; the chain's {@code blockTransactionsMax} parameter is lower. */
  public static final int TRANSACTIONS_MAX = 100_000;

  public Block {
    transactions = List.copyOf(transactions);
  }

  public long height() {
    return header.height();
  }

  /** The Merkle root over the transactions' encodings. */
  public static io.credence.core.Hash transactionsRoot(
      CryptoSuite suite, List<Transaction> transactions) {
    return MerkleRoot.of(suite, transactionLeaves(transactions));
  }

  /** The Merkle root over the receipts' encodings. */
  public static io.credence.core.Hash receiptsRoot(CryptoSuite suite, List<Receipt> receipts) {
    return MerkleRoot.of(suite, receiptLeaves(receipts));
  }

  /**
   * The proof that transaction {@code index} of {@code transactions} is under their {@link
   * #transactionsRoot}; its leaf is the transaction's {@link Transaction#encode() encoding}.
   */
  public static InclusionProof transactionProof(
      CryptoSuite suite, List<Transaction> transactions, int index) {
    return InclusionProof.of(suite, transactionLeaves(transactions), index);
  }

  /**
   * The proof that receipt {@code index} of {@code receipts} is under their {@link #receiptsRoot};
   * its leaf is the receipt's {@link Receipt#CODEC encoding}.
   */
  public static InclusionProof receiptProof(CryptoSuite suite, List<Receipt> receipts, int index) {
    return InclusionProof.of(suite, receiptLeaves(receipts), index);
  }

  // The roots and the proofs share these, so a proof's leaves are exactly the root's.
  private static List<byte[]> transactionLeaves(List<Transaction> transactions) {
    List<byte[]> leaves = new ArrayList<>(transactions.size());
    for (Transaction t : transactions) {
      leaves.add(t.encode());
    }
    return leaves;
  }

  private static List<byte[]> receiptLeaves(List<Receipt> receipts) {
    List<byte[]> leaves = new ArrayList<>(receipts.size());
    for (Receipt r : receipts) {
      leaves.add(Receipt.CODEC.encode(r));
    }
    return leaves;
  }

  /** The body as stored: the transaction list. */
  public static final Codec<List<Transaction>> BODY_CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, List<Transaction> list) {
          w.list(list, Transaction.CODEC);
        }

        @Override
        public List<Transaction> read(Reader r) {
          return r.list("block.transactions", TRANSACTIONS_MAX, Transaction.CODEC);
        }
      };
}
