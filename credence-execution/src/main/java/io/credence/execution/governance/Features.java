package io.credence.execution.governance;

import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.execution.ContractState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Protocol feature switches: a change of the rules every node applies, switched on by vote from a
 * height, so that the nodes of a consortium, all upgraded to a build that knows the switch, change
 * behaviour at the same block. A switch only turns on; a build lists the switches it knows ({@link
 * #KNOWN}), and a vote on any other is refused, so a consortium cannot schedule what its nodes do
 * not implement. Nothing is stored until the first switch is scheduled.
 */
public final class Features {
  /** A refused transaction owes no fee (before it, every transaction included owes its fee). */
  public static final String REFUSED_FREE = "fees.refusedFree";

  /** The switches this build knows, with what each changes. */
  public static final Map<String, String> KNOWN;

  static {
    Map<String, String> known = new LinkedHashMap<>();
    known.put(
        REFUSED_FREE,
        "a transaction the chain refuses (a failed receipt) owes no fee; before it, every"
            + " transaction included owes its method's fee");
    KNOWN = java.util.Collections.unmodifiableMap(known);
  }

  private static final byte[] KEY = "governance/features".getBytes(StandardCharsets.US_ASCII);

  /** A switch scheduled: on from {@code fromHeight}. */
  public record Scheduled(String name, long fromHeight) {}

  private Features() {}

  /** Whether {@code name} is on for the block at {@code height}. */
  public static boolean on(ContractState state, String name, long height) {
    return scheduled(state, name).map(s -> height >= s.fromHeight()).orElse(false);
  }

  /** When {@code name} was scheduled to turn on, if it was. */
  public static Optional<Scheduled> scheduled(ContractState state, String name) {
    for (Scheduled s : all(state)) {
      if (s.name().equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** Every switch scheduled, in the order they were. */
  public static List<Scheduled> all(ContractState state) {
    byte[] raw = state.get(KEY);
    List<Scheduled> out = new ArrayList<>();
    if (raw == null) {
      return out;
    }
    Reader r = new Reader(raw);
    int n = r.length("governance.features", KNOWN.size());
    for (int i = 0; i < n; i++) {
      out.add(new Scheduled(r.string("feature", 64), r.u64()));
    }
    r.finish();
    return out;
  }

  static void schedule(ContractState state, String name, long fromHeight) {
    List<Scheduled> next = all(state);
    next.add(new Scheduled(name, fromHeight));
    Writer w = new Writer().varint(next.size());
    next.forEach(s -> w.string(s.name()).u64(s.fromHeight()));
    state.put(KEY, w.toByteArray());
  }
}
