package io.credence.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

/**
 * Reads JSON request bodies within the limits of {@link ApiLimits}: each body within {@code
 * bodyBytesMax} however it is framed (a chunked body has no Content-Length to check up front, so
 * the count is kept as the bytes arrive and reading stops one byte past the limit), all bodies
 * being read or handled within {@code bodyBytesInFlightMax}, and a body that arrives too slowly
 * answered 408. Only {@code application/json} is read.
 */
final class BodyReader {
  private static final int CHUNK_BYTES = 16 << 10;
  private static final String JSON = "application/json";
  private static final ObjectReader STRICT_JSON =
      Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final ApiLimits limits;
  private final ReadDeadline deadline;
  private final AtomicLong bytesInFlight = new AtomicLong();

  BodyReader(ApiLimits limits, ReadDeadline deadline) {
    this.limits = limits;
    this.deadline = deadline;
  }

  /** Bytes of bodies being read or handled now, against {@code bodyBytesInFlightMax}. */
  long bytesInFlight() {
    return bytesInFlight.get();
  }

  /** A body read whole; closing it returns its bytes to {@code bodyBytesInFlightMax}. */
  final class Body implements AutoCloseable {
    private final byte[] bytes;
    private long reserved;

    private Body(byte[] bytes, long reserved) {
      this.bytes = bytes;
      this.reserved = reserved;
    }

    /** The body as one JSON value; {@code shape} names what is expected. */
    JsonNode json(String shape) {
      try {
        return STRICT_JSON.readTree(bytes);
      } catch (IOException e) {
        throw Problem.field(400, "MALFORMED_BODY", "body", shape, "text that is not JSON");
      }
    }

    @Override
    public void close() {
      release(reserved);
      reserved = 0;
    }
  }

  /** Reads the request's body; every way it can fail is a {@link Problem}. */
  Body read(Context ctx) {
    requireJson(ctx.header("Content-Type"));
    long declared = ctx.req().getContentLengthLong();
    if (declared > limits.bodyBytesMax()) {
      throw tooLarge(declared + " bytes (Content-Length)");
    }
    long reserved = 0;
    long startNanos = System.nanoTime();
    // Grown as bytes arrive and are reserved: a declared length costs nothing until it is sent.
    ByteArrayOutputStream out = new ByteArrayOutputStream(CHUNK_BYTES);
    try {
      InputStream in = ctx.req().getInputStream();
      byte[] chunk = new byte[CHUNK_BYTES];
      while (true) {
        int want = (int) Math.min(chunk.length, limits.bodyBytesMax() + 1 - out.size());
        int n = in.read(chunk, 0, want);
        if (n < 0) {
          break;
        }
        if (out.size() + n > limits.bodyBytesMax()) {
          throw tooLarge("more than " + limits.bodyBytesMax() + " bytes");
        }
        reserve(n);
        reserved += n;
        out.write(chunk, 0, n);
      }
      Body body = new Body(out.toByteArray(), reserved);
      reserved = 0;
      return body;
    } catch (IOException | BadMessageException e) {
      throw failedRead(ctx, e, out.size(), System.nanoTime() - startNanos);
    } finally {
      release(reserved);
    }
  }

  /**
   * 415 unless {@code contentType} is {@code application/json}, with no parameter but {@code
   * charset=utf-8} (JSON is UTF-8, RFC 8259 §8.1).
   */
  private static void requireJson(String contentType) {
    if (contentType == null) {
      throw unsupported("none");
    }
    String[] parts = contentType.split(";", -1);
    if (!parts[0].trim().toLowerCase(Locale.ROOT).equals(JSON)) {
      throw unsupported("'" + contentType + "'");
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim().toLowerCase(Locale.ROOT).replace("\"", "");
      if (!parameter.equals("charset=utf-8")) {
        throw unsupported("'" + contentType + "'");
      }
    }
  }

  private static Problem unsupported(String found) {
    return Problem.field(
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            "Content-Type",
            JSON + " (optionally with charset=utf-8)",
            found)
        .withHeader("Connection", "close");
  }

  private Problem tooLarge(String found) {
    return Problem.limit(
            413,
            "BODY_TOO_LARGE",
            "body",
            "bodyBytesMax",
            "at most " + limits.bodyBytesMax() + " bytes",
            found)
        .withHeader("Connection", "close");
  }

  private void reserve(long bytes) {
    long after = bytesInFlight.addAndGet(bytes);
    if (after > limits.bodyBytesInFlightMax()) {
      bytesInFlight.addAndGet(-bytes);
      throw Problem.limit(
              503,
              "BODIES_IN_FLIGHT_FULL",
              "body",
              "bodyBytesInFlightMax",
              "at most " + limits.bodyBytesInFlightMax() + " bytes of bodies at once",
              (after - bytes) + " bytes held by other requests and " + bytes + " more")
          .withHeader("Retry-After", "1")
          .withHeader("Connection", "close");
    }
  }

  private void release(long bytes) {
    if (bytes > 0) {
      bytesInFlight.addAndGet(-bytes);
    }
  }

  private Problem failedRead(Context ctx, Exception e, long bytesRead, long elapsedNanos) {
    long elapsedMillis = elapsedNanos / 1_000_000;
    EndPoint endPoint = Request.getBaseRequest(ctx.req()).getHttpChannel().getEndPoint();
    Problem problem;
    if (deadline.hasExpired(endPoint)) {
      problem =
          Problem.limit(
              408,
              "REQUEST_TIMEOUT",
              "body",
              "requestReadMillisMax",
              "the whole request within " + limits.requestReadMillisMax() + " ms",
              bytesRead + " bytes of the body when the time was up");
    } else if (causedBy(e, TimeoutException.class)) {
      boolean full = endPoint.getIdleTimeout() == limits.idleWhenFullMillisMax();
      problem =
          Problem.limit(
              408,
              "REQUEST_TIMEOUT",
              "body",
              full ? "idleWhenFullMillisMax" : "idleMillisMax",
              "a byte at least every "
                  + (full ? limits.idleWhenFullMillisMax() : limits.idleMillisMax())
                  + " ms",
              "none after " + bytesRead + " bytes and " + elapsedMillis + " ms");
    } else {
      BadMessageException framing = cause(e, BadMessageException.class);
      problem =
          framing != null
              ? Problem.field(
                  400,
                  "MALFORMED_BODY",
                  "body",
                  "a body framed by its Content-Length or by chunked transfer coding",
                  framing.getReason())
              : Problem.field(
                  400,
                  "BODY_INCOMPLETE",
                  "body",
                  "the whole body",
                  bytesRead + " bytes, then the body broke off (" + e.getMessage() + ")");
    }
    return problem.withHeader("Connection", "close");
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    return cause(t, type) != null;
  }

  private static <T extends Throwable> T cause(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }
}
