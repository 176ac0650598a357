package io.credence.p2p.network;

/**
 * A token bucket of {@code burstMax} tokens refilled at {@code perSecond}: the inbound flood limit
 * of one connection. Not thread-safe; used on the connection's I/O thread only.
 */
final class TokenBucket {
  private static final double NANOS_PER_SECOND = 1e9;
  private final double perSecond;
  private final double burstMax;
  private double tokens;
  private long lastNanos;

  TokenBucket(int perSecond, int burstMax, long nowNanos) {
    this.perSecond = perSecond;
    this.burstMax = burstMax;
    this.tokens = burstMax;
    this.lastNanos = nowNanos;
  }

  /** Takes one token if there is one at {@code nowNanos} (a {@link System#nanoTime} reading). */
  boolean tryTake(long nowNanos) {
    long elapsed = nowNanos - lastNanos;
    if (elapsed > 0) {
      tokens = Math.min(burstMax, tokens + elapsed * perSecond / NANOS_PER_SECOND);
      lastNanos = nowNanos;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
