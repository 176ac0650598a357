package io.credence.app.runtime;

import java.io.IOException;
import java.net.BindException;
import java.util.Locale;

/**
 * A port a node must listen on cannot be had: another process holds it, it needs privileges, or its
 * host is no address of this machine. The message names the port, the setting it comes from and
 * what was found.
 */
public final class PortUnavailable extends IOException {
  private static final long serialVersionUID = 1L;

  private PortUnavailable(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The failure to listen on {@code host:port} in words: a {@code PortUnavailable} when a {@link
   * BindException} caused it, otherwise an {@link IOException} named the same way. {@code what}
   * names the port ("API port"), {@code setting} where it is configured.
   */
  static IOException listening(
      Throwable failure, String what, String host, int port, String setting) {
    String named = what + " " + host + ":" + port + " (" + setting + ")";
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindException bind) {
        return new PortUnavailable(named + ": expected a free port, found " + found(bind), failure);
      }
    }
    return new IOException(named + ": cannot listen: " + failure.getMessage(), failure);
  }

  private static String found(BindException bind) {
    String reason = bind.getMessage() == null ? "" : bind.getMessage();
    String lower = reason.toLowerCase(Locale.ROOT);
    if (lower.contains("in use")) {
      return "it in use by another process";
    }
    if (lower.contains("permission") || lower.contains("access")) {
      return "it needs privileges (" + reason + ")";
    }
    if (lower.contains("assign")) {
      return "no such address on this machine (" + reason + ")";
    }
    return "it cannot be bound (" + reason + ")";
  }
}
