package io.credence.simulator;

import io.credence.consensus.Consensus;
import io.credence.consensus.message.Block;
import io.credence.consensus.message.Message;
import io.credence.consensus.message.QuorumCert;
import io.credence.consensus.message.Signature;
import io.credence.consensus.message.TimeoutCert;
import io.credence.consensus.message.VoteData;
import io.credence.core.Hash;
import io.credence.core.crypto.CryptoSuite;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every {@link #FORGE_EVERY_TICKS} ticks sends every node a proposal and two timeouts for a round
 * about a million ahead that it leads, each validly signed with its own key but carrying a forged
 * quorum or timeout certificate, forged in turn four ways: made-up signatures beside its own; its
 * own signature counted for every signer; real signatures (its own and the honest votes sent to it)
 * fewer than a quorum, over a real vote's data; a certificate of the next epoch. A replica that
 * used them unverified would jump a million rounds ahead, or take a certificate no quorum signed.
 */
final class ForgedCertificates implements Attack {
  static final long FORGE_EVERY_TICKS = 3;

  /** The most votes it keeps to forge with; the oldest goes first. */
  static final int HEARD_VOTES_MAX = 32;

  // Kept as if on disk: a restart forgets neither the votes nor which forgery comes next.
  private final ArrayDeque<Message.Vote> heardVotes = new ArrayDeque<>();
  private long forgeries;

  @Override
  public void onHear(Attacker node, Message message) {
    if (message instanceof Message.Vote v) {
      heardVotes.add(v);
      if (heardVotes.size() > HEARD_VOTES_MAX) {
        heardVotes.poll();
      }
    }
  }

  @Override
  public void onTick(Attacker node) {
    if (node.tick() % FORGE_EVERY_TICKS == 0) {
      broadcastForgedCertificates(node);
    }
  }

  private void broadcastForgedCertificates(Attacker node) {
    CryptoSuite.Signer signer = node.signer();
    Consensus consensus = node.consensus();
    long epoch = consensus.epoch();
    int size = consensus.validators().size();
    int self = consensus.validators().indexOf(signer.publicKey());
    if (self < 0) {
      return;
    }
    int kind = (int) (forgeries++ % 4);
    long far =
        consensus.currentRound()
            + FutureRounds.FUTURE_ROUND_OFFSET
            + node.random().nextInt(FutureRounds.FUTURE_ROUND_SPREAD);
    // A round this validator leads (round-robin), so that only the certificate is wrong.
    long led = far - Math.floorMod(far, (long) size) + self;
    VoteData data =
        new VoteData(
            kind == 3 ? epoch + 1 : epoch,
            led - 1,
            node.suite().hash(Long.toString(led).getBytes(StandardCharsets.US_ASCII)),
            led - 2,
            node.startId());
    List<Signature> qcSignatures = new ArrayList<>();
    List<TimeoutCert.Entry> tcEntries = new ArrayList<>();
    Message.Vote heard = heardVotes.peekLast();
    boolean belowQuorum = kind == 2 && heard != null && heard.data().epoch() == epoch;
    if (belowQuorum) {
      // Below a quorum: the real signatures over one real vote's data, its own added, one short.
      data = heard.data();
      Set<Integer> signers = new HashSet<>();
      qcSignatures.add(new Signature(self, signer.sign(data.signingBytes())));
      signers.add(self);
      for (Message.Vote v : heardVotes) {
        if (v.data().equals(data)
            && signers.size() < consensus.validators().quorum() - 1
            && signers.add(v.signature().validator())) {
          qcSignatures.add(v.signature());
        }
      }
    }
    for (int v = 0; v < size && !belowQuorum; v++) {
      byte[] madeUp = new byte[64];
      node.random().nextBytes(madeUp);
      boolean own = v == self || kind == 1;
      int claimed = kind == 1 ? self : v;
      qcSignatures.add(new Signature(claimed, own ? signer.sign(data.signingBytes()) : madeUp));
    }
    for (int v = 0; v < size; v++) {
      byte[] madeUp = new byte[64];
      node.random().nextBytes(madeUp);
      boolean own = v == self || kind == 1;
      tcEntries.add(
          new TimeoutCert.Entry(
              0,
              new Signature(
                  kind == 1 ? self : v,
                  own ? signer.sign(TimeoutCert.signingBytes(epoch, led - 1, 0)) : madeUp)));
    }
    QuorumCert forgedQc = new QuorumCert(data, qcSignatures);
    TimeoutCert forgedTc = new TimeoutCert(epoch, led - 1, tcEntries);
    // The attacker may be in an epoch no honest replica has committed the start of yet: it then
    // knows no genesis certificate to send.
    Optional<Hash> start = node.epochStart(epoch);
    if (start.isEmpty()) {
      return;
    }
    QuorumCert genesisOfEpoch = QuorumCert.genesis(epoch, start.get());
    Block block = new Block(epoch, led, forgedQc, self, new byte[0], node.startId());
    List<Message> forged =
        List.of(
            new Message.Proposal(
                block, null, new Signature(self, signer.sign(block.id(node.suite()).bytes()))),
            new Message.Timeout(
                epoch,
                led,
                forgedQc,
                null,
                new Signature(
                    self, signer.sign(TimeoutCert.signingBytes(epoch, led, forgedQc.round())))),
            new Message.Timeout(
                epoch,
                led,
                genesisOfEpoch,
                forgedTc,
                new Signature(self, signer.sign(TimeoutCert.signingBytes(epoch, led, 0)))));
    for (Message m : forged) {
      node.broadcastFrame(node.frame(m));
    }
  }
}
