package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.app.client.ApiClient;
import io.credence.core.Hex;
import io.credence.core.genesis.Uscc;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code credence gov} against a running node of three organisations of weight 1: a bank admitted
 * by vote, its admin voting at once, a refused vote told with its code, and the list and show reads
 * (with proofs).
 */
class GovCliTest {
  private DevNode dev;

  @AfterEach
  void close() {
    if (dev != null) {
      dev.close();
    }
  }

  private CliRun gov(int exit, Path key, String... args) {
    // The command's words ("propose admit", "vote", "list"), then the node and key, then the rest.
    int words = args[0].equals("propose") ? 2 : 1;
    List<String> all = new ArrayList<>(List.of("gov"));
    all.addAll(List.of(args).subList(0, words));
    all.addAll(List.of("--node", dev.url()));
    if (key != null) {
      all.addAll(List.of("--key", key.toString()));
    }
    all.addAll(List.of(args).subList(words, args.length));
    CliRun r = CliRun.of(all.toArray(new String[0]));
    assertEquals(exit, r.exit(), String.join(" ", all) + "\n" + r.out() + r.err());
    return r;
  }

  @Test
  void bankAdmittedByVote_thenVotesItself(@TempDir Path dir) throws Exception {
    dev = new DevNode(dir.resolve("c"), 3);
    List<Path> keys = dev.layout.adminKeys();
    var newAdmin = dev.admins.get(0).suite().generate(new SecureRandom());
    String bank = Uscc.forDevelopment(42);
    Path bankKey = dir.resolve("bank-admin.pem");
    io.credence.app.config.KeyFileIo.write(bankKey, newAdmin, null);

    CliRun proposed =
        gov(
            0,
            keys.get(0),
            "propose",
            "admit",
            "--uscc",
            bank,
            "--name",
            "Harbour Bank",
            "--role",
            "bank",
            "--admin-public-key",
            Hex.of(newAdmin.publicKey()),
            "--weight",
            "2");
    assertTrue(
        proposed
            .out()
            .contains(
                "proposal 1 opened: admit Harbour Bank ("
                    + bank
                    + ") as BANK with voting weight 2"),
        proposed.out());
    CliRun open = gov(0, null, "show", "--proposal", "1");
    assertTrue(open.out().contains("\n  OPEN\n"), open.out());
    assertTrue(open.out().contains("voted YES"), open.out());

    CliRun passed = gov(0, keys.get(1), "vote", "--proposal", "1", "--choice", "yes");
    assertTrue(passed.out().contains("proposal 1 decided: PASSED"), passed.out());
    assertTrue(passed.out().contains("Harbour Bank (" + bank + ") admitted as BANK"), passed.out());
    assertTrue(passed.out().contains("the voting weight of " + bank + " is now 2"), passed.out());

    // The new bank's admin proposes at once; its weight of 2 (of 5) counts.
    gov(0, bankKey, "propose", "thresholds", "--participation", "60", "--win", "75");
    CliRun refused =
        gov(Failures.EXIT_REFUSED, keys.get(2), "vote", "--proposal", "9", "--choice", "no");
    assertTrue(refused.out().contains("refused (PROPOSAL_NOT_FOUND)"), refused.out());

    CliRun list = gov(0, null, "list", "--proof");
    assertTrue(list.out().contains("    1  ADMIT       PASSED"), list.out());
    assertTrue(
        list.out().contains("    2  THRESHOLDS  OPEN      participation threshold 60%"),
        list.out());
    CliRun shown = gov(0, null, "show", "--proposal", "1");
    assertTrue(shown.out().contains("PASSED at height"), shown.out());
    assertTrue(shown.out().contains("(5) takes part"), shown.out());
  }

  @Test
  void aChainLimitChangedByVote_fromAnActivationHeight_isListedWaitingThenInForce(@TempDir Path dir)
      throws Exception {
    dev = new DevNode(dir.resolve("c"), 3);
    List<Path> keys = dev.layout.adminKeys();
    CliRun before = gov(0, null, "parameters");
    assertTrue(
        before.out().matches("(?s).*blockTransactionsMax +2000  1 to 100000 .*"), before.out());
    assertTrue(before.out().contains("fixed at genesis"), before.out());
    long height = new ApiClient(dev.url()).get("/v1/status").path("height").asLong();
    long from = height + 40;
    gov(
        0,
        keys.get(0),
        "propose",
        "parameter",
        "--name",
        "blockTransactionsMax",
        "--value",
        "500",
        "--activates-at",
        Long.toString(from));
    CliRun passed = gov(0, keys.get(1), "vote", "--proposal", "1", "--choice", "yes");
    assertTrue(
        passed.out().contains("blockTransactionsMax is 500 from height " + from), passed.out());
    CliRun waiting = gov(0, null, "parameters");
    assertTrue(
        waiting.out().matches("(?s).*blockTransactionsMax +2000 .* 500 from height " + from + ".*"),
        waiting.out());
    // Blocks pass (each refused vote on the decided proposal commits one); from the activation
    // height it is in force.
    ApiClient client = new ApiClient(dev.url());
    for (int i = 0; client.get("/v1/status").path("height").asLong() < from; i++) {
      assertTrue(i < 60, "the chain reached height " + from);
      gov(Failures.EXIT_REFUSED, keys.get(2), "vote", "--proposal", "1", "--choice", "no");
    }
    CliRun now = gov(0, null, "parameters");
    assertTrue(now.out().matches("(?s).*blockTransactionsMax +500  1 to 100000 .*"), now.out());
    CliRun bad =
        gov(
            Failures.EXIT_REFUSED,
            keys.get(0),
            "propose",
            "parameter",
            "--name",
            "winPercent",
            "--value",
            "70");
    assertTrue(bad.out().contains("refused (INVALID_ARGUMENT)"), bad.out());
  }

  @Test
  void aWeightPassedToday_isPutInForceByAnyoneFromItsActivationHeight(@TempDir Path dir)
      throws Exception {
    dev = new DevNode(dir.resolve("c"), 3);
    List<Path> keys = dev.layout.adminKeys();
    ApiClient client = new ApiClient(dev.url());
    long from = client.get("/v1/status").path("height").asLong() + 40;
    String supplier = dev.layout.genesis().organisations().get(1).uscc();
    gov(
        0,
        keys.get(0),
        "propose",
        "weight",
        "--organisation",
        supplier,
        "--weight",
        "3",
        "--activates-at",
        Long.toString(from));
    CliRun passed = gov(0, keys.get(1), "vote", "--proposal", "1", "--choice", "yes");
    assertTrue(passed.out().contains("proposal 1 takes effect from height " + from), passed.out());
    CliRun shown = gov(0, null, "show", "--proposal", "1");
    assertTrue(shown.out().contains("waiting to be put in force"), shown.out());
    CliRun early = gov(Failures.EXIT_REFUSED, keys.get(2), "activate", "--proposal", "1");
    assertTrue(early.out().contains("refused (NOT_YET_ACTIVE)"), early.out());
    // Blocks pass (each refused activation commits one) until it takes effect.
    CliRun activated = null;
    for (int i = 0; activated == null; i++) {
      assertTrue(i < 200, "the chain reached height " + from);
      CliRun r =
          CliRun.of(
              "gov",
              "activate",
              "--node",
              dev.url(),
              "--key",
              keys.get(2).toString(),
              "--proposal",
              "1");
      if (r.exit() == 0) {
        activated = r;
        assertTrue(client.get("/v1/status").path("height").asLong() >= from, "put in force early");
      } else {
        assertTrue(r.out().contains("refused (NOT_YET_ACTIVE)"), r.out() + r.err());
        Thread.sleep(100);
      }
    }
    assertTrue(activated.out().contains("proposal 1 is put in force"), activated.out());
    assertTrue(
        activated.out().contains("the voting weight of " + supplier + " is now 3"),
        activated.out());
    shown = gov(0, null, "show", "--proposal", "1");
    assertTrue(!shown.out().contains("waiting"), shown.out());
  }

  @Test
  void badOptions_toldBeforeTheNodeIsAsked() {
    CliRun badUscc =
        CliRun.of("gov", "propose", "suspend", "--key", "k.pem", "--organisation", "123");
    assertEquals(2, badUscc.exit());
    assertTrue(
        badUscc.err().startsWith("credence: --organisation: expected an 18-character"),
        badUscc.err());
    CliRun both =
        CliRun.of(
            "gov",
            "freeze",
            "--key",
            "k.pem",
            "--organisation",
            Uscc.forDevelopment(1),
            "--account",
            "00".repeat(20),
            "--reason",
            "x");
    assertEquals(2, both.exit());
    assertTrue(both.err().contains("mutually exclusive"), both.err());
    CliRun neither = CliRun.of("gov", "freeze", "--key", "k.pem", "--reason", "x");
    assertEquals(2, neither.exit());
    assertTrue(neither.err().contains("--organisation"), neither.err());
    CliRun noChoice = CliRun.of("gov", "vote", "--key", "k.pem", "--proposal", "1");
    assertEquals(2, noChoice.exit());
    assertTrue(noChoice.err().contains("--choice"), noChoice.err());
    // An observer set is named, or emptied on purpose: never emptied by an option left out.
    CliRun noSet = CliRun.of("gov", "propose", "observers", "--key", "k.pem");
    assertEquals(2, noSet.exit());
    assertTrue(noSet.err().contains("--observers"), noSet.err());
    CliRun setAndNone =
        CliRun.of("gov", "propose", "observers", "--key", "k.pem", "--observers", "ab", "--none");
    assertEquals(2, setAndNone.exit());
    assertTrue(setAndNone.err().contains("mutually exclusive"), setAndNone.err());
  }

  @Test
  void addNode_refusesAnOrganisationGenesisDoesNotName_andWritesNothing(@TempDir Path dir)
      throws Exception {
    var layout = InitLayouts.create(dir.resolve("c"), 2, 2, 0, 0);
    CliRun unknown =
        CliRun.of(
            "network",
            "add-node",
            "--dir",
            dir.resolve("c").toString(),
            "--organisation",
            Uscc.forDevelopment(9));
    assertEquals(2, unknown.exit(), unknown.out() + unknown.err());
    assertTrue(
        unknown.err().contains("--organisation: expected the USCC of an organisation genesis"),
        unknown.err());
    assertEquals(2, layout.nodeHomes().size());
    assertEquals(
        2, java.nio.file.Files.list(dir.resolve("c").resolve("nodes")).count(), "nothing written");
  }
}
