package io.credence.simulator;

import io.credence.consensus.message.Message;
import io.credence.consensus.message.QuorumCert;
import io.credence.consensus.message.Signature;
import io.credence.consensus.message.TimeoutCert;
import io.credence.consensus.message.VoteData;
import io.credence.core.Hash;
import io.credence.core.crypto.CryptoSuite;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Every {@link #FUTURE_EVERY_TICKS} ticks sends every node a vote for a made-up block and a
 * timeout, both validly signed with its own key, for a round about a million ahead of its own: a
 * replica that believed them would jump there, or keep every one of them in memory.
 */
final class FutureRounds implements Attack {
  /** How far ahead of its own round the attacker's rounds start. */
  static final int FUTURE_ROUND_OFFSET = 1_000_000;

  /** Beyond the offset, a round is drawn from this many. */
  static final int FUTURE_ROUND_SPREAD = 1_000_000;

  static final long FUTURE_EVERY_TICKS = 3;

  @Override
  public void onTick(Attacker node) {
    if (node.tick() % FUTURE_EVERY_TICKS != 0) {
      return;
    }
    long far =
        node.consensus().currentRound()
            + FUTURE_ROUND_OFFSET
            + node.random().nextInt(FUTURE_ROUND_SPREAD);
    List<Message> forged =
        voteAndTimeout(node.suite(), node.signer(), node.index(), far, node.startId());
    for (int to = 0; to < node.nodes(); to++) {
      for (Message m : forged) {
        node.sendFrame(to, node.frame(m));
      }
    }
  }

  /**
   * A vote for a made-up block and a timeout, both of epoch 1 and {@code round}, signed by {@code
   * signer} under validator index {@code claimed} (the simulation's outsider sends them too).
   */
  static List<Message> voteAndTimeout(
      CryptoSuite suite, CryptoSuite.Signer signer, int claimed, long round, Hash startId) {
    VoteData data =
        new VoteData(
            1,
            round,
            suite.hash(Long.toString(round).getBytes(StandardCharsets.US_ASCII)),
            round - 1,
            startId);
    Message vote = new Message.Vote(data, new Signature(claimed, signer.sign(data.signingBytes())));
    Message timeout =
        new Message.Timeout(
            1,
            round,
            QuorumCert.genesis(1, startId),
            null,
            new Signature(claimed, signer.sign(TimeoutCert.signingBytes(1, round, 0))));
    return List.of(vote, timeout);
  }
}
