package io.credence.app.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * One run of the {@code credence} command line in this JVM, with what it printed and its exit code.
 */
record CliRun(int exit, String out, String err) {

  /**
   * Runs {@code credence args...}, capturing standard output, and standard error together with the
   * command line's error stream (commands and libraries write there too).
   */
  static CliRun of(String... args) {
    return run(Main::commandLine, args);
  }

  /**
   * Runs {@code args} on the command line {@code cli} makes. It is made once System.out and
   * System.err are replaced: picocli's default strategy keeps the streams of the moment it was
   * made, and would write there.
   */
  static CliRun run(Supplier<CommandLine> cli, String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
      System.setErr(errStream);
      CommandLine commandLine = cli.get();
      commandLine.setOut(new PrintWriter(System.out, true));
      commandLine.setErr(
          new PrintWriter(new OutputStreamWriter(errStream, StandardCharsets.UTF_8), true));
      int exit = commandLine.execute(args);
      commandLine.getOut().flush();
      commandLine.getErr().flush();
      return new CliRun(
          exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }
}
