package io.credence.simulator;

import io.credence.consensus.message.Block;
import io.credence.consensus.message.Message;
import io.credence.consensus.message.QuorumCert;
import io.credence.consensus.message.Signature;
import io.credence.core.Hash;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * As leader, proposes instead of its own block the same round's block on the certificate below its
 * highest: the certificate its highest certificate's block carries, with a payload executed on the
 * block that one certifies. No timeout certificate goes with it (there is none for the round
 * before), so the voting rule forbids every vote for it; a replica that checked only the signature,
 * the parent and the state root would vote, and fork the chain below a certified block. Plain mode
 * only: the payload is the simulated workload's; in ledger mode it proposes honestly.
 */
final class StaleCertificateLeader implements Attack {
  /** The most blocks it keeps to build on (its own proposals may add a few more). */
  static final int HEARD_BLOCKS_MAX = 64;

  // Kept as if on disk: the blocks it heard and proposed, oldest first.
  private final LinkedHashMap<Hash, Block> heardBlocks = new LinkedHashMap<>();
  // In its process's memory: the round it last proposed stale, and what it sent.
  private long staleRound = -1;
  private Message staleProposal;

  @Override
  public void onStart() {
    staleRound = -1;
    staleProposal = null;
  }

  @Override
  public void onHear(Attacker node, Message message) {
    if (message instanceof Message.Proposal p) {
      heardBlocks.put(p.block().id(node.suite()), p.block());
      if (heardBlocks.size() > HEARD_BLOCKS_MAX) {
        heardBlocks.remove(heardBlocks.keySet().iterator().next());
      }
    }
  }

  @Override
  public void onSend(Attacker node, int to, Message message) {
    if (message instanceof Message.Proposal p) {
      message = stale(node, p);
    }
    node.sendMessage(to, message, 0);
  }

  private Message stale(Attacker node, Message.Proposal p) {
    Block b = p.block();
    heardBlocks.put(b.id(node.suite()), b);
    if (b.round() == staleRound) {
      return staleProposal;
    }
    Block certified = heardBlocks.get(b.qc().blockId());
    if (node.ledgerExecution().isPresent()
        || certified == null
        || certified.qc().isGenesis() && b.epoch() != 1) {
      return p;
    }
    QuorumCert older = certified.qc();
    Block grandparent = older.isGenesis() ? node.genesis() : heardBlocks.get(older.blockId());
    if (grandparent == null) {
      return p;
    }
    // A batch size no honest leader draws: a payload of its own.
    byte[] payload = PlainWorkload.encode(b.round(), node.index(), 777, Optional.empty());
    Hash root =
        node.suite().hasher().update(grandparent.stateRoot().bytes()).update(payload).digest();
    Block other = new Block(b.epoch(), b.round(), older, b.author(), payload, root);
    staleRound = b.round();
    staleProposal =
        new Message.Proposal(
            other,
            null,
            new Signature(b.author(), node.signer().sign(other.id(node.suite()).bytes())));
    node.log(
        node.index()
            + " proposes round "
            + b.round()
            + " on the stale certificate of round "
            + older.round());
    return staleProposal;
  }
}
