package io.credence.storage.planted;

/** Breaks the module boundary: storage reaching into the node. */
public final class CrossesTheBoundary {
  private CrossesTheBoundary() {}

  static Object cross() {
    return io.credence.node.planted.BreaksEveryRule.class;
  }
}
