package io.credence.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A server-sent events client over a socket on 127.0.0.1, as an {@code EventSource} reads a stream:
 * an HTTP/1.1 GET, a chunked {@code text/event-stream} body, messages of {@code id}, {@code event}
 * and {@code data} lines ended by a blank line, comments starting with a colon. A message cut off
 * by the end of the stream is dropped, as an {@code EventSource} drops it.
 */
final class SseClient implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One message: an event, or a comment (then only {@code comment} is set). */
  record Message(String id, String event, String data, String comment) {
    boolean isComment() {
      return comment != null;
    }

    JsonNode json() throws IOException {
      return MAPPER.readTree(data);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final int status;
  private final Map<String, String> headers;
  private final byte[] problem;
  private long chunkLeft;
  private boolean atEnd;

  private SseClient(Socket socket, InputStream in, int status, Map<String, String> headers)
      throws IOException {
    this.socket = socket;
    this.in = in;
    this.status = status;
    this.headers = headers;
    this.problem = status == 200 ? null : body();
  }

  /** Opens {@code target} (path and query), with {@code lastEventId} if not null. */
  static SseClient open(int port, String target, String lastEventId) throws IOException {
    Socket socket = RawHttp.connect(port);
    String request =
        "GET "
            + target
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
            + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n")
            + "\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    InputStream in = new BufferedInputStream(socket.getInputStream());
    String statusLine = rawLine(in);
    if (statusLine == null) {
      socket.close();
      throw new IOException("connection closed before a response");
    }
    Map<String, String> headers = new TreeMap<>();
    for (String h = rawLine(in); h != null && !h.isEmpty(); h = rawLine(in)) {
      int colon = h.indexOf(':');
      headers.put(
          h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
    }
    return new SseClient(socket, in, Integer.parseInt(statusLine.split(" ")[1]), headers);
  }

  int status() {
    return status;
  }

  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The problem+json body of a refused stream. */
  JsonNode problem() throws IOException {
    return MAPPER.readTree(problem);
  }

  /** The next message or comment; null at the end of the stream (closed, or cut by the server). */
  Message next() throws IOException {
    String id = null;
    String event = null;
    StringBuilder data = null;
    while (true) {
      String line;
      try {
        line = bodyLine();
      } catch (SocketException reset) {
        // A connection the server aborted may end in a reset rather than a close.
        return null;
      }
      if (line == null) {
        return null;
      }
      if (line.isEmpty()) {
        if (id != null || event != null || data != null) {
          return new Message(id, event, data == null ? null : data.toString(), null);
        }
      } else if (line.startsWith(":")) {
        return new Message(null, null, null, line.substring(1).trim());
      } else {
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        value = value.startsWith(" ") ? value.substring(1) : value;
        switch (field) {
          case "id" -> id = value;
          case "event" -> event = value;
          case "data" ->
              data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
          default -> {}
        }
      }
    }
  }

  /** The next event, skipping comments; null at the end of the stream. */
  Message nextEvent() throws IOException {
    for (Message m = next(); m != null; m = next()) {
      if (!m.isComment()) {
        return m;
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** A line of the chunked body, without its LF; null at its end. */
  private String bodyLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = bodyByte(); b != '\n'; b = bodyByte()) {
      if (b < 0) {
        return null;
      }
      line.write(b);
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  private int bodyByte() throws IOException {
    if (atEnd) {
      return -1;
    }
    if (chunkLeft == 0) {
      String size = rawLine(in);
      if (size != null && size.isEmpty()) {
        // The CRLF that ends the previous chunk.
        size = rawLine(in);
      }
      if (size == null || Long.parseLong(size.trim(), 16) == 0) {
        atEnd = true;
        return -1;
      }
      chunkLeft = Long.parseLong(size.trim(), 16);
    }
    int b = in.read();
    if (b < 0) {
      atEnd = true;
      return -1;
    }
    chunkLeft--;
    return b;
  }

  private byte[] body() throws IOException {
    if (headers.containsKey("content-length")) {
      return in.readNBytes(Integer.parseInt(headers.get("content-length")));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int b = bodyByte(); b >= 0; b = bodyByte()) {
      out.write(b);
    }
    return out.toByteArray();
  }

  /** One line without its CRLF, or null at the end of the stream. */
  private static String rawLine(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        return out.size() == 0 ? null : out.toString(StandardCharsets.ISO_8859_1);
      }
      if (b != '\r') {
        out.write(b);
      }
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
