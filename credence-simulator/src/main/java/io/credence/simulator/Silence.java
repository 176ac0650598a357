package io.credence.simulator;

import io.credence.consensus.message.Message;
import io.credence.node.message.NodeMessage;

/**
 * Says nothing at all: no proposal, vote or timeout, no answer to a replica catching up, no gossip.
 * Its replica still hears everything and keeps up; the others must reach every quorum without it.
 */
final class Silence implements Attack {
  @Override
  public void onSend(Attacker node, int to, Message message) {
    // Withheld.
  }

  @Override
  public void onSendNodeMessage(Attacker node, int to, NodeMessage message) {
    // Withheld.
  }
}
