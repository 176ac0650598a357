package io.credence.simulator;

import java.util.ArrayDeque;

/**
 * Keeps the last {@link #REPLAY_BUFFER} frames it received and, every {@link #REPLAY_EVERY_TICKS}
 * ticks, sends one of them, drawn at random, to every node: old votes, proposals, timeouts and
 * answers, validly signed by someone else, hoping a replica takes them as new.
 */
final class Replayer implements Attack {
  /** The most frames it keeps to replay; the oldest goes first. */
  static final int REPLAY_BUFFER = 64;

  static final long REPLAY_EVERY_TICKS = 7;

  // Kept as if on disk: a restart does not empty it.
  private final ArrayDeque<byte[]> seen = new ArrayDeque<>();

  @Override
  public void onReceive(Attacker node, byte[] frame) {
    if (seen.size() == REPLAY_BUFFER) {
      seen.poll();
    }
    seen.add(frame);
  }

  @Override
  public void onTick(Attacker node) {
    if (!seen.isEmpty() && node.tick() % REPLAY_EVERY_TICKS == 0) {
      byte[] old = (byte[]) seen.toArray()[node.random().nextInt(seen.size())];
      node.broadcastFrame(old);
    }
  }
}
