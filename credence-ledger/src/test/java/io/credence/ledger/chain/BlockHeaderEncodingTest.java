package io.credence.ledger.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.credence.core.Hash;
import io.credence.core.Hex;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The header encoding is the stored and wire format: these bytes were written by the code before
 * the ledger's block certificate was renamed commit seal, and must still be what a header encodes
 * to and decodes from, so that stored chains still read.
 */
class BlockHeaderEncodingTest {
  private static final String QUORUM_SEALED =
      "010c63726564656e63652d64657600000000000000070102030405060708090a"
          + "0b0c0d0e0f101112131415161718191a1b1c1d1e1f202002030405060708090a"
          + "0b0c0d0e0f101112131415161718191a1b1c1d1e1f20210000018bcfe5680003"
          + "0405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212204"
          + "05060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222305"
          + "060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232401"
          + "0000000000000002000000000000000905060708090a02200708090a0b0c0d0e"
          + "0f101112131415161718191a1b1c1d1e1f202122232425264008090a0b0c0d0e"
          + "0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e"
          + "2f303132333435363738393a3b3c3d3e3f404142434445464720090a0b0c0d0e"
          + "0f101112131415161718191a1b1c1d1e1f202122232425262728400a0b0c0d0e"
          + "0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e"
          + "2f303132333435363738393a3b3c3d3e3f40414243444546474849";

  private static final String UNSEALED =
      "010c63726564656e63652d64657600000000000000070102030405060708090a"
          + "0b0c0d0e0f101112131415161718191a1b1c1d1e1f202002030405060708090a"
          + "0b0c0d0e0f101112131415161718191a1b1c1d1e1f20210000018bcfe5680003"
          + "0405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212204"
          + "05060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222305"
          + "060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232400"
          + "000000000000000000000000000000000000";

  private static byte[] bytes(int n, int seed) {
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = (byte) (seed + i);
    }
    return out;
  }

  private static BlockHeader header() {
    return new BlockHeader(
        "credence-dev",
        7,
        Hash.of(bytes(32, 1)),
        bytes(32, 2),
        1_700_000_000_000L,
        Hash.of(bytes(32, 3)),
        Hash.of(bytes(32, 4)),
        Hash.of(bytes(32, 5)),
        new CommitSeal(
            CommitSeal.Kind.QUORUM,
            2,
            9,
            bytes(5, 6),
            List.of(
                new CommitSeal.Signature(bytes(32, 7), bytes(64, 8)),
                new CommitSeal.Signature(bytes(32, 9), bytes(64, 10)))));
  }

  @Test
  void quorumSealedHeader_encodesToTheStoredBytes_andDecodesFromThem() {
    BlockHeader header = header();
    assertEquals(QUORUM_SEALED, Hex.of(header.encode()));
    BlockHeader read = BlockHeader.CODEC.decode(Hex.parse("header", QUORUM_SEALED));
    assertArrayEquals(header.encode(), read.encode());
    assertEquals(CommitSeal.Kind.QUORUM, read.seal().kind());
    assertEquals(2, read.seal().signatures().size());
  }

  @Test
  void unsealedHeader_encodesToTheStoredBytes() {
    assertEquals(UNSEALED, Hex.of(header().withSeal(CommitSeal.NONE).encode()));
  }
}
