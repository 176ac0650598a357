package io.credence.simulator;

import io.credence.consensus.ExecutionPort;
import io.credence.consensus.message.Block;
import io.credence.core.Hash;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * Plain mode's workload, which never runs dry: each leader's payload is a batch of transactions
 * named by round and author, and carries the scenario's next validator change once its time has
 * come. Executing a payload hashes it onto its parent's state root; a payload that does not decode
 * has no state. The set a payload changes to takes effect when its block commits (an epoch change).
 */
final class PlainWorkload {
  /** A leader's batch holds from one to this many transactions, drawn from the seed. */
  static final int BATCH_TRANSACTIONS_MAX = 100;

  private final CryptoSuite suite;
  private final Scenario scenario;
  private final List<KeyPair> keys;
  private final Random random;
  private final LongSupplier tick;

  /**
   * A workload for {@code scenario}'s validator changes, naming validators by their index in {@code
   * keys}, drawing from the simulation's {@code random} at the simulator's {@code tick}.
   */
  PlainWorkload(
      CryptoSuite suite, Scenario scenario, List<KeyPair> keys, Random random, LongSupplier tick) {
    this.suite = suite;
    this.scenario = scenario;
    this.keys = keys;
    this.random = random;
    this.tick = tick;
  }

  /**
   * The payload {@code author} proposes for {@code round} on top of its committed {@code chain}:
   * the scenario's next validator change is the first one that chain has not applied yet.
   */
  byte[] payload(long round, int author, List<ExecutionPort.Certified> chain) {
    int transactions = 1 + random.nextInt(BATCH_TRANSACTIONS_MAX);
    int applied = 0;
    for (ExecutionPort.Certified c : chain) {
      applied += reconfiguration(c.block()).isPresent() ? 1 : 0;
    }
    boolean change =
        applied < scenario.changes().size()
            && tick.getAsLong() >= scenario.changes().get(applied).atTick();
    return encode(
        round,
        author,
        transactions,
        change ? Optional.of(scenario.changes().get(applied).validators()) : Optional.empty());
  }

  /**
   * A payload of {@code transactions} transactions by {@code author} for {@code round}, with the
   * validator set it changes to (node indices), if any. Attackers build theirs here too.
   */
  static byte[] encode(
      long round, int author, int transactions, Optional<List<Integer>> validatorChange) {
    Writer w = new Writer(64).u64(round).varint(author).varint(transactions);
    w.bool(validatorChange.isPresent());
    if (validatorChange.isPresent()) {
      List<Integer> set = validatorChange.get();
      w.varint(set.size());
      set.forEach(w::varint);
    }
    return w.toByteArray();
  }

  /** The state root after {@code payload} on {@code parentStateRoot}; empty if it is malformed. */
  Optional<Hash> execute(Hash parentStateRoot, byte[] payload) {
    if (decodeChange(payload) == null) {
      return Optional.empty();
    }
    return Optional.of(suite.hasher().update(parentStateRoot.bytes()).update(payload).digest());
  }

  /** The validator set (public keys) {@code block} changes to, if it changes it. */
  Optional<List<byte[]>> reconfiguration(Block block) {
    List<Integer> set = decodeChange(block.payload());
    if (set == null || set.isEmpty()) {
      return Optional.empty();
    }
    List<byte[]> out = new ArrayList<>();
    for (int i : set) {
      if (i >= keys.size()) {
        return Optional.empty();
      }
      out.add(keys.get(i).publicKey());
    }
    return Optional.of(out);
  }

  /**
   * Decodes a payload: the validator change it carries (node indices), an empty list for none, or
   * null when the payload is malformed.
   */
  private static List<Integer> decodeChange(byte[] payload) {
    try {
      Reader r = new Reader(payload);
      r.u64();
      r.varint();
      r.varint();
      List<Integer> set = new ArrayList<>();
      if (r.bool()) {
        int n = r.length("validators", Scenario.VALIDATORS_MAX);
        if (n == 0) {
          return null;
        }
        for (int i = 0; i < n; i++) {
          set.add(r.length("validator", Scenario.VALIDATORS_MAX));
        }
      }
      r.finish();
      return set;
    } catch (CodecException e) {
      return null;
    }
  }
}
