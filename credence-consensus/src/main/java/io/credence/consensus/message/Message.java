package io.credence.consensus.message;

import io.credence.core.Hash;
import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.util.List;

/** A consensus message between validators. */
public sealed interface Message
    permits Message.Proposal,
        Message.Vote,
        Message.Timeout,
        Message.BlockRequest,
        Message.BlockResponse,
        Message.EpochRequest,
        Message.EpochProof {

  /** The round a message is about, for bounding what a replica keeps. */
  long round();

  /**
   * The leader's block for a round, with the timeout certificate that justifies skipping rounds.
   */
  record Proposal(Block block, TimeoutCert tc, Signature signature) implements Message {
    @Override
    public long round() {
      return block.round();
    }
  }

  /** A validator's vote for a block, sent to the next round's leader. */
  record Vote(VoteData data, Signature signature) implements Message {
    @Override
    public long round() {
      return data.round();
    }
  }

  /**
   * A validator gives up on a round. It carries its highest quorum certificate and, if it has one,
   * the timeout certificate of the previous round, so that a lagging receiver can catch up (DiemBFT
   * v4 TimeoutMsg).
   */
  record Timeout(
      long epoch, long round, QuorumCert highQc, TimeoutCert lastRoundTc, Signature signature)
      implements Message {}

  /**
   * Asks a peer for a block by id (catch-up); the answer carries it and its ancestors, down to but
   * not including round {@code aboveRound} (the asker's committed round).
   */
  record BlockRequest(Hash blockId, long aboveRound, int count) implements Message {
    @Override
    public long round() {
      return 0;
    }
  }

  /** Blocks answering a request, the requested one first, then its ancestors. */
  record BlockResponse(List<Block> blocks) implements Message {
    public BlockResponse {
      blocks = List.copyOf(blocks);
    }

    @Override
    public long round() {
      return blocks.isEmpty() ? 0 : blocks.get(0).round();
    }
  }

  /** Asks a peer that is in a later epoch for the proof that epoch {@code epoch} ended. */
  record EpochRequest(long epoch) implements Message {
    @Override
    public long round() {
      return 0;
    }
  }

  /**
   * The proof that an epoch ended: the block that changed the validator set, its descendants up to
   * a certified one, and the certificate that commits them (DiemBFT's epoch-change proof).
   */
  record EpochProof(List<Block> blocks, QuorumCert commitQc) implements Message {
    public EpochProof {
      blocks = List.copyOf(blocks);
    }

    @Override
    public long round() {
      return 0;
    }
  }

  int BLOCKS_PER_RESPONSE_MAX = 64;

  Codec<Message> CODEC =
      new Codec<>() {
        @Override
        public void write(Writer w, Message m) {
          if (m instanceof Proposal p) {
            w.u8(0);
            Block.CODEC.write(w, p.block);
            w.bool(p.tc != null);
            if (p.tc != null) {
              TimeoutCert.CODEC.write(w, p.tc);
            }
            Signature.CODEC.write(w, p.signature);
          } else if (m instanceof Vote v) {
            w.u8(1);
            VoteData.CODEC.write(w, v.data);
            Signature.CODEC.write(w, v.signature);
          } else if (m instanceof Timeout t) {
            w.u8(2).u64(t.epoch).u64(t.round);
            QuorumCert.CODEC.write(w, t.highQc);
            w.bool(t.lastRoundTc != null);
            if (t.lastRoundTc != null) {
              TimeoutCert.CODEC.write(w, t.lastRoundTc);
            }
            Signature.CODEC.write(w, t.signature);
          } else if (m instanceof BlockRequest q) {
            w.u8(3);
            q.blockId.write(w);
            w.u64(q.aboveRound).varint(q.count);
          } else if (m instanceof BlockResponse b) {
            w.u8(4).list(b.blocks, Block.CODEC);
          } else if (m instanceof EpochRequest e) {
            w.u8(5).u64(e.epoch);
          } else {
            EpochProof e = (EpochProof) m;
            w.u8(6).list(e.blocks, Block.CODEC);
            QuorumCert.CODEC.write(w, e.commitQc);
          }
        }

        @Override
        public Message read(Reader r) {
          int tag = r.u8();
          return switch (tag) {
            case 0 ->
                new Proposal(
                    Block.CODEC.read(r),
                    r.bool() ? TimeoutCert.CODEC.read(r) : null,
                    Signature.CODEC.read(r));
            case 1 -> new Vote(VoteData.CODEC.read(r), Signature.CODEC.read(r));
            case 2 ->
                new Timeout(
                    r.u64(),
                    r.u64(),
                    QuorumCert.CODEC.read(r),
                    r.bool() ? TimeoutCert.CODEC.read(r) : null,
                    Signature.CODEC.read(r));
            case 3 ->
                new BlockRequest(
                    Hash.read(r), r.u64(), r.length("request.count", BLOCKS_PER_RESPONSE_MAX));
            case 4 ->
                new BlockResponse(r.list("response.blocks", BLOCKS_PER_RESPONSE_MAX, Block.CODEC));
            case 5 -> new EpochRequest(r.u64());
            case 6 ->
                new EpochProof(
                    r.list("proof.blocks", BLOCKS_PER_RESPONSE_MAX, Block.CODEC),
                    QuorumCert.CODEC.read(r));
            default -> throw new CodecException("consensus message: unknown tag " + tag);
          };
        }
      };
}
