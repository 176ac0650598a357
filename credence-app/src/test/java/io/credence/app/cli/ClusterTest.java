package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.credence.app.client.ApiClient;
import io.credence.app.config.KeyFileIo;
import io.credence.app.runtime.ClusterProcess;
import io.credence.core.crypto.KeyPair;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four validators in one process agree by BFT consensus on RocksDB: transactions submitted over the
 * HTTP API commit, every validator's chain passes the full offline audit, and the cluster restarts
 * from its stores and goes on.
 */
class ClusterTest {
  @TempDir Path dir;

  @Test
  void fourValidators_commitOverHttp_auditEachStore_andRestart() throws Exception {
    InitCommand.Layout layout =
        InitCommand.create(
            dir.resolve("c"), 4, 4, "standard", "cluster-chain", true, null, 0, new SecureRandom());
    KeyPair admin = KeyFileIo.read(layout.adminKeys().get(0), null);
    long nonce = 0;
    try (ClusterProcess cluster =
        ClusterProcess.start(dir.resolve("c"), new PrintStream(new ByteArrayOutputStream()))) {
      ApiClient client = new ApiClient("http://127.0.0.1:" + cluster.apiPort());
      for (; nonce < 3; nonce++) {
        JsonNode answer = client.submit(Calls.registerFresh(admin, "cluster-chain", nonce), true);
        assertEquals("COMMITTED", answer.get("status").asText(), answer.toString());
        assertEquals("SUCCESS", answer.get("receipt").get("status").asText());
      }
      assertEquals("bft", client.get("/v1/status").get("consensus").asText());
      assertEquals(3, client.get("/v1/status").get("peers").asInt());
      // Honest validators equivocate never: the evidence list is there, and empty.
      assertEquals(0, client.get("/v1/evidence").get("evidence").size());
    }
    for (int i = 1; i <= 4; i++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertEquals(
          0,
          VerifyCommand.verify(dir.resolve("c/nodes/node-" + i), new PrintStream(out)),
          out.toString());
    }
    try (ClusterProcess cluster =
        ClusterProcess.start(dir.resolve("c"), new PrintStream(new ByteArrayOutputStream()))) {
      ApiClient client = new ApiClient("http://127.0.0.1:" + cluster.apiPort());
      JsonNode answer = client.submit(Calls.registerFresh(admin, "cluster-chain", nonce), true);
      assertEquals("COMMITTED", answer.get("status").asText(), answer.toString());
      assertTrue(answer.get("height").asLong() > 3);
    }
    for (int i = 1; i <= 4; i++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertEquals(
          0,
          VerifyCommand.verify(dir.resolve("c/nodes/node-" + i), new PrintStream(out)),
          out.toString());
    }
  }

  @Test
  void validatorRemovedByVote_clusterGoesOnAcrossTheEpochAndARestart() throws Exception {
    InitCommand.Layout layout =
        InitCommand.create(
            dir.resolve("e"), 4, 4, "standard", "epoch-chain", true, null, 0, new SecureRandom());
    KeyPair convenor = KeyFileIo.read(layout.adminKeys().get(0), null);
    StringBuilder firstThree = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      firstThree
          .append(i == 0 ? "" : ",")
          .append(io.credence.core.Hex.of(layout.genesis().validators().get(i).publicKey()));
    }
    long nonce = 0;
    try (ClusterProcess cluster =
        ClusterProcess.start(dir.resolve("e"), new PrintStream(new ByteArrayOutputStream()))) {
      ApiClient client = new ApiClient("http://127.0.0.1:" + cluster.apiPort());
      // Four organisations of weight 1: the convenor proposes (a quarter of the weight took
      // part), the second organisation's yes passes it (half took part, all yes) and applies it.
      KeyPair second = KeyFileIo.read(layout.adminKeys().get(1), null);
      JsonNode proposed =
          client.submit(
              Calls.proposeValidators(convenor, "epoch-chain", nonce++, firstThree.toString()),
              true);
      assertEquals("SUCCESS", proposed.get("receipt").get("status").asText(), proposed.toString());
      JsonNode answer = client.submit(Calls.vote(second, "epoch-chain", 0, 1, "YES"), true);
      assertEquals("SUCCESS", answer.get("receipt").get("status").asText(), answer.toString());
      assertTrue(answer.toString().contains("ValidatorSetChanged"), answer.toString());
      // Validator 4 has left; the other three go on in the next epoch.
      for (int i = 0; i < 2; i++) {
        assertEquals(
            "COMMITTED",
            client
                .submit(Calls.registerFresh(convenor, "epoch-chain", nonce++), true)
                .get("status")
                .asText());
      }
    }
    try (ClusterProcess cluster =
        ClusterProcess.start(dir.resolve("e"), new PrintStream(new ByteArrayOutputStream()))) {
      ApiClient client = new ApiClient("http://127.0.0.1:" + cluster.apiPort());
      JsonNode answer = client.submit(Calls.registerFresh(convenor, "epoch-chain", nonce), true);
      assertEquals("COMMITTED", answer.get("status").asText(), answer.toString());
    }
    for (int i = 1; i <= 4; i++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertEquals(
          0,
          VerifyCommand.verify(dir.resolve("e/nodes/node-" + i), new PrintStream(out)),
          out.toString());
    }
    // The latest blocks carry seals of the second epoch, from the three remaining
    // validators.
    var config = io.credence.app.config.NodeConfig.load(dir.resolve("e/nodes/node-1"));
    try (var kv = io.credence.storage.rocksdb.RocksDbStore.open(config.dataDir())) {
      var store = new io.credence.ledger.store.BlockStore(kv, layout.genesis().suite());
      var seal = store.header(store.head().getAsLong()).seal();
      assertEquals(2, seal.epoch());
      assertTrue(seal.signatures().size() >= 3);
    }
  }
}
