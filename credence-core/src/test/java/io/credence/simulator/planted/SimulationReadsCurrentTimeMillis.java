package io.credence.simulator.planted;

/** The reviewer's plant: the simulator reads the wall clock. */
public final class SimulationReadsCurrentTimeMillis {
  private SimulationReadsCurrentTimeMillis() {}

  static long tick() {
    return System.currentTimeMillis();
  }
}
