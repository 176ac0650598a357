package io.credence.app.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.credence.app.cli.Main;
import io.credence.app.client.ApiClient;
import io.credence.app.config.ConsortiumFile;
import io.credence.app.config.KeyFileIo;
import io.credence.app.config.NodeConfig;
import io.credence.core.Hex;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.Uscc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consortium changes itself by vote, on four validator processes and a fifth node that genesis
 * does not name, all through the CLI: a bank is admitted, makes its TLS CA ({@code credence key
 * ca}) and a node ({@code credence network add-node}); its peers refuse the node until the members
 * vote it in as an observer and vote its CA in; then it syncs from genesis; then a vote replaces
 * the leader of the moment by it. With one old validator stopped, every block needs its signature;
 * the leader voted out is cut off; every node's chain verifies.
 */
class GovernanceNetworkTest {
  private static final long WAIT_MILLIS = 90_000;

  @TempDir Path dir;

  private Path consortium;
  private final List<ApiClient> clients = new ArrayList<>();

  @AfterEach
  void down() throws Exception {
    if (consortium != null) {
      new LocalNetwork(consortium, ProcessNetwork.HEAP).down(System.out);
    }
  }

  @Test
  @Timeout(value = 360, unit = TimeUnit.SECONDS)
  void nodeNotInGenesis_votedInAsObserver_syncs_thenReplacesTheLeaderByVote() throws Exception {
    ProcessNetwork four = ProcessNetwork.create(dir.resolve("consortium"), false);
    consortium = dir.resolve("consortium");
    four.up();
    for (int i = 1; i <= ProcessNetwork.NODES; i++) {
      clients.add(four.client(i));
    }
    await("the four commit", () -> height(clients.get(0)) >= 3);
    Genesis genesis = ConsortiumFile.load(consortium.resolve(ConsortiumFile.FILE_NAME));
    String url = clients.get(0).base();
    Path orgs = consortium.resolve("orgs");
    List<Path> admins = new ArrayList<>();
    for (Genesis.Organisation o : genesis.organisations()) {
      admins.add(
          orgs.resolve(o.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-"))
              .resolve("admin.pem"));
    }

    // A bank is admitted by vote (proposal 1); it makes its own TLS CA and a node from it.
    String bank = Uscc.forDevelopment(42);
    Path bankDir = dir.resolve("harbour-bank");
    Path bankAdmin = bankDir.resolve("admin.pem");
    KeyPair bankKey = genesis.suite().generate(new java.security.SecureRandom());
    KeyFileIo.write(bankAdmin, bankKey, null);
    propose(
        url,
        admins.get(0),
        "admit",
        "--uscc",
        bank,
        "--name",
        "Harbour Bank",
        "--role",
        "bank",
        "--admin-public-key",
        Hex.of(bankKey.publicKey()),
        "--weight",
        "1");
    pass(url, admins, 1);
    Path ca = bankDir.resolve("ca");
    assertEquals(
        0,
        cli(
            "key",
            "ca",
            "--organisation-name",
            "Harbour Bank",
            "--out",
            ca.toString(),
            "--plain-key"));
    assertEquals(
        0,
        cli(
            "network",
            "add-node",
            "--dir",
            consortium.toString(),
            "--organisation",
            bank,
            "--ca",
            ca.toString()),
        "credence network add-node");
    Path home = consortium.resolve("nodes/node-5");
    String newKey = Hex.of(KeyFileIo.read(home.resolve("validator.pem"), null).publicKey());
    ApiClient fifth = new ApiClient("http://127.0.0.1:" + NodeConfig.load(home).apiPort());
    new LocalNetwork(consortium, ProcessNetwork.HEAP)
        .up(System.out, m -> m.name().equals("node-5"));
    awaitMoreBlocks("the four move on");
    assertEquals(0, height(fifth), "a node no vote admitted is refused by its peers");
    assertTrue(
        Files.readString(home.resolve(LocalNetwork.LOG_FILE))
            .contains("is neither a validator nor an observer"),
        "node-5 says why it waits");

    // The bank declares its node, and the members vote it in as an observer (proposal 2). Its
    // certificate is still from a CA nobody trusts: it stays out.
    assertEquals(
        0,
        cli(
            "gov",
            "declare-node",
            "--node",
            url,
            "--key",
            bankAdmin.toString(),
            "--node-key",
            home.resolve("validator.pem").toString(),
            "--organisation",
            bank));
    propose(url, admins.get(0), "observers", "--observers", newKey);
    pass(url, admins, 2);
    awaitMoreBlocks("the four move on");
    assertEquals(0, height(fifth), "a node whose CA is not trusted is refused by its peers");

    // The members vote the bank's CA in (proposal 3): its node gets in, and syncs from genesis.
    propose(
        url,
        admins.get(0),
        "tls-ca",
        "--organisation",
        bank,
        "--certificate",
        ca.resolve("tls-ca.pem").toString());
    pass(url, admins, 3);
    long reached = height(clients.get(0));
    await("node-5, voted in, syncs from genesis", () -> height(fifth) >= reached);

    // Replace the proposer of the latest block by node-5.
    long h = height(clients.get(0));
    String leader = clients.get(0).get("/v1/blocks/" + h).path("header").path("proposer").asText();
    int leaderIndex = -1;
    List<String> set = new ArrayList<>();
    for (int i = 0; i < ProcessNetwork.NODES; i++) {
      String key = Hex.of(genesis.validators().get(i).publicKey());
      if (key.equals(leader)) {
        leaderIndex = i;
      } else {
        set.add(key);
      }
    }
    assertTrue(leaderIndex >= 0, "the latest block's proposer is a validator: " + leader);
    set.add(newKey);
    int via = leaderIndex == 0 ? 1 : 0;
    String viaUrl = clients.get(via).base();
    propose(viaUrl, admins.get(0), "validators", "--validators", String.join(",", set));
    pass(viaUrl, admins, 4);
    List<ApiClient> newSet = new ArrayList<>();
    for (int i = 0; i < ProcessNetwork.NODES; i++) {
      if (i != leaderIndex) {
        newSet.add(clients.get(i));
      }
    }
    newSet.add(fifth);
    await("the new set in epoch 2", () -> newSet.stream().allMatch(c -> epoch(c) == 2));

    // Three old validators remain and node-5: stop one old, and every quorum needs node-5.
    int stopped = leaderIndex == 0 ? 1 : 0;
    four.stop(stopped + 1);
    long after = height(fifth);
    await("the new set commits without node-" + (stopped + 1), () -> height(fifth) > after + 4);
    for (long k = after + 2; k <= after + 4; k++) {
      boolean signed = false;
      for (JsonNode sig : fifth.get("/v1/blocks/" + k).path("header").path("seal")) {
        signed |= sig.path("validator").asText().equals(newKey);
      }
      assertTrue(signed, "node-5 signs block " + k + " of the new epoch");
    }
    ApiClient votedOut = clients.get(leaderIndex);
    await("the leader voted out is disconnected", () -> peers(votedOut) == 0);
    // The stopped validator comes back and catches up with the new set.
    four.start(stopped + 1);
    long top = height(fifth);
    await("node-" + (stopped + 1) + " catches up", () -> height(clients.get(stopped)) >= top);

    // The bank is removed by vote (proposal 5): its CA leaves the record, and every node cuts its
    // node off, though its key is still in the validator set; the three others are a quorum.
    propose(viaUrl, admins.get(0), "remove", "--organisation", bank);
    pass(viaUrl, admins, 5);
    await("the removed bank's node is cut off", () -> peers(fifth) == 0);
    ApiClient remaining = clients.get(via);
    long beforeRemoval = height(remaining);
    await("the others go on without it", () -> height(remaining) > beforeRemoval + 3);

    new LocalNetwork(consortium, ProcessNetwork.HEAP).down(System.out);
    for (int node = 1; node <= 5; node++) {
      Path nodeHome = consortium.resolve("nodes/node-" + node);
      assertEquals(
          0, cli("verify", "--home", nodeHome.toString()), "credence verify of node-" + node);
    }
  }

  /** Opens a proposal through the CLI: {@code credence gov propose KIND --node URL --key KEY}. */
  private static void propose(String url, Path admin, String kind, String... args) {
    List<String> all =
        new ArrayList<>(List.of("gov", "propose", kind, "--node", url, "--key", admin.toString()));
    all.addAll(List.of(args));
    assertEquals(0, cli(all.toArray(new String[0])), String.join(" ", all));
  }

  /**
   * The other genesis members vote yes, one by one, until the proposal passes (half the weight
   * takes part: 2 of the first 4 equal weights, 3 of 5 once the bank is in).
   */
  private static void pass(String url, List<Path> admins, long proposal) throws Exception {
    for (int i = 1; i < admins.size() && !status(url, proposal).equals("PASSED"); i++) {
      assertEquals(
          0,
          cli(
              "gov",
              "vote",
              "--node",
              url,
              "--key",
              admins.get(i).toString(),
              "--proposal",
              Long.toString(proposal),
              "--choice",
              "yes"));
    }
    assertEquals("PASSED", status(url, proposal), "proposal " + proposal);
  }

  private static String status(String url, long proposal) throws Exception {
    return new ApiClient(url)
        .get("/v1/query/governance/proposal?proposal=" + proposal)
        .path("answer")
        .path("status")
        .asText();
  }

  private void awaitMoreBlocks(String what) throws Exception {
    long from = height(clients.get(0));
    await(what, () -> height(clients.get(0)) >= from + 3);
  }

  private static int cli(String... args) {
    return Main.commandLine().execute(args);
  }

  private static void await(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT_MILLIS + " ms: " + what);
      }
      Thread.sleep(250);
    }
  }

  private static long status(ApiClient c, String field) {
    try {
      return c.get("/v1/status").path(field).asLong(-1);
    } catch (IOException | ApiClient.ApiException e) {
      return -1;
    }
  }

  private static long height(ApiClient c) {
    return status(c, "height");
  }

  private static long epoch(ApiClient c) {
    return status(c, "epoch");
  }

  private static long peers(ApiClient c) {
    return status(c, "peers");
  }
}
