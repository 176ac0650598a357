package io.credence.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * The simulated wire: frames in flight ordered by the tick they arrive (then by when they were
 * sent), and the faults a frame meets on the way, as filters a scenario composes (Kafka's Raft
 * simulation builds its network the same way). Every random draw comes from the simulation's one
 * seeded {@link Random}, in a fixed order, so a seed replays exactly.
 */
final class SimulatedNetwork {
  /** A frame on its way from one node (copy {@code twin} of it) to another. */
  static final class Envelope {
    final int from;
    final int twin;
    final int to;
    byte[] frame;
    int copies = 1;

    Envelope(int from, int twin, int to, byte[] frame) {
      this.from = from;
      this.twin = twin;
      this.to = to;
      this.frame = frame;
    }
  }

  /** One fault on the wire: drops a frame (false), or changes it and lets it through (true). */
  interface Filter {
    boolean admit(Envelope e, long tick);
  }

  /**
   * Which copy of a doubled (Twins) receiver hears a frame: {@link #BOTH}, 0, 1, or {@link #NONE}
   * (dropped).
   */
  interface Routing {
    int BOTH = -1;
    int NONE = -2;

    int route(Envelope e, long tick);
  }

  /** A frame due at {@code tick} for node {@code to} (copy {@code twin}, or -1 for both). */
  record Delivery(long tick, long sequence, int from, int to, int twin, byte[] frame)
      implements Comparable<Delivery> {
    @Override
    public int compareTo(Delivery o) {
      return tick != o.tick ? Long.compare(tick, o.tick) : Long.compare(sequence, o.sequence);
    }
  }

  private final PriorityQueue<Delivery> inFlight = new PriorityQueue<>();
  private final List<Filter> filters = new ArrayList<>();
  private final Random random;
  private final LongSupplier tick;
  private final int delayTicksMin;
  private final int delayTicksMax;
  private Routing routing = (e, t) -> Routing.BOTH;
  private long sequence;
  private long sent;
  private long dropped;

  SimulatedNetwork(Random random, LongSupplier tick, int delayTicksMin, int delayTicksMax) {
    this.random = random;
    this.tick = tick;
    this.delayTicksMin = delayTicksMin;
    this.delayTicksMax = delayTicksMax;
  }

  /** Adds a fault, applied after those added before it. */
  SimulatedNetwork with(Filter filter) {
    filters.add(filter);
    return this;
  }

  SimulatedNetwork routedBy(Routing newRouting) {
    routing = newRouting;
    return this;
  }

  /**
   * Sends {@code frame}: through every filter, then each copy delayed by the scenario's delay (and
   * {@code extraDelay} more) and routed.
   */
  void send(int from, int twin, int to, byte[] frame, long extraDelay) {
    sent++;
    long now = tick.getAsLong();
    Envelope e = new Envelope(from, twin, to, frame);
    for (Filter f : filters) {
      if (!f.admit(e, now)) {
        dropped++;
        return;
      }
    }
    for (int c = 0; c < e.copies; c++) {
      long at =
          now + extraDelay + delayTicksMin + random.nextInt(delayTicksMax - delayTicksMin + 1);
      int target = routing.route(e, now);
      if (target == Routing.NONE) {
        dropped++;
        return;
      }
      inFlight.add(new Delivery(at, sequence++, from, to, target, e.frame));
    }
  }

  /** The next frame due by {@code now}, or null. */
  Delivery pollDue(long now) {
    return !inFlight.isEmpty() && inFlight.peek().tick() <= now ? inFlight.poll() : null;
  }

  long sent() {
    return sent;
  }

  long dropped() {
    return dropped;
  }

  /** Frames between the two sides of a scenario partition are lost while it lasts. */
  static Filter partitions(List<Scenario.Partition> partitions) {
    return (e, tick) -> {
      for (Scenario.Partition p : partitions) {
        if (p.separates(tick, e.from, e.to)) {
          return false;
        }
      }
      return true;
    };
  }

  /** Until {@code healTick}, {@code perMille} of the frames are lost. */
  static Filter loss(Random random, long healTick, int perMille) {
    return (e, tick) -> !(tick < healTick && random.nextInt(1000) < perMille);
  }

  /** Until {@code healTick}, {@code perMille} of the frames arrive twice. */
  static Filter duplication(Random random, long healTick, int perMille) {
    return (e, tick) -> {
      if (tick < healTick && random.nextInt(1000) < perMille) {
        e.copies = 2;
      }
      return true;
    };
  }

  /**
   * Until {@code healTick}, {@code perMille} of the frames have one byte flipped on the way: the
   * receiver gets garbage, or a message whose signature or certificate no longer checks.
   */
  static final class Corruption implements Filter {
    private final Random random;
    private final long healTick;
    private final int perMille;
    private long corrupted;

    Corruption(Random random, long healTick, int perMille) {
      this.random = random;
      this.healTick = healTick;
      this.perMille = perMille;
    }

    @Override
    public boolean admit(Envelope e, long tick) {
      if (tick < healTick
          && perMille > 0
          && random.nextInt(1000) < perMille
          && e.frame.length > 0) {
        e.frame = e.frame.clone();
        e.frame[random.nextInt(e.frame.length)] ^= (byte) (1 + random.nextInt(255));
        corrupted++;
      }
      return true;
    }

    long corrupted() {
      return corrupted;
    }
  }
}
