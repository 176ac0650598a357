package io.credence.simulator;

import io.credence.consensus.message.Message;
import io.credence.node.message.NodeMessage;

/**
 * What a Byzantine validator does besides, or instead of, what its replica asks: one strategy per
 * {@link Scenario.Behaviour}, built by {@link #of}. The simulator calls it at the node's seams:
 * every consensus message the replica sends to a peer (the outbox), every other node message in
 * ledger mode (the network port), once per tick, and every frame the node receives. An attack acts
 * only through the {@link Attacker} it is handed. Honest nodes run {@link #NONE}.
 */
interface Attack {
  /** No attack: every message goes out as the replica wrote it. */
  Attack NONE = new Attack() {};

  /** The attack for {@code behaviour}; {@link #NONE} for an honest validator (null). */
  static Attack of(Scenario.Behaviour behaviour) {
    if (behaviour == null) {
      return NONE;
    }
    return switch (behaviour) {
      case SILENT -> new Silence();
      case EQUIVOCATING_LEADER -> new EquivocatingLeader();
      // Twins run the honest code: the harness doubles the node and splits the network between
      // the two copies (Simulation.routeToTwin); neither copy changes a message.
      case TWINS -> NONE;
      case REPLAYER -> new Replayer();
      case FUTURE_ROUNDS -> new FutureRounds();
      case BAD_SIGNATURES -> new BadSignatures();
      case OVERSIZE -> new OversizeFrames();
      case FORGED_CERTIFICATES -> new ForgedCertificates();
      case EQUIVOCATION_FLOOD -> new EquivocationFlood();
      case STALE_CERTIFICATE_LEADER -> new StaleCertificateLeader();
      case FUTURE_EPOCHS -> new FutureEpochs();
      case SYNC_LIAR -> new SyncLiar();
    };
  }

  /**
   * The node starts, or starts again after a crash: what the attack kept in its process's memory
   * (the outbox's state) is gone; what it keeps as if on disk stays.
   */
  default void onStart() {}

  /**
   * The replica sends {@code message} to node {@code to}: the attack passes it on through {@link
   * Attacker#sendMessage}, as it is, rewritten, several times, or not at all.
   */
  default void onSend(Attacker node, int to, Message message) {
    node.sendMessage(to, message, 0);
  }

  /**
   * Ledger mode: the node sends {@code message} (gossip, status, catch-up) to node {@code to}; the
   * attack passes it on through {@link Attacker#sendNodeMessage}, or not.
   */
  default void onSendNodeMessage(Attacker node, int to, NodeMessage message) {
    node.sendNodeMessage(to, message);
  }

  /** Once per tick while the node is up, after its replica's own tick. */
  default void onTick(Attacker node) {}

  /** A frame the node received and could decode, before its replica handles it. */
  default void onReceive(Attacker node, byte[] frame) {}

  /** The consensus message in a frame the node received, before its replica handles it. */
  default void onHear(Attacker node, Message message) {}
}
