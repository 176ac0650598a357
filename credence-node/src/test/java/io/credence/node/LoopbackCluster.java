package io.credence.node;

import io.credence.core.crypto.KeyPair;
import io.credence.ledger.store.MemoryStore;
import io.credence.node.bft.StoredConsensus;
import io.credence.node.message.NodeMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The validators of a test consortium as real replicas on an in-memory network: every message is
 * encoded and decoded on the way, as a transport would, and delivered one tick later to replicas
 * that are up. A replica can be stopped (its memory is lost, its disk kept), restarted, or given an
 * empty disk.
 */
final class LoopbackCluster {
  static final long TICK_MILLIS = 10;

  private record Delivery(long at, long sequence, int to, byte[] from, byte[] frame)
      implements Comparable<Delivery> {
    @Override
    public int compareTo(Delivery o) {
      return at != o.at ? Long.compare(at, o.at) : Long.compare(sequence, o.sequence);
    }
  }

  final TestConsortium consortium;
  final List<MemoryStore> disks = new ArrayList<>();
  final List<Replica> replicas = new ArrayList<>();
  private final List<KeyPair> keys = new ArrayList<>();
  private final Map<ByteBuffer, Integer> byKey = new HashMap<>();
  private final PriorityQueue<Delivery> network = new PriorityQueue<>();
  private long sequence;
  long tick = 100;
  // What a Byzantine node sends instead of what its honest replica wrote (null: drop it).
  private final Map<Integer, java.util.function.UnaryOperator<NodeMessage>> rewrite =
      new HashMap<>();

  private final io.credence.execution.Runtime runtime;

  LoopbackCluster(TestConsortium consortium) {
    this(consortium, io.credence.execution.Runtime.builtIn(consortium.suite));
  }

  /** The same, every replica running {@code runtime}'s contracts. */
  LoopbackCluster(TestConsortium consortium, io.credence.execution.Runtime runtime) {
    this.consortium = consortium;
    this.runtime = runtime;
    keys.addAll(consortium.validators);
    // Observers come after the validators: replica i for i >= validators is an observer.
    keys.addAll(consortium.observers);
    for (int i = 0; i < keys.size(); i++) {
      byKey.put(ByteBuffer.wrap(keys.get(i).publicKey()), i);
      disks.add(new MemoryStore());
      replicas.add(null);
      start(i);
    }
  }

  void start(int i) {
    MemoryStore disk = disks.get(i);
    byte[] self = keys.get(i).publicKey();
    Replica replica =
        Replica.open(
            consortium.genesis,
            disk,
            new StoredConsensus(disk),
            consortium.suite.signer(keys.get(i).privateKey(), null),
            (to, message) -> send(self, to, message),
            Replica.Config.DEFAULTS,
            runtime);
    replica.start(tick * TICK_MILLIS);
    replicas.set(i, replica);
  }

  /** Makes node {@code i} send {@code attacker.apply(m)} for each message m (null drops it). */
  void byzantine(int i, java.util.function.UnaryOperator<NodeMessage> attacker) {
    rewrite.put(i, attacker);
  }

  private void send(byte[] from, byte[] to, NodeMessage message) {
    Integer target = byKey.get(ByteBuffer.wrap(to));
    var attacker = rewrite.get(byKey.get(ByteBuffer.wrap(from)));
    if (attacker != null) {
      message = attacker.apply(message);
      if (message == null) {
        return;
      }
    }
    if (target != null) {
      network.add(
          new Delivery(tick + 1, sequence++, target, from, NodeMessage.CODEC.encode(message)));
    }
  }

  void stop(int i) {
    replicas.set(i, null);
  }

  void wipe(int i) {
    disks.set(i, new MemoryStore());
  }

  void run(long ticks) {
    for (long end = tick + ticks; tick < end; ) {
      tick++;
      while (!network.isEmpty() && network.peek().at() <= tick) {
        Delivery d = network.poll();
        Replica to = replicas.get(d.to());
        if (to != null) {
          to.onMessage(d.from(), NodeMessage.CODEC.decode(d.frame()), tick * TICK_MILLIS);
        }
      }
      for (Replica r : replicas) {
        if (r != null) {
          r.onTick(tick * TICK_MILLIS);
        }
      }
    }
  }

  long height(int i) {
    return replicas.get(i).head().height();
  }
}
