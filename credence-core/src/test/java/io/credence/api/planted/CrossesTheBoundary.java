package io.credence.api.planted;

/** Breaks the module boundary: the API reaching into the transport. */
public final class CrossesTheBoundary {
  private CrossesTheBoundary() {}

  static Object cross() {
    return io.credence.p2p.planted.TransportStandIn.class;
  }
}
