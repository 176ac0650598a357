package io.credence.simulator;

import io.credence.consensus.message.Block;
import io.credence.consensus.message.Message;
import io.credence.consensus.message.QuorumCert;
import io.credence.consensus.message.Signature;
import io.credence.consensus.message.VoteData;
import io.credence.core.crypto.CryptoSuite;
import io.credence.node.message.NodeMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Lies to replicas catching up. Asked for blocks, it answers in turn with altered payloads (the ids
 * no longer chain to what was asked), a made-up block on the same parent, or nothing; asked for the
 * proof that an epoch ended, with the blocks altered, the certificate that committed them re-signed
 * by itself alone, or nothing. In ledger mode it also claims to be {@link #HEIGHTS_AHEAD} blocks
 * ahead, and asked for ledger blocks it gives nothing, or blocks from one height after the one
 * asked for.
 */
final class SyncLiar implements Attack {
  /** How far ahead of its own ledger it claims to be. */
  static final long HEIGHTS_AHEAD = 1_000;

  // In its process's memory: a restart starts the consensus lies over.
  private long lies;
  // Kept as if on disk.
  private long ledgerLies;

  @Override
  public void onStart() {
    lies = 0;
  }

  @Override
  public void onSend(Attacker node, int to, Message message) {
    if (message instanceof Message.BlockResponse || message instanceof Message.EpochProof) {
      message = lieToCatchUp(node, message);
      if (message == null) {
        return;
      }
    }
    node.sendMessage(to, message, 0);
  }

  @Override
  public void onSendNodeMessage(Attacker node, int to, NodeMessage message) {
    if (message instanceof NodeMessage.Status st) {
      message = new NodeMessage.Status(st.height() + HEIGHTS_AHEAD);
    } else if (message instanceof NodeMessage.BlocksResponse r) {
      node.countSyncLie();
      if (ledgerLies++ % 2 == 0) {
        return;
      }
      // The asked-for height, with the blocks from the one after it.
      message =
          new NodeMessage.BlocksResponse(
              r.fromHeight(),
              r.blocks().subList(Math.min(1, r.blocks().size()), r.blocks().size()));
    }
    node.sendNodeMessage(to, message);
  }

  /** A forged answer, or null for none. */
  private Message lieToCatchUp(Attacker node, Message answer) {
    int kind = (int) (lies++ % 3);
    node.countSyncLie();
    List<Block> blocks =
        answer instanceof Message.BlockResponse r
            ? r.blocks()
            : ((Message.EpochProof) answer).blocks();
    if (kind == 2 || blocks.isEmpty()) {
      return null;
    }
    List<Block> forged = new ArrayList<>();
    for (Block b : blocks) {
      byte[] payload = b.payload().clone();
      if (payload.length > 0) {
        payload[payload.length - 1] ^= 1;
      }
      forged.add(
          kind == 0
              ? new Block(b.epoch(), b.round(), b.qc(), b.author(), payload, b.stateRoot())
              : new Block(
                  b.epoch(), b.round() + 1, b.qc(), node.index(), new byte[] {7}, b.stateRoot()));
    }
    if (answer instanceof Message.BlockResponse) {
      return new Message.BlockResponse(forged);
    }
    Message.EpochProof proof = (Message.EpochProof) answer;
    if (kind == 0) {
      return new Message.EpochProof(forged, proof.commitQc());
    }
    VoteData data = proof.commitQc().data();
    CryptoSuite.Signer signer = node.signer();
    int self = node.consensus().validators().indexOf(signer.publicKey());
    List<Signature> alone = new ArrayList<>();
    for (Signature s : proof.commitQc().signatures()) {
      alone.add(new Signature(s.validator(), signer.sign(data.signingBytes())));
    }
    if (self >= 0 && alone.isEmpty()) {
      alone.add(new Signature(self, signer.sign(data.signingBytes())));
    }
    return new Message.EpochProof(proof.blocks(), new QuorumCert(data, alone));
  }
}
