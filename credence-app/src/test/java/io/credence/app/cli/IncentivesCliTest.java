package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.credence.app.client.ApiClient;
import io.credence.app.config.NodeConfig;
import io.credence.core.Hash;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.execution.governance.Fees;
import io.credence.ledger.chain.CommitSeal;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.store.BlockStore;
import io.credence.storage.rocksdb.RocksDbStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fees voted on chain, owed by the senders' organisations, and shared by the validators'
 * signatures: the statement {@code credence incentives statement} prints is recomputed here
 * independently (the fees from the transactions this test sent and where each landed, the
 * signatures from each block's seal) and equals it to the fen; {@code credence verify} passes, and
 * fails on a statement altered by one fen.
 */
class IncentivesCliTest {
  private static final long FEE = 1_000; // 10.00 yuan

  private DevNode dev;

  @AfterEach
  void close() {
    if (dev != null) {
      dev.close();
    }
  }

  private static CliRun ok(String... args) {
    CliRun r = CliRun.of(args);
    assertEquals(0, r.exit(), String.join(" ", args) + "\n" + r.out() + r.err());
    return r;
  }

  @Test
  void statementRecomputedIndependently_equalsTheChains_andATamperedOneFailsVerify(
      @TempDir Path dir) throws Exception {
    dev = new DevNode(dir.resolve("c"), 3);
    Genesis genesis = dev.node.genesis();
    List<Path> keys = dev.layout.adminKeys();
    ApiClient client = new ApiClient(dev.url());
    String chain = genesis.chainId();
    // Members vote a fee on identity.register: 2 of 3 take part, both yes.
    ok(
        "gov",
        "propose",
        "fee",
        "--node",
        dev.url(),
        "--key",
        keys.get(0).toString(),
        "--method",
        "identity.register",
        "--fee",
        "10.00");
    CliRun passed =
        ok(
            "gov",
            "vote",
            "--node",
            dev.url(),
            "--key",
            keys.get(1).toString(),
            "--proposal",
            "1",
            "--choice",
            "yes");
    assertTrue(
        passed.out().contains("the fee of identity.register is now 10.00 yuan"), passed.out());

    // Each organisation registers accounts: 2, 3 and 1; the third's second try repeats a key and
    // is refused, and owes the fee all the same.
    List<Hash> charged = new ArrayList<>();
    List<Integer> by = new ArrayList<>();
    int[] counts = {2, 3, 1};
    long[] nonces = {1, 1, 0};
    for (int org = 0; org < 3; org++) {
      for (int i = 0; i < counts[org]; i++) {
        KeyPair admin = dev.admins.get(org);
        Transaction tx = Calls.registerFresh(admin, chain, nonces[org]++);
        JsonNode answer = client.submit(tx, true);
        assertEquals("SUCCESS", answer.path("receipt").path("status").asText(), answer.toString());
        charged.add(tx.hash(genesis.suite()));
        by.add(org);
      }
    }
    KeyPair third = dev.admins.get(2);
    TreeMap<String, String> again = new TreeMap<>();
    again.put("publicKey", io.credence.core.Hex.of(dev.admins.get(0).publicKey()));
    again.put("roles", "VIEWER");
    Transaction refused =
        Transaction.sign(
            third.suite().signer(third.privateKey(), null),
            chain,
            nonces[2],
            5_000,
            io.credence.execution.Runtime.encodeCall("identity", "register", again));
    JsonNode no = client.submit(refused, true);
    assertEquals("FAILED", no.path("receipt").path("status").asText(), no.toString());
    charged.add(refused.hash(genesis.suite()));
    by.add(2);
    Path home = dev.layout.nodeHome();
    dev.close();
    dev = null;

    // The test's own recomputation from the store: fees by where each charged transaction
    // landed; signatures from the certificate each block carries (its parent's, in the seal's
    // proof; one validator's in a solo seal), by the validators' organisations in genesis.
    NodeConfig config = NodeConfig.load(home);
    Map<String, Map<String, Long>> fees = new TreeMap<>();
    Map<String, Map<String, Long>> signatures = new TreeMap<>();
    try (RocksDbStore kv = RocksDbStore.open(config.dataDir())) {
      BlockStore store = new BlockStore(kv, genesis.suite());
      for (int i = 0; i < charged.size(); i++) {
        long height = store.locate(charged.get(i)).orElseThrow().height();
        String period = Fees.period(store.header(height).timestampMillis());
        fees.computeIfAbsent(period, p -> new TreeMap<>())
            .merge(genesis.organisations().get(by.get(i)).uscc(), FEE, Long::sum);
      }
      for (long h = 1; h <= store.head().orElseThrow(); h++) {
        String period = Fees.period(store.header(h).timestampMillis());
        CommitSeal seal = store.header(h).seal();
        List<String> signers = new ArrayList<>();
        if (seal.kind() == CommitSeal.Kind.SOLO) {
          for (CommitSeal.Signature s : seal.signatures()) {
            for (Genesis.Validator v : genesis.validators()) {
              if (java.util.Arrays.equals(v.publicKey(), s.validator())) {
                signers.add(v.organisationUscc());
              }
            }
          }
        } else {
          var carried =
              io.credence.node.bft.LedgerExecution.consensusBlock(genesis.suite(), store.block(h))
                  .orElseThrow()
                  .qc();
          for (var s : carried.signatures()) {
            signers.add(genesis.validators().get(s.validator()).organisationUscc());
          }
        }
        for (String org : signers) {
          signatures.computeIfAbsent(period, p -> new TreeMap<>()).merge(org, 1L, Long::sum);
        }
      }
    }
    String period = fees.keySet().iterator().next();
    CliRun json =
        ok("incentives", "statement", "--home", home.toString(), "--period", period, "--json");
    JsonNode statement = io.credence.api.Json.MAPPER.readTree(json.out());
    long total = fees.get(period).values().stream().mapToLong(Long::longValue).sum();
    assertEquals(total, statement.path("feesFen").asLong(), json.out());
    long sigTotal = signatures.get(period).values().stream().mapToLong(Long::longValue).sum();
    assertEquals(sigTotal, statement.path("signatures").asLong(), json.out());
    long earnedTotal = 0;
    for (JsonNode line : statement.path("lines")) {
      String org = line.path("organisation").asText();
      assertEquals(
          fees.get(period).getOrDefault(org, 0L), line.path("feesFen").asLong(), json.out());
      long sigs = signatures.get(period).getOrDefault(org, 0L);
      assertEquals(sigs, line.path("signatures").asLong(), json.out());
      // One validator here: its organisation earns every fen, the others none.
      assertEquals(sigs == sigTotal ? total : 0, line.path("earnedFen").asLong(), json.out());
      earnedTotal += line.path("earnedFen").asLong();
    }
    assertEquals(total, earnedTotal, "every fen collected is paid out");

    CliRun table = ok("incentives", "statement", "--home", home.toString(), "--period", period);
    assertTrue(table.out().contains("Incentive statement for " + period), table.out());
    assertTrue(table.out().contains(" pays "), table.out());

    Path file = dir.resolve("statement.json");
    Files.writeString(file, json.out());
    CliRun sound = ok("verify", "--home", home.toString(), "--statement", file.toString());
    assertTrue(sound.out().contains("and the statement"), sound.out());
    ObjectNode tampered = (ObjectNode) statement.deepCopy();
    ObjectNode first = (ObjectNode) tampered.path("lines").get(0);
    first.put("earnedFen", first.path("earnedFen").asLong() + 1);
    Files.writeString(file, tampered.toString());
    CliRun bad = CliRun.of("verify", "--home", home.toString(), "--statement", file.toString());
    assertEquals(1, bad.exit(), bad.out() + bad.err());
    assertTrue(bad.out().contains("lines[0].earnedFen: the blocks give"), bad.out());
  }
}
