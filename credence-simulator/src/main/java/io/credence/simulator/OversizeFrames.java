package io.credence.simulator;

/**
 * Every {@link #OVERSIZE_EVERY_TICKS} ticks sends every node a frame one byte longer than {@link
 * Simulation#MESSAGE_BYTES_MAX}, to make a receiver spend memory and time on bytes it must refuse
 * unread.
 */
final class OversizeFrames implements Attack {
  static final long OVERSIZE_EVERY_TICKS = 5;

  private final byte[] oversize = new byte[Simulation.MESSAGE_BYTES_MAX + 1];

  @Override
  public void onTick(Attacker node) {
    if (node.tick() % OVERSIZE_EVERY_TICKS == 0) {
      node.broadcastFrame(oversize);
    }
  }
}
