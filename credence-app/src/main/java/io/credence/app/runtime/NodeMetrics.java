package io.credence.app.runtime;

import io.credence.api.EventStreams;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A node's Prometheus metrics (Micrometer): height, round, epoch, mempool size, peers, catch-up
 * progress, messages dropped by reason, the commit latency of transactions submitted here, as a
 * histogram, and the API's event streams. Read from the runner's snapshot, which its loop refreshes
 * after every turn.
 */
public final class NodeMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final NodeRunner runner;
  private final Timer commitLatency;
  private final Set<String> reasons = ConcurrentHashMap.newKeySet();
  private final Supplier<Map<String, Long>> transportDrops;

  /** Metrics of {@code runner}; {@code transportDrops} gives the transport's drops by reason. */
  public NodeMetrics(NodeRunner runner, Supplier<Map<String, Long>> transportDrops) {
    this.runner = runner;
    this.transportDrops = transportDrops;
    Gauge.builder("credence_height", runner, r -> r.head().height())
        .description("committed height")
        .register(registry);
    Gauge.builder("credence_round", runner, r -> snapshot(r).round())
        .description("consensus round")
        .register(registry);
    Gauge.builder("credence_epoch", runner, r -> snapshot(r).epoch())
        .description("consensus epoch (validator set)")
        .register(registry);
    Gauge.builder("credence_mempool_transactions", runner, NodeRunner::mempoolSize)
        .description("transactions waiting in the mempool")
        .register(registry);
    Gauge.builder("credence_peers", runner, NodeRunner::peers)
        .description("connected peers")
        .register(registry);
    Gauge.builder("credence_highest_known_height", runner, r -> snapshot(r).highestKnownHeight())
        .description("highest committed height a peer reported (catch-up target)")
        .register(registry);
    FunctionCounter.builder("credence_blocks_caught_up", runner, r -> snapshot(r).blocksCaughtUp())
        .description("blocks committed by catching up from peers")
        .register(registry);
    commitLatency =
        Timer.builder("credence_commit_latency")
            .description("from admission at this node to commit")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(5))
            .maximumExpectedValue(Duration.ofSeconds(60))
            .register(registry);
    runner.commitLatency(nanos -> commitLatency.record(Duration.ofNanos(nanos)));
  }

  /** Also reports the API's event streams: how many are open, how many were cut for slowness. */
  public void eventStreams(EventStreams streams) {
    Gauge.builder("credence_api_event_streams", streams, EventStreams::streamsOpen)
        .description("event streams open")
        .register(registry);
    FunctionCounter.builder(
            "credence_api_event_streams_disconnected_slow", streams, EventStreams::disconnectedSlow)
        .description("event streams disconnected because their client read too slowly")
        .register(registry);
  }

  private static NodeRunner.Snapshot snapshot(NodeRunner r) {
    NodeRunner.Snapshot s = r.snapshot();
    return s != null ? s : new NodeRunner.Snapshot(0, 0, false, 0, 0, Map.of(), 0);
  }

  /** The Prometheus text exposition, with a counter per drop reason seen so far. */
  public String scrape() {
    for (String reason : snapshot(runner).droppedByReason().keySet()) {
      if (reasons.add("replica:" + reason)) {
        FunctionCounter.builder(
                "credence_messages_dropped",
                runner,
                r -> snapshot(r).droppedByReason().getOrDefault(reason, 0L))
            .tag("reason", reason)
            .tag("layer", "replica")
            .register(registry);
      }
    }
    for (String reason : transportDrops.get().keySet()) {
      if (reasons.add("transport:" + reason)) {
        FunctionCounter.builder(
                "credence_messages_dropped", transportDrops, t -> t.get().getOrDefault(reason, 0L))
            .tag("reason", reason)
            .tag("layer", "transport")
            .register(registry);
      }
    }
    return registry.scrape();
  }
}
