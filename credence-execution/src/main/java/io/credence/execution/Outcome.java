package io.credence.execution;

import io.credence.core.Event;
import io.credence.core.Rejection;
import java.util.List;

/** What a contract call returned: success with events, or a rejection that changes nothing. */
public sealed interface Outcome permits Outcome.Success, Outcome.Failure {
  /** The call took effect. */
  record Success(List<Event> events) implements Outcome {
    public Success {
      events = List.copyOf(events);
    }
  }

  /** The call was rejected; its writes are discarded. */
  record Failure(Rejection rejection) implements Outcome {}

  static Outcome success(Event... events) {
    return new Success(List.of(events));
  }

  static Outcome failure(String code, String format, Object... args) {
    return new Failure(Rejection.of(code, format, args));
  }
}
