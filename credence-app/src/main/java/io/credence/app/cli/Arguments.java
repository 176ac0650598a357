package io.credence.app.cli;

import java.lang.reflect.Field;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line's rules for arguments, applied once for every command before it runs: no unknown
 * command (not even with {@code --help}), every {@link Range} kept, unsigned 64-bit numbers read
 * whole, node addresses that are addresses. A broken rule is one line and exit code 2.
 */
final class Arguments {
  /** The largest unsigned 64-bit number, as the codec stores nonces and heights. */
  static final String U64_MAX = "18446744073709551615";

  private Arguments() {}

  /** The execution strategy: the rules, then picocli's own (help, then the last subcommand). */
  static int execute(ParseResult parsed) {
    rejectUnknownCommands(parsed);
    if (!helpRequested(parsed)) {
      checkRanges(parsed);
    }
    return new CommandLine.RunLast().execute(parsed);
  }

  /**
   * Picocli leaves words it could not match unreported when help is asked for, and prints the help
   * of the command before them: {@code credence nope --help} would show the main help and exit 0.
   */
  private static void rejectUnknownCommands(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (!p.unmatched().isEmpty()) {
        throw new UnmatchedArgumentException(p.commandSpec().commandLine(), p.unmatched());
      }
    }
  }

  private static boolean helpRequested(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
        return true;
      }
    }
    return false;
  }

  private static void checkRanges(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      for (ArgSpec spec : p.commandSpec().args()) {
        Range range = range(spec);
        if (range != null && spec.getValue() instanceof Number number) {
          long value = number.longValue();
          if (value < range.min() || value > range.max()) {
            throw new ParameterException(
                p.commandSpec().commandLine(),
                name(spec) + ": expected " + text(range) + ", found " + value,
                spec,
                Long.toString(value));
          }
        }
      }
    }
  }

  private static Range range(ArgSpec spec) {
    return spec.userObject() instanceof Field field ? field.getAnnotation(Range.class) : null;
  }

  private static String text(Range range) {
    return range.min() + " to " + range.max() + (range.unit().isEmpty() ? "" : " " + range.unit());
  }

  /** The option's longest name, or a positional parameter's label. */
  static String name(ArgSpec spec) {
    return spec instanceof OptionSpec option ? option.longestName() : spec.paramLabel();
  }

  /** The one line that tells what was wrong with the arguments. */
  static String describe(ParameterException e) {
    CommandLine cli = e.getCommandLine();
    if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String first = u.getUnmatched().get(0);
      List<String> commands = commands(cli);
      if (!commands.isEmpty() && !first.startsWith("-")) {
        return "unknown command '"
            + path(cli)
            + first
            + "': expected one of "
            + String.join(", ", commands);
      }
      String command = path(cli).strip();
      return (command.isEmpty() ? "" : command + ": ")
          + (first.startsWith("-") ? "unknown option '" : "unexpected argument '")
          + first
          + "'";
    }
    ArgSpec spec = e.getArgSpec();
    if (spec != null
        && e.getValue() != null
        && e.getCause() instanceof CommandLine.TypeConversionException conversion) {
      Range range = range(spec);
      if (range != null) {
        return name(spec) + ": expected " + text(range) + ", found " + shown(e.getValue());
      }
      return name(spec) + ": " + conversion.getMessage();
    }
    return e.getMessage();
  }

  /** The words after {@code credence} that lead to {@code cli}, with a trailing space. */
  private static String path(CommandLine cli) {
    StringBuilder out = new StringBuilder();
    List<String> names = new ArrayList<>();
    for (CommandLine c = cli; c.getParent() != null; c = c.getParent()) {
      names.add(0, c.getCommandName());
    }
    names.forEach(n -> out.append(n).append(' '));
    return out.toString();
  }

  private static List<String> commands(CommandLine cli) {
    Set<String> names = new LinkedHashSet<>();
    for (CommandLine sub : cli.getSubcommands().values()) {
      if (!sub.getCommandSpec().usageMessage().hidden()) {
        names.add(sub.getCommandName());
      }
    }
    return new ArrayList<>(names);
  }

  private static String shown(String value) {
    return value.matches("[-+]?[0-9]+") ? value : "'" + value + "'";
  }

  /**
   * An unsigned 64-bit number, 0 to {@value Arguments#U64_MAX}, as the codec stores nonces and
   * heights; held in a {@code long} whose bits are the number (print it with {@link
   * Long#toUnsignedString(long)}).
   */
  static final class Unsigned implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
      if (text.matches("[0-9]{1,20}")) {
        try {
          return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
          // Twenty digits above the maximum: said below.
        }
      }
      throw new CommandLine.TypeConversionException(
          "expected 0 to " + U64_MAX + ", found " + shown(text));
    }
  }

  /** A node's API address: {@code http://host:port} or {@code https://...}, port 1 to 65535. */
  static final class NodeAddress implements CommandLine.ITypeConverter<String> {
    static final String EXAMPLE = "http://127.0.0.1:8645";

    @Override
    public String convert(String text) {
      URI uri;
      try {
        uri = new URI(text);
      } catch (URISyntaxException e) {
        throw wrong(text);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean bare =
          (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"))
              && uri.getQuery() == null
              && uri.getFragment() == null
              && uri.getUserInfo() == null;
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare) {
        throw wrong(text);
      }
      if (uri.getPort() == 0 || uri.getPort() > 65_535) {
        throw new CommandLine.TypeConversionException(
            "expected an address with a port 1 to 65535 such as "
                + EXAMPLE
                + ", found port "
                + uri.getPort()
                + " in '"
                + text
                + "'");
      }
      return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static CommandLine.TypeConversionException wrong(String text) {
      return new CommandLine.TypeConversionException(
          "expected a node's API address such as " + EXAMPLE + ", found '" + text + "'");
    }
  }
}
