package io.credence.execution.governance;

import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.core.genesis.Parameters;
import io.credence.execution.ContractState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The chain's limits as votes have set them, height by height: genesis's, changed by passed {@code
 * PARAMETER} proposals, each in force from its activation height. Read wherever a limit decides
 * what is valid (a transaction's size and work, a block's transactions and bytes) or what a node
 * admits (its queue), with the height the decision is for, so every node reads the same value for
 * the same block. Nothing is stored until the first change, so a chain that never votes one holds
 * genesis's limits and no more state.
 */
public final class ChainParameters {
  /**
   * The limits a vote may change. Governance's own rules are not among them: the thresholds have
   * their own proposal, and how long a proposal may stay open is fixed at genesis (a change would
   * alter the ones open). {@code blockIntervalMillis} is not either: this build's consensus paces
   * itself (round timeouts are each node's configuration), and a vote on a value nothing reads
   * would only look like it did something.
   */
  public static final List<String> GOVERNED =
      List.of(
          "blockTransactionsMax",
          "blockBytesMax",
          "transactionBytesMax",
          "expiryHeightsAheadMax",
          "mempoolTransactionsMax",
          "mempoolBytesMax",
          "mempoolPerSenderMax",
          "transactionWorkMax");

  /** How far past its vote's expiry a change may be scheduled. */
  public static final long ACTIVATION_HEIGHTS_AHEAD_MAX = 1_000_000;

  private static final byte[] KEY = "governance/parameters".getBytes(StandardCharsets.US_ASCII);

  /**
   * One decided change: {@code name} is {@code value} from {@code fromHeight}, before it as before.
   */
  public record Change(String name, long value, long previous, long fromHeight) {}

  private ChainParameters() {}

  /** The limits in force for the block at {@code height}. */
  public static Parameters at(ContractState state, Parameters genesis, long height) {
    byte[] raw = state.get(KEY);
    if (raw == null) {
      return genesis;
    }
    Parameters p = genesis;
    for (Change c : decode(raw)) {
      p = p.with(c.name(), height >= c.fromHeight() ? c.value() : c.previous());
    }
    return p;
  }

  /**
   * The heights at which the limits would change were {@code name} to become {@code value} from
   * {@code fromHeight} (decided at {@code height}), each with the limits from it on: where a
   * consistency rule between two limits must hold.
   */
  static List<Parameters> whatIf(
      ContractState state,
      Parameters genesis,
      String name,
      long value,
      long fromHeight,
      long height) {
    long now = at(state, genesis, height).limit(name).value();
    java.util.TreeSet<Long> heights = new java.util.TreeSet<>();
    heights.add(height + 1);
    heights.add(fromHeight);
    for (Change c : changes(state)) {
      if (c.fromHeight() > height) {
        heights.add(c.fromHeight());
      }
    }
    List<Parameters> out = new ArrayList<>();
    for (long h : heights) {
      out.add(at(state, genesis, h).with(name, h >= fromHeight ? value : now));
    }
    return out;
  }

  /** The changes decided, one per limit ever changed (the latest), by name. */
  public static List<Change> changes(ContractState state) {
    byte[] raw = state.get(KEY);
    return raw == null ? List.of() : decode(raw);
  }

  /**
   * Records that {@code name} becomes {@code value} from {@code fromHeight} (at least the next
   * block); a change of the same limit decided before and not yet in force is replaced: the later
   * decision wins.
   */
  static void schedule(
      ContractState state,
      Parameters genesis,
      String name,
      long value,
      long fromHeight,
      long height) {
    long previous = at(state, genesis, height).limit(name).value();
    List<Change> next = new ArrayList<>();
    for (Change c : changes(state)) {
      if (!c.name().equals(name)) {
        next.add(c);
      }
    }
    next.add(new Change(name, value, previous, fromHeight));
    Writer w = new Writer().varint(next.size());
    for (Change c : next) {
      w.string(c.name()).u64(c.value()).u64(c.previous()).u64(c.fromHeight());
    }
    state.put(KEY, w.toByteArray());
  }

  private static List<Change> decode(byte[] raw) {
    Reader r = new Reader(raw);
    int n = r.length("governance.parameters", GOVERNED.size());
    List<Change> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Change(r.string("parameter", 64), r.u64(), r.u64(), r.u64()));
    }
    r.finish();
    return out;
  }
}
