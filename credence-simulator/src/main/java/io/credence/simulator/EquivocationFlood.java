package io.credence.simulator;

import io.credence.consensus.message.Block;
import io.credence.consensus.message.Message;
import io.credence.consensus.message.QuorumCert;
import io.credence.consensus.message.Signature;
import io.credence.consensus.message.TimeoutCert;
import io.credence.consensus.message.VoteData;
import io.credence.core.Hash;
import io.credence.core.crypto.CryptoSuite;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * In each round it leads before the faults heal, before its own proposal it sends every other
 * validator {@link #FLOOD_PROPOSALS} different valid proposals for that round (each a different
 * payload on the same parent, executable, signed), {@link #FLOOD_VOTES} conflicting votes for it,
 * two conflicting votes for each later round within {@code roundsAheadMax}, and two conflicting
 * timeouts for that round and each of those: more than a replica may hold, to make it run out of
 * memory or throw away what honest validators send. Plain mode only: the proposals carry the plain
 * workload's payloads.
 */
final class EquivocationFlood implements Attack {
  /** More proposals than {@code Consensus.Config.DEFAULTS.blocksPendingMax} (4,096). */
  static final int FLOOD_PROPOSALS = 4_200;

  static final int FLOOD_VOTES = 1_000;

  // In its process's memory: a restarted leader floods its round again.
  private long floodedRound = -1;

  @Override
  public void onStart() {
    floodedRound = -1;
  }

  @Override
  public void onSend(Attacker node, int to, Message message) {
    if (message instanceof Message.Proposal p
        && !node.isHealed()
        && floodedRound != p.block().round()) {
      floodedRound = p.block().round();
      flood(node, p);
    }
    node.sendMessage(to, message, 0);
  }

  private void flood(Attacker node, Message.Proposal p) {
    Block b = p.block();
    long epoch = b.epoch();
    int self = b.author();
    CryptoSuite.Signer signer = node.signer();
    List<Message> out = new ArrayList<>();
    for (int k = 0; k < FLOOD_PROPOSALS; k++) {
      // Batch sizes no honest leader draws: payloads of its own.
      byte[] payload = PlainWorkload.encode(b.round(), node.index(), 1_000 + k, Optional.empty());
      Hash root =
          node.suite().hasher().update(node.lastBuiltParent().bytes()).update(payload).digest();
      Block other = new Block(epoch, b.round(), b.qc(), self, payload, root);
      out.add(
          new Message.Proposal(
              other, p.tc(), new Signature(self, signer.sign(other.id(node.suite()).bytes()))));
    }
    long last = b.round() + node.config().roundsAheadMax();
    for (long round = b.round(); round <= last; round++) {
      int votes = round == b.round() ? FLOOD_VOTES : 2;
      for (int k = 0; k < votes; k++) {
        Hash madeUp =
            node.suite().hash(("flood-" + round + "-" + k).getBytes(StandardCharsets.US_ASCII));
        VoteData data = new VoteData(epoch, round, madeUp, b.qc().round(), b.parentId());
        out.add(new Message.Vote(data, new Signature(self, signer.sign(data.signingBytes()))));
      }
      QuorumCert genesisOfEpoch =
          QuorumCert.genesis(epoch, node.epochStart(epoch).orElse(node.startId()));
      for (QuorumCert highQc : List.of(genesisOfEpoch, b.qc())) {
        out.add(
            new Message.Timeout(
                epoch,
                round,
                highQc,
                null,
                new Signature(
                    self, signer.sign(TimeoutCert.signingBytes(epoch, round, highQc.round())))));
      }
    }
    node.log(node.index() + "->* flood of " + out.size() + " messages for round " + b.round());
    for (Message m : out) {
      byte[] frame = node.frame(m);
      for (int to = 0; to < node.nodes(); to++) {
        if (to != node.index()) {
          node.sendFrame(to, frame);
        }
      }
    }
  }
}
