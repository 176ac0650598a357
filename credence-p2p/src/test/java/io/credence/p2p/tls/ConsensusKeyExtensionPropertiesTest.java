package io.credence.p2p.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.credence.core.crypto.CryptoSuite;
import java.security.cert.CertificateException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * The consensus-key extension codec: round trip, and arbitrary bytes fail only as its own error.
 */
class ConsensusKeyExtensionPropertiesTest {
  @Property(tries = 200)
  void encoded_decodesToTheSameContent(
      @ForAll boolean national,
      @ForAll @Size(max = 80) byte[] key,
      @ForAll @Size(max = 80) byte[] sig)
      throws CertificateException {
    CryptoSuite suite = CryptoSuite.named(national ? "national" : "standard");
    ConsensusKeyExtension.Content content =
        ConsensusKeyExtension.decode(ConsensusKeyExtension.encode(suite, key, sig));
    assertEquals(suite, content.suite());
    assertArrayEquals(key, content.consensusKey());
    assertArrayEquals(sig, content.possession());
  }

  @Property(tries = 500)
  void arbitraryOrMutatedBytes_failOnlyWithCertificateException(
      @ForAll @Size(max = 120) byte[] key, @ForAll int position, @ForAll byte flip) {
    byte[] der = ConsensusKeyExtension.encode(CryptoSuite.named("standard"), key, new byte[64]);
    der[Math.floorMod(position, der.length)] ^= (byte) (flip | 1);
    try {
      ConsensusKeyExtension.decode(der);
    } catch (CertificateException expected) {
      // The codec's own exception: the only acceptable failure.
    }
  }
}
