package io.credence.analysis.calibration.planted;

import io.credence.p2p.planted.TransportStandIn;
import io.netty.planted.ChannelStandIn;
import java.util.List;
import java.util.Random;

/**
 * Breaks every determinism rule, and its module's boundary by using the transport, to show that the
 * rules cover this package.
 */
public final class BreaksEveryRule {
  private BreaksEveryRule() {}

  static List<Object> breakEveryRule() {
    return List.of(
        System.currentTimeMillis(),
        new Random(),
        new Thread(),
        System.getenv(),
        System.out,
        new ChannelStandIn(),
        new TransportStandIn());
  }
}
