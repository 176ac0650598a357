package io.credence.api;

import io.credence.core.Address;
import io.credence.core.Event;
import io.credence.core.Hash;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.genesis.Uscc;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.Receipt;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The event streams of {@code GET /v1/events/stream} (server-sent events): every event of every
 * committed block from a height on, in order, then live as blocks commit. A stream reads the blocks
 * committed before it went live from the store on the API's threads; the node's loop only hands
 * each committed block to the live streams ({@link #onCommit}), which queue it without waiting for
 * any client. Bounded by {@link ApiLimits}: {@code eventStreamsMax} streams at once, {@code
 * eventStreamPendingMax} events queued for one stream (a stream that would hold more is too slow to
 * read: it is disconnected and counted, and its client resumes by {@code Last-Event-ID}), and a
 * comment line after {@code eventStreamHeartbeatMillis} of silence.
 */
public final class EventStreams implements AutoCloseable {
  /** How a stream's events are identified: {@code <height>:<txIndex>:<eventIndex>}. */
  private static final Pattern EVENT_ID =
      Pattern.compile("([0-9]{1,19}):([0-9]{1,9}):([0-9]{1,9})");

  private final ChainService chain;
  private final CryptoSuite suite;
  private final ApiLimits limits;
  private final Executor executor;
  private final Semaphore places;
  private final Set<EventStream> live = ConcurrentHashMap.newKeySet();
  private final Set<EventStream> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong disconnectedSlow = new AtomicLong();
  private final Consumer<ChainReader.CommittedBlock> listener = this::onCommit;
  private volatile boolean closed;

  /** Streams of {@code chain}'s events, pumped on {@code executor} (the API's threads). */
  EventStreams(ChainService chain, ApiLimits limits, Executor executor) {
    this.chain = chain;
    this.suite = chain.genesis().suite();
    this.limits = limits;
    this.executor = executor;
    this.places = new Semaphore(limits.eventStreamsMax());
    chain.addCommitListener(listener);
  }

  /** Streams open now. */
  public int streamsOpen() {
    return open.size();
  }

  /** Streams disconnected so far because their client read too slowly. */
  public long disconnectedSlow() {
    return disconnectedSlow.get();
  }

  /**
   * Where a stream starts: at {@code height}, after the event {@code (afterTransaction,
   * afterEvent)} of that block, or at its first event when both are -1.
   */
  record Start(long height, int afterTransaction, int afterEvent) {
    static Start at(long height) {
      return new Start(height, -1, -1);
    }

    /**
     * Right after the event a client last received, named by the id it was sent with; a malformed
     * id is a problem naming the header.
     */
    static Start after(String lastEventId) {
      Matcher m = EVENT_ID.matcher(lastEventId);
      if (!m.matches()) {
        throw Problem.field(
            400,
            "INVALID_PARAMETER",
            "Last-Event-ID",
            "the id of an event of this stream, <height>:<txIndex>:<eventIndex> in decimal",
            "'" + lastEventId + "'");
      }
      long height;
      try {
        height = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        throw Problem.field(
            400,
            "INVALID_PARAMETER",
            "Last-Event-ID",
            "a height from 0 to " + Long.MAX_VALUE,
            "'" + m.group(1) + "'");
      }
      return new Start(height, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    /** True if event {@code event} of transaction {@code transaction} at {@code height} is due. */
    boolean isDue(long height, int transaction, int event) {
      return height != this.height
          || transaction > afterTransaction
          || (transaction == afterTransaction && event > afterEvent);
    }
  }

  /** Which events a stream keeps: of one contract, naming one party, or both; empty keeps all. */
  record Filter(Optional<String> contract, Optional<String> party) {
    /**
     * From the query parameters (either may be null): {@code contract} must be a contract this node
     * runs; {@code party} an address (40 hex digits, kept in the lower-case form events carry) or a
     * USCC.
     */
    static Filter parse(String contract, String party) {
      if (contract != null) {
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> c : io.credence.execution.Runtime.builtInCatalogue()) {
          names.add((String) c.get("name"));
        }
        if (!names.contains(contract)) {
          throw Problem.field(
              400,
              "INVALID_PARAMETER",
              "contract",
              "the name of a contract this node runs: " + String.join(", ", names),
              "'" + contract + "'");
        }
      }
      return new Filter(
          Optional.ofNullable(contract), Optional.ofNullable(party).map(Filter::party));
    }

    private static String party(String text) {
      try {
        return Address.parse("party", text).hex();
      } catch (IllegalArgumentException notAnAddress) {
        if (Uscc.problem(text).isEmpty()) {
          return text;
        }
        throw Problem.field(
            400,
            "INVALID_PARAMETER",
            "party",
            "an address (40 hex digits) or a USCC (18 characters, GB 32100-2015)",
            "'" + text + "'");
      }
    }

    boolean keeps(Event event) {
      return contract.map(c -> c.equals(event.contract())).orElse(true)
          && party.map(p -> event.attributes().containsValue(p)).orElse(true);
    }
  }

  /** A committed block's receipts with what every stream needs to name its events. */
  record BlockEvents(long height, Hash blockHash, List<Receipt> receipts, int eventCount) {
    static BlockEvents of(long height, Hash blockHash, List<Receipt> receipts) {
      int count = 0;
      for (Receipt r : receipts) {
        count += r.events().size();
      }
      return new BlockEvents(height, blockHash, receipts, count);
    }
  }

  /**
   * Opens a stream for this request, from {@code start} with {@code filter}; refused with 503 when
   * {@code eventStreamsMax} are open.
   */
  void open(Context ctx, Start start, Filter filter) {
    readEmptyBody(ctx);
    if (closed || !places.tryAcquire()) {
      throw Problem.limit(
              503,
              "TOO_MANY_EVENT_STREAMS",
              "stream",
              "eventStreamsMax",
              "at most " + limits.eventStreamsMax() + " event streams open at once",
              open.size() + " open; retry later, resuming by Last-Event-ID")
          .withHeader("Retry-After", ApiServer.RETRY_AFTER_SECONDS);
    }
    EventStream stream;
    try {
      stream = new EventStream(this, ctx, start, filter, limits);
    } catch (RuntimeException e) {
      places.release();
      throw e;
    }
    open.add(stream);
    // Javalin starts the request's async mode before it asks for the future; the stream then
    // writes with the servlet's non-blocking output, and the request ends when the future does.
    ctx.future(stream::begin);
  }

  /**
   * Reads the request's body, which must be empty, to its end. Jetty's parser leaves a request
   * mid-message until its body is read, and {@link ReadDeadline} would cut the stream as a request
   * still arriving after {@code requestReadMillisMax}.
   */
  private static void readEmptyBody(Context ctx) {
    int first;
    try {
      first = ctx.req().getInputStream().read();
    } catch (IOException e) {
      throw Problem.field(400, "MALFORMED_BODY", "body", "none", "a body that failed to arrive");
    }
    if (first != -1) {
      throw Problem.field(400, "MALFORMED_BODY", "body", "none", "a body");
    }
  }

  /** The node's loop hands over a committed block: each live stream queues it, none waits. */
  private void onCommit(ChainReader.CommittedBlock committed) {
    if (live.isEmpty()) {
      return;
    }
    BlockEvents block =
        BlockEvents.of(
            committed.header().height(), committed.header().hash(suite), committed.receipts());
    for (EventStream stream : live) {
      stream.offer(block);
    }
  }

  /** Block {@code height} from the store; it must be committed. */
  BlockEvents read(long height) {
    BlockHeader header = chain.reader().header(height).orElseThrow();
    return BlockEvents.of(height, header.hash(suite), chain.reader().receipts(height));
  }

  /** The height of the last committed block. */
  long head() {
    return chain.head().height();
  }

  /** From now on {@code stream} is handed every committed block. */
  void goLive(EventStream stream) {
    live.add(stream);
  }

  /** Runs {@code task} on the API's threads; false if they no longer take tasks. */
  boolean execute(Runnable task) {
    try {
      executor.execute(task);
      return true;
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return false;
    }
  }

  /** {@code stream} fell {@code eventStreamPendingMax} events behind: it is counted here. */
  void countSlow() {
    disconnectedSlow.incrementAndGet();
  }

  /** {@code stream} has ended: its place is free. Called once per stream. */
  void ended(EventStream stream) {
    live.remove(stream);
    if (open.remove(stream)) {
      places.release();
    }
  }

  /** Stops hearing commits and ends every stream. */
  @Override
  public void close() {
    closed = true;
    chain.removeCommitListener(listener);
    for (EventStream stream : open) {
      stream.end();
    }
  }
}
