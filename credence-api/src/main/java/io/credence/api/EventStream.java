package io.credence.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credence.core.Event;
import io.credence.ledger.chain.Receipt;
import io.javalin.http.Context;
import io.javalin.util.JavalinLogger;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * One client's stream of events, a {@code text/event-stream} response written with the servlet's
 * non-blocking output: no thread waits for the client. A pump, one at a time on the API's threads,
 * writes while the output is ready: first the blocks committed before the stream went live, read
 * from the store, then the blocks the node's loop hands over ({@link #offer}), which wait in a
 * queue of at most {@code eventStreamPendingMax} events. A client too slow to keep that queue below
 * the limit is disconnected; one silent for {@code eventStreamHeartbeatMillis} is sent a comment
 * line.
 *
 * <p>Each event is one message: {@code id: <height>:<txIndex>:<eventIndex>}, {@code event:
 * <contract>.<name>} and one line of JSON data. A client that reconnects with the last id it
 * received in {@code Last-Event-ID} resumes right after that event.
 */
final class EventStream implements WriteListener {
  private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NOTHING = new byte[0];

  private final EventStreams streams;
  private final EventStreams.Start start;
  private final EventStreams.Filter filter;
  private final int pendingMax;
  private final long heartbeatNanos;
  private final HttpServletResponse response;
  private final HttpChannel channel;
  private final Scheduler scheduler;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  // Requests for the pump: the thread that raises it from zero runs the pump until it is zero.
  private final AtomicInteger pumpRequests = new AtomicInteger();

  // Shared with the node's loop, which offers blocks: guarded by this.
  private final ArrayDeque<EventStreams.BlockEvents> pending = new ArrayDeque<>();
  private long pendingEvents;
  private volatile boolean ended;

  // The pump's own: one pump runs at a time, and each run happens after the one before.
  private ServletOutputStream out;
  private long next;
  private boolean isLive;
  private boolean unflushed = true;

  private volatile long lastFlushNanos;
  private volatile boolean heartbeatDue;
  private volatile Scheduler.Task heartbeat;

  EventStream(
      EventStreams streams,
      Context ctx,
      EventStreams.Start start,
      EventStreams.Filter filter,
      ApiLimits limits) {
    this.streams = streams;
    this.start = start;
    this.filter = filter;
    this.pendingMax = limits.eventStreamPendingMax();
    this.heartbeatNanos = TimeUnit.MILLISECONDS.toNanos(limits.eventStreamHeartbeatMillis());
    this.response = ctx.res();
    this.channel = Request.getBaseRequest(ctx.req()).getHttpChannel();
    this.scheduler = channel.getConnector().getScheduler();
    this.next = start.height();
  }

  /**
   * Starts writing, once the request is asynchronous; the future completes when the stream has
   * ended, and with it the request.
   */
  CompletableFuture<Void> begin() {
    response.setStatus(200);
    response.setContentType("text/event-stream;charset=utf-8");
    response.setHeader("Cache-Control", "no-cache");
    // Asks nginx-like proxies not to buffer the stream.
    response.setHeader("X-Accel-Buffering", "no");
    try {
      out = response.getOutputStream();
    } catch (IOException e) {
      end();
      return done;
    }
    lastFlushNanos = System.nanoTime();
    scheduleHeartbeat(heartbeatNanos);
    // The container calls onWritePossible as soon as the output can take bytes: the pump starts
    // there, and the first flush sends the headers.
    out.setWriteListener(this);
    return done;
  }

  @Override
  public void onWritePossible() {
    requestPump();
  }

  @Override
  public void onError(Throwable failure) {
    end();
  }

  /**
   * A committed block, from the node's loop: queued, or, if it would take the queue past {@code
   * eventStreamPendingMax} events, the stream is disconnected. Never waits.
   */
  void offer(EventStreams.BlockEvents block) {
    boolean tooSlow;
    synchronized (this) {
      if (ended) {
        return;
      }
      tooSlow = pendingEvents + cost(block) > pendingMax;
      if (tooSlow) {
        ended = true;
        pending.clear();
        pendingEvents = 0;
      } else {
        pending.addLast(block);
        pendingEvents += cost(block);
      }
    }
    if (!tooSlow) {
      requestPump();
      return;
    }
    streams.countSlow();
    // Closing a connection is not the loop's work: the API's threads do it.
    if (!streams.execute(
        () -> {
          channel.abort(
              new IOException(
                  "event stream: expected at most "
                      + pendingMax
                      + " events waiting (eventStreamPendingMax), found more: the client reads"
                      + " too slowly"));
          finish();
        })) {
      finish();
    }
  }

  /** Ends the stream (the client left, or the server is closing); the request completes. */
  void end() {
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      pending.clear();
      pendingEvents = 0;
    }
    finish();
  }

  private void finish() {
    Scheduler.Task task = heartbeat;
    if (task != null) {
      task.cancel();
    }
    streams.ended(this);
    done.complete(null);
  }

  /** A block waiting for this stream costs its events, and a block without any costs one. */
  private static long cost(EventStreams.BlockEvents block) {
    return Math.max(1, block.eventCount());
  }

  private void requestPump() {
    if (pumpRequests.getAndIncrement() == 0 && !streams.execute(this::drain)) {
      end();
    }
  }

  private void drain() {
    int seen;
    do {
      seen = pumpRequests.get();
      pump();
    } while (pumpRequests.addAndGet(-seen) != 0);
  }

  /**
   * Writes while the output is ready and there is something to write, then flushes; when the output
   * is not ready, the container calls {@link #onWritePossible} once it is.
   */
  private void pump() {
    try {
      while (!ended && out.isReady()) {
        byte[] chunk = nextChunk();
        if (chunk != null) {
          out.write(chunk);
          unflushed = true;
        } else if (unflushed) {
          unflushed = false;
          out.flush();
          lastFlushNanos = System.nanoTime();
        } else {
          return;
        }
      }
    } catch (IOException | IllegalStateException e) {
      // The client has gone, or the server completed the response while closing.
      end();
    } catch (RuntimeException e) {
      // Nothing else is expected (a damaged store halts the node): say so, and cut the stream
      // rather than leave its client waiting on a silent connection.
      JavalinLogger.error("event stream at height " + next + " failed", e);
      channel.abort(e);
      end();
    }
  }

  /**
   * The next bytes to write: a heartbeat if one is due, else the events of the next block that has
   * any for this stream; null when there are none yet.
   */
  private byte[] nextChunk() {
    if (heartbeatDue) {
      heartbeatDue = false;
      return HEARTBEAT;
    }
    while (true) {
      EventStreams.BlockEvents block = takePending();
      if (block == null) {
        if (next <= streams.head()) {
          block = streams.read(next);
        } else if (!isLive) {
          // From here every committed block is handed over. One committed before it was, but
          // after the head was read above, is in the store: look at the head again.
          isLive = true;
          streams.goLive(this);
          continue;
        } else {
          return null;
        }
      }
      next = block.height() + 1;
      byte[] chunk = render(block);
      if (chunk.length > 0) {
        return chunk;
      }
    }
  }

  /**
   * The queued block at {@code next}, dropping those below it (already read from the store); null
   * if the queue is empty or starts above {@code next} (a block to read from the store first).
   */
  private synchronized EventStreams.BlockEvents takePending() {
    while (!pending.isEmpty()) {
      EventStreams.BlockEvents first = pending.peekFirst();
      if (first.height() > next) {
        return null;
      }
      pending.pollFirst();
      pendingEvents -= cost(first);
      if (first.height() == next) {
        return first;
      }
    }
    return null;
  }

  /** The messages of {@code block}'s events that this stream keeps, in order. */
  private byte[] render(EventStreams.BlockEvents block) {
    StringBuilder text = null;
    List<Receipt> receipts = block.receipts();
    String height = Long.toUnsignedString(block.height());
    for (int t = 0; t < receipts.size(); t++) {
      List<Event> events = receipts.get(t).events();
      for (int e = 0; e < events.size(); e++) {
        Event event = events.get(e);
        if (!start.isDue(block.height(), t, e) || !filter.keeps(event)) {
          continue;
        }
        ObjectNode data = Json.MAPPER.createObjectNode();
        Json.putU64(data, "height", block.height());
        data.put("blockHash", block.blockHash().hex());
        data.put("transactionHash", receipts.get(t).transactionHash().hex());
        data.put("transactionIndex", t);
        data.put("eventIndex", e);
        data.setAll(Json.event(event));
        if (text == null) {
          text = new StringBuilder(512);
        }
        text.append("id: ")
            .append(height)
            .append(':')
            .append(t)
            .append(':')
            .append(e)
            .append("\nevent: ")
            .append(event.contract())
            .append('.')
            .append(event.name())
            .append("\ndata: ")
            .append(data)
            .append("\n\n");
      }
    }
    return text == null ? NOTHING : text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void scheduleHeartbeat(long delayNanos) {
    heartbeat = scheduler.schedule(this::onHeartbeatTimer, delayNanos, TimeUnit.NANOSECONDS);
  }

  /** Asks for a heartbeat if nothing went out for {@code eventStreamHeartbeatMillis}. */
  private void onHeartbeatTimer() {
    if (ended) {
      return;
    }
    long silentNanos = System.nanoTime() - lastFlushNanos;
    if (silentNanos >= heartbeatNanos) {
      heartbeatDue = true;
      requestPump();
      scheduleHeartbeat(heartbeatNanos);
    } else {
      scheduleHeartbeat(heartbeatNanos - silentNanos);
    }
  }
}
