package io.credence.simulator;

import io.credence.consensus.message.Message;
import io.credence.consensus.message.QuorumCert;
import io.credence.consensus.message.Signature;
import io.credence.consensus.message.TimeoutCert;
import io.credence.core.crypto.CryptoSuite;

/**
 * Every {@link #FUTURE_EVERY_TICKS} ticks sends every node a timeout of the epoch after its own,
 * validly signed, and never answers a request for the proof that an epoch ended: aimed at a lagging
 * replica, which hears of an epoch it cannot prove and asks the one peer that will not tell.
 */
final class FutureEpochs implements Attack {
  static final long FUTURE_EVERY_TICKS = 2;

  @Override
  public void onSend(Attacker node, int to, Message message) {
    if (message instanceof Message.EpochProof) {
      return;
    }
    node.sendMessage(to, message, 0);
  }

  @Override
  public void onTick(Attacker node) {
    if (node.tick() % FUTURE_EVERY_TICKS != 0) {
      return;
    }
    long next = node.consensus().epoch() + 1;
    CryptoSuite.Signer signer = node.signer();
    Message m =
        new Message.Timeout(
            next,
            1,
            QuorumCert.genesis(next, node.startId()),
            null,
            new Signature(node.index(), signer.sign(TimeoutCert.signingBytes(next, 1, 0))));
    node.broadcastFrame(node.frame(m));
  }
}
