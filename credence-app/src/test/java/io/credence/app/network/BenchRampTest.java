package io.credence.app.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The registry bench's offered load: over the warm-up the rate rises evenly from none to the rate,
 * then stays at it, so the measured window gets the full rate from its first second.
 */
class BenchRampTest {
  @Test
  void warmUpRisesEvenly_thenTheFullRate() {
    // 1,000 tx/s after a 60 s warm-up: half the rate on average over the warm-up.
    assertEquals(0, NetworkBench.offeredBy(1_000, 60, 0), 1e-9);
    assertEquals(7_500, NetworkBench.offeredBy(1_000, 60, 30), 1e-9);
    assertEquals(30_000, NetworkBench.offeredBy(1_000, 60, 60), 1e-9);
    // The window: exactly the rate, every second.
    assertEquals(31_000, NetworkBench.offeredBy(1_000, 60, 61), 1e-9);
    assertEquals(90_000, NetworkBench.offeredBy(1_000, 60, 120), 1e-9);
    // The instantaneous rate at the end of the warm-up is the rate (no jump at the window).
    double slope =
        NetworkBench.offeredBy(1_000, 60, 60) - NetworkBench.offeredBy(1_000, 60, 59.999);
    assertEquals(1_000 * 0.001, slope, 1e-3);
  }

  @Test
  void noWarmUp_isTheRateFromTheStart() {
    assertEquals(0, NetworkBench.offeredBy(1_500, 0, 0), 1e-9);
    assertEquals(15_000, NetworkBench.offeredBy(1_500, 0, 10), 1e-9);
  }
}
