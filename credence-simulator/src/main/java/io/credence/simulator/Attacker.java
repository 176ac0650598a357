package io.credence.simulator;

import io.credence.consensus.Consensus;
import io.credence.consensus.message.Block;
import io.credence.consensus.message.Message;
import io.credence.core.Hash;
import io.credence.core.crypto.CryptoSuite;
import io.credence.node.bft.LedgerExecution;
import io.credence.node.message.NodeMessage;
import java.util.Optional;
import java.util.Random;

/**
 * The node an {@link Attack} runs on, as far as the attack may reach: its identity and key, its
 * running replica, the simulator's clock and seeded randomness, and the wire. Frames sent here go
 * out as the node's own, through the simulated network and past the oracle, like every other.
 */
interface Attacker {
  /** The node's index: its validator index in the first epoch, and its address on the wire. */
  int index();

  /** How many nodes the wire reaches, indices 0 to {@code nodes() - 1}. */
  int nodes();

  /** The simulator's tick. */
  long tick();

  /** True once the scenario's faults have healed. */
  boolean isHealed();

  CryptoSuite suite();

  /** The node's own validator key. */
  CryptoSuite.Signer signer();

  /** The consensus replica now running on the node (the ledger replica's own in ledger mode). */
  Consensus consensus();

  Consensus.Config config();

  /** The simulation's one seeded random source: every draw moves every later one. */
  Random random();

  /** The id the simulation's first epoch starts at (its consensus genesis). */
  Hash startId();

  /** The simulation's consensus genesis block. */
  Block genesis();

  /** Where {@code epoch} starts, once an honest replica has committed that; empty before. */
  Optional<Hash> epochStart(long epoch);

  /** Plain mode: the state root the replica last built a payload on. */
  Hash lastBuiltParent();

  /** Ledger mode: the replica's execution; empty in plain mode. */
  Optional<LedgerExecution> ledgerExecution();

  /** {@code message} encoded for the wire (wrapped as a node message in ledger mode). */
  byte[] frame(Message message);

  /**
   * Sends a consensus message as the replica's outbox does, {@code extraDelayTicks} later than the
   * network alone would deliver it; nothing once the node is dying.
   */
  void sendMessage(int to, Message message, long extraDelayTicks);

  /** Ledger mode: sends a node message (gossip, status, catch-up) to node {@code to}. */
  void sendNodeMessage(int to, NodeMessage message);

  /** Sends raw bytes to node {@code to}. */
  void sendFrame(int to, byte[] frame);

  /** Sends raw bytes to every node, itself included, in index order. */
  default void broadcastFrame(byte[] frame) {
    for (int to = 0; to < nodes(); to++) {
      sendFrame(to, frame);
    }
  }

  /** A line in the simulation's trace. */
  void log(String line);

  /** One answer to a replica catching up was forged or withheld: counted in the result. */
  void countSyncLie();
}
