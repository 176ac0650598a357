package io.credence.p2p.network;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** Counters of drops by reason, safe to bump from any thread. */
final class Drops {
  private static final DropReason[] REASONS = DropReason.values();
  private final AtomicLongArray counts = new AtomicLongArray(REASONS.length);

  void count(DropReason reason) {
    counts.incrementAndGet(reason.ordinal());
  }

  void count(DropReason reason, long n) {
    if (n > 0) {
      counts.addAndGet(reason.ordinal(), n);
    }
  }

  /** Every reason, zeros included, in declaration order. */
  Map<DropReason, Long> snapshot() {
    Map<DropReason, Long> snapshot = new EnumMap<>(DropReason.class);
    for (DropReason reason : REASONS) {
      snapshot.put(reason, counts.get(reason.ordinal()));
    }
    return snapshot;
  }
}
