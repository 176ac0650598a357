package io.credence.core.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Address;
import io.credence.core.Amount;
import io.credence.core.CalendarDate;
import io.credence.core.Hash;
import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecAssertions;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Every declared type, and records and lists of them nested, drawn at random: values round-trip
 * through the canonical encoding, through the plain form a client sends, and through the
 * catalogue's descriptor; damaged bytes fail only with the codec's exception.
 */
class TypesPropertiesTest {
  private static final String[] ROLES = {"CORE_ENTERPRISE", "SUPPLIER", "BANK"};

  static Type randomType(Random r, int depth) {
    int pick = r.nextInt(depth > 0 ? 12 : 10);
    return switch (pick) {
      case 0 -> Types.BOOL;
      case 1 -> Types.U64;
      case 2 -> Types.AMOUNT;
      case 3 -> Types.DATE;
      case 4 -> Types.ADDRESS;
      case 5 -> Types.HASH;
      case 6 -> Types.PUBLIC_KEY;
      case 7 -> Types.text(1 + r.nextInt(40));
      case 8 -> Types.bytes(1 + r.nextInt(40));
      case 9 -> new Type.Choice(List.of(ROLES));
      case 10 -> new Type.ListOf(randomType(r, depth - 1), 1 + r.nextInt(5), r.nextBoolean());
      default -> {
        int n = 1 + r.nextInt(4);
        List<Type.Field> fields = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          fields.add(new Type.Field("f" + i, randomType(r, depth - 1), ""));
        }
        yield new Type.Record(fields);
      }
    };
  }

  static Object randomValue(Random r, Type type) {
    if (type instanceof Type.Bool) {
      return r.nextBoolean();
    } else if (type instanceof Type.U64) {
      return r.nextLong() & Long.MAX_VALUE;
    } else if (type instanceof Type.Money) {
      return Amount.ofFen(r.nextLong() & Long.MAX_VALUE);
    } else if (type instanceof Type.Date) {
      return CalendarDate.ofEpochMillis(r.nextInt(80_000) * 86_400_000L);
    } else if (type instanceof Type.AddressType) {
      return Address.of(bytes(r, Address.LENGTH));
    } else if (type instanceof Type.HashType) {
      return Hash.of(bytes(r, Hash.LENGTH));
    } else if (type instanceof Type.PublicKey) {
      return new Key(bytes(r, 32));
    } else if (type instanceof Type.Text t) {
      StringBuilder s = new StringBuilder();
      int n = r.nextInt(t.maxBytes() / 3 + 1);
      for (int i = 0; i < n; i++) {
        s.append((char) (r.nextBoolean() ? 'a' + r.nextInt(26) : 0x4e00 + r.nextInt(100)));
      }
      return s.toString();
    } else if (type instanceof Type.Bytes b) {
      return new Blob(bytes(r, r.nextInt(b.maxBytes() + 1)));
    } else if (type instanceof Type.Choice c) {
      return c.constants().get(r.nextInt(c.constants().size()));
    } else if (type instanceof Type.ListOf l) {
      List<Object> out = new ArrayList<>();
      int n = r.nextInt(l.max() + 1);
      for (int i = 0; i < n; i++) {
        Object v = randomValue(r, l.of());
        if (!l.distinct() || !out.contains(v)) {
          out.add(v);
        }
      }
      return List.copyOf(out);
    }
    Type.Record rec = (Type.Record) type;
    LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
    for (Type.Field f : rec.fields()) {
      fields.put(f.name(), randomValue(r, f.type()));
    }
    return new Values(fields);
  }

  private static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  static Codec<Object> codecOf(Type type) {
    return new Codec<>() {
      @Override
      public void write(Writer w, Object v) {
        type.write(w, v);
      }

      @Override
      public Object read(Reader r) {
        return type.read(r, "arg");
      }
    };
  }

  @Property(tries = 500)
  void valuesRoundTrip_bytesPlainAndDescriptor_andDamageFailsOnlyWithCodecException(
      @ForAll long seed, @ForAll int position, @ForAll int cut) {
    Random r = new Random(seed);
    Type type = randomType(r, 3);
    Object value = randomValue(r, type);
    CodecAssertions.roundTripsAndRejectsDamage(codecOf(type), value, position, cut);
    assertEquals(value, Types.decode(type, Types.encode(type, value), "arg"));
    // What the API shows, a client sends back.
    assertEquals(value, type.fromPlain("arg", type.toPlain(value)));
    // A client with only the catalogue knows the same type.
    assertEquals(type, Types.fromDescriptor(type.descriptor()));
  }

  @Test
  void amounts_areCheckedFen_parsedFromYuan_andNeverNegative() {
    assertEquals(123_456, Amount.parse("face", "1234.56").fen());
    assertEquals(123_450, Amount.parse("face", "1234.5").fen());
    assertEquals(7, Amount.parse("face", "7fen").fen());
    assertEquals("1234.56", Amount.ofFen(123_456).toString());
    assertEquals(
        "face: expected yuan with at most two decimals, found '1.001'",
        assertThrows(IllegalArgumentException.class, () -> Amount.parse("face", "1.001"))
            .getMessage());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Amount.parse("face", "-1"))
            .getMessage()
            .startsWith("face: "));
    assertThrows(
        ArithmeticException.class, () -> Amount.ofFen(Long.MAX_VALUE).plus(Amount.ofFen(1)));
    assertThrows(ArithmeticException.class, () -> Amount.ofFen(1).minus(Amount.ofFen(2)));
    assertEquals(Amount.ZERO, Amount.ofFen(5).minus(Amount.ofFen(5)));
  }

  @Test
  void dates_parseAndCount_withinTheirRange() {
    CalendarDate d = CalendarDate.parse("maturity", "2026-06-15");
    assertEquals(180, d.daysUntil(d.plusDays(180)));
    assertEquals(CalendarDate.of(2026, 6, 15), CalendarDate.ofEpochMillis(1_781_481_600_000L));
    assertEquals(
        "maturity: expected a date yyyy-mm-dd, found '15/06/2026'",
        assertThrows(
                IllegalArgumentException.class, () -> CalendarDate.parse("maturity", "15/06/2026"))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> CalendarDate.of(2200, 1, 1));
  }

  @Test
  void plainForms_nameThePathExpectedAndFound() {
    Type t =
        Types.record(
            new Type.Field(
                "items",
                Types.list(Types.record(new Type.Field("face", Types.AMOUNT, "")), 2),
                ""));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> t.fromPlain("", Map.of("items", List.of(Map.of("face", "x")))));
    assertTrue(e.getMessage().startsWith("items[0].face: expected an amount"), e.getMessage());
    IllegalArgumentException tooMany =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                t.fromPlain(
                    "",
                    Map.of(
                        "items",
                        List.of(Map.of("face", "1"), Map.of("face", "2"), Map.of("face", "3")))));
    assertEquals(
        "items: expected list of at most 2 (a record of face), found a list of 3",
        tooMany.getMessage());
  }
}
