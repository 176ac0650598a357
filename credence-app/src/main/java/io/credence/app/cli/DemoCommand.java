package io.credence.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.credence.analysis.report.TextReport;
import io.credence.analysis.report.Verdict;
import io.credence.analysis.scenario.Analyser;
import io.credence.analysis.scenario.ScenarioException;
import io.credence.analysis.scenario.ScenarioFile;
import io.credence.app.client.ApiClient;
import io.credence.app.config.ConfigException;
import io.credence.app.config.KeyFileIo;
import io.credence.app.config.NodeConfig;
import io.credence.app.network.LocalNetwork;
import io.credence.app.runtime.NodeProcess;
import io.credence.core.CalendarDate;
import io.credence.core.Call;
import io.credence.core.Hex;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.execution.identity.IdentityRegistry;
import io.credence.ledger.chain.Transaction;
import io.credence.node.incentives.IncentiveStatement;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main job: a development consortium of five organisations in a temporary folder, four of them
 * running a validator node as its own process; member accounts registered and revoked over the HTTP
 * API, bad submissions turned away, a state proof checked, a node killed and caught up again, the
 * supply-chain finance story ({@link FinanceStory}) from credit line to settlement, every node's
 * store audited offline, and what each party gained next to the analyser's verdict, told in plain
 * words.
 */
@Command(
    name = "demo",
    description = "Run the guided demo: consortium, node, accounts, proofs and audit.")
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--keep", description = "keep the temporary folder afterwards")
  boolean keep;

  private final SecureRandom random = new SecureRandom();
  private PrintStream out;
  private ApiClient client;
  private Genesis genesis;
  private int step;

  @Override
  public Integer call()
      throws IOException, ConfigException, NodeProcess.DamagedStore, InterruptedException {
    return run(System.out);
  }

  int run(PrintStream printTo)
      throws IOException, ConfigException, NodeProcess.DamagedStore, InterruptedException {
    this.out = printTo;
    Path dir = Files.createTempDirectory("credence-demo-");
    try {
      say(
          "Create a consortium of five organisations. Four run a validator node each, with its own"
              + " key, its own store and a TLS certificate from its organisation's CA; the fifth, a"
              + " small supplier, uses the others' nodes.");
      int[] ports = LocalNetwork.freePortBlock(8);
      InitCommand.Layout layout =
          InitCommand.create(
              dir.resolve("consortium"),
              FinanceStory.TIER2 + 1,
              4,
              0,
              "standard",
              "credence-demo",
              true,
              null,
              ports[0],
              ports[4],
              random);
      genesis = layout.genesis();
      for (int i = 0; i < genesis.organisations().size(); i++) {
        Genesis.Organisation o = genesis.organisations().get(i);
        out.printf(
            "     %-28s %-16s USCC %s, %s%n",
            o.name(), o.role(), o.uscc(), i < 4 ? "runs node-" + (i + 1) : "no node of its own");
      }
      out.println("     (development keys, unencrypted, in " + dir + ")");
      KeyPair core = KeyFileIo.read(layout.adminKeys().get(0), null);
      KeyPair supplier = KeyFileIo.read(layout.adminKeys().get(1), null);
      KeyPair bank = KeyFileIo.read(layout.adminKeys().get(2), null);
      List<KeyPair> admins = new ArrayList<>();
      for (Path keyFile : layout.adminKeys()) {
        admins.add(KeyFileIo.read(keyFile, null));
      }
      FinanceStory story = null;
      LocalNetwork network = new LocalNetwork(dir.resolve("consortium"), NODE_HEAP);

      int exit;
      try {
        say(
            "Start the four nodes, each as its own process. They connect over mutually"
                + " authenticated TLS and agree on every block by BFT consensus: any three of the"
                + " four can go on without the fourth.");
        network.up(new PrintStream(OutputStream.nullOutputStream()));
        client = new ApiClient("http://127.0.0.1:" + ports[0]);
        JsonNode status = awaitPeers(client, 3);
        out.printf(
            "     chain %s, %s crypto, height %s, node-1 connected to %d peers%n",
            status.get("chainId").asText(),
            status.get("cryptoSuite").asText(),
            Long.toUnsignedString(status.get("height").asLong()),
            status.get("peers").asInt());

        CryptoSuite suite = genesis.suite();
        KeyPair clerk = suite.generate(random);
        say(
            "The core enterprise's admin registers a finance clerk who may prepare transactions (OPERATOR).");
        show(
            submit(
                core,
                call("register", "publicKey", Hex.of(clerk.publicKey()), "roles", "OPERATOR")));

        KeyPair seller = suite.generate(random);
        KeyPair approver = suite.generate(random);
        say("The supplier's admin registers a sales operator and a finance approver.");
        show(
            submit(
                supplier,
                call("register", "publicKey", Hex.of(seller.publicKey()), "roles", "OPERATOR")));
        show(
            submit(
                supplier,
                call(
                    "register",
                    "publicKey",
                    Hex.of(approver.publicKey()),
                    "roles",
                    "APPROVER,VIEWER")));

        KeyPair officer = suite.generate(random);
        say("The bank's admin registers a credit officer (APPROVER).");
        show(
            submit(
                bank,
                call("register", "publicKey", Hex.of(officer.publicKey()), "roles", "APPROVER")));

        say(
            "The clerk, who is not an admin, tries to register an account. The chain records the attempt as a failed "
                + "transaction: it changes nothing but the clerk's nonce.");
        show(
            submit(
                clerk,
                call(
                    "register",
                    "publicKey",
                    Hex.of(suite.generate(random).publicKey()),
                    "roles",
                    "ADMIN")));

        say(
            "The supplier's admin revokes the sales operator, who then tries to transact and is turned away at the door.");
        show(submit(supplier, call("revoke", "account", suite.address(seller.publicKey()).hex())));
        expectRejection(
            seller,
            call(
                "register",
                "publicKey",
                Hex.of(suite.generate(random).publicKey()),
                "roles",
                "VIEWER"),
            false);

        say(
            "Someone alters a signed transaction on its way to the node; the signature no longer matches.");
        expectRejection(
            bank,
            call(
                "register",
                "publicKey",
                Hex.of(suite.generate(random).publicKey()),
                "roles",
                "VIEWER"),
            true);

        say(
            "An auditor reads the clerk's account record with a Merkle proof and checks it against the block header alone.");
        byte[] key = IdentityRegistry.accountKey(suite.address(clerk.publicKey()));
        JsonNode state = client.get("/v1/state?keyHex=" + Hex.of(key));
        boolean verified = QueryCommand.checkProof(suite, state, key);
        out.printf(
            "     value of %d bytes at height %s, proof %s against state root %s%n",
            state.get("valueHex").asText().length() / 2,
            Long.toUnsignedString(state.get("height").asLong()),
            verified ? "VERIFIES" : "DOES NOT VERIFY",
            state.get("header").get("stateRoot").asText().substring(0, 16) + "…");
        if (!verified) {
          throw new IllegalStateException("the demo's state proof did not verify");
        }
        say(
            "The bank's node fails hard (kill -9). The other three go on: the bank's officer"
                + " registers an analyst through the core enterprise's node.");
        LocalNetwork.Member bankNode = network.members().get(2);
        LocalNetwork.process(bankNode).ifPresent(ProcessHandle::destroyForcibly);
        KeyPair analyst = suite.generate(random);
        show(
            submit(
                bank,
                call("register", "publicKey", Hex.of(analyst.publicKey()), "roles", "VIEWER")));
        long height = client.get("/v1/status").get("height").asLong();
        say(
            "Restart the bank's node. It fetches the blocks it missed from its peers, checks each"
                + " one's commit seal and re-executes it, and is back in step.");
        network.up(new PrintStream(OutputStream.nullOutputStream()));
        ApiClient bankClient = new ApiClient("http://127.0.0.1:" + ports[2]);
        long caughtUp = awaitHeight(bankClient, height);
        out.printf(
            "     node-3 at height %s (the others passed %s while it was down)%n",
            Long.toUnsignedString(caughtUp), Long.toUnsignedString(height));
        admitBankByVote(admins, suite);
        voteFinanceFee(admins);
        story = new FinanceStory(client, genesis, admins, out, this::say, random);
        story.beforeMaturity(
            CalendarDate.ofEpochMillis(
                client.get("/v1/status").get("headTimestampMillis").asLong()));
        story.recall();

        say(
            "Fast-forward to the maturity date. This is a development network, so we stop the"
                + " nodes and restart them with their clocks "
                + CLOCK_OFFSET_DAYS
                + " days ahead ([development] clock_offset_days in each node.toml); their blocks"
                + " then carry those dates. A production node has no such setting in use.");
        network.down(new PrintStream(OutputStream.nullOutputStream()));
        for (Path home : layout.nodeHomes()) {
          Files.writeString(
              home.resolve(io.credence.app.config.NodeConfig.FILE_NAME),
              "\n[development]\nclock_offset_days = " + CLOCK_OFFSET_DAYS + "\n",
              java.nio.file.StandardOpenOption.APPEND);
        }
        network.up(new PrintStream(OutputStream.nullOutputStream()));
        awaitPeers(client, 3);
        long before = client.get("/v1/status").get("height").asLong();
        awaitHeight(client, before + 1);
        out.printf(
            "     the chain's day is now %s%n",
            CalendarDate.ofEpochMillis(
                client.get("/v1/status").get("headTimestampMillis").asLong()));
        story.atMaturity();
        story.repaymentRecord();
        story.estimateFromChain("http://127.0.0.1:" + ports[0]);
        status = client.get("/v1/status");
        say(
            "Stop the four nodes, one after another. node-1 stops at height "
                + Long.toUnsignedString(status.get("height").asLong())
                + "; the last ones to stop may have committed a few more (empty) blocks.");
      } catch (ApiClient.ApiException | InterruptedException e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException(
            "the demo expected the network to accept this, but: " + e.getMessage(), e);
      } finally {
        network.down(new PrintStream(OutputStream.nullOutputStream()));
      }
      say(
          "Audit every node's stored chain offline: hash links, signatures, commit seals,"
              + " and a replay of every block from genesis.");
      exit = 0;
      for (Path home : layout.nodeHomes()) {
        out.print("     " + home.getFileName() + ": ");
        exit = Math.max(exit, VerifyCommand.verify(home, out));
      }
      if (exit == 0 && story != null) {
        say("What each party gained, from the chain's own records:");
        story.account();
        say(
            "What each member owes and earns for running the consortium, recomputed from node-1's"
                + " blocks alone (credence incentives statement): the fees its transactions owe,"
                + " and its share of them by its validator's signatures in the certificates the"
                + " month's blocks carry. Members settle among themselves; no token moves.");
        NodeConfig first = NodeConfig.load(layout.nodeHomes().get(0));
        for (IncentiveStatement.Period p : IncentivesCommand.statements(first, genesis)) {
          if (p.feesFen() > 0) {
            IncentivesCommand.print(p, genesis, new PrintStream(new Indented(out), true));
          }
        }
        say(
            "Does membership pay each member? Its net cost against what financing on the chain"
                + " saved it as a seller or earned it as a bank, from the same blocks (credence"
                + " incentives membership).");
        java.math.BigDecimal rate = IncentivesCommand.scenarioAlternativeRate();
        IncentivesCommand.printMembership(
            IncentivesCommand.membership(first, genesis, null, rate),
            genesis,
            null,
            rate,
            new PrintStream(new Indented(out), true));
      }
      if (exit == 0) {
        say(
            "Does lending on the chain pay off? The scenario analyser answers in numbers for a"
                + " supplier's receivable and a capped farm loan (credence analyse --example a|b).");
        for (String example : ScenarioFile.EXAMPLES) {
          try {
            out.print(
                TextReport.wrap(
                    example.toUpperCase(Locale.ROOT)
                        + ": "
                        + Verdict.of(Analyser.analyse(ScenarioFile.example(example))),
                    "     "));
          } catch (ScenarioException e) {
            throw new IllegalStateException(
                "built-in example " + example + ": " + e.getMessage(), e);
          }
        }
      }
      out.println(exit == 0 ? "Demo complete." : "Demo FAILED: the audit did not pass.");
      return exit;
    } finally {
      if (keep) {
        out.println("Kept " + dir);
      } else {
        try (Stream<Path> paths = Files.walk(dir)) {
          paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  /** The USCC of the bank the members admit by vote. */
  static final String NEW_BANK_USCC = io.credence.core.genesis.Uscc.forDevelopment(9);

  /**
   * A second bank asks to join: the core enterprise's admin proposes it, two more members vote yes
   * (three of five voting weight take part, all yes: the default thresholds are half taking part
   * and two thirds of the votes cast), and the deciding vote admits it; its admin then acts at
   * once.
   */
  private void admitBankByVote(List<KeyPair> admins, CryptoSuite suite)
      throws IOException, ApiClient.ApiException {
    KeyPair newAdmin = suite.generate(random);
    long expiresAt = client.get("/v1/status").get("height").asLong() + 1_000;
    say(
        "A second bank, Harbour Bank, asks to join. No member can admit it alone: the core"
            + " enterprise's admin proposes it to the members' vote (each member has a voting"
            + " weight of 1; half the weight must take part and two thirds of the votes cast be"
            + " yes), and its own vote is yes.");
    JsonNode opened =
        submit(
            admins.get(0),
            governanceCall(
                "proposeAdmission",
                "uscc",
                NEW_BANK_USCC,
                "name",
                "Harbour Bank",
                "role",
                "BANK",
                "adminKey",
                Hex.of(newAdmin.publicKey()),
                "votingWeight",
                "1",
                "expiresAt",
                Long.toString(expiresAt)));
    showGovernance(opened);
    long proposal =
        opened.path("receipt").path("events").get(0).path("attributes").path("proposal").asLong();
    say("The supplier votes yes: two of five have taken part, under half; still open.");
    showGovernance(submit(admins.get(1), vote(proposal)));
    say("The first bank votes yes: three of five, all yes. The vote passes and admits it at once.");
    showGovernance(submit(admins.get(2), vote(proposal)));
    say("Harbour Bank's admin, a member now, registers its credit officer.");
    show(
        submit(
            newAdmin,
            call(
                "register",
                "publicKey",
                Hex.of(suite.generate(random).publicKey()),
                "roles",
                "APPROVER")));
  }

  private static Call vote(long proposal) {
    return governanceCall("vote", "proposal", Long.toString(proposal), "choice", "YES");
  }

  private static Call governanceCall(String method, String... nameValues) {
    TreeMap<String, String> args = new TreeMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      args.put(nameValues[i], nameValues[i + 1]);
    }
    return io.credence.execution.Runtime.encodeCall("governance", method, args);
  }

  /** A governance receipt in words, as {@code credence gov} tells it. */
  private void showGovernance(JsonNode answer) {
    if (!FinanceCommand.Step.succeeded(answer)) {
      show(answer);
      throw new IllegalStateException("the demo's governance step was refused");
    }
    for (JsonNode e : answer.path("receipt").path("events")) {
      out.println("     " + GovCommand.words(e));
    }
  }

  /** The fee the members vote on every finance transaction, in fen. */
  static final long FINANCE_FEE_FEN = 100;

  /**
   * The members vote a fee of 1.00 yuan on every finance transaction: the core enterprise proposes,
   * the supplier and the bank vote yes (three of six voting weight now, half: passed).
   */
  private void voteFinanceFee(List<KeyPair> admins) throws IOException, ApiClient.ApiException {
    long expiresAt = client.get("/v1/status").get("height").asLong() + 1_000;
    say(
        "The members share the consortium's running costs by a fee schedule they vote on: the"
            + " core enterprise proposes 1.00 yuan on every finance transaction, owed by the"
            + " sender's organisation; the supplier and the first bank vote yes.");
    JsonNode opened =
        submit(
            admins.get(0),
            governanceCall(
                "proposeFee",
                "method",
                "finance.*",
                "fen",
                Long.toString(FINANCE_FEE_FEN),
                "expiresAt",
                Long.toString(expiresAt)));
    showGovernance(opened);
    long proposal =
        opened.path("receipt").path("events").get(0).path("attributes").path("proposal").asLong();
    showGovernance(submit(admins.get(1), vote(proposal)));
    showGovernance(submit(admins.get(2), vote(proposal)));
  }

  /** Indents what it is given by five spaces a line, as the demo's other results. */
  private static final class Indented extends OutputStream {
    private final PrintStream to;
    private boolean lineStart = true;

    Indented(PrintStream to) {
      this.to = to;
    }

    @Override
    public void write(int b) {
      if (lineStart) {
        to.print("     ");
      }
      to.write(b);
      lineStart = b == '\n';
    }
  }

  /**
   * How far the demo moves its nodes' clocks to reach the certificate's maturity: the maturity is
   * the story's day plus the tenor, and the clock only moves on, so the chain's day is then the
   * maturity (or, if the demo ran across midnight UTC, a day later).
   */
  static final int CLOCK_OFFSET_DAYS = FinanceStory.TENOR_DAYS;

  /** Each demo node's Java heap: four share the machine with the demo itself. */
  static final String NODE_HEAP = "256m";

  /** Waits until node-1 sees {@code peers} peers; its status then. */
  private static JsonNode awaitPeers(ApiClient client, int peers)
      throws IOException, ApiClient.ApiException, InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    JsonNode status = client.get("/v1/status");
    while (status.get("peers").asInt() < peers && System.nanoTime() < deadline) {
      Thread.sleep(100);
      status = client.get("/v1/status");
    }
    return status;
  }

  /** Waits until the node's committed height reaches {@code height}; its height then. */
  private static long awaitHeight(ApiClient client, long height)
      throws IOException, ApiClient.ApiException, InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    long now = client.get("/v1/status").get("height").asLong();
    while (now < height && System.nanoTime() < deadline) {
      Thread.sleep(100);
      now = client.get("/v1/status").get("height").asLong();
    }
    if (now < height) {
      throw new IllegalStateException(
          "the node did not reach height " + height + " within 60 s: height " + now);
    }
    return now;
  }

  private void say(String text) {
    out.printf("%n%2d. %s%n", ++step, text);
  }

  private static Call call(String method, String... nameValues) {
    TreeMap<String, String> args = new TreeMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      args.put(nameValues[i], nameValues[i + 1]);
    }
    return io.credence.execution.Runtime.encodeCall("identity", method, args);
  }

  private Transaction sign(KeyPair key, Call call) throws IOException, ApiClient.ApiException {
    return FinanceStory.signed(client, genesis, key, call, random);
  }

  private JsonNode submit(KeyPair key, Call call) throws IOException, ApiClient.ApiException {
    return client.submit(sign(key, call), true);
  }

  private void show(JsonNode answer) {
    for (String line : Receipts.describe(answer).split("\n")) {
      out.println("     " + line);
    }
  }

  private void expectRejection(KeyPair key, Call call, boolean tamper)
      throws IOException, ApiClient.ApiException {
    Transaction tx = sign(key, call);
    if (tamper) {
      @SuppressWarnings("unchecked")
      Map<String, Object> args =
          new TreeMap<>(
              (Map<String, Object>)
                  io.credence.execution.Runtime.decodeArguments(call).orElseThrow());
      args.put("roles", "ADMIN");
      Transaction altered =
          new Transaction(
              tx.chainId(),
              tx.sender(),
              tx.nonce(),
              tx.expiryHeight(),
              io.credence.execution.Runtime.encodeCall(call.contract(), call.method(), args),
              tx.signature());
      tx = altered;
    }
    try {
      client.submit(tx, true);
      throw new IllegalStateException(
          "the demo expected the node to reject this transaction, but it was accepted");
    } catch (ApiClient.ApiException e) {
      out.println("     rejected with HTTP " + e.status() + ", " + e.getMessage());
    }
  }
}
