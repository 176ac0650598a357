package io.credence.app.cli;

import io.credence.app.config.ConfigException;
import io.credence.app.runtime.NodeProcess;
import io.credence.ledger.store.StorageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;

/**
 * How the {@code credence} command ends when a command throws. A failure we know (bad input, an
 * unreachable node, a port in use, a store that cannot be used, a file) is one line on stderr and
 * an exit code; anything else is a bug, printed with its stack trace under a line that says so.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {
  /** The command did its work and the answer is no: a rejected transaction, a failed audit. */
  static final int EXIT_REFUSED = 1;

  /** Bad input: an option, an argument, a configuration file. */
  static final int EXIT_USAGE = 2;

  /** The environment failed: a node that does not answer, a port in use, a store, a file. */
  static final int EXIT_ENVIRONMENT = 3;

  /** A bug in credence (sysexits' EX_SOFTWARE). */
  static final int EXIT_BUG = 70;

  /** Stopped by an interrupt (128 + SIGINT, as shells report it). */
  static final int EXIT_INTERRUPTED = 130;

  /** A known failure: the line that tells it and the exit code. */
  record Known(String line, int exit) {}

  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    Throwable cause = unwrap(e);
    Known known = known(cause);
    if (known != null) {
      err.println("credence: " + known.line());
      err.flush();
      return known.exit();
    }
    err.println(
        "credence: internal error, a bug in credence (please report it with the trace below): "
            + cause);
    cause.printStackTrace(err);
    err.flush();
    return EXIT_BUG;
  }

  /** The failure inside the wrappers that only carry it across threads. */
  static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** The line and exit code for a failure we know, or null for a bug. */
  static Known known(Throwable e) {
    if (e instanceof UserError || e instanceof ConfigException) {
      return new Known(e.getMessage(), EXIT_USAGE);
    }
    if (e instanceof CommandLine.ParameterException p) {
      return new Known(Arguments.describe(p), EXIT_USAGE);
    }
    if (e instanceof NodeProcess.DamagedStore || e instanceof StorageException) {
      return new Known(e.getMessage(), EXIT_ENVIRONMENT);
    }
    if (e instanceof IOException io) {
      return new Known(describe(io), EXIT_ENVIRONMENT);
    }
    if (e instanceof UncheckedIOException io) {
      return new Known(io.getMessage() + ": " + describe(io.getCause()), EXIT_ENVIRONMENT);
    }
    if (e instanceof InterruptedException) {
      return new Known("interrupted", EXIT_INTERRUPTED);
    }
    return null;
  }

  /**
   * An I/O failure in words: the file system's exceptions carry little more than a path, so the
   * reason is named here; the others (the API client's, the transport's) carry their own sentence.
   */
  static String describe(IOException e) {
    if (e instanceof FileSystemException f) {
      String reason =
          e instanceof NoSuchFileException
              ? "expected a file or folder, found none"
              : e instanceof AccessDeniedException
                  ? "expected access, found permission denied"
                  : e instanceof FileAlreadyExistsException
                      ? "expected no file there, found one"
                      : e instanceof NotDirectoryException
                          ? "expected a folder, found a file"
                          : e instanceof DirectoryNotEmptyException
                              ? "expected an empty folder, found contents"
                              : f.getReason() == null ? "failed" : f.getReason();
      return f.getFile()
          + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile())
          + ": "
          + reason;
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
