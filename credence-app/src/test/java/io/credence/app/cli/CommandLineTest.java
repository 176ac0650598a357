package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: bad input exits 2 with one line; tx and query against a node. */
class CommandLineTest {
  @TempDir Path dir;

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void init_badOrgCount_exits2NamingTheFlag() {
    CliRun r = run("init", "--orgs", "0", "--dir", dir.resolve("x").toString(), "--plain-keys");
    assertEquals(2, r.exit());
    assertEquals("credence: --orgs: expected 1 to 64, found 0", r.err().trim());
  }

  @Test
  void init_withoutPassphraseOrPlainKeys_exits2() {
    CliRun r = run("init", "--orgs", "2", "--dir", dir.resolve("x").toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("keys are encrypted by default"), r.err());
  }

  @Test
  void init_encryptedKeys_nodeReadsThemWithThePassphraseFile() throws Exception {
    Path pass = dir.resolve("pass.txt");
    Files.writeString(pass, "s3cret phrase\n");
    CliRun r =
        run(
            "init",
            "--orgs",
            "2",
            "--dir",
            dir.resolve("c").toString(),
            "--passphrase-file",
            pass.toString(),
            "--suite",
            "national");
    assertEquals(0, r.exit(), r.err());
    Path key = dir.resolve("c/orgs/core-enterprise-1/admin.pem");
    assertTrue(Files.readString(key).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    CliRun shown =
        run("key", "show", "--key", key.toString(), "--passphrase-file", pass.toString());
    assertEquals(0, shown.exit(), shown.err());
    assertTrue(shown.out().contains("suite      national"), shown.out());
    CliRun noPass = run("key", "show", "--key", key.toString());
    assertEquals(2, noPass.exit());
    assertTrue(noPass.err().contains("the key is encrypted"), noPass.err());
  }

  @Test
  void verify_missingHome_exits2() {
    CliRun r = run("verify", "--home", dir.resolve("nowhere").toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("node.toml: file not found"), r.err());
  }

  @Test
  void txAndQuery_againstARunningNode() throws Exception {
    try (DevNode dev = new DevNode(dir.resolve("c"), 2)) {
      String adminKey = dev.layout.adminKeys().get(0).toString();
      Path newKey = dir.resolve("clerk.pem");
      CliRun created = run("key", "new", "--out", newKey.toString(), "--plain-key");
      assertEquals(0, created.exit(), created.err());
      String publicKey =
          created
              .out()
              .lines()
              .filter(l -> l.startsWith("public key "))
              .findFirst()
              .orElseThrow()
              .substring(11);
      String address =
          created
              .out()
              .lines()
              .filter(l -> l.startsWith("address    "))
              .findFirst()
              .orElseThrow()
              .substring(11);

      CliRun tx =
          run(
              "tx",
              "--node",
              dev.url(),
              "--key",
              adminKey,
              "identity.register",
              "publicKey=" + publicKey,
              "roles=OPERATOR");
      assertEquals(0, tx.exit(), tx.err());
      assertTrue(tx.out().matches("(?s).*: committed in block [0-9]+, SUCCESS.*"), tx.out());
      assertTrue(
          tx.out().contains("event identity.AccountRegistered account=" + address), tx.out());

      CliRun failed =
          run(
              "tx",
              "--node",
              dev.url(),
              "--key",
              newKey.toString(),
              "identity.revoke",
              "account=" + address);
      assertEquals(1, failed.exit());
      assertTrue(failed.out().contains("FAILED (NOT_AUTHORISED"), failed.out());

      CliRun badCall = run("tx", "--node", dev.url(), "--key", adminKey, "register", "x=1");
      assertEquals(2, badCall.exit());
      assertEquals(
          "credence: CONTRACT.METHOD: expected for example identity.register, found 'register'",
          badCall.err().trim());

      // Built from the node's catalogue: arguments checked by their declared types.
      CliRun badRole =
          run(
              "tx",
              "--node",
              dev.url(),
              "--key",
              adminKey,
              "identity.register",
              "publicKey=" + publicKey,
              "roles=OPERATOR,BOSS");
      assertEquals(2, badRole.exit());
      assertTrue(
          badRole
              .err()
              .trim()
              .startsWith("credence: identity.register argument roles[1]: expected one of ADMIN"),
          badRole.err());
      assertTrue(badRole.err().trim().endsWith("found 'BOSS'"), badRole.err());
      CliRun unknown = run("tx", "--node", dev.url(), "--key", adminKey, "identity.promote", "x=1");
      assertEquals(2, unknown.exit());
      assertTrue(
          unknown
              .err()
              .contains(
                  "identity.register, identity.revoke, identity.setKyc], found 'identity.promote'"),
          unknown.err());
      CliRun list = run("tx", "--node", dev.url(), "--list");
      assertEquals(0, list.exit(), list.err());
      assertTrue(list.out().contains("identity.register publicKey=... roles=..."), list.out());
      assertTrue(list.out().contains("consensus.setValidators validators=..."), list.out());
      assertTrue(list.out().contains("approvals.approve id=..."), list.out());
      assertTrue(list.out().contains("who: ADMIN"), list.out());

      // A contract query, its answer proven: every value against the header, the answer
      // recomputed from the proven values alone.
      CliRun asked =
          run(
              "query",
              "--node",
              dev.url(),
              "--proof",
              "call",
              "identity.account",
              "address=" + address);
      assertEquals(0, asked.exit(), asked.err());
      assertTrue(asked.out().contains("\"OPERATOR\""), asked.out());
      // Exit 0: every proof verified and the recomputed answer matched (else a user error).
      var client = new io.credence.app.client.ApiClient(dev.url());
      var served =
          (com.fasterxml.jackson.databind.node.ObjectNode)
              client.get("/v1/query/identity/account?proof=true&address=" + address);
      var suite = io.credence.core.crypto.CryptoSuite.named("standard");
      var args = java.util.Map.<String, Object>of("address", address);
      assertEquals(1, QueryCommand.checkQueryAnswer(suite, served, "identity", "account", args));
      // A node that lies about the answer, or about a proven value, is caught.
      var lie = served.deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) lie.get("answer"))
          .putArray("roles")
          .add("ADMIN");
      UserError caught =
          org.junit.jupiter.api.Assertions.assertThrows(
              UserError.class,
              () -> QueryCommand.checkQueryAnswer(suite, lie, "identity", "account", args));
      assertTrue(caught.getMessage().contains("differs"), caught.getMessage());
      var forged = served.deepCopy();
      var proofEntry = (com.fasterxml.jackson.databind.node.ObjectNode) forged.get("proofs").get(0);
      String value = proofEntry.get("valueHex").asText();
      proofEntry.put("valueHex", value.substring(0, value.length() - 2) + "00");
      UserError badProof =
          org.junit.jupiter.api.Assertions.assertThrows(
              UserError.class,
              () -> QueryCommand.checkQueryAnswer(suite, forged, "identity", "account", args));
      assertTrue(badProof.getMessage().contains("does not verify"), badProof.getMessage());
      var withheld = served.deepCopy();
      withheld.putArray("proofs");
      org.junit.jupiter.api.Assertions.assertThrows(
          UserError.class,
          () -> QueryCommand.checkQueryAnswer(suite, withheld, "identity", "account", args));

      CliRun account = run("query", "--node", dev.url(), "account", address);
      assertEquals(0, account.exit(), account.err());
      assertTrue(account.out().contains("\"OPERATOR\""), account.out());
      CliRun state = run("query", "--node", dev.url(), "state", "identity/account/" + address);
      assertEquals(0, state.exit(), state.err());
      CliRun block = run("query", "--node", dev.url(), "block", "1");
      assertEquals(0, block.exit());
      assertTrue(block.out().contains("\"height\" : 1"), block.out());
      CliRun what = run("query", "--node", dev.url(), "everything");
      assertEquals(2, what.exit());
    }
    CliRun verify = run("verify", "--home", dir.resolve("c/nodes/node-1").toString());
    assertEquals(0, verify.exit(), verify.err());
    assertTrue(verify.out().matches("(?s).*verify: OK\\. [0-9]+ blocks.*"), verify.out());
    // A listing entry removed from the index beside the store is caught.
    Path data = dir.resolve("c/nodes/node-1/data");
    try (var kv = io.credence.storage.rocksdb.RocksDbStore.open(data)) {
      var entries =
          kv.scan(
              "idx/e/".getBytes(StandardCharsets.US_ASCII),
              "idx/e/".getBytes(StandardCharsets.US_ASCII),
              10);
      assertTrue(!entries.isEmpty());
      kv.write(new io.credence.ledger.store.WriteBatch().delete(entries.get(0).getKey()));
    }
    CliRun tampered = run("verify", "--home", dir.resolve("c/nodes/node-1").toString());
    assertEquals(1, tampered.exit(), tampered.out());
    assertTrue(
        tampered.out().contains("verify: FAILED: the listings index is not what the blocks give"),
        tampered.out());
  }
}
