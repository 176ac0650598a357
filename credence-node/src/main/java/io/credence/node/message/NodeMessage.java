package io.credence.node.message;

import io.credence.consensus.message.Message;
import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.ledger.chain.Block;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.Transaction;
import java.util.List;

/**
 * What one node says to another: consensus messages, batches of gossiped transactions, and the
 * catch-up protocol (a node's committed height; a request for committed blocks by height; the
 * blocks). One frame carries one message; the transport bounds the frame's size before it is
 * decoded, and every list here has its own named bound.
 */
public sealed interface NodeMessage
    permits NodeMessage.Consensus,
        NodeMessage.Transactions,
        NodeMessage.Status,
        NodeMessage.BlocksRequest,
        NodeMessage.BlocksResponse {
  /** Transactions in one gossip batch, at most. */
  int TRANSACTIONS_PER_BATCH_MAX = 2_048;

  /** Committed blocks in one catch-up answer, at most. */
  int BLOCKS_PER_RESPONSE_MAX = 64;

  /** A consensus protocol message. */
  record Consensus(Message message) implements NodeMessage {}

  /** Transactions a node admitted from its clients, passed on to the proposers once. */
  record Transactions(List<Transaction> transactions) implements NodeMessage {
    public Transactions {
      transactions = List.copyOf(transactions);
    }
  }

  /** The sender's committed height, sent now and then so that a lagging node knows to catch up. */
  record Status(long height) implements NodeMessage {}

  /** Asks for up to {@code count} committed blocks from {@code fromHeight} upward. */
  record BlocksRequest(long fromHeight, int count) implements NodeMessage {}

  /** Committed blocks with their seals, consecutive from the height asked for. */
  record BlocksResponse(long fromHeight, List<Block> blocks) implements NodeMessage {
    public BlocksResponse {
      blocks = List.copyOf(blocks);
    }
  }

  Codec<NodeMessage> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, NodeMessage m) {
          if (m instanceof Consensus c) {
            w.u8(0);
            Message.CODEC.write(w, c.message());
          } else if (m instanceof Transactions t) {
            w.u8(1).list(t.transactions(), Transaction.CODEC);
          } else if (m instanceof Status s) {
            w.u8(2).u64(s.height());
          } else if (m instanceof BlocksRequest q) {
            w.u8(3).u64(q.fromHeight()).varint(q.count());
          } else {
            BlocksResponse b = (BlocksResponse) m;
            w.u8(4).u64(b.fromHeight()).varint(b.blocks().size());
            for (Block block : b.blocks()) {
              BlockHeader.CODEC.write(w, block.header());
              Block.BODY_CODEC.write(w, block.transactions());
            }
          }
        }

        @Override
        public NodeMessage read(Reader r) {
          int tag = r.u8();
          return switch (tag) {
            case 0 -> new Consensus(Message.CODEC.read(r));
            case 1 ->
                new Transactions(
                    r.list("transactions", TRANSACTIONS_PER_BATCH_MAX, Transaction.CODEC));
            case 2 -> new Status(r.u64());
            case 3 -> new BlocksRequest(r.u64(), r.length("count", BLOCKS_PER_RESPONSE_MAX));
            case 4 -> {
              long from = r.u64();
              int n = r.length("blocks", BLOCKS_PER_RESPONSE_MAX);
              List<Block> blocks = new java.util.ArrayList<>(n);
              for (int i = 0; i < n; i++) {
                blocks.add(new Block(BlockHeader.CODEC.read(r), Block.BODY_CODEC.read(r)));
              }
              yield new BlocksResponse(from, blocks);
            }
            default -> throw new CodecException("node message: unknown tag " + tag);
          };
        }
      };
}
