package io.credence.simulator;

import io.credence.consensus.message.Block;
import io.credence.consensus.message.Message;
import io.credence.consensus.message.Signature;
import io.credence.core.Hash;
import io.credence.node.bft.LedgerExecution;
import java.util.Optional;

/**
 * As leader, signs two different valid blocks for its round and sends one to the even-numbered
 * validators and the other to the odd ones, each then the second block {@link
 * #EQUIVOCATION_DELAY_TICKS} ticks later: two halves that each saw their block first, hoping both
 * certify and commit.
 */
final class EquivocatingLeader implements Attack {
  /** How much later each validator hears the block the other half heard first. */
  static final long EQUIVOCATION_DELAY_TICKS = 8;

  // In its process's memory: the round it last equivocated in, and its second block.
  private long equivocatedRound = -1;
  private Message otherBlock;

  @Override
  public void onStart() {
    equivocatedRound = -1;
    otherBlock = null;
  }

  @Override
  public void onSend(Attacker node, int to, Message message) {
    if (!(message instanceof Message.Proposal p)) {
      node.sendMessage(to, message, 0);
      return;
    }
    if (equivocatedRound != p.block().round()) {
      equivocatedRound = p.block().round();
      otherBlock = twinProposal(node, p);
    }
    // Half see one block first, half the other; each sees the second a little later.
    node.sendMessage(to, to % 2 == 0 ? message : otherBlock, 0);
    node.sendMessage(to, to % 2 == 0 ? otherBlock : message, EQUIVOCATION_DELAY_TICKS);
  }

  /** A second, different block for the same round, validly signed: equivocation. */
  private static Message twinProposal(Attacker node, Message.Proposal p) {
    Block b = p.block();
    if (b.payloadSize() == 0) {
      // A block after a set change is empty and keeps its parent's state: a second one would
      // need another certificate (a lower one, or another quorum of the same votes), which this
      // attacker does not build; it equivocates only in rounds with a payload.
      return p;
    }
    byte[] payload;
    Hash root;
    Optional<LedgerExecution> ledger = node.ledgerExecution();
    if (ledger.isPresent()) {
      // The same transactions stamped a millisecond later, executed by the replica itself.
      payload = LedgerExecution.restamped(b.payload());
      root = ledger.get().execute(LedgerExecution.parentOf(payload), payload).orElseThrow();
    } else {
      // A batch size no honest leader draws: a payload of its own.
      payload = PlainWorkload.encode(b.round(), node.index(), 999, Optional.empty());
      root = node.suite().hasher().update(node.lastBuiltParent().bytes()).update(payload).digest();
    }
    Block other = new Block(b.epoch(), b.round(), b.qc(), b.author(), payload, root);
    return new Message.Proposal(
        other,
        p.tc(),
        new Signature(b.author(), node.signer().sign(other.id(node.suite()).bytes())));
  }
}
