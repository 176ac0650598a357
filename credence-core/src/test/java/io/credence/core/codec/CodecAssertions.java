package io.credence.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

/** The codec contract every type's property tests share. */
public final class CodecAssertions {
  private CodecAssertions() {}

  /**
   * Mutated bytes either decode to a value whose canonical encoding is exactly those bytes, or fail
   * with {@link CodecException} and nothing else (any other exception fails the test).
   */
  public static <T> void decodesCanonicallyOrFails(Codec<T> codec, byte[] bytes) {
    T value;
    try {
      value = codec.decode(bytes);
    } catch (CodecException expected) {
      return;
    }
    assertArrayEquals(
        bytes, codec.encode(value), "a decoded value must re-encode to the same bytes");
  }

  /**
   * The whole contract for one value: it round-trips to the same bytes; one damaged byte (at {@code
   * position}) decodes canonically or fails with {@link CodecException}; a truncation (to {@code
   * cut} bytes) fails with {@link CodecException}.
   */
  public static <T> void roundTripsAndRejectsDamage(
      Codec<T> codec, T value, int position, int cut) {
    byte[] encoded = codec.encode(value);
    assertArrayEquals(encoded, codec.encode(codec.decode(encoded)));
    byte[] mutated = encoded.clone();
    mutated[Math.floorMod(position, mutated.length)] ^=
        (byte) (1 + Math.floorMod(position >>> 8, 255));
    decodesCanonicallyOrFails(codec, mutated);
    byte[] truncated = Arrays.copyOf(encoded, Math.floorMod(cut, encoded.length));
    assertThrows(CodecException.class, () -> codec.decode(truncated));
  }
}
