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
}
