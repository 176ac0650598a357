package io.credence.app.cli;

import io.credence.api.ApiServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code credence} executable. */
@Command(
    name = "credence",
    mixinStandardHelpOptions = true,
    // Every subcommand answers --help (and --version) too.
    scope = CommandLine.ScopeType.INHERIT,
    version = "credence " + ApiServer.VERSION,
    description = "A consortium blockchain for supply-chain finance.",
    subcommands = {
      DemoCommand.class,
      InitCommand.class,
      KeyCommand.class,
      NodeCommand.class,
      ClusterCommand.class,
      NetworkCommand.class,
      TxCommand.class,
      QueryCommand.class,
      FinanceCommand.class,
      GovCommand.class,
      TraceCommand.class,
      IncentivesCommand.class,
      VerifyCommand.class,
      BenchCommand.class,
      SimulateCommand.class,
      AnalyseCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /**
   * The command line with its rules for arguments ({@link Arguments}) and for failures ({@link
   * Failures}): every known failure is one line on stderr and an exit code, a bug its stack trace.
   */
  public static CommandLine commandLine() {
    return configure(new CommandLine(new Main()));
  }

  /** Gives {@code cli} the rules every credence command follows. */
  static CommandLine configure(CommandLine cli) {
    cli.setExecutionStrategy(Arguments::execute);
    cli.setParameterExceptionHandler(
        (e, args) -> {
          e.getCommandLine().getErr().println("credence: " + Arguments.describe(e));
          e.getCommandLine().getErr().flush();
          return Failures.EXIT_USAGE;
        });
    cli.setExecutionExceptionHandler(new Failures());
    return cli;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
