package io.credence.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.credence.core.Call;
import io.credence.core.Event;
import java.util.Arrays;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class CodecPropertiesTest {
  @Provide
  Arbitrary<Call> calls() {
    Arbitrary<String> names = Arbitraries.strings().ofMinLength(0).ofMaxLength(12);
    Arbitrary<byte[]> args = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    return Combinators.combine(names, names, args).as(Call::new);
  }

  @Property
  void call_roundTrips(@ForAll("calls") Call call) {
    byte[] encoded = Call.CODEC.encode(call);
    assertEquals(call, Call.CODEC.decode(encoded));
  }

  @Property
  void event_roundTrips(@ForAll("calls") Call c, @ForAll("attributes") TreeMap<String, String> a) {
    Event event = new Event(c.contract(), c.method(), a);
    assertEquals(event, Event.CODEC.decode(Event.CODEC.encode(event)));
  }

  @Provide
  Arbitrary<TreeMap<String, String>> attributes() {
    return Arbitraries.maps(
            Arbitraries.strings().ofMaxLength(12), Arbitraries.strings().ofMaxLength(40))
        .ofMaxSize(5)
        .map(TreeMap::new);
  }

  @Property
  void varint_roundTripsAndIsMinimal(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long value) {
    byte[] encoded = new Writer().varint(value).toByteArray();
    Reader reader = new Reader(encoded);
    assertEquals(value, reader.varint());
    reader.finish();
    int expectedLength = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
    assertEquals(expectedLength, encoded.length);
  }

  @Property
  void mutatedCall_decodesToSameBytesOrFailsWithCodecException(
      @ForAll("calls") Call call, @ForAll int position, @ForAll byte flip) {
    byte[] encoded = Call.CODEC.encode(call);
    byte[] mutated = encoded.clone();
    mutated[Math.floorMod(position, mutated.length)] ^= flip == 0 ? 1 : flip;
    CodecAssertions.decodesCanonicallyOrFails(Call.CODEC, mutated);
  }

  @Property
  void truncatedCall_failsWithCodecException(@ForAll("calls") Call call, @ForAll int cut) {
    byte[] encoded = Call.CODEC.encode(call);
    byte[] truncated = Arrays.copyOf(encoded, Math.floorMod(cut, encoded.length));
    assertThrows(CodecException.class, () -> Call.CODEC.decode(truncated));
  }

  @Test
  void decode_trailingBytes_rejected() {
    byte[] encoded = Call.CODEC.encode(new Call("identity", "register", new byte[0]));
    byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
    CodecException e = assertThrows(CodecException.class, () -> Call.CODEC.decode(longer));
    assertEquals("trailing bytes: 1 after offset " + encoded.length, e.getMessage());
  }

  @Test
  void decode_unknownVersion_rejected() {
    byte[] encoded = Call.CODEC.encode(new Call("a", "b", new byte[0]));
    encoded[0] = 9;
    CodecException e = assertThrows(CodecException.class, () -> Call.CODEC.decode(encoded));
    assertEquals("unknown version: expected 1, found 9", e.getMessage());
  }

  @Test
  void varint_nonCanonicalLength_rejected() {
    // 1 encoded with a redundant continuation group: 0x81 0x00.
    Reader reader = new Reader(new byte[] {(byte) 0x81, 0x00});
    assertThrows(CodecException.class, reader::varint);
  }

  @Test
  void varint_overflow_rejected() {
    byte[] tooBig = new byte[10];
    Arrays.fill(tooBig, (byte) 0xff);
    tooBig[9] = 0x01;
    assertThrows(CodecException.class, () -> new Reader(tooBig).varint());
  }

  @Test
  void string_invalidUtf8_rejected() {
    assertThrows(
        CodecException.class, () -> new Reader(new byte[] {1, (byte) 0xff}).string("s", 10));
  }

  @Test
  void stringMap_unsortedKeys_rejected() {
    Writer w = new Writer().varint(2).string("b").string("1").string("a").string("2");
    assertThrows(CodecException.class, () -> new Reader(w.toByteArray()).stringMap("m", 10, 10));
  }

  @Test
  void length_beyondLimit_rejectedNamingTheField() {
    byte[] encoded = new Writer().bytes(new byte[20]).toByteArray();
    CodecException e =
        assertThrows(CodecException.class, () -> new Reader(encoded).bytes("call.args", 10));
    assertEquals("call.args: length 20 exceeds limit 10", e.getMessage());
  }

  @Test
  void bool_otherThanZeroOrOne_rejected() {
    assertThrows(CodecException.class, () -> new Reader(new byte[] {2}).bool());
    assertArrayEquals(new byte[] {1}, new Writer().bool(true).toByteArray());
  }
}
