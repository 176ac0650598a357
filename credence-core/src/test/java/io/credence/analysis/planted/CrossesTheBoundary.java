package io.credence.analysis.planted;

/** Breaks the module boundary: the analyser reaching into the chain's core. */
public final class CrossesTheBoundary {
  private CrossesTheBoundary() {}

  static Object cross() {
    return io.credence.core.planted.BreaksEveryRule.class;
  }
}
