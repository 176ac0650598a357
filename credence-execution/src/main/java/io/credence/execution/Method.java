package io.credence.execution;

import io.credence.core.types.Param;
import io.credence.core.types.Type;
import io.credence.core.types.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * One method of a contract, declared once: name, what it does, its typed arguments (a record, in
 * this order on the wire), who may call it and the handler.
 */
public record Method(
    String name, String doc, Type.Record arguments, Access access, Handler handler) {
  /** The business of a method: arguments decoded and the caller authorised already. */
  @FunctionalInterface
  public interface Handler {
    Outcome handle(Invocation call);
  }

  public Method {
    if (!name.matches("[a-z][A-Za-z0-9]{0,63}")) {
      throw new IllegalArgumentException(
          "method name: expected lowerCamelCase of at most 64 characters, found '" + name + "'");
    }
  }

  /** Starts a declaration: {@code Method.named("split").doc(..).args(..).access(..).handle(..)}. */
  public static Builder named(String name) {
    return new Builder(name);
  }

  public static final class Builder {
    private final String name;
    private String doc = "";
    private final List<Type.Field> args = new ArrayList<>();
    private Access access;

    private Builder(String name) {
      this.name = name;
    }

    public Builder doc(String text) {
      this.doc = text;
      return this;
    }

    public Builder args(Param<?>... params) {
      for (Param<?> p : params) {
        args.add(p.field());
      }
      return this;
    }

    public Builder access(Access rule) {
      this.access = rule;
      return this;
    }

    public Method handle(Handler handler) {
      if (access == null) {
        throw new IllegalStateException("method " + name + ": declare who may call it");
      }
      return new Method(
          name, doc, (Type.Record) Types.record(args.toArray(new Type.Field[0])), access, handler);
    }
  }
}
