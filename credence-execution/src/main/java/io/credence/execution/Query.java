package io.credence.execution;

import io.credence.core.types.Param;
import io.credence.core.types.Type;
import io.credence.core.types.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * A read-only question a contract answers, declared like a method: name, what it answers, typed
 * arguments and the type of the answer. Anyone may ask (the chain's members all read it); the
 * answer comes from committed state, and the keys it read can be proven against a header.
 */
public record Query(String name, String doc, Type.Record arguments, Type answer, Handler handler) {
  /** The answer, a value of the declared type; {@link Failure} when there is none. */
  @FunctionalInterface
  public interface Handler {
    Object answer(QueryCall call);
  }

  /** No answer, with a stable code and a message naming what was asked for. */
  public static final class Failure extends RuntimeException {
    private final String code;

    public Failure(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  public static Builder named(String name) {
    return new Builder(name);
  }

  public static final class Builder {
    private final String name;
    private String doc = "";
    private final List<Type.Field> args = new ArrayList<>();
    private Type answer;

    private Builder(String name) {
      this.name = name;
    }

    public Builder doc(String text) {
      doc = text;
      return this;
    }

    public Builder args(Param<?>... params) {
      for (Param<?> p : params) {
        args.add(p.field());
      }
      return this;
    }

    public Builder answers(Type type) {
      answer = type;
      return this;
    }

    public Query handle(Handler handler) {
      if (answer == null) {
        throw new IllegalStateException("query " + name + ": declare the type of its answer");
      }
      return new Query(
          name, doc, (Type.Record) Types.record(args.toArray(new Type.Field[0])), answer, handler);
    }
  }
}
