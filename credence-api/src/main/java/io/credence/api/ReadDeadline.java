package io.credence.api;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Holds every request to {@link ApiLimits#requestReadMillisMax()} from its first byte to its last:
 * request line, headers and body. Jetty 11 bounds only the silence between two bytes (the idle
 * timeout), so a client sending one byte every few seconds could hold a connection, and while it
 * sends a body a thread, for as long as it likes.
 *
 * <p>A sweep on the connector's scheduler looks at each connection's parser: one that is neither
 * idle nor done has been reading a request since the first sweep that saw it so. Past the limit,
 * the connection's idle timeout drops to a millisecond, and Jetty's own idle-timeout handling ends
 * the read: a read blocked in a handler fails (the body reader answers 408), a connection still
 * sending headers is closed (no request exists yet to answer).
 */
final class ReadDeadline extends AbstractLifeCycle implements Runnable {
  /** The idle timeout that makes Jetty end a late read now. */
  private static final long EXPIRED_IDLE_MILLIS = 1;

  /** Longest time between two sweeps; shorter limits are swept ten times within the limit. */
  private static final long SWEEP_MILLIS_MAX = 250;

  private final long readNanosMax;
  private final long sweepMillis;
  private final Map<EndPoint, Long> readingSinceNanos = new ConcurrentHashMap<>();
  private final Set<EndPoint> expired = ConcurrentHashMap.newKeySet();
  private AbstractConnector connector;
  private volatile Scheduler.Task next;

  ReadDeadline(long readMillisMax) {
    this.readNanosMax = TimeUnit.MILLISECONDS.toNanos(readMillisMax);
    this.sweepMillis = Math.max(1, Math.min(SWEEP_MILLIS_MAX, readMillisMax / 10));
  }

  /** Watches the connections of {@code watched}, of which this becomes a bean. */
  void watch(AbstractConnector watched) {
    this.connector = watched;
    watched.addBean(this);
  }

  /** True if {@code endPoint}'s request was cut for arriving too slowly. */
  boolean hasExpired(EndPoint endPoint) {
    return expired.contains(endPoint);
  }

  @Override
  protected void doStart() {
    schedule();
  }

  @Override
  protected void doStop() {
    Scheduler.Task task = next;
    if (task != null) {
      task.cancel();
    }
    readingSinceNanos.clear();
    expired.clear();
  }

  @Override
  public void run() {
    try {
      sweep(System.nanoTime());
    } finally {
      schedule();
    }
  }

  private void sweep(long now) {
    for (EndPoint endPoint : connector.getConnectedEndPoints()) {
      if (expired.contains(endPoint)) {
        // ConnectionLimit restores every connection's idle timeout when it stops limiting; a
        // late connection stays cut.
        if (endPoint.getIdleTimeout() != EXPIRED_IDLE_MILLIS) {
          endPoint.setIdleTimeout(EXPIRED_IDLE_MILLIS);
        }
      } else if (endPoint.getConnection() instanceof HttpConnection http
          && !http.getParser().isIdle()) {
        long since = readingSinceNanos.computeIfAbsent(endPoint, e -> now);
        if (now - since >= readNanosMax) {
          expired.add(endPoint);
          readingSinceNanos.remove(endPoint);
          endPoint.setIdleTimeout(EXPIRED_IDLE_MILLIS);
        }
      } else {
        readingSinceNanos.remove(endPoint);
      }
    }
    readingSinceNanos.keySet().removeIf(e -> !e.isOpen());
    expired.removeIf(e -> !e.isOpen());
  }

  private void schedule() {
    if (isStarting() || isRunning()) {
      next = connector.getScheduler().schedule(this, sweepMillis, TimeUnit.MILLISECONDS);
    }
  }
}
