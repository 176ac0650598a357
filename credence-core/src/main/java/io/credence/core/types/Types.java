package io.credence.core.types;

import java.util.List;
import java.util.Map;

/** The types contracts declare arguments with, and the helpers their messages share. */
public final class Types {
  private Types() {}

  public static final Type BOOL = new Type.Bool();
  public static final Type U64 = new Type.U64();
  public static final Type AMOUNT = new Type.Money();
  public static final Type DATE = new Type.Date();
  public static final Type ADDRESS = new Type.AddressType();
  public static final Type HASH = new Type.HashType();
  public static final Type PUBLIC_KEY = new Type.PublicKey();

  public static Type text(int maxBytes) {
    return new Type.Text(maxBytes);
  }

  public static Type bytes(int maxBytes) {
    return new Type.Bytes(maxBytes);
  }

  public static Type choice(Class<? extends Enum<?>> type) {
    return Type.Choice.of(type);
  }

  public static Type list(Type of, int max) {
    return new Type.ListOf(of, max, false);
  }

  public static Type distinctList(Type of, int max) {
    return new Type.ListOf(of, max, true);
  }

  public static Type record(Type.Field... fields) {
    return new Type.Record(List.of(fields));
  }

  /**
   * The type a catalogue {@link Type#descriptor() descriptor} describes: how a client that has only
   * the catalogue builds arguments; an unknown shape throws {@link IllegalArgumentException}.
   */
  public static Type fromDescriptor(Map<?, ?> d) {
    Object kind = d.get("type");
    return switch (String.valueOf(kind)) {
      case "bool" -> BOOL;
      case "u64" -> U64;
      case "amount" -> AMOUNT;
      case "date" -> DATE;
      case "address" -> ADDRESS;
      case "hash" -> HASH;
      case "publicKey" -> PUBLIC_KEY;
      case "text" -> text(number(d, "maxBytes"));
      case "bytes" -> bytes(number(d, "maxBytes"));
      case "enum" -> {
        List<String> values = new java.util.ArrayList<>();
        for (Object v : (List<?>) d.get("values")) {
          values.add(String.valueOf(v));
        }
        yield new Type.Choice(values);
      }
      case "list" ->
          new Type.ListOf(
              fromDescriptor((Map<?, ?>) d.get("of")),
              number(d, "max"),
              Boolean.TRUE.equals(d.get("distinct")));
      case "record" -> {
        List<Type.Field> fields = new java.util.ArrayList<>();
        for (Object f : (List<?>) d.get("fields")) {
          Map<?, ?> field = (Map<?, ?>) f;
          fields.add(
              new Type.Field(
                  String.valueOf(field.get("name")),
                  fromDescriptor((Map<?, ?>) field.get("type")),
                  field.get("doc") == null ? "" : String.valueOf(field.get("doc")),
                  field.get("default")));
        }
        yield new Type.Record(fields);
      }
      default ->
          throw new IllegalArgumentException(
              "type descriptor: expected one of bool, u64, amount, date, address, hash,"
                  + " publicKey, text, bytes, enum, list, record, found "
                  + kind);
    };
  }

  private static int number(Map<?, ?> d, String name) {
    if (d.get(name) instanceof Number n) {
      return n.intValue();
    }
    throw new IllegalArgumentException(
        "type descriptor "
            + d.get("type")
            + "."
            + name
            + ": expected a number, found "
            + d.get(name));
  }

  /** The canonical encoding of {@code value} of {@code type}. */
  public static byte[] encode(Type type, Object value) {
    io.credence.core.codec.Writer w = new io.credence.core.codec.Writer();
    type.write(w, value);
    return w.toByteArray();
  }

  /**
   * The value {@code bytes} encode as {@code type}, all of them; damaged bytes throw {@link
   * io.credence.core.codec.CodecException} naming {@code path}.
   */
  public static Object decode(Type type, byte[] bytes, String path) {
    io.credence.core.codec.Reader r = new io.credence.core.codec.Reader(bytes);
    Object value = type.read(r, path);
    r.finish();
    return value;
  }

  static IllegalArgumentException mismatch(String path, String expected, Object found) {
    String shown =
        found == null
            ? "nothing"
            : found instanceof String s
                ? "'" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "'"
                : found instanceof List<?> l
                    ? "a list of " + l.size()
                    : found instanceof java.util.Map<?, ?> ? "an object" : String.valueOf(found);
    return new IllegalArgumentException(path + ": expected " + expected + ", found " + shown);
  }

  /** The same, with the found value already described ({@code "40 bytes"}). */
  static IllegalArgumentException described(String path, String expected, String found) {
    return new IllegalArgumentException(path + ": expected " + expected + ", found " + found);
  }

  static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
