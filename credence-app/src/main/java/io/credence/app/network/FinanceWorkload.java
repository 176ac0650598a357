package io.credence.app.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.credence.app.client.ApiClient;
import io.credence.core.CalendarDate;
import io.credence.core.Call;
import io.credence.core.Hex;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.ledger.chain.Transaction;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The supply-chain finance workload of {@link NetworkBench} (DOMAIN.md): many receivable
 * certificates' stories run at once, each advancing a step when its previous transaction commits. A
 * story: a tier-1 supplier registers an invoice and submits it, the core enterprise confirms the
 * certificate (operator, then approver: maker-checker); the supplier splits it 70/30, passes the
 * 30% piece to a tier-2 supplier who accepts it and sells it to a bank (offer with approval,
 * request, approval of the financing with approval); meanwhile the core enterprise pays the kept
 * 70% piece early and the supplier accepts, which settles it (settlement at maturity would need the
 * chain's day to pass the maturity). Each organisation acts through several staff accounts, so that
 * many stories advance at once while each account's nonces stay gap-free.
 */
public final class FinanceWorkload {
  /** What a transaction of the workload does, as counted in the report. */
  public enum Kind {
    ISSUE,
    SPLIT,
    TRANSFER,
    FINANCING,
    SETTLEMENT
  }

  /** A story's steps, each one transaction. */
  enum Step {
    INVOICE(Kind.ISSUE),
    SUBMIT(Kind.ISSUE),
    CONFIRM(Kind.ISSUE),
    APPROVE_CONFIRM(Kind.ISSUE),
    SPLIT(Kind.SPLIT),
    TRANSFER(Kind.TRANSFER),
    ACCEPT(Kind.TRANSFER),
    OFFER(Kind.FINANCING),
    APPROVE_OFFER(Kind.FINANCING),
    REQUEST(Kind.FINANCING),
    FINANCE(Kind.FINANCING),
    APPROVE_FINANCE(Kind.FINANCING),
    OFFER_EARLY_PAYMENT(Kind.SETTLEMENT),
    ACCEPT_EARLY_PAYMENT(Kind.SETTLEMENT);

    final Kind kind;

    Step(Kind kind) {
      this.kind = kind;
    }
  }

  /** Transactions in one story: one per step. */
  static final int TRANSACTIONS_PER_STORY = Step.values().length;

  /** Operator accounts per supplier, core enterprise and bank; approvers too for the last two. */
  static final int STAFF_PER_ROLE = 6;

  /** Stories started and not finished, at most: beyond it no story starts until one ends. */
  static final int STORIES_IN_FLIGHT_MAX = 5_000;

  /** A transaction's expiry: this many heights above the highest block seen when it is signed. */
  static final long EXPIRY_HEIGHTS_AHEAD = 2_000;

  /** Transactions sent to one node in one request, at most. */
  static final int BATCH_MAX = 1_000;

  /** How long a setup step (KYC, staff, credit lines) may take to commit. */
  static final long SETUP_MILLIS_MAX = 120_000;

  static final String FACE = "100000";
  static final String KEPT = "70000";
  static final String PASSED_ON = "30000";
  static final String EARLY_PAYMENT = "69650";
  static final int TENOR_DAYS = 90;
  static final int OFFER_DAYS = 5;
  static final String ANNUAL_COST_BP = "600";
  static final String LINE_LIMIT = "1000000000000";

  /** An account that signs the workload's transactions: one node, nonces in order, gap-free. */
  private final class Sender {
    final KeyPair key;
    final CryptoSuite.Signer signer;
    final int client;
    long nextNonce;

    Sender(KeyPair key, int client, long nextNonce) {
      this.key = key;
      this.signer = suite.signer(key.privateKey(), new SecureRandom());
      this.client = client;
      this.nextNonce = nextNonce;
    }

    /**
     * Signs {@code call} with the next nonce and queues it for this sender's node: under this
     * sender's lock, so its transactions enter the queue in nonce order.
     */
    synchronized Outgoing send(Call call, Story story, Step step) {
      Transaction tx =
          Transaction.sign(
              signer,
              genesis.chainId(),
              nextNonce++,
              seenHeight.get() + EXPIRY_HEIGHTS_AHEAD,
              call);
      Outgoing o = new Outgoing(tx, tx.hash(suite).hex(), story, step);
      if (story != null) {
        pending.put(o.hash, o);
      }
      queues.get(client).add(o);
      return o;
    }
  }

  /** A transaction of the workload on its way: sent (when), then committed. */
  private static final class Outgoing {
    final Transaction tx;
    final String hash;
    final Story story;
    final Step step;
    volatile long sentAt;

    Outgoing(Transaction tx, String hash, Story story, Step step) {
      this.tx = tx;
      this.hash = hash;
      this.story = story;
      this.step = step;
    }
  }

  /** One certificate's life and the parties in it. Touched only by the watcher once started. */
  private static final class Story {
    final int index;
    final int core;
    final int tier1;
    final int tier2;
    final int bank;
    final String line;
    String certificate;
    String kept;
    String piece;
    String offer;
    int branches = 2;

    Story(int index, int core, int tier1, int tier2, int bank, String line) {
      this.index = index;
      this.core = core;
      this.tier1 = tier1;
      this.tier2 = tier2;
      this.bank = bank;
      this.line = line;
    }
  }

  /**
   * What the finance workload measured: transactions committed in the measured window by kind, and
   * in all (warm-up and drain included), and receipts that failed, with the first few reasons.
   */
  public record Result(
      long submitted,
      long rejected,
      long committedInWindow,
      long committedTotal,
      Map<Kind, Long> committedByKind,
      Map<Kind, Long> committedAllByKind,
      Map<Kind, Long> failedByKind,
      List<String> failures,
      long storiesStarted,
      long storiesFinished,
      double seconds,
      double committedPerSecond,
      double p50Millis,
      double p95Millis,
      double p99Millis) {
    public long failed() {
      return failedByKind.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Failure messages kept for the report, at most. */
  static final int FAILURES_KEPT_MAX = 5;

  private final Genesis genesis;
  private final CryptoSuite suite;
  private final List<ApiClient> clients;
  private final List<KeyPair> adminByOrganisation;
  private final PrintStream out;
  private final SecureRandom random = new SecureRandom();
  private final String tag;
  private final AtomicLong seenHeight = new AtomicLong();
  private final List<ConcurrentLinkedQueue<Outgoing>> queues = new ArrayList<>();
  private final Map<String, Outgoing> pending = new ConcurrentHashMap<>();
  private final List<Integer> cores = new ArrayList<>();
  private final List<Integer> suppliers = new ArrayList<>();
  private final List<Integer> banks = new ArrayList<>();
  private final Map<Integer, List<Sender>> operators = new TreeMap<>();
  private final Map<Integer, List<Sender>> approvers = new TreeMap<>();
  private final Map<String, String> lines = new TreeMap<>();
  private final AtomicInteger nextClient = new AtomicInteger();
  private CalendarDate today;

  // Counters: written by the watcher and the submitters, read by the reporter.
  private final AtomicLongArray committedInWindowByKind = new AtomicLongArray(Kind.values().length);
  private final AtomicLongArray committedByKind = new AtomicLongArray(Kind.values().length);
  private final AtomicLongArray failedByKind = new AtomicLongArray(Kind.values().length);
  private final List<String> failures = new ArrayList<>();
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong committed = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong storiesFinished = new AtomicLong();
  private final List<Double> latencies = new ArrayList<>();
  private volatile long windowStart = Long.MAX_VALUE;
  private volatile long windowEnd = Long.MAX_VALUE;

  /**
   * A workload for the network behind {@code clients} (node-1 first), acting for organisation i
   * through {@code adminByOrganisation.get(i)}, the admin key genesis lists for it.
   */
  FinanceWorkload(
      Genesis genesis,
      List<ApiClient> clients,
      List<KeyPair> adminByOrganisation,
      PrintStream out) {
    this.genesis = genesis;
    this.suite = genesis.suite();
    this.clients = clients;
    this.adminByOrganisation = adminByOrganisation;
    this.out = out;
    this.tag =
        Long.toString(Math.abs(random.nextLong() % 1_000_000_000L), 36).toUpperCase(Locale.ROOT);
    for (int c = 0; c < clients.size(); c++) {
      queues.add(new ConcurrentLinkedQueue<>());
    }
    List<Genesis.Organisation> orgs = genesis.organisations();
    for (int i = 0; i < orgs.size(); i++) {
      switch (orgs.get(i).role()) {
        case CORE_ENTERPRISE -> cores.add(i);
        case SUPPLIER -> suppliers.add(i);
        case BANK -> banks.add(i);
        default -> {
          // Clearing, regulators, auditors and carriers have no part in these stories.
        }
      }
    }
  }

  /** The admin keys of {@code genesis}'s organisations, in its order, found among {@code keys}. */
  static List<KeyPair> byOrganisation(Genesis genesis, List<KeyPair> keys) {
    List<KeyPair> byOrg = new ArrayList<>();
    for (Genesis.Organisation o : genesis.organisations()) {
      byOrg.add(
          keys.stream()
              .filter(k -> Arrays.equals(k.publicKey(), o.adminPublicKey()))
              .findFirst()
              .orElse(null));
    }
    return byOrg;
  }

  /**
   * KYC for every member (by the convening organisation, the first), staff accounts for the core
   * enterprises, suppliers and banks, and a credit line from every bank to every core enterprise:
   * committed before the load starts, not measured.
   */
  void setUp() throws IOException, InterruptedException {
    if (cores.isEmpty() || banks.isEmpty() || suppliers.size() < 2) {
      throw new IOException(
          "the finance workload needs a CORE_ENTERPRISE, a BANK and two SUPPLIER members, found "
              + cores.size()
              + ", "
              + banks.size()
              + " and "
              + suppliers.size()
              + " (credence init --orgs 5 or more)");
    }
    for (int i = 0; i < adminByOrganisation.size(); i++) {
      if (adminByOrganisation.get(i) == null && (i == 0 || takesPart(i))) {
        throw new IOException(
            "the finance workload needs the admin key of "
                + genesis.organisations().get(i).name()
                + " under orgs/, found none");
      }
    }
    JsonNode status = get(clients.get(0), "/v1/status");
    seenHeight.set(status.get("height").asLong());
    today = CalendarDate.ofEpochMillis(status.get("headTimestampMillis").asLong());

    out.printf(
        Locale.ROOT,
        "finance set-up: KYC for %d members, staff for %d core enterprises, %d suppliers and %d"
            + " banks, %d credit lines...%n",
        genesis.organisations().size(),
        cores.size(),
        suppliers.size(),
        banks.size(),
        cores.size() * banks.size());
    Sender convenor = admin(0);
    List<Outgoing> steps = new ArrayList<>();
    for (Genesis.Organisation o : genesis.organisations()) {
      steps.add(
          convenor.send(
              call(
                  "identity",
                  "setKyc",
                  "organisation",
                  o.uscc(),
                  "status",
                  "VERIFIED",
                  "validUntil",
                  today.plusDays(730).toString()),
              null,
              null));
    }
    List<KeyPair> newOperators = new ArrayList<>();
    List<Integer> operatorOrgs = new ArrayList<>();
    List<KeyPair> newApprovers = new ArrayList<>();
    List<Integer> approverOrgs = new ArrayList<>();
    for (int org = 0; org < genesis.organisations().size(); org++) {
      if (!takesPart(org)) {
        continue;
      }
      Sender admin = org == 0 ? convenor : admin(org);
      boolean decides = cores.contains(org) || banks.contains(org);
      for (int k = 0; k < STAFF_PER_ROLE; k++) {
        KeyPair operator = suite.generate(random);
        newOperators.add(operator);
        operatorOrgs.add(org);
        steps.add(admin.send(register(operator, "OPERATOR"), null, null));
        if (decides) {
          KeyPair approver = suite.generate(random);
          newApprovers.add(approver);
          approverOrgs.add(org);
          steps.add(admin.send(register(approver, "APPROVER"), null, null));
        }
      }
    }
    flushAndAwait(steps);
    for (int i = 0; i < newOperators.size(); i++) {
      operators
          .computeIfAbsent(operatorOrgs.get(i), o -> new ArrayList<>())
          .add(new Sender(newOperators.get(i), nextClient(), 0));
    }
    for (int i = 0; i < newApprovers.size(); i++) {
      approvers
          .computeIfAbsent(approverOrgs.get(i), o -> new ArrayList<>())
          .add(new Sender(newApprovers.get(i), nextClient(), 0));
    }

    List<Outgoing> prepared = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int bank : banks) {
      for (int core : cores) {
        prepared.add(
            operators
                .get(bank)
                .get(0)
                .send(
                    call(
                        "finance",
                        "grantLine",
                        "obligor",
                        uscc(core),
                        "limit",
                        LINE_LIMIT,
                        "validFrom",
                        today.toString(),
                        "validUntil",
                        today.plusDays(365).toString()),
                    null,
                    null));
        keys.add(bank + "/" + core);
      }
    }
    flushAndAwait(prepared);
    List<Outgoing> approvals = new ArrayList<>();
    int p = 0;
    for (int bank : banks) {
      for (int ignored : cores) {
        approvals.add(approvers.get(bank).get(0).send(approve(prepared.get(p++).hash), null, null));
      }
    }
    List<JsonNode> receipts = flushAndAwait(approvals);
    for (int i = 0; i < receipts.size(); i++) {
      lines.put(keys.get(i), attribute(receipts.get(i), "LineGranted", "line"));
    }
  }

  private boolean takesPart(int org) {
    return cores.contains(org) || suppliers.contains(org) || banks.contains(org);
  }

  private Sender admin(int org) throws IOException {
    KeyPair key = adminByOrganisation.get(org);
    String address = suite.address(key.publicKey()).hex();
    long nonce = get(clients.get(0), "/v1/accounts/" + address).get("nextNonce").asLong();
    // Set-up transactions all go to node-1, in one ordered batch per flush.
    return new Sender(key, 0, nonce);
  }

  private int nextClient() {
    return nextClient.getAndIncrement() % clients.size();
  }

  /**
   * Sends what the set-up queued and waits until each of {@code steps} has committed with success;
   * their receipts.
   */
  private List<JsonNode> flushAndAwait(List<Outgoing> steps)
      throws IOException, InterruptedException {
    for (int c = 0; c < clients.size(); c++) {
      List<Transaction> batch = new ArrayList<>();
      for (Outgoing o; (o = queues.get(c).poll()) != null; ) {
        batch.add(o.tx);
      }
      for (int from = 0; from < batch.size(); from += BATCH_MAX) {
        JsonNode results;
        try {
          results =
              clients
                  .get(c)
                  .submitBatch(batch.subList(from, Math.min(batch.size(), from + BATCH_MAX)))
                  .get("results");
        } catch (ApiClient.ApiException e) {
          throw new IOException("finance set-up: " + e.getMessage(), e);
        }
        for (JsonNode r : results) {
          if (!r.path("status").asText().equals("PENDING")) {
            throw new IOException("finance set-up: a transaction was refused: " + r);
          }
        }
      }
    }
    List<JsonNode> receipts = new ArrayList<>();
    long deadline = System.nanoTime() + SETUP_MILLIS_MAX * 1_000_000;
    for (Outgoing o : steps) {
      while (true) {
        JsonNode answer;
        try {
          answer = clients.get(0).get("/v1/transactions/" + o.hash);
        } catch (ApiClient.ApiException e) {
          answer = null;
        }
        if (answer != null && answer.path("status").asText().equals("COMMITTED")) {
          JsonNode receipt = answer.path("receipt");
          if (!receipt.path("status").asText().equals("SUCCESS")) {
            throw new IOException(
                "finance set-up: "
                    + o.tx.call().contract()
                    + "."
                    + o.tx.call().method()
                    + " failed: "
                    + receipt.path("rejectionCode").asText()
                    + ": "
                    + receipt.path("rejectionMessage").asText());
          }
          seenHeight.accumulateAndGet(answer.path("height").asLong(), Math::max);
          receipts.add(receipt);
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IOException(
              "finance set-up: transaction " + o.hash + " not committed within 120 s");
        }
        Thread.sleep(100);
      }
    }
    return receipts;
  }

  /**
   * Runs stories for {@code warmupSeconds} and then {@code seconds} measured, starting them at
   * {@code rate} / {@value #TRANSACTIONS_PER_STORY} a second so that about {@code rate}
   * transactions a second are offered once the first stories are under way; then waits for what was
   * sent to commit.
   */
  Result run(int rate, int seconds, int warmupSeconds) throws InterruptedException {
    long height = seenHeight.get();
    long start = System.nanoTime();
    windowStart = start + warmupSeconds * 1_000_000_000L;
    windowEnd = windowStart + seconds * 1_000_000_000L;
    long end = windowEnd;
    if (warmupSeconds > 0) {
      out.printf(Locale.ROOT, "warming up for %d s (not counted)...%n", warmupSeconds);
    }
    Thread watcher =
        new Thread(
            () -> NetworkBench.watch(clients.get(0), height, this::onCommitted), "finance-watcher");
    watcher.setDaemon(true);
    watcher.start();
    List<Thread> submitters = new ArrayList<>();
    for (int c = 0; c < clients.size(); c++) {
      int client = c;
      Thread t = new Thread(() -> submit(client, end), "finance-submitter-" + c);
      t.start();
      submitters.add(t);
    }
    double storiesPerSecond = rate / (double) TRANSACTIONS_PER_STORY;
    int started = 0;
    long lastReport = start;
    while (System.nanoTime() < end) {
      double elapsed = (System.nanoTime() - start) / 1e9;
      long due = (long) Math.ceil(elapsed * storiesPerSecond);
      while (started < due && inFlight.get() < STORIES_IN_FLIGHT_MAX) {
        begin(started++);
      }
      Thread.sleep(NetworkBench.BATCH_EVERY_MILLIS);
      if (System.nanoTime() - lastReport >= 5_000_000_000L) {
        lastReport = System.nanoTime();
        out.printf(
            Locale.ROOT,
            "  %3.0f s: %,d stories started, %,d finished; %,d submitted, %,d committed%n",
            (lastReport - start) / 1e9,
            started,
            storiesFinished.get(),
            submitted.get(),
            committed.get());
      }
    }
    for (Thread t : submitters) {
      t.join();
    }
    long drainEnd = System.nanoTime() + NetworkBench.DRAIN_MILLIS * 1_000_000;
    while (System.nanoTime() < drainEnd && sentAndWaiting() > 0) {
      Thread.sleep(100);
    }
    watcher.interrupt();
    watcher.join();
    double[] sorted;
    synchronized (latencies) {
      sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }
    Map<Kind, Long> byKind = new EnumMap<>(Kind.class);
    Map<Kind, Long> allByKind = new EnumMap<>(Kind.class);
    Map<Kind, Long> failedKinds = new EnumMap<>(Kind.class);
    long inWindow = 0;
    for (Kind k : Kind.values()) {
      byKind.put(k, committedInWindowByKind.get(k.ordinal()));
      allByKind.put(k, committedByKind.get(k.ordinal()));
      failedKinds.put(k, failedByKind.get(k.ordinal()));
      inWindow += committedInWindowByKind.get(k.ordinal());
    }
    List<String> kept;
    synchronized (failures) {
      kept = List.copyOf(failures);
    }
    return new Result(
        submitted.get(),
        rejected.get(),
        inWindow,
        committed.get(),
        byKind,
        allByKind,
        failedKinds,
        kept,
        started,
        storiesFinished.get(),
        seconds,
        inWindow / (double) seconds,
        NetworkBench.percentile(sorted, 0.50),
        NetworkBench.percentile(sorted, 0.95),
        NetworkBench.percentile(sorted, 0.99));
  }

  /** Transactions sent and not yet seen committed. */
  private long sentAndWaiting() {
    return pending.values().stream().filter(o -> o.sentAt != 0).count();
  }

  /** Story {@code i}: its parties in turn among the members, and its first transaction. */
  private void begin(int i) {
    int core = cores.get(i % cores.size());
    int bank = banks.get((i / cores.size()) % banks.size());
    int tier1 = suppliers.get(i % suppliers.size());
    int tier2 = suppliers.get((i + 1) % suppliers.size());
    Story s = new Story(i, core, tier1, tier2, bank, lines.get(bank + "/" + core));
    inFlight.incrementAndGet();
    send(
        s,
        Step.INVOICE,
        operator(tier1, i),
        call(
            "finance",
            "registerInvoice",
            "number",
            invoiceNumber(s),
            "buyer",
            uscc(core),
            "amount",
            FACE,
            "issued",
            today.toString(),
            "document",
            suite.hash(("invoice " + invoiceNumber(s)).getBytes(StandardCharsets.UTF_8)).hex()));
  }

  private String invoiceNumber(Story s) {
    return "BENCH-" + tag + "-" + s.index;
  }

  /** The watcher saw {@code tx} committed at {@code now}: count it and advance its story. */
  private void onCommitted(JsonNode tx, long height, long now) {
    seenHeight.accumulateAndGet(height, Math::max);
    Outgoing o = pending.remove(tx.path("hash").asText());
    if (o == null) {
      return;
    }
    committed.incrementAndGet();
    Kind kind = o.step.kind;
    committedByKind.incrementAndGet(kind.ordinal());
    if (now >= windowStart && now <= windowEnd) {
      committedInWindowByKind.incrementAndGet(kind.ordinal());
    }
    if (o.sentAt >= windowStart && o.sentAt != 0) {
      synchronized (latencies) {
        latencies.add((now - o.sentAt) / 1e6);
      }
    }
    JsonNode receipt = tx.path("receipt");
    if (!receipt.path("status").asText().equals("SUCCESS")) {
      failedByKind.incrementAndGet(kind.ordinal());
      synchronized (failures) {
        if (failures.size() < FAILURES_KEPT_MAX) {
          failures.add(
              o.step
                  + " of story "
                  + o.story.index
                  + ": "
                  + receipt.path("rejectionCode").asText()
                  + ": "
                  + receipt.path("rejectionMessage").asText());
        }
      }
      // The story cannot go on; it no longer holds a place among those in flight.
      inFlight.decrementAndGet();
      return;
    }
    try {
      advance(o.story, o.step, o.hash, receipt);
    } catch (IllegalStateException e) {
      // A receipt without the event the next step needs: the story stops and the report says why.
      failedByKind.incrementAndGet(kind.ordinal());
      synchronized (failures) {
        if (failures.size() < FAILURES_KEPT_MAX) {
          failures.add(o.step + " of story " + o.story.index + ": " + e.getMessage());
        }
      }
      inFlight.decrementAndGet();
    }
  }

  /** The story's next transaction(s) once {@code done} has committed with success. */
  private void advance(Story s, Step done, String hash, JsonNode receipt) {
    switch (done) {
      case INVOICE ->
          send(
              s,
              Step.SUBMIT,
              operator(s.tier1, s.index),
              call(
                  "finance",
                  "submit",
                  "invoiceNumber",
                  invoiceNumber(s),
                  "face",
                  FACE,
                  "maturity",
                  today.plusDays(TENOR_DAYS).toString()));
      case SUBMIT -> {
        s.certificate = hash;
        send(
            s,
            Step.CONFIRM,
            operator(s.core, s.index),
            call("finance", "confirm", "certificate", s.certificate, "line", s.line));
      }
      case CONFIRM -> send(s, Step.APPROVE_CONFIRM, approver(s.core, s.index), approve(hash));
      case APPROVE_CONFIRM -> {
        TreeMap<String, Object> args = new TreeMap<>();
        args.put("certificate", s.certificate);
        args.put("parts", List.of(KEPT, PASSED_ON));
        send(
            s,
            Step.SPLIT,
            operator(s.tier1, s.index),
            io.credence.execution.Runtime.encodeCall("finance", "split", args));
      }
      case SPLIT -> {
        String[] pieces = attribute(receipt, "CertificateSplit", "pieces").split(",");
        s.kept = pieces[0];
        s.piece = pieces[1];
        send(
            s,
            Step.TRANSFER,
            operator(s.tier1, s.index),
            call("finance", "transfer", "certificate", s.piece, "to", uscc(s.tier2)));
        send(
            s,
            Step.OFFER_EARLY_PAYMENT,
            operator(s.core, s.index),
            call("finance", "offerEarlyPayment", "certificate", s.kept, "amount", EARLY_PAYMENT));
      }
      case TRANSFER ->
          send(
              s,
              Step.ACCEPT,
              operator(s.tier2, s.index),
              call("finance", "accept", "certificate", s.piece));
      case ACCEPT ->
          send(
              s,
              Step.OFFER,
              operator(s.bank, s.index),
              call(
                  "finance",
                  "offer",
                  "certificate",
                  s.piece,
                  "annualCostBp",
                  ANNUAL_COST_BP,
                  "recourse",
                  "true",
                  "validUntil",
                  today.plusDays(OFFER_DAYS).toString()));
      case OFFER -> send(s, Step.APPROVE_OFFER, approver(s.bank, s.index), approve(hash));
      case APPROVE_OFFER -> {
        s.offer = attribute(receipt, "FinancingOffered", "offer");
        send(
            s,
            Step.REQUEST,
            operator(s.tier2, s.index),
            call("finance", "requestFinancing", "certificate", s.piece, "offer", s.offer));
      }
      case REQUEST ->
          send(
              s,
              Step.FINANCE,
              operator(s.bank, s.index),
              call(
                  "finance",
                  "approveFinancing",
                  "certificate",
                  s.piece,
                  "registrationNumber",
                  "DJ-" + tag + "-" + s.index,
                  "registrationDate",
                  today.toString()));
      case FINANCE -> send(s, Step.APPROVE_FINANCE, approver(s.bank, s.index), approve(hash));
      case OFFER_EARLY_PAYMENT ->
          send(
              s,
              Step.ACCEPT_EARLY_PAYMENT,
              operator(s.tier1, s.index),
              call("finance", "acceptEarlyPayment", "certificate", s.kept));
      case APPROVE_FINANCE, ACCEPT_EARLY_PAYMENT -> {
        if (--s.branches == 0) {
          storiesFinished.incrementAndGet();
          inFlight.decrementAndGet();
        }
      }
    }
  }

  private void send(Story s, Step step, Sender sender, Call call) {
    sender.send(call, s, step);
  }

  /** Story {@code i}'s operator of {@code org}: stories spread over the organisation's staff. */
  private Sender operator(int org, int i) {
    List<Sender> staff = operators.get(org);
    return staff.get((i / suppliers.size()) % staff.size());
  }

  private Sender approver(int org, int i) {
    List<Sender> staff = approvers.get(org);
    return staff.get((i / suppliers.size()) % staff.size());
  }

  /**
   * Sends this node's queued transactions in batches every {@link NetworkBench#BATCH_EVERY_MILLIS}
   * until {@code end}; one refused at admission is sent again (the same bytes) first in the next
   * batch, so no nonce gap is left behind it.
   */
  private void submit(int client, long end) {
    ApiClient api = clients.get(client);
    List<Outgoing> again = new ArrayList<>();
    while (System.nanoTime() < end) {
      List<Outgoing> batch = new ArrayList<>(again);
      again.clear();
      for (Outgoing o; batch.size() < BATCH_MAX && (o = queues.get(client).poll()) != null; ) {
        batch.add(o);
      }
      if (!batch.isEmpty()) {
        long now = System.nanoTime();
        for (Outgoing o : batch) {
          if (o.sentAt == 0) {
            o.sentAt = now;
          }
        }
        try {
          JsonNode results = api.submitBatch(batch.stream().map(o -> o.tx).toList()).get("results");
          for (int i = 0; i < batch.size(); i++) {
            JsonNode r = results.get(i);
            String code = r.path("code").asText("");
            if (r.path("status").asText().equals("PENDING") || code.equals("DUPLICATE")) {
              submitted.incrementAndGet();
            } else {
              rejected.incrementAndGet();
              again.add(batch.get(i));
            }
          }
        } catch (IOException | ApiClient.ApiException e) {
          rejected.addAndGet(batch.size());
          again.addAll(batch);
        }
      }
      try {
        Thread.sleep(NetworkBench.BATCH_EVERY_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private String uscc(int org) {
    return genesis.organisations().get(org).uscc();
  }

  private Call register(KeyPair key, String role) {
    return call("identity", "register", "publicKey", Hex.of(key.publicKey()), "roles", role);
  }

  private static Call approve(String id) {
    return call("approvals", "approve", "id", id);
  }

  private static Call call(String contract, String method, String... nameValues) {
    TreeMap<String, Object> args = new TreeMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      args.put(nameValues[i], nameValues[i + 1]);
    }
    return io.credence.execution.Runtime.encodeCall(contract, method, args);
  }

  private static String attribute(JsonNode receipt, String event, String name) {
    for (JsonNode e : receipt.path("events")) {
      if (e.path("name").asText().equals(event)) {
        return e.path("attributes").path(name).asText();
      }
    }
    throw new IllegalStateException(
        "finance workload: expected a " + event + " event in the receipt, found " + receipt);
  }

  private static JsonNode get(ApiClient client, String path) throws IOException {
    try {
      return client.get(path);
    } catch (ApiClient.ApiException e) {
      throw new IOException(path + ": " + e.getMessage(), e);
    }
  }
}
