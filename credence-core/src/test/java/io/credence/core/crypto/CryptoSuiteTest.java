package io.credence.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CryptoSuiteTest {
  private static final byte[] MESSAGE =
      "pay 1,000,000 fen at maturity".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest
  @ValueSource(strings = {"standard", "national"})
  void signVerify_roundTrip(String name) {
    CryptoSuite suite = CryptoSuite.named(name);
    KeyPair key = suite.generate(SeededRandom.of(1));
    byte[] signature = suite.signer(key.privateKey(), SeededRandom.of(2)).sign(MESSAGE);
    assertEquals(suite.signatureLength(), signature.length);
    assertTrue(suite.isValidPublicKey(key.publicKey()));
    assertTrue(suite.verify(key.publicKey(), MESSAGE, signature));
  }

  @ParameterizedTest
  @ValueSource(strings = {"standard", "national"})
  void verify_wrongKey_fails(String name) {
    CryptoSuite suite = CryptoSuite.named(name);
    KeyPair key = suite.generate(SeededRandom.of(1));
    KeyPair other = suite.generate(SeededRandom.of(3));
    byte[] signature = suite.signer(key.privateKey(), SeededRandom.of(2)).sign(MESSAGE);
    assertFalse(suite.verify(other.publicKey(), MESSAGE, signature));
  }

  @ParameterizedTest
  @ValueSource(strings = {"standard", "national"})
  void verify_anyFlippedBit_fails(String name) {
    CryptoSuite suite = CryptoSuite.named(name);
    KeyPair key = suite.generate(SeededRandom.of(1));
    byte[] signature = suite.signer(key.privateKey(), SeededRandom.of(2)).sign(MESSAGE);
    Random random = new Random(7);
    for (int i = 0; i < 64; i++) {
      byte[] badSignature = signature.clone();
      badSignature[random.nextInt(badSignature.length)] ^= (byte) (1 << random.nextInt(8));
      assertFalse(
          suite.verify(key.publicKey(), MESSAGE, badSignature), "flipped signature bit accepted");
      byte[] badMessage = MESSAGE.clone();
      badMessage[random.nextInt(badMessage.length)] ^= (byte) (1 << random.nextInt(8));
      assertFalse(
          suite.verify(key.publicKey(), badMessage, signature), "flipped message bit accepted");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"standard", "national"})
  void verify_malformedInputs_falseNotException(String name) {
    CryptoSuite suite = CryptoSuite.named(name);
    assertFalse(suite.verify(new byte[3], MESSAGE, new byte[64]));
    assertFalse(suite.verify(new byte[suite.publicKeyLength()], MESSAGE, new byte[5]));
    assertFalse(suite.isValidPublicKey(new byte[suite.publicKeyLength() + 1]));
  }

  @Test
  void ed25519_smallOrderAndNonCanonicalKeys_invalid() {
    CryptoSuite suite = CryptoSuite.named("standard");
    byte[] identity = new byte[32];
    identity[0] = 1; // y = 1: the neutral element, order 1
    assertFalse(suite.isValidPublicKey(identity));
    byte[] orderTwo = new byte[32];
    java.util.Arrays.fill(orderTwo, (byte) 0xff);
    orderTwo[0] = (byte) 0xec;
    orderTwo[31] = 0x7f; // y = p - 1: order 2
    assertFalse(suite.isValidPublicKey(orderTwo));
    byte[] nonCanonical = new byte[32];
    java.util.Arrays.fill(nonCanonical, (byte) 0xff);
    nonCanonical[31] = 0x7f; // y = 2^255 - 1 >= p
    assertFalse(suite.isValidPublicKey(nonCanonical));
    assertTrue(suite.isValidPublicKey(suite.generate(SeededRandom.of(9)).publicKey()));
  }

  @Test
  void hashes_matchPublishedVectors() {
    // SHA-256("abc") from FIPS 180-2; SM3("abc") from GB/T 32905-2016 Appendix A.
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        CryptoSuite.named("standard").hash(abc).hex());
    assertEquals(
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
        CryptoSuite.named("national").hash(abc).hex());
  }

  @Test
  void named_unknownSuite_rejectedNamingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CryptoSuite.named("rsa"));
    assertEquals("crypto suite: expected 'standard' or 'national', found 'rsa'", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"standard", "national"})
  void keyFile_plainAndEncrypted_roundTrip(String name) throws Exception {
    CryptoSuite suite = CryptoSuite.named(name);
    KeyPair key = suite.generate(SeededRandom.of(5));
    String plain = KeyFiles.toPem(key, null);
    assertTrue(plain.startsWith("-----BEGIN PRIVATE KEY-----"));
    KeyPair back = KeyFiles.fromPem(plain, null);
    assertEquals(suite, back.suite());
    assertArrayEquals(key.publicKey(), back.publicKey());

    String encrypted =
        KeyFiles.toPem(key, "correct horse".toCharArray(), new java.security.SecureRandom());
    assertTrue(KeyFiles.isEncrypted(encrypted));
    assertArrayEquals(
        key.privateKey(), KeyFiles.fromPem(encrypted, "correct horse".toCharArray()).privateKey());
    assertThrows(
        KeyFiles.KeyFileException.class, () -> KeyFiles.fromPem(encrypted, "wrong".toCharArray()));
    assertThrows(KeyFiles.KeyFileException.class, () -> KeyFiles.fromPem(encrypted, null));
  }
}
