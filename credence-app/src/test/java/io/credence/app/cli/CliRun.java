package io.credence.app.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * One run of the {@code credence} command line in this JVM, with what it printed and its exit code.
 */
record CliRun(int exit, String out, String err) {

  /**
   * Runs {@code credence args...}, capturing standard output and the command line's error stream.
   */
  static CliRun of(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      // Built after System.out is replaced, so that picocli's own help output lands there too.
      CommandLine cli = Main.commandLine();
      cli.setErr(new PrintWriter(err, true));
      int exit = cli.execute(args);
      cli.getOut().flush();
      return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(original);
    }
  }
}
