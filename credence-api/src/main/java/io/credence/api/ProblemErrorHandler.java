package io.credence.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own error answers as problem+json. Jetty answers without reaching the API for a request
 * it cannot parse or will not take (400 for a malformed or ambiguous request, 414 for a request
 * line over {@code headerBytesMax}, 431 for headers over it, 505 for an unknown HTTP version), and
 * through its error dispatch for anything that escapes the servlet. Its default is an HTML page;
 * here each status gets a stable code, and Jetty's reason is the value found.
 */
final class ProblemErrorHandler extends ErrorHandler {
  private final ApiLimits limits;

  ProblemErrorHandler(ApiLimits limits) {
    this.limits = limits;
    setShowStacks(false);
    setShowServlet(false);
  }

  /** Parser-level rejections: no request exists to dispatch. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    Problem problem = problem(status, reason);
    fields.put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
    for (Map.Entry<String, String> h : problem.headers().entrySet()) {
      fields.put(h.getKey(), h.getValue());
    }
    return ByteBuffer.wrap(problem.json());
  }

  /** Errors Jetty dispatches after a request was parsed (Response.sendError, an escape). */
  @Override
  public void handle(
      String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
    Problem problem =
        problem(response.getStatus(), message == null ? null : String.valueOf(message));
    baseRequest.setHandled(true);
    response.setContentType(Problem.MEDIA_TYPE);
    problem.headers().forEach(response::setHeader);
    byte[] json = problem.json();
    response.setContentLength(json.length);
    response.getOutputStream().write(json);
  }

  /** The problem for a status Jetty chose, {@code reason} being its own words or null. */
  Problem problem(int status, String reason) {
    String found = reason == null ? HttpStatus.getMessage(status) : reason;
    switch (status) {
      case HttpStatus.URI_TOO_LONG_414:
        return Problem.limit(
            status,
            "URI_TOO_LONG",
            "uri",
            "headerBytesMax",
            "a request line of at most " + limits.headerBytesMax() + " bytes",
            found);
      case HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431:
        return Problem.limit(
            status,
            "HEADERS_TOO_LARGE",
            "headers",
            "headerBytesMax",
            "at most " + limits.headerBytesMax() + " bytes of request line and headers",
            found);
      case HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505:
        return Problem.field(
            status, "HTTP_VERSION_NOT_SUPPORTED", "version", "HTTP/1.0 or HTTP/1.1", found);
      case HttpStatus.REQUEST_TIMEOUT_408:
        return Problem.limit(
            status,
            "REQUEST_TIMEOUT",
            "request",
            "requestReadMillisMax",
            "the whole request within " + limits.requestReadMillisMax() + " ms",
            found);
      case HttpStatus.PAYLOAD_TOO_LARGE_413:
        return Problem.limit(
            status,
            "BODY_TOO_LARGE",
            "body",
            "bodyBytesMax",
            "at most " + limits.bodyBytesMax() + " bytes",
            found);
      case HttpStatus.BAD_REQUEST_400:
        // Jetty's reasons name the URI when the path is ambiguous, climbs above the root or is
        // missing ("Ambiguous URI path segment", "Bad URI", "No URI").
        return found.contains("URI")
            ? Problem.field(
                status,
                "INVALID_URI",
                "uri",
                "an unambiguous absolute path (no '.' or '..' segments, no encoded '/', '%' or"
                    + " ';')",
                found)
            : Problem.field(
                status, "BAD_REQUEST", "request", "a well-formed HTTP/1.1 request", found);
      case HttpStatus.NOT_IMPLEMENTED_501:
        return Problem.field(
            status,
            "NOT_IMPLEMENTED",
            "request",
            "a method and transfer coding the server implements",
            found);
      default:
        return status >= 500
            ? Problem.of(status, "INTERNAL_ERROR", "the server failed: " + found)
            : Problem.field(
                status, "HTTP_" + status, "request", "a request the server can take", found);
    }
  }
}
