package io.credence.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
    assertArrayEquals(bytes, codec.encode(value), "a decoded value must re-encode to the same bytes");
  }
}
