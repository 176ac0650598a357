package io.credence.api;

/**
 * Every resource an API client can hold, each with its bound. Reaching one is answered with a
 * {@code application/problem+json} error that names the limit ({@code limit}), or, for a limit held
 * below HTTP (connections, request read time while headers arrive), by Jetty closing or not yet
 * accepting the connection. {@link #DEFAULTS} are the node's values; tests shrink them.
 *
 * @param bodyBytesMax bytes of one request body, however it is framed (Content-Length or chunked):
 *     413 {@code BODY_TOO_LARGE}; nothing of a larger body is parsed or admitted
 * @param bodyBytesInFlightMax bytes of all request bodies being read or handled at once: 503 {@code
 *     BODIES_IN_FLIGHT_FULL} with Retry-After; bounds the heap that bodies can take
 * @param headerBytesMax bytes of the request line and headers (Jetty's request header size): 414
 *     {@code URI_TOO_LONG} or 431 {@code HEADERS_TOO_LARGE}
 * @param connectionsMax open connections (Jetty's {@code ConnectionLimit}): beyond it the node
 *     stops accepting, and the idle ones are closed after {@code idleWhenFullMillisMax}
 * @param requestReadMillisMax time from a request's first byte to its last (request line, headers
 *     and body): a late body is answered 408 {@code REQUEST_TIMEOUT}, late headers close the
 *     connection
 * @param idleMillisMax time a connection may be silent (Jetty's connector idle timeout), also the
 *     longest a blocked read or write may wait for a byte
 * @param idleWhenFullMillisMax the idle timeout that applies to every connection while {@code
 *     connectionsMax} are open
 * @param waitersMax submissions waiting for their block at once ({@code ?wait=true}): 503 {@code
 *     TOO_MANY_WAITERS} with Retry-After, and the transaction is not admitted
 * @param waitMillisMax longest a waiting submission waits ({@code timeoutMillis})
 * @param waitMillisDefault how long a waiting submission waits unless it says otherwise
 * @param batchTransactionsMax transactions in one batch: 400 {@code BATCH_TOO_LARGE}
 * @param eventStreamsMax event streams open at once ({@code GET /v1/events/stream}): 503 {@code
 *     TOO_MANY_EVENT_STREAMS} with Retry-After
 * @param eventStreamPendingMax events of committed blocks waiting to be written to one stream,
 *     counted before its filters (a block without events counts as one): a stream that would hold
 *     more is too slow to read and is disconnected and counted; it resumes by {@code Last-Event-ID}
 * @param eventStreamHeartbeatMillis longest a stream stays silent: after it, a comment line is
 *     written, so that proxies and the connector's idle timeout ({@code idleMillisMax}) keep the
 *     stream open
 */
public record ApiLimits(
    long bodyBytesMax,
    long bodyBytesInFlightMax,
    int headerBytesMax,
    int connectionsMax,
    long requestReadMillisMax,
    long idleMillisMax,
    long idleWhenFullMillisMax,
    int waitersMax,
    long waitMillisMax,
    long waitMillisDefault,
    int batchTransactionsMax,
    int eventStreamsMax,
    int eventStreamPendingMax,
    long eventStreamHeartbeatMillis) {

  /** 1 MiB: a batch of 1,000 transactions with room to spare. */
  public static final long BODY_BYTES_MAX = 1L << 20;

  /** 32 MiB: 32 bodies of the largest size at once. */
  public static final long BODY_BYTES_IN_FLIGHT_MAX = 32L << 20;

  /** 8 KiB, Jetty's default: an API request line and its headers are far smaller. */
  public static final int HEADER_BYTES_MAX = 8 << 10;

  /** 512 connections, each with a thread of its own (see {@link #threadsMax()}). */
  public static final int CONNECTIONS_MAX = 512;

  /** 10 s for a whole request to arrive: 1 MiB at 100 KiB/s. */
  public static final long REQUEST_READ_MILLIS_MAX = 10_000;

  /** 30 s of silence on a connection, Jetty's default. */
  public static final long IDLE_MILLIS_MAX = 30_000;

  /** 1 s of silence while the connections are all taken. */
  public static final long IDLE_WHEN_FULL_MILLIS_MAX = 1_000;

  /** 256 waiting submissions: half the connections. */
  public static final int WAITERS_MAX = 256;

  /** 60 s: a waiting submission longer than this polls instead. */
  public static final long WAIT_MILLIS_MAX = 60_000;

  /** 10 s: a few blocks. */
  public static final long WAIT_MILLIS_DEFAULT = 10_000;

  /** 1,000 transactions in one batch. */
  public static final int BATCH_TRANSACTIONS_MAX = 1_000;

  /** 128 event streams: a quarter of the connections, each holding one. */
  public static final int EVENT_STREAMS_MAX = 128;

  /**
   * 10,000 events waiting for one stream: five full blocks of 2,000 transactions with an event
   * each. A block with more events than this disconnects every live stream, and each resumes from
   * the store.
   */
  public static final int EVENT_STREAM_PENDING_MAX = 10_000;

  /**
   * 15 s: half of {@link #IDLE_MILLIS_MAX}, and below the 30 to 60 s that proxies commonly allow.
   */
  public static final long EVENT_STREAM_HEARTBEAT_MILLIS = 15_000;

  /** Threads beyond one per connection: Jetty's acceptor and selectors and its reserved threads. */
  static final int THREADS_RESERVED = 32;

  /** The node's limits. */
  public static final ApiLimits DEFAULTS =
      new ApiLimits(
          BODY_BYTES_MAX,
          BODY_BYTES_IN_FLIGHT_MAX,
          HEADER_BYTES_MAX,
          CONNECTIONS_MAX,
          REQUEST_READ_MILLIS_MAX,
          IDLE_MILLIS_MAX,
          IDLE_WHEN_FULL_MILLIS_MAX,
          WAITERS_MAX,
          WAIT_MILLIS_MAX,
          WAIT_MILLIS_DEFAULT,
          BATCH_TRANSACTIONS_MAX,
          EVENT_STREAMS_MAX,
          EVENT_STREAM_PENDING_MAX,
          EVENT_STREAM_HEARTBEAT_MILLIS);

  public ApiLimits {
    positive("bodyBytesMax", bodyBytesMax, Integer.MAX_VALUE - 1);
    positive("bodyBytesInFlightMax", bodyBytesInFlightMax, Long.MAX_VALUE);
    if (bodyBytesInFlightMax < bodyBytesMax) {
      throw new IllegalArgumentException(
          "bodyBytesInFlightMax: expected at least bodyBytesMax="
              + bodyBytesMax
              + ", found "
              + bodyBytesInFlightMax);
    }
    positive("headerBytesMax", headerBytesMax, 1 << 20);
    positive("connectionsMax", connectionsMax, 1 << 16);
    positive("requestReadMillisMax", requestReadMillisMax, 3_600_000);
    positive("idleMillisMax", idleMillisMax, 3_600_000);
    positive("idleWhenFullMillisMax", idleWhenFullMillisMax, idleMillisMax);
    positive("waitersMax", waitersMax, connectionsMax);
    positive("waitMillisMax", waitMillisMax, 3_600_000);
    positive("waitMillisDefault", waitMillisDefault, waitMillisMax);
    positive("batchTransactionsMax", batchTransactionsMax, 1 << 20);
    positive("eventStreamsMax", eventStreamsMax, connectionsMax);
    positive("eventStreamPendingMax", eventStreamPendingMax, 1 << 24);
    // A heartbeat no sooner than the idle timeout would come too late to keep the stream open.
    positive("eventStreamHeartbeatMillis", eventStreamHeartbeatMillis, idleMillisMax - 1);
  }

  /**
   * Threads the server may run: one per connection, so that connections blocked reading a slow body
   * or waiting for a block never leave another request without a thread (a status request answers
   * while {@code connectionsMax - 1} others trickle), plus {@link #THREADS_RESERVED}.
   */
  public int threadsMax() {
    return connectionsMax + THREADS_RESERVED;
  }

  private static void positive(String name, long value, long max) {
    if (value < 1 || value > max) {
      throw new IllegalArgumentException(
          name + ": expected a whole number from 1 to " + max + ", found " + value);
    }
  }
}
