package io.credence.core.types;

import io.credence.core.Address;
import io.credence.core.Amount;
import io.credence.core.CalendarDate;
import io.credence.core.Hash;
import io.credence.core.Hex;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The type of a contract argument or query answer, as data: the runtime decodes and checks
 * arguments by it, the catalogue serves it, and a client that has only the catalogue builds calls
 * with it. Each type has one canonical binary encoding (no names on the wire: a record's fields in
 * declared order) and a plain form (strings, numbers, booleans, lists and maps, as JSON gives them)
 * for the API and the CLI.
 *
 * <p>Java values: {@code Boolean}, {@code Long} (0 to 2^63-1), {@link Amount}, {@link
 * CalendarDate}, {@link Address}, {@link Hash}, {@link Key} (a public key), {@code String}, {@link
 * Blob} (bytes), {@code String} for an enum constant, {@code List<Object>} for lists and {@link
 * Values} for records. Every failure names the argument's path, what was expected and what was
 * found; damaged bytes fail only with {@link CodecException}.
 */
public sealed interface Type
    permits Type.Bool,
        Type.U64,
        Type.Money,
        Type.Date,
        Type.AddressType,
        Type.HashType,
        Type.PublicKey,
        Type.Text,
        Type.Bytes,
        Type.Choice,
        Type.ListOf,
        Type.Record {

  /** Names the type for people: {@code "list of at most 64 addresses"}. */
  String describe();

  /** The catalogue's description of the type: {@code {"type": "list", "of": ..., "max": 64}}. */
  Map<String, Object> descriptor();

  void write(Writer w, Object value);

  Object read(Reader r, String path);

  /** The value of a plain form (a string for every scalar; numbers and booleans too). */
  Object fromPlain(String path, Object plain);

  /** The plain form of a value: what the API shows and {@link #fromPlain} reads back. */
  Object toPlain(Object value);

  // ------------------------------------------------------------------ scalars

  record Bool() implements Type {
    public String describe() {
      return "true or false";
    }

    public Map<String, Object> descriptor() {
      return Map.of("type", "bool");
    }

    public void write(Writer w, Object v) {
      w.bool((Boolean) v);
    }

    public Object read(Reader r, String path) {
      return r.bool();
    }

    public Object fromPlain(String path, Object plain) {
      if (plain instanceof Boolean b) {
        return b;
      }
      if ("true".equals(plain) || "false".equals(plain)) {
        return Boolean.parseBoolean((String) plain);
      }
      throw Types.mismatch(path, describe(), plain);
    }

    public Object toPlain(Object v) {
      return v;
    }
  }

  /** A whole number from 0 to {@link Long#MAX_VALUE}. */
  record U64() implements Type {
    public String describe() {
      return "a whole number from 0 to " + Long.MAX_VALUE;
    }

    public Map<String, Object> descriptor() {
      return Map.of("type", "u64");
    }

    public void write(Writer w, Object v) {
      w.u64((Long) v);
    }

    public Object read(Reader r, String path) {
      long v = r.u64();
      if (v < 0) {
        throw new CodecException(path + ": expected at most " + Long.MAX_VALUE + ", found more");
      }
      return v;
    }

    public Object fromPlain(String path, Object plain) {
      try {
        long v =
            plain instanceof Number n && !(plain instanceof Double || plain instanceof Float)
                ? n.longValue()
                : Long.parseLong(String.valueOf(plain).trim());
        if (v >= 0) {
          return v;
        }
      } catch (NumberFormatException e) {
        // Reported below.
      }
      throw Types.mismatch(path, describe(), plain);
    }

    public Object toPlain(Object v) {
      return v;
    }
  }

  /** An {@link Amount}: plain form yuan with two decimals as a string ({@code "1234.56"}). */
  record Money() implements Type {
    public String describe() {
      return "an amount in yuan, e.g. 1234.56 (or fen: 123456fen)";
    }

    public Map<String, Object> descriptor() {
      return Map.of("type", "amount");
    }

    public void write(Writer w, Object v) {
      Amount.CODEC.write(w, (Amount) v);
    }

    public Object read(Reader r, String path) {
      return Amount.CODEC.read(r);
    }

    public Object fromPlain(String path, Object plain) {
      if (plain instanceof String s) {
        return Amount.parse(path, s);
      }
      throw Types.mismatch(path, describe() + " as a string", plain);
    }

    public Object toPlain(Object v) {
      return v.toString();
    }
  }

  record Date() implements Type {
    public String describe() {
      return "a date yyyy-mm-dd";
    }

    public Map<String, Object> descriptor() {
      return Map.of("type", "date");
    }

    public void write(Writer w, Object v) {
      CalendarDate.CODEC.write(w, (CalendarDate) v);
    }

    public Object read(Reader r, String path) {
      return CalendarDate.CODEC.read(r);
    }

    public Object fromPlain(String path, Object plain) {
      if (plain instanceof String s) {
        return CalendarDate.parse(path, s);
      }
      throw Types.mismatch(path, describe(), plain);
    }

    public Object toPlain(Object v) {
      return v.toString();
    }
  }

  record AddressType() implements Type {
    public String describe() {
      return "an account address (" + 2 * Address.LENGTH + " hex digits)";
    }

    public Map<String, Object> descriptor() {
      return Map.of("type", "address");
    }

    public void write(Writer w, Object v) {
      ((Address) v).write(w);
    }

    public Object read(Reader r, String path) {
      return Address.read(r);
    }

    public Object fromPlain(String path, Object plain) {
      if (plain instanceof String s) {
        return Address.parse(path, s.trim());
      }
      throw Types.mismatch(path, describe(), plain);
    }

    public Object toPlain(Object v) {
      return ((Address) v).hex();
    }
  }

  record HashType() implements Type {
    public String describe() {
      return "a hash (" + 2 * Hash.LENGTH + " hex digits)";
    }

    public Map<String, Object> descriptor() {
      return Map.of("type", "hash");
    }

    public void write(Writer w, Object v) {
      ((Hash) v).write(w);
    }

    public Object read(Reader r, String path) {
      return Hash.read(r);
    }

    public Object fromPlain(String path, Object plain) {
      if (plain instanceof String s) {
        return Hash.parse(path, s.trim());
      }
      throw Types.mismatch(path, describe(), plain);
    }

    public Object toPlain(Object v) {
      return ((Hash) v).hex();
    }
  }

  /**
   * A public key of the chain's suite; the runtime checks it is a valid point of that suite's
   * curve.
   */
  record PublicKey() implements Type {
    public static final int BYTES_MAX = 65;

    public String describe() {
      return "a public key (hex)";
    }

    public Map<String, Object> descriptor() {
      return Map.of("type", "publicKey");
    }

    public void write(Writer w, Object v) {
      w.bytes(((Key) v).bytes());
    }

    public Object read(Reader r, String path) {
      return new Key(r.bytes(path, BYTES_MAX));
    }

    public Object fromPlain(String path, Object plain) {
      if (plain instanceof String s) {
        byte[] raw = Hex.parse(path, s.trim());
        if (raw.length == 0 || raw.length > BYTES_MAX) {
          throw Types.described(path, "1 to " + BYTES_MAX + " bytes of key", raw.length + " bytes");
        }
        return new Key(raw);
      }
      throw Types.mismatch(path, describe(), plain);
    }

    public Object toPlain(Object v) {
      return Hex.of(((Key) v).bytes());
    }
  }

  /** UTF-8 text of at most {@code maxBytes}. */
  record Text(int maxBytes) implements Type {
    public String describe() {
      return "text of at most " + maxBytes + " bytes";
    }

    public Map<String, Object> descriptor() {
      return Map.of("type", "text", "maxBytes", maxBytes);
    }

    public void write(Writer w, Object v) {
      w.string((String) v);
    }

    public Object read(Reader r, String path) {
      return r.string(path, maxBytes);
    }

    public Object fromPlain(String path, Object plain) {
      if (plain instanceof String s) {
        int bytes = s.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
          throw Types.described(path, describe(), bytes + " bytes");
        }
        return s;
      }
      throw Types.mismatch(path, describe(), plain);
    }

    public Object toPlain(Object v) {
      return v;
    }
  }

  record Bytes(int maxBytes) implements Type {
    public String describe() {
      return "at most " + maxBytes + " bytes (hex)";
    }

    public Map<String, Object> descriptor() {
      return Map.of("type", "bytes", "maxBytes", maxBytes);
    }

    public void write(Writer w, Object v) {
      w.bytes(((Blob) v).bytes());
    }

    public Object read(Reader r, String path) {
      return new Blob(r.bytes(path, maxBytes));
    }

    public Object fromPlain(String path, Object plain) {
      if (plain instanceof String s) {
        byte[] raw = Hex.parse(path, s.trim());
        if (raw.length > maxBytes) {
          throw Types.described(path, describe(), raw.length + " bytes");
        }
        return new Blob(raw);
      }
      throw Types.mismatch(path, describe(), plain);
    }

    public Object toPlain(Object v) {
      return Hex.of(((Blob) v).bytes());
    }
  }

  /** One of named constants, encoded by position; the Java value is the constant's name. */
  record Choice(List<String> constants) implements Type {
    public Choice {
      constants = List.copyOf(constants);
      if (constants.isEmpty() || constants.size() > 255) {
        throw new IllegalArgumentException("choice: expected 1 to 255 constants");
      }
    }

    public static Choice of(Class<? extends Enum<?>> type) {
      List<String> names = new ArrayList<>();
      for (Enum<?> e : type.getEnumConstants()) {
        names.add(e.name());
      }
      return new Choice(names);
    }

    public String describe() {
      return "one of " + String.join(", ", constants);
    }

    public Map<String, Object> descriptor() {
      return Map.of("type", "enum", "values", constants);
    }

    public void write(Writer w, Object v) {
      w.u8(constants.indexOf((String) v));
    }

    public Object read(Reader r, String path) {
      int i = r.u8();
      if (i >= constants.size()) {
        throw new CodecException(
            path + ": expected a constant below " + constants.size() + ", found " + i);
      }
      return constants.get(i);
    }

    public Object fromPlain(String path, Object plain) {
      if (plain instanceof String s && constants.contains(s.trim())) {
        return s.trim();
      }
      throw Types.mismatch(path, describe(), plain);
    }

    public Object toPlain(Object v) {
      return v;
    }
  }

  // ------------------------------------------------------------------ composites

  /**
   * At most {@code max} values of one type; {@code distinct} refuses repeats. A plain string is
   * read as a comma-separated list of scalars (for the CLI).
   */
  record ListOf(Type of, int max, boolean distinct) implements Type {
    public String describe() {
      return (distinct ? "distinct " : "") + "list of at most " + max + " (" + of.describe() + ")";
    }

    public Map<String, Object> descriptor() {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("type", "list");
      d.put("of", of.descriptor());
      d.put("max", max);
      d.put("distinct", distinct);
      return d;
    }

    public void write(Writer w, Object v) {
      List<?> list = (List<?>) v;
      w.varint(list.size());
      for (Object item : list) {
        of.write(w, item);
      }
    }

    public Object read(Reader r, String path) {
      int n = r.length(path, max);
      List<Object> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(of.read(r, path + "[" + i + "]"));
      }
      checkDistinct(path, out, true);
      return List.copyOf(out);
    }

    public Object fromPlain(String path, Object plain) {
      List<?> items;
      if (plain instanceof List<?> l) {
        items = l;
      } else if (plain instanceof String s) {
        items = s.isBlank() ? List.of() : List.of(s.split(",", -1));
      } else {
        throw Types.mismatch(path, describe(), plain);
      }
      if (items.size() > max) {
        throw Types.mismatch(path, describe(), items);
      }
      List<Object> out = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        out.add(of.fromPlain(path + "[" + i + "]", items.get(i)));
      }
      checkDistinct(path, out, false);
      return List.copyOf(out);
    }

    private void checkDistinct(String path, List<Object> values, boolean decoding) {
      if (!distinct) {
        return;
      }
      Set<Object> seen = new HashSet<>();
      for (int i = 0; i < values.size(); i++) {
        if (!seen.add(values.get(i))) {
          String message =
              path
                  + "["
                  + i
                  + "]: expected distinct values, found "
                  + toPlainOf(values.get(i))
                  + " again";
          if (decoding) {
            throw new CodecException(message);
          }
          throw new IllegalArgumentException(message);
        }
      }
    }

    private Object toPlainOf(Object v) {
      return of.toPlain(v);
    }

    public Object toPlain(Object v) {
      List<Object> out = new ArrayList<>();
      for (Object item : (List<?>) v) {
        out.add(of.toPlain(item));
      }
      return out;
    }
  }

  /** Named fields in a fixed order; every field is required unless it declares a default. */
  record Record(List<Field> fields) implements Type {
    public Record {
      fields = List.copyOf(fields);
      Set<String> names = new HashSet<>();
      for (Field f : fields) {
        if (!names.add(f.name())) {
          throw new IllegalArgumentException("record: field " + f.name() + " declared twice");
        }
      }
    }

    public String describe() {
      List<String> names = new ArrayList<>();
      fields.forEach(f -> names.add(f.name()));
      return "a record of " + String.join(", ", names);
    }

    public Map<String, Object> descriptor() {
      List<Object> list = new ArrayList<>();
      for (Field f : fields) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", f.name());
        d.put("type", f.type().descriptor());
        if (f.defaultPlain() != null) {
          d.put("default", f.defaultPlain());
        }
        list.add(d);
      }
      return Map.of("type", "record", "fields", list);
    }

    public void write(Writer w, Object v) {
      Values values = (Values) v;
      for (Field f : fields) {
        f.type().write(w, values.raw(f.name()));
      }
    }

    public Object read(Reader r, String path) {
      LinkedHashMap<String, Object> out = new LinkedHashMap<>();
      for (Field f : fields) {
        out.put(f.name(), f.type().read(r, Types.join(path, f.name())));
      }
      return new Values(out);
    }

    public Object fromPlain(String path, Object plain) {
      if (!(plain instanceof Map<?, ?> map)) {
        throw Types.mismatch(path, describe(), plain);
      }
      for (Object key : map.keySet()) {
        if (fields.stream().noneMatch(f -> f.name().equals(key))) {
          throw new IllegalArgumentException(
              Types.join(path, String.valueOf(key))
                  + ": not an argument here; expected "
                  + describe());
        }
      }
      LinkedHashMap<String, Object> out = new LinkedHashMap<>();
      for (Field f : fields) {
        String at = Types.join(path, f.name());
        if (!map.containsKey(f.name())) {
          if (f.defaultPlain() == null) {
            throw new IllegalArgumentException(at + ": required (" + f.type().describe() + ")");
          }
          out.put(f.name(), f.type().fromPlain(at, f.defaultPlain()));
          continue;
        }
        out.put(f.name(), f.type().fromPlain(at, map.get(f.name())));
      }
      return new Values(out);
    }

    public Object toPlain(Object v) {
      Values values = (Values) v;
      Map<String, Object> out = new LinkedHashMap<>();
      for (Field f : fields) {
        out.put(f.name(), f.type().toPlain(values.raw(f.name())));
      }
      return out;
    }
  }

  /**
   * A record's field, or a method's argument; {@code defaultPlain}, when not null, is the plain
   * value a caller who leaves the field out gives (the encoded call always carries every field).
   */
  record Field(String name, Type type, String doc, Object defaultPlain) {
    public Field {
      if (!name.matches("[a-z][A-Za-z0-9]{0,31}")) {
        throw new IllegalArgumentException(
            "field name: expected lowerCamelCase of at most 32 characters, found '" + name + "'");
      }
    }

    public Field(String name, Type type, String doc) {
      this(name, type, doc, null);
    }
  }
}
