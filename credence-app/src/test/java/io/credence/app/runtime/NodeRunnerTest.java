package io.credence.app.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.api.ApiServer;
import io.credence.consensus.Consensus;
import io.credence.core.Hex;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.OrganisationRole;
import io.credence.core.genesis.Parameters;
import io.credence.core.genesis.Uscc;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.store.KeyValueStore;
import io.credence.ledger.store.MemoryStore;
import io.credence.ledger.store.StorageException;
import io.credence.ledger.store.WriteBatch;
import io.credence.node.Replica;
import io.credence.node.bft.StoredConsensus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The runner's loop: commit listeners hear every block once, in order; when storage fails, the node
 * halts: waiters fail, new submissions get NODE_HALTED (HTTP 503).
 */
class NodeRunnerTest {
  private final CryptoSuite suite = CryptoSuite.named("standard");
  private final SecureRandom random = new SecureRandom();
  private final KeyPair admin = suite.generate(random);
  private final KeyPair validator = suite.generate(random);
  private final String uscc = Uscc.complete("91310000000000001");
  private final Genesis genesis =
      new Genesis(
          "halt-chain",
          suite,
          0,
          List.of(
              new Genesis.Organisation(
                  "Core", uscc, OrganisationRole.CORE_ENTERPRISE, admin.publicKey())),
          List.of(new Genesis.Validator("v", validator.publicKey(), uscc)),
          Parameters.DEFAULTS);

  /** Accepts genesis, then fails every write: the disk is gone. */
  static final class DiskGone implements KeyValueStore {
    final MemoryStore inner = new MemoryStore();
    volatile boolean gone;

    @Override
    public byte[] get(byte[] key) {
      return inner.get(key);
    }

    @Override
    public java.util.List<java.util.Map.Entry<byte[], byte[]>> scan(
        byte[] prefix, byte[] from, int limit) {
      return inner.scan(prefix, from, limit);
    }

    @Override
    public void write(WriteBatch batch) {
      if (gone) {
        throw new StorageException("simulated I/O error");
      }
      inner.write(batch);
    }

    @Override
    public void close() {}
  }

  private Transaction register(long nonce) {
    TreeMap<String, String> args = new TreeMap<>();
    args.put("publicKey", Hex.of(suite.generate(random).publicKey()));
    args.put("roles", "VIEWER");
    return Transaction.sign(
        suite.signer(admin.privateKey(), random),
        "halt-chain",
        nonce,
        100,
        io.credence.execution.Runtime.encodeCall("identity", "register", args));
  }

  @Test
  void commitListeners_hearEveryBlockOnceInOrder_untilRemoved() throws Exception {
    MemoryStore store = new MemoryStore();
    Replica replica =
        Replica.open(
            genesis,
            store,
            new StoredConsensus(store),
            suite.signer(validator.privateKey(), random),
            (to, message) -> {},
            Replica.Config.DEFAULTS);
    try (NodeRunner runner = new NodeRunner(replica)) {
      List<Long> heard = new CopyOnWriteArrayList<>();
      Consumer<io.credence.api.ChainReader.CommittedBlock> listener =
          c -> heard.add(c.header().height());
      runner.addCommitListener(listener);
      CompletableFuture<Long> committed = new CompletableFuture<>();
      assertTrue(runner.submit(register(0), committed).isEmpty());
      long height = committed.get(10, TimeUnit.SECONDS);
      // Listeners run after the waiters: wait for the block's own.
      for (int i = 0; i < 1_000 && !heard.contains(height); i++) {
        Thread.sleep(10);
      }
      assertTrue(heard.contains(height), heard.toString());
      for (int i = 1; i < heard.size(); i++) {
        assertEquals(heard.get(i - 1) + 1, heard.get(i), heard.toString());
      }
      runner.removeCommitListener(listener);
      // A call under way may still complete; none starts after that one.
      long removedAt = runner.head().height() + 1;
      for (int i = 0; i < 1_000 && runner.head().height() < removedAt + 2; i++) {
        Thread.sleep(10);
      }
      assertTrue(runner.head().height() >= removedAt + 2, "the chain stopped committing");
      assertTrue(heard.get(heard.size() - 1) <= removedAt, heard + " after " + removedAt);
    }
  }

  @Test
  void storageFailure_haltsTheLoop_failsWaiters_andAnswersNodeHalted() throws Exception {
    DiskGone disk = new DiskGone();
    // No idle proposals and no timeouts: nothing is written until a transaction arrives.
    Consensus.Config d = Consensus.Config.DEFAULTS;
    Replica.Config quiet =
        Replica.Config.DEFAULTS.withConsensus(
            new Consensus.Config(
                1_000_000,
                1_000_000,
                d.roundsAheadMax(),
                d.blocksPendingMax(),
                d.evidenceMax(),
                d.fetchRetryTicks(),
                1_000_000,
                d.proposalBatchTicks()));
    Replica replica =
        Replica.open(
            genesis,
            disk,
            new StoredConsensus(disk),
            suite.signer(validator.privateKey(), random),
            (to, message) -> {},
            quiet);
    try (NodeRunner runner = new NodeRunner(replica);
        ApiServer api = new ApiServer(runner).start("127.0.0.1", 0)) {
      CompletableFuture<Long> committed = new CompletableFuture<>();
      // The disk goes once the node has started; the transaction is the first thing it writes.
      disk.gone = true;
      assertTrue(runner.submit(register(0), committed).isEmpty());
      CompletionException waiterFailure =
          assertThrows(
              CompletionException.class, () -> committed.orTimeout(10, TimeUnit.SECONDS).join());
      assertTrue(
          waiterFailure
              .getCause()
              .getMessage()
              .startsWith("storage failed at height 1: simulated I/O error"),
          waiterFailure.getMessage());
      assertThrows(CompletionException.class, () -> runner.stopped().join());
      assertEquals(
          "NODE_HALTED",
          runner.submit(register(1), new CompletableFuture<>()).orElseThrow().code());

      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + api.port() + "/v1/transactions"))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"transaction\":\"" + Hex.of(register(1).encode()) + "\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(503, answer.statusCode(), answer.body());
      assertTrue(answer.body().contains("\"code\":\"NODE_HALTED\""), answer.body());
    }
  }
}
