package io.credence.core.types;

import io.credence.core.Address;
import io.credence.core.Amount;
import io.credence.core.CalendarDate;
import io.credence.core.Hash;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A named, typed argument (or record field) and how its decoded value reads in Java: {@code
 * Param<Amount> FACE = Param.amount("face", "the face amount")}, then {@code args.get(FACE)}.
 */
public final class Param<T> {
  private final Type.Field field;
  private final Function<Object, T> cast;

  private Param(String name, Type type, String doc, Function<Object, T> cast) {
    this(new Type.Field(name, type, doc), cast);
  }

  private Param(Type.Field field, Function<Object, T> cast) {
    this.field = field;
    this.cast = cast;
  }

  /**
   * The same argument, optional: a caller who leaves it out gives {@code plain} (its plain form, as
   * a client writes it: a string, a number).
   */
  public Param<T> withDefault(Object plain) {
    return new Param<>(new Type.Field(name(), type(), field.doc(), plain), cast);
  }

  public String name() {
    return field.name();
  }

  public Type type() {
    return field.type();
  }

  public Type.Field field() {
    return field;
  }

  T cast(Object value) {
    return cast.apply(value);
  }

  public static Param<Boolean> bool(String name, String doc) {
    return new Param<>(name, Types.BOOL, doc, v -> (Boolean) v);
  }

  public static Param<Long> u64(String name, String doc) {
    return new Param<>(name, Types.U64, doc, v -> (Long) v);
  }

  public static Param<Amount> amount(String name, String doc) {
    return new Param<>(name, Types.AMOUNT, doc, v -> (Amount) v);
  }

  public static Param<CalendarDate> date(String name, String doc) {
    return new Param<>(name, Types.DATE, doc, v -> (CalendarDate) v);
  }

  public static Param<Address> address(String name, String doc) {
    return new Param<>(name, Types.ADDRESS, doc, v -> (Address) v);
  }

  public static Param<Hash> hash(String name, String doc) {
    return new Param<>(name, Types.HASH, doc, v -> (Hash) v);
  }

  public static Param<Key> publicKey(String name, String doc) {
    return new Param<>(name, Types.PUBLIC_KEY, doc, v -> (Key) v);
  }

  public static Param<String> text(String name, int maxBytes, String doc) {
    return new Param<>(name, Types.text(maxBytes), doc, v -> (String) v);
  }

  public static Param<Blob> bytes(String name, int maxBytes, String doc) {
    return new Param<>(name, Types.bytes(maxBytes), doc, v -> (Blob) v);
  }

  public static <E extends Enum<E>> Param<E> choice(String name, Class<E> type, String doc) {
    return new Param<>(name, Types.choice(type), doc, v -> Enum.valueOf(type, (String) v));
  }

  /** A set of enum constants, given as a distinct list. */
  public static <E extends Enum<E>> Param<Set<E>> choices(String name, Class<E> type, String doc) {
    return new Param<>(
        name,
        Types.distinctList(Types.choice(type), type.getEnumConstants().length),
        doc,
        v -> {
          EnumSet<E> out = EnumSet.noneOf(type);
          for (Object item : (List<?>) v) {
            out.add(Enum.valueOf(type, (String) item));
          }
          return out;
        });
  }

  /** A list of values of {@code of}'s type, read through {@code of}. */
  public static <E> Param<List<E>> list(String name, Param<E> of, int max, String doc) {
    return new Param<>(
        name, Types.list(of.type(), max), doc, v -> ((List<?>) v).stream().map(of::cast).toList());
  }

  public static <E> Param<List<E>> distinctList(String name, Param<E> of, int max, String doc) {
    return new Param<>(
        name,
        Types.distinctList(of.type(), max),
        doc,
        v -> ((List<?>) v).stream().map(of::cast).toList());
  }

  /** A record of {@code fields}, read with its own params. */
  public static Param<Values> record(String name, String doc, Param<?>... fields) {
    Type.Field[] list = new Type.Field[fields.length];
    for (int i = 0; i < fields.length; i++) {
      list[i] = fields[i].field();
    }
    return new Param<>(name, Types.record(list), doc, v -> (Values) v);
  }

  @Override
  public String toString() {
    return name() + ": " + type().describe();
  }
}
