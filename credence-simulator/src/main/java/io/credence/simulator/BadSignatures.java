package io.credence.simulator;

import io.credence.consensus.message.Message;
import io.credence.consensus.message.Signature;

/**
 * Sends every proposal, vote and timeout its replica writes with one bit of the signature flipped:
 * messages that look right in every field but the one that says who vouches for them, to catch a
 * replica that counts a vote or follows a leader before it checks the signature.
 */
final class BadSignatures implements Attack {
  @Override
  public void onSend(Attacker node, int to, Message message) {
    node.sendMessage(to, corrupt(message), 0);
  }

  private static Message corrupt(Message m) {
    if (m instanceof Message.Vote v) {
      return new Message.Vote(v.data(), flip(v.signature()));
    }
    if (m instanceof Message.Proposal p) {
      return new Message.Proposal(p.block(), p.tc(), flip(p.signature()));
    }
    if (m instanceof Message.Timeout t) {
      return new Message.Timeout(
          t.epoch(), t.round(), t.highQc(), t.lastRoundTc(), flip(t.signature()));
    }
    return m;
  }

  private static Signature flip(Signature s) {
    byte[] bytes = s.bytes();
    bytes[0] ^= 1;
    return new Signature(s.validator(), bytes);
  }
}
