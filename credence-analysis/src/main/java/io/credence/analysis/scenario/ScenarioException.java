package io.credence.analysis.scenario;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A scenario or outcome file that cannot be analysed: every problem found, each naming its field.
 */
public final class ScenarioException extends Exception {
  private final List<Problem> problems;

  public ScenarioException(List<Problem> problems) {
    super(problems.stream().map(Problem::message).collect(Collectors.joining("; ")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ScenarioException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public ScenarioException(Problem problem) {
    this(List.of(problem));
  }

  public List<Problem> problems() {
    return problems;
  }
}
