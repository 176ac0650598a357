package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.app.config.NodeConfig;
import io.credence.app.runtime.NodeProcess;
import io.credence.core.Hash;
import io.credence.ledger.store.BlockStore;
import io.credence.ledger.store.WriteBatch;
import io.credence.storage.rocksdb.RocksDbStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Flip one byte of a stored block header, receipt list or state page in RocksDB: {@code verify}
 * reports that height and exits 1, and the node refuses to start, saying where.
 */
class RocksDbTamperTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"header", "receipts", "statePage"})
  void flippedByte_verifyNamesHeight_andNodeRefusesToStart(String what) throws Exception {
    Path home = DevNode.stoppedAfterRegistrations(dir.resolve("c"), 2, 3);
    long badHeight;
    assertEquals(0, VerifyCommand.verify(home, new PrintStream(new ByteArrayOutputStream())));

    NodeConfig config = NodeConfig.load(home);
    try (RocksDbStore kv = RocksDbStore.open(config.dataDir())) {
      BlockStore store = new BlockStore(kv, io.credence.core.crypto.CryptoSuite.named("standard"));
      Function<Long, byte[]> key =
          switch (what) {
            case "header" -> BlockStore::headerKey;
            case "receipts" -> BlockStore::receiptsKey;
            default ->
                h -> {
                  List<Hash> written = store.statePagesWritten(h);
                  return BlockStore.statePageKey(written.get(0));
                };
          };
      // The first block after block 1 that wrote state (empty blocks, which commit their
      // parents, write none).
      long target = 2;
      while (store.statePagesWritten(target).isEmpty()) {
        target++;
      }
      byte[] k = key.apply(target);
      byte[] value = kv.get(k);
      // For a header, a byte of the state root; otherwise the last byte.
      int at = value.length - 1;
      if (what.equals("header")) {
        byte[] root = store.header(target).stateRoot().bytes();
        for (int i = 0; i + root.length <= value.length; i++) {
          if (java.util.Arrays.equals(value, i, i + root.length, root, 0, root.length)) {
            at = i + 3;
          }
        }
      }
      value[at] ^= 0x01;
      kv.write(new WriteBatch().put(k, value));
      badHeight = target;
    }

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(1, VerifyCommand.verify(home, new PrintStream(out, true, StandardCharsets.UTF_8)));
    String report = out.toString(StandardCharsets.UTF_8);
    assertTrue(
        report.contains("verify: FAILED at height " + badHeight + ": block " + badHeight + ": "),
        report);

    NodeProcess.DamagedStore refused =
        assertThrows(
            NodeProcess.DamagedStore.class,
            () -> NodeProcess.start(config, new PrintStream(new ByteArrayOutputStream())));
    assertTrue(
        refused.getMessage().contains("is damaged at block " + badHeight + ": "),
        refused.getMessage());
  }

  /**
   * A data folder written before the state tree was stored in pages has no format record: verify
   * and the node refuse it as of another format, not as damaged, and say what to do.
   */
  @org.junit.jupiter.api.Test
  void storeOfTheFormerFormat_refusedByVerifyAndNode_asAnotherFormat() throws Exception {
    Path home = DevNode.stoppedAfterRegistrations(dir.resolve("f"), 2, 1);
    NodeConfig config = NodeConfig.load(home);
    try (RocksDbStore kv = RocksDbStore.open(config.dataDir())) {
      kv.write(new WriteBatch().delete("Mformat".getBytes(StandardCharsets.US_ASCII)));
    }
    String expected =
        "store format: expected 2 (the state tree in pages), found 1 (a record per state node,"
            + " written by an earlier Credence)";
    UserError verify =
        assertThrows(
            UserError.class,
            () -> VerifyCommand.verify(home, new PrintStream(new ByteArrayOutputStream())));
    assertTrue(verify.getMessage().contains(expected), verify.getMessage());
    io.credence.app.config.ConfigException refused =
        assertThrows(
            io.credence.app.config.ConfigException.class,
            () -> NodeProcess.start(config, new PrintStream(new ByteArrayOutputStream())));
    assertTrue(
        refused.getMessage().contains("data folder " + config.dataDir() + ": " + expected),
        refused.getMessage());
  }
}
