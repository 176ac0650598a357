package io.credence.simulator;

import io.credence.consensus.Consensus;
import io.credence.consensus.ExecutionPort;
import io.credence.consensus.LeaderElection;
import io.credence.consensus.Outbox;
import io.credence.consensus.ValidatorSet;
import io.credence.consensus.message.Block;
import io.credence.consensus.message.Message;
import io.credence.consensus.message.QuorumCert;
import io.credence.consensus.message.Signature;
import io.credence.consensus.message.VoteData;
import io.credence.core.Hash;
import io.credence.core.codec.CodecException;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.KeyPair;
import io.credence.core.crypto.SeededRandom;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * A deterministic cluster: the real {@link Consensus} replicas on a simulated network (delay, loss,
 * duplication, reordering, partitions), simulated durable storage with crashes and restarts, and a
 * simulated clock. One seed drives everything. After every event it checks agreement, validity,
 * that no honest validator signs two different votes or proposals for one round, and identical
 * state roots at each height; at the end, liveness after the faults healed. A violation names the
 * seed and keeps the tail of the event trace.
 */
public final class Simulation {
  /** Frames longer than this are dropped by the network before they are decoded. */
  public static final int MESSAGE_BYTES_MAX = 1 << 20;

  static final int TRACE_LINES = 40;

  /**
   * Faults that struck in a run (a scenario arms them; not every one fires): crashes at writes,
   * restarts from a wiped disk, answers a sync liar forged or withheld.
   */
  public record FaultsStruck(
      Map<Scenario.Write, Integer> crashesAtWrites, long wipedRestarts, long syncLies) {
    public FaultsStruck {
      crashesAtWrites = Map.copyOf(crashesAtWrites);
    }

    /** Crashes at any kind of write. */
    public long crashesAtAnyWrite() {
      return crashesAtWrites.values().stream().mapToLong(Integer::longValue).sum();
    }
  }

  /** What a simulation found. */
  public record Result(
      long seed,
      Scenario scenario,
      long blocksCommitted,
      long rounds,
      long timeouts,
      long messages,
      long messagesDropped,
      int evidence,
      long epochEndsJudged,
      FaultsStruck faults,
      List<String> violations,
      List<String> traceTail) {
    public boolean isOk() {
      return violations.isEmpty();
    }
  }

  private final long seed;
  private final Scenario scenario;
  private final Random random;
  private final CryptoSuite suite = CryptoSuite.named("standard");
  private final ValidatorSet validators;
  private final List<KeyPair> keys = new ArrayList<>();
  private final List<byte[]> publicKeys;
  private final Map<java.nio.ByteBuffer, Integer> nodeByKey = new HashMap<>();
  // The first block of each epoch, as the honest replicas committed them; the oracle keeps the
  // validator sets.
  private final Map<Long, Hash> epochStarts = new HashMap<>();
  private final Oracle oracle;
  private byte[] lastObservedFrame;
  private final Hash startId;
  private final Block genesis;
  private final QuorumCert genesisQc;
  private final List<Node> nodes = new ArrayList<>();
  private final SimulatedNetwork network;
  private final SimulatedNetwork.Corruption corruption;
  private final ArrayDeque<String> trace = new ArrayDeque<>();
  private final List<String> violations = new ArrayList<>();
  private final Map<Long, ExecutionPort.Certified> canonical = new HashMap<>();
  private final Map<String, Map<Integer, Object>> signedByRound = new HashMap<>();
  private final Consensus.Config config;
  private long tick;
  private boolean amnesia;
  private final Map<Scenario.Write, Integer> struckAtWrite =
      new java.util.EnumMap<>(Scenario.Write.class);
  private int wipedRestarts;
  private long syncLies;
  private final PlainWorkload workload;
  // Ledger mode: the real ledger under consensus, with a workload of signed transactions.
  private LedgerWorkload ledgerWorkload;

  /** A tick stands for this many milliseconds (the node's own tick). */
  static final long TICK_MILLIS = 10;

  private KeyPair outsider;
  private Twins twins;

  public Simulation(long seed, Scenario scenario) {
    this(seed, scenario, Consensus.Config.DEFAULTS);
  }

  public Simulation(long seed, Scenario scenario, Consensus.Config config) {
    this.seed = seed;
    this.scenario = scenario;
    this.config = config;
    this.random = new Random(seed);
    this.oracle = new Oracle(suite, this::violation);
    // The wire's faults, in the order they act: partitions, then (until the heal) loss,
    // duplication and byte corruption; delays and reordering go on after the heal.
    long heal = scenario.healTick();
    corruption = new SimulatedNetwork.Corruption(random, heal, scenario.faults().corruptPerMille());
    network =
        new SimulatedNetwork(random, () -> tick, scenario.delayTicksMin(), scenario.delayTicksMax())
            .with(SimulatedNetwork.partitions(scenario.partitions()))
            .with(SimulatedNetwork.loss(random, heal, scenario.dropPerMille()))
            .with(SimulatedNetwork.duplication(random, heal, scenario.duplicatePerMille()))
            .with(corruption)
            .routedBy(this::routeToTwin);
    SecureRandom keyRandom = SeededRandom.of(seed);
    publicKeys = new ArrayList<>();
    for (int i = 0; i < scenario.nodes(); i++) {
      KeyPair k = suite.generate(keyRandom);
      keys.add(k);
      nodeByKey.put(java.nio.ByteBuffer.wrap(k.publicKey()), i);
      if (i < scenario.validators()) {
        publicKeys.add(k.publicKey());
      }
    }
    validators = new ValidatorSet(1, publicKeys, suite);
    workload = new PlainWorkload(suite, scenario, keys, random, () -> tick);
    startId =
        suite.hash(
            ("credence-sim-genesis-" + seed).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    genesisQc = QuorumCert.genesis(1, startId);
    genesis = new Block(1, 0, genesisQc, 0, new byte[0], suite.hash(new byte[0]));
    epochStarts.put(1L, startId);
    oracle.firstEpoch(publicKeys, startId);
    for (int i = 0; i < scenario.nodes(); i++) {
      Scenario.Behaviour b = scenario.byzantine().get(i);
      nodes.add(new Node(i, 0, b));
      if (b == Scenario.Behaviour.TWINS) {
        nodes.add(new Node(i, 1, b));
      }
    }
  }

  /**
   * Twins scenario number {@code index} of those scripting {@code rounds} rounds ({@link Twins}),
   * with its own seed for keys and delays.
   */
  public static Simulation twins(long index, int rounds) {
    Twins script = Twins.nth(index, rounds);
    Simulation sim = new Simulation(index, script.scenario());
    sim.twins = script;
    return sim;
  }

  /** The Twins script this simulation runs, or null. */
  public Twins twinsScript() {
    return twins;
  }

  /**
   * Adds a non-validator that sends validly signed votes and timeouts under its own key, some
   * claiming a validator's index: every replica must drop them.
   */
  public Simulation withOutsider() {
    SecureRandom r = SeededRandom.of(seed ^ 0xBADL);
    outsider = suite.generate(r);
    return this;
  }

  /**
   * Runs each validator as the node's one replica ({@code io.credence.node.Replica}, as production
   * assembles it) on its own simulated disk, with this simulator's network (messages encoded as on
   * the wire), storage faults and Byzantine rewriting; clients submit signed registry transactions
   * at one live node each, and gossip, catch-up and commits run as in a node. The oracles rebuild
   * each committed block's consensus block and quorum certificate from its seal in the ledger
   * alone. State roots compared per height are then ledger header hashes.
   */
  public Simulation withLedger() {
    if (scenario.byzantine().containsValue(Scenario.Behaviour.EQUIVOCATION_FLOOD)) {
      throw new IllegalArgumentException(
          "ledger mode: expected no EQUIVOCATION_FLOOD (its proposals are built for the plain"
              + " workload), found one");
    }
    ledgerWorkload =
        new LedgerWorkload(seed, suite, scenario, keys, random, this::liveHonestReplicas);
    return this;
  }

  /** The replicas running on honest nodes, in node order: where clients submit. */
  private List<io.credence.node.Replica> liveHonestReplicas() {
    List<io.credence.node.Replica> live = new ArrayList<>();
    for (Node n : nodes) {
      if (n.replica != null && n.isHonest()) {
        live.add(n.replica);
      }
    }
    return live;
  }

  /** The ledger store of a node in ledger mode, for audits; null otherwise. */
  public io.credence.ledger.store.BlockStore ledgerOf(int node) {
    return nodes.get(node).ledger();
  }

  /** The ledger's genesis in ledger mode; null otherwise. */
  public io.credence.core.genesis.Genesis ledgerGenesis() {
    return ledgerWorkload == null ? null : ledgerWorkload.genesis();
  }

  /**
   * A planted bug for testing the harness: safety data is lost when a validator crashes, as if the
   * storage port acknowledged writes it never synced. The simulator must then report double
   * signing.
   */
  public Simulation withAmnesia() {
    amnesia = true;
    return this;
  }

  /** Runs the whole scenario. */
  public Result run() {
    for (Node n : nodes) {
      n.start();
    }
    if (ledgerWorkload != null) {
      // The ledger's first consensus block is its genesis block: epoch 1 starts there.
      Hash ledgerStart = nodes.get(0).ledger().header(0).hash(suite);
      epochStarts.put(1L, ledgerStart);
      oracle.firstEpoch(publicKeys, ledgerStart);
    }
    for (tick = 1; tick <= scenario.ticks(); tick++) {
      applyCrashes();
      applyOutages();
      deliverDue();
      if (outsider != null && tick % 5 == 0) {
        sendAsOutsider();
      }
      if (ledgerWorkload != null) {
        ledgerWorkload.onTick(tick);
      }
      for (Node n : nodes) {
        if (n.isUp()) {
          n.onTick();
          finishDying(n);
          if (!n.isUp()) {
            continue;
          }
          n.misbehave();
          check(n);
        }
      }
      if (!violations.isEmpty()) {
        break;
      }
    }
    for (Node n : nodes) {
      log(
          "final state of "
              + n.index
              + (n.isHonest() ? "" : " (" + n.behaviour + ")")
              + ": "
              + (!n.isUp()
                  ? "crashed"
                  : "round "
                      + n.consensus().currentRound()
                      + ", highest QC round "
                      + n.consensus().highQc().round())
              + ", committed "
              + n.chain.size());
    }
    if (corruption.corrupted() > 0) {
      log(corruption.corrupted() + " frames corrupted on the way");
    }
    checkLiveness();
    long committed = Long.MAX_VALUE;
    long rounds = 0;
    long timeouts = 0;
    long dropped = network.dropped();
    int evidence = 0;
    for (Node n : nodes) {
      if (isLiveValidator(n)) {
        committed = Math.min(committed, n.chain.size());
      }
      if (n.isUp()) {
        rounds = Math.max(rounds, n.consensus().currentRound());
      }
      timeouts += n.timeoutsSent;
      dropped += n.dropped + (!n.isUp() ? 0 : n.consensus().stats().messagesDropped);
      evidence = Math.max(evidence, !n.isUp() ? 0 : n.consensus().evidence().size());
    }
    return new Result(
        seed,
        scenario,
        committed == Long.MAX_VALUE ? 0 : committed,
        rounds,
        timeouts,
        network.sent(),
        dropped,
        evidence,
        oracle.epochEndsJudged(),
        new FaultsStruck(struckAtWrite, wipedRestarts, syncLies),
        List.copyOf(violations),
        List.copyOf(trace));
  }

  public List<Evidences> evidence() {
    List<Evidences> out = new ArrayList<>();
    for (Node n : nodes) {
      if (n.isUp()) {
        n.consensus()
            .evidence()
            .forEach(e -> out.add(new Evidences(n.index, e.validator(), e.round())));
      }
    }
    return out;
  }

  /** Who reported equivocation evidence against whom, for which round. */
  public record Evidences(int reporter, int validator, long round) {}

  /** The largest number of items any replica held at any point: for memory bounds. */
  public int heldItemsMax() {
    return heldMax;
  }

  private int heldMax;

  /**
   * Votes and timeouts signed by a key outside the validator set, under its own index and validator
   * 0's.
   */
  private void sendAsOutsider() {
    CryptoSuite.Signer signer = suite.signer(outsider.privateKey(), null);
    int outsiderIndex = scenario.nodes();
    // As itself (dropped: not a validator) and spoofing validator 0's address (dropped: bad
    // signature).
    for (int claimed : new int[] {outsiderIndex, 0}) {
      List<Message> forged = FutureRounds.voteAndTimeout(suite, signer, claimed, tick, startId);
      for (int to = 0; to < scenario.nodes(); to++) {
        for (Message m : forged) {
          send(claimed, -1, to, frame(m));
        }
      }
    }
  }

  /** How many forged certificates the honest replicas rejected, summed. */
  public long certificatesRejected() {
    long rejected = 0;
    for (Node n : nodes) {
      if (n.isHonest() && n.isUp()) {
        rejected += n.consensus().stats().certificatesRejected;
      }
    }
    return rejected;
  }

  private void applyCrashes() {
    for (Scenario.Crash c : scenario.crashes()) {
      for (Node n : nodes) {
        if (n.index != c.node()) {
          continue;
        }
        if (c.atTick() == tick && n.isUp()) {
          if (c.moment() != Scenario.Moment.AT_TICK) {
            // Ledger mode: the ledger is the node's own store, so a commit crash strikes at the
            // next block write instead.
            n.consensusDisk.arm(
                ledgerWorkload != null && c.write() == Scenario.Write.COMMIT
                    ? new Scenario.Crash(
                        c.node(),
                        c.atTick(),
                        c.downTicks(),
                        c.moment(),
                        Scenario.Write.BLOCK,
                        c.wiped())
                    : c);
          } else {
            crash(n, c);
          }
        }
        if (n.restartAt == tick && !n.isUp()) {
          n.restartAt = -1;
          if (n.wipeOnRestart) {
            log("restart " + n.index + " from a wiped disk");
            wipedRestarts++;
            n.wipe();
          } else {
            log("restart " + n.index);
          }
          n.start();
        }
      }
    }
  }

  /** Outages measured in rounds: down at their tick, up once the others moved on far enough. */
  private void applyOutages() {
    for (Scenario.Outage o : scenario.outages()) {
      for (Node n : nodes) {
        if (n.index != o.node()) {
          continue;
        }
        if (o.atTick() == tick && n.isUp()) {
          n.outageFromRound = highestHonestRound();
          n.outage = o;
          log("outage of " + n.index + " from round " + n.outageFromRound);
          goDown(n);
        } else if (n.outage == o
            && !n.isUp()
            && (highestHonestRound() >= n.outageFromRound + o.rounds()
                || tick >= o.latestRestartTick())) {
          log("restart " + n.index + " at round " + highestHonestRound() + " after the outage");
          n.outage = null;
          n.start();
          // Liveness counts from here: it must catch up and commit again.
          n.heightAtHeal = n.chain.size();
        }
      }
    }
  }

  private long highestHonestRound() {
    long round = 0;
    for (Node n : nodes) {
      if (n.isUp() && n.isHonest()) {
        round = Math.max(round, n.consensus().currentRound());
      }
    }
    return round;
  }

  private void crash(Node n, Scenario.Crash c) {
    goDown(n);
    n.wipeOnRestart = c.wiped();
    n.restartAt = tick + Math.max(1, c.downTicks());
  }

  /** Node {@code n} stops: what it kept in memory is gone (and with amnesia, its safety data). */
  private void goDown(Node n) {
    log("crash " + n.index);
    n.down();
    n.consensusDisk.onDown(amnesia);
  }

  /**
   * Completes a crash that began inside a safety write, once the handler that wrote has returned.
   */
  private void finishDying(Node n) {
    if (n.consensusDisk.isDying()) {
      Scenario.Crash c = n.consensusDisk.struck();
      struckAtWrite.merge(c.write(), 1, Integer::sum);
      crash(n, c);
    }
  }

  private void deliverDue() {
    for (SimulatedNetwork.Delivery d = network.pollDue(tick);
        d != null;
        d = network.pollDue(tick)) {
      for (Node n : nodes) {
        if (n.index == d.to() && (d.twin() < 0 || d.twin() == n.twin) && n.isUp()) {
          n.receive(d.from(), d.frame());
          check(n);
          finishDying(n);
        }
      }
    }
  }

  private void send(int from, int twin, int to, byte[] frame) {
    send(from, twin, to, frame, 0);
  }

  /** A consensus message on the wire: wrapped as the node's message in ledger mode. */
  private byte[] frame(Message m) {
    return ledgerWorkload != null
        ? io.credence.node.message.NodeMessage.CODEC.encode(
            new io.credence.node.message.NodeMessage.Consensus(m))
        : Message.CODEC.encode(m);
  }

  private void send(int from, int twin, int to, byte[] frame, long extraDelay) {
    observe(frame);
    network.send(from, twin, to, frame, extraDelay);
  }

  /**
   * Twins: each copy of a doubled validator hears only its half of the network, or, in a Twins
   * script, the copies on the sender's side of the split of the sender's round.
   */
  private int routeToTwin(SimulatedNetwork.Envelope e, long now) {
    if (twins == null) {
      return scenario.byzantine().get(e.to) == Scenario.Behaviour.TWINS
          ? e.from % 2
          : SimulatedNetwork.Routing.BOTH;
    }
    if (now >= scenario.healTick()) {
      return SimulatedNetwork.Routing.BOTH;
    }
    long round = roundOf(e.from, e.twin);
    int fromId = e.from == Twins.TWIN_OF && e.twin == 1 ? Twins.TWIN : e.from;
    boolean first = twins.reaches(round, fromId, e.to);
    if (e.to != Twins.TWIN_OF) {
      return first ? SimulatedNetwork.Routing.BOTH : SimulatedNetwork.Routing.NONE;
    }
    boolean second = twins.reaches(round, fromId, Twins.TWIN);
    if (!first && !second) {
      return SimulatedNetwork.Routing.NONE;
    }
    return first && second ? SimulatedNetwork.Routing.BOTH : (first ? 0 : 1);
  }

  /** The round the sender ({@code from}, copy {@code twin}) is in; 0 when it is down. */
  private long roundOf(int from, int twin) {
    for (Node n : nodes) {
      if (n.index == from && (twin < 0 || n.twin == twin) && n.isUp()) {
        return n.consensus().currentRound();
      }
    }
    return 0;
  }

  /** Shows the oracle what goes on the wire (a frame sent to several peers, once). */
  private void observe(byte[] frame) {
    if (frame == lastObservedFrame || frame.length > MESSAGE_BYTES_MAX) {
      return;
    }
    lastObservedFrame = frame;
    try {
      if (ledgerWorkload == null) {
        oracle.onWire(Message.CODEC.decode(frame));
      } else if (io.credence.node.message.NodeMessage.CODEC.decode(frame)
          instanceof io.credence.node.message.NodeMessage.Consensus c) {
        oracle.onWire(c.message());
      }
    } catch (CodecException e) {
      // Corrupt bytes: the replicas drop them too.
    }
  }

  private void log(String line) {
    if (trace.size() == TRACE_LINES) {
      trace.poll();
    }
    trace.add("t=" + tick + " " + line);
  }

  private void violation(String what) {
    violations.add("seed " + seed + ", tick " + tick + ": " + what);
    log("VIOLATION " + what);
  }

  private void check(Node n) {
    if (n.isUp()) {
      int held = n.consensus().heldItems();
      heldMax = Math.max(heldMax, held);
      int bound = config.heldItemsMax(n.consensus().validators().size());
      if (n.isHonest() && held > bound) {
        violation(
            "memory: honest validator "
                + n.index
                + " holds "
                + held
                + " blocks, votes and timeouts, above Consensus.Config.heldItemsMax="
                + bound);
      }
    }
  }

  /** Agreement, validity and identical state roots, checked at each honest commit. */
  private void onCommit(
      Node n, ExecutionPort.Certified c, long height, Optional<List<byte[]>> change) {
    log(
        "commit "
            + n.index
            + " h="
            + height
            + " r="
            + c.block().round()
            + " "
            + c.id().abbreviated());
    long epoch = c.qc().data().epoch();
    if (!oracle.validQc(c.qc()) || !c.qc().blockId().equals(c.id())) {
      violation(
          "validity: validator "
              + n.index
              + " committed block "
              + c.id().abbreviated()
              + " at height "
              + height
              + " without a valid quorum certificate");
    }
    if (!n.isHonest()) {
      return;
    }
    ExecutionPort.Certified first = canonical.putIfAbsent(height, c);
    if (first != null && !first.id().equals(c.id())) {
      violation(
          "agreement: at height "
              + height
              + " validator "
              + n.index
              + " committed "
              + c.id().abbreviated()
              + " but another honest validator committed "
              + first.id().abbreviated());
    }
    if (first != null && !first.block().stateRoot().equals(c.block().stateRoot())) {
      violation("state: at height " + height + " state roots differ");
    }
    Optional<List<byte[]>> next = change;
    if (next.isPresent()) {
      oracle.epoch(epoch + 1, next.get(), c.id());
      epochStarts.putIfAbsent(epoch + 1, c.id());
    }
  }

  /** No honest validator signs two different votes, or two different proposals, for one round. */
  private void onSigned(Node n, Message m) {
    if (!n.isHonest() || n.amnesiac) {
      return;
    }
    long round;
    long epoch;
    Object what;
    String kind;
    if (m instanceof Message.Vote v) {
      epoch = v.data().epoch();
      round = v.data().round();
      what = v.data();
      kind = "vote";
    } else if (m instanceof Message.Proposal p) {
      epoch = p.block().epoch();
      round = p.block().round();
      what = p.block().id(suite);
      kind = "proposal";
    } else {
      return;
    }
    Map<Integer, Object> byAuthor =
        signedByRound.computeIfAbsent(epoch + ":" + round + ":" + kind, r -> new HashMap<>());
    Object previous = byAuthor.putIfAbsent(n.index, what);
    if (previous != null && !previous.equals(what)) {
      violation(
          "double signing: honest validator "
              + n.index
              + " signed two different "
              + kind
              + "s in round "
              + round);
    }
  }

  /**
   * Honest and a validator of the final epoch: must be live. A node outside the set only follows.
   */
  private boolean isLiveValidator(Node n) {
    return n.isHonest()
        && (!n.isUp() || n.consensus().validators().indexOf(keys.get(n.index).publicKey()) >= 0);
  }

  private void checkLiveness() {
    if (!violations.isEmpty() || scenario.livenessBlocks() <= 0) {
      return;
    }
    for (Node n : nodes) {
      if (!isLiveValidator(n)) {
        continue;
      }
      long gained = n.chain.size() - n.heightAtHeal;
      if (!n.isUp() || gained < scenario.livenessBlocks()) {
        violation(
            "liveness: honest validator "
                + n.index
                + " committed "
                + gained
                + " blocks in the "
                + (scenario.ticks() - scenario.healTick())
                + " ticks after faults healed, expected at least "
                + scenario.livenessBlocks());
      }
    }
  }

  /**
   * One validator (or one copy of a Twins validator) and everything it would keep on disk; to its
   * attack, if it is Byzantine, the {@link Attacker} it acts through.
   */
  private final class Node implements Attacker {
    final int index;
    final int twin;
    final Scenario.Behaviour behaviour;
    final Attack attack;
    final CryptoSuite.Signer signer;
    // Durable across crashes: the committed chain (the ledger) and the safety data.
    final List<ExecutionPort.Certified> chain = new ArrayList<>();
    final Map<Hash, ExecutionPort.Certified> chainById = new HashMap<>();
    SimulatedDisk consensusDisk = new SimulatedDisk();
    // Restarted from a wiped disk: it forgot what it signed, so its signatures are no longer held
    // to the honest rules (the scenario counts it as one of the f faulty); it must still agree and
    // catch up.
    boolean amnesiac;
    boolean wipeOnRestart;
    // Plain mode: the consensus replica over the simulated workload.
    Consensus plain;
    // Ledger mode: the node's one replica, over the node's disk.
    io.credence.node.Replica replica;
    io.credence.ledger.store.MemoryStore disk;
    long restartAt = -1;
    long heightAtHeal = -1;
    Scenario.Outage outage;
    long outageFromRound;
    long timeoutsSent;
    long dropped;
    Hash lastBuiltParent;

    // This node's clock: ahead by skew ticks and running ratePerMille per mille fast or slow.
    final long skew;
    final long ratePerMille;

    Node(int index, int twin, Scenario.Behaviour behaviour) {
      this.index = index;
      this.twin = twin;
      this.behaviour = behaviour;
      this.attack = Attack.of(behaviour);
      this.signer = suite.signer(keys.get(index).privateKey(), null);
      Scenario.Faults f = scenario.faults();
      Random clocks = new Random(seed * 1_000_003L + index * 31L + twin);
      this.skew = f.skewTicksMax() == 0 ? 0 : clocks.nextInt(f.skewTicksMax() + 1);
      this.ratePerMille =
          f.driftPerMilleMax() == 0
              ? 0
              : clocks.nextInt(2 * f.driftPerMilleMax() + 1) - f.driftPerMilleMax();
    }

    /**
     * The time on this node's clock, in ticks: the simulator's tick seen through skew and drift.
     */
    long clock() {
      return skew + tick + tick * ratePerMille / 1000;
    }

    boolean isHonest() {
      return behaviour == null;
    }

    boolean isUp() {
      return plain != null || replica != null;
    }

    /** The consensus replica now running (the replica's own in ledger mode), null when down. */
    @Override
    public Consensus consensus() {
      return replica != null ? replica.consensus() : plain;
    }

    void down() {
      plain = null;
      replica = null;
    }

    /** Everything on its disks is gone: it restarts from genesis, as a new machine would. */
    void wipe() {
      wipeOnRestart = false;
      amnesiac = true;
      consensusDisk = new SimulatedDisk();
      chain.clear();
      chainById.clear();
      disk = null;
    }

    void onTick() {
      if (replica != null) {
        replica.onTick(clock() * TICK_MILLIS);
      } else {
        plain.onTick(clock());
      }
    }

    /** The node's ledger, readable while it is down too; null in plain mode. */
    io.credence.ledger.store.BlockStore ledger() {
      return disk == null ? null : new io.credence.ledger.store.BlockStore(disk, suite);
    }

    void start() {
      attack.onStart();
      ExecutionPort.Certified last = chain.isEmpty() ? null : chain.get(chain.size() - 1);
      Block root = last == null ? genesis : last.block();
      Hash rootId = last == null ? startId : last.id();
      QuorumCert rootQc = last == null ? genesisQc : last.qc();
      // The epoch this node is in follows from its own committed chain: the last block that changed
      // the validator set starts it.
      long epoch = 1;
      List<byte[]> epochKeys = publicKeys;
      Hash epochStart = startId;
      for (ExecutionPort.Certified c : chain) {
        Optional<List<byte[]>> next = workload.reconfiguration(c.block());
        if (next.isPresent()) {
          epoch++;
          epochKeys = next.get();
          epochStart = c.id();
        }
      }
      if (ledgerWorkload != null) {
        // The node's one replica, as production runs it, with the simulator's network and its
        // storage faults; its disk survives crashes, its memory (mempool included) does not.
        if (disk == null) {
          disk = new io.credence.ledger.store.MemoryStore();
        }
        replica =
            io.credence.node.Replica.open(
                ledgerWorkload.genesis(),
                disk,
                consensusDisk,
                signer,
                new Network(),
                io.credence.node.Replica.Config.DEFAULTS.withConsensus(config));
        replica.addListener(this::onLedgerCommit);
        replica.start(clock() * TICK_MILLIS);
        return;
      }
      Twins script = twins;
      plain =
          new Consensus(
              // Each replica has its own set, as separate processes would: no shared certificate
              // cache.
              new ValidatorSet(epoch, epochKeys, suite),
              signer,
              set ->
                  script != null && set.epoch() == 1
                      ? script.leaderElection()
                      : scenario.leaders() == Scenario.Leaders.ROUND_ROBIN
                          ? LeaderElection.roundRobin(set.size())
                          : LeaderElection.reputation(set.size()),
              consensusDisk,
              new Execution(),
              new Out(),
              config,
              epochStart,
              root,
              rootId,
              rootQc);
      plain.start(clock());
    }

    /**
     * A block the replica made durable: the oracle rebuilds its consensus block and quorum
     * certificate from the ledger block alone (indices from the oracle's own validator set of the
     * epoch) and checks agreement and validity as for plain blocks.
     */
    private void onLedgerCommit(io.credence.ledger.store.BlockStore.Committed committed) {
      io.credence.ledger.chain.Block block = committed.block();
      var seal = block.header().seal();
      Block consensusBlock =
          io.credence.node.bft.LedgerExecution.consensusBlock(suite, block).orElse(null);
      if (consensusBlock == null) {
        violation(
            "validity: validator "
                + index
                + " committed ledger block "
                + block.height()
                + " whose seal does not carry a quorum certificate");
        return;
      }
      Hash id = consensusBlock.id(suite);
      List<Signature> signatures = new ArrayList<>();
      for (var s : seal.signatures()) {
        signatures.add(new Signature(oracle.indexOf(seal.epoch(), s.validator()), s.signature()));
      }
      QuorumCert qc =
          new QuorumCert(
              new VoteData(
                  seal.epoch(),
                  seal.round(),
                  id,
                  consensusBlock.qc().round(),
                  consensusBlock.qc().blockId()),
              signatures);
      ExecutionPort.Certified c = new ExecutionPort.Certified(consensusBlock, id, qc);
      chain.add(c);
      chainById.put(id, c);
      onCommit(
          Node.this,
          c,
          chain.size(),
          io.credence.node.bft.LedgerExecution.changeOf(committed.receipts()));
    }

    void receive(int from, byte[] frame) {
      if (frame.length > MESSAGE_BYTES_MAX) {
        dropped++;
        return;
      }
      byte[] fromKey = from < keys.size() ? keys.get(from).publicKey() : outsider.publicKey();
      if (replica != null) {
        io.credence.node.message.NodeMessage m;
        try {
          m = io.credence.node.message.NodeMessage.CODEC.decode(frame);
        } catch (CodecException e) {
          dropped++;
          return;
        }
        attack.onReceive(this, frame);
        if (m instanceof io.credence.node.message.NodeMessage.Consensus c) {
          attack.onHear(this, c.message());
        }
        replica.onMessage(fromKey, m, clock() * TICK_MILLIS);
      } else {
        Message m;
        try {
          m = Message.CODEC.decode(frame);
        } catch (CodecException e) {
          dropped++;
          return;
        }
        attack.onReceive(this, frame);
        attack.onHear(this, m);
        plain.onMessage(fromKey, m, clock());
      }
      if (heightAtHeal < 0 && tick >= scenario.healTick()) {
        heightAtHeal = chain.size();
      }
    }

    /**
     * Ledger mode's network port: consensus messages go through the attack as the outbox's do; the
     * rest (gossip, status, catch-up) too, unless this node is dying.
     */
    private final class Network implements io.credence.node.Replica.Network {
      private final Out out = new Out();

      @Override
      public void send(byte[] key, io.credence.node.message.NodeMessage message) {
        if (message instanceof io.credence.node.message.NodeMessage.Consensus c) {
          out.send(key, c.message());
          return;
        }
        Integer to = nodeByKey.get(java.nio.ByteBuffer.wrap(key));
        if (to == null || consensusDisk.isDying()) {
          return;
        }
        attack.onSendNodeMessage(Node.this, to, message);
      }
    }

    /** What the node does unprompted, once per tick: the attack's move, if it has one. */
    void misbehave() {
      if (heightAtHeal < 0 && tick >= scenario.healTick()) {
        heightAtHeal = chain.size();
      }
      attack.onTick(this);
    }

    /**
     * Plain mode's execution: the simulated workload's payloads, and the node's committed chain,
     * shown to the oracle as it grows.
     */
    private final class Execution implements ExecutionPort {
      @Override
      public boolean hasPendingWork() {
        return true;
      }

      @Override
      public byte[] buildPayload(Hash parentStateRoot, long round) {
        lastBuiltParent = parentStateRoot;
        return workload.payload(round, index, chain);
      }

      @Override
      public Optional<Hash> execute(Hash parentStateRoot, byte[] payload) {
        return workload.execute(parentStateRoot, payload);
      }

      @Override
      public Optional<List<byte[]>> reconfiguration(Block block) {
        return workload.reconfiguration(block);
      }

      @Override
      public void commit(List<Certified> committed, QuorumCert finality) {
        // What reaches the disk: all of it, or a torn prefix when a crash strikes during the write.
        // A crash at an earlier write of this handler killed the process: it decides nothing more.
        if (consensusDisk.isDying()) {
          return;
        }
        // The oracle judges the replica's decision, whole; a crash may tear its writing.
        if (isHonest()) {
          Hash previous = chain.isEmpty() ? startId : chain.get(chain.size() - 1).id();
          boolean endsEpoch =
              reconfiguration(committed.get(committed.size() - 1).block()).isPresent();
          oracle.onHonestCommit(index, previous, committed, finality, endsEpoch);
        }
        List<Certified> blocks = committed.subList(0, consensusDisk.commitWrite(committed.size()));
        for (Certified c : blocks) {
          chain.add(c);
          chainById.put(c.id(), c);
          onCommit(Node.this, c, chain.size(), reconfiguration(c.block()));
        }
      }

      @Override
      public Optional<Certified> committed(Hash blockId) {
        return Optional.ofNullable(chainById.get(blockId));
      }
    }

    /** The replica's outbox: every message it sends goes through the node's attack. */
    private final class Out implements Outbox {
      private Message lastTimeout;

      @Override
      public void send(byte[] key, Message message) {
        Integer to = nodeByKey.get(java.nio.ByteBuffer.wrap(key));
        if (to == null) {
          return;
        }
        if (message instanceof Message.Timeout && message != lastTimeout) {
          lastTimeout = message;
          timeoutsSent++;
        }
        attack.onSend(Node.this, to, message);
      }
    }

    // The node as its attack sees it (Attacker).

    @Override
    public int index() {
      return index;
    }

    @Override
    public int nodes() {
      return scenario.nodes();
    }

    @Override
    public long tick() {
      return tick;
    }

    @Override
    public boolean isHealed() {
      return tick >= scenario.healTick();
    }

    @Override
    public CryptoSuite suite() {
      return suite;
    }

    @Override
    public CryptoSuite.Signer signer() {
      return signer;
    }

    @Override
    public Consensus.Config config() {
      return config;
    }

    @Override
    public Random random() {
      return random;
    }

    @Override
    public Hash startId() {
      return startId;
    }

    @Override
    public Block genesis() {
      return genesis;
    }

    @Override
    public Optional<Hash> epochStart(long epoch) {
      return Optional.ofNullable(epochStarts.get(epoch));
    }

    @Override
    public Hash lastBuiltParent() {
      return lastBuiltParent;
    }

    @Override
    public Optional<io.credence.node.bft.LedgerExecution> ledgerExecution() {
      return replica == null ? Optional.empty() : Optional.of(replica.execution());
    }

    @Override
    public byte[] frame(Message message) {
      return Simulation.this.frame(message);
    }

    /**
     * What the honest replica's messages meet on their way out too: the double-signing checks, then
     * the trace and the wire.
     */
    @Override
    public void sendMessage(int to, Message message, long extraDelayTicks) {
      if (consensusDisk.isDying()) {
        return;
      }
      onSigned(this, message);
      if (isHonest() && !amnesiac) {
        oracle.onHonestSigned(index, message);
      }
      log(
          index
              + (behaviour == Scenario.Behaviour.TWINS ? "/" + twin : "")
              + "->"
              + to
              + " "
              + describe(message));
      Simulation.this.send(index, twin, to, frame(message), extraDelayTicks);
    }

    @Override
    public void sendNodeMessage(int to, io.credence.node.message.NodeMessage message) {
      Simulation.this.send(
          index, twin, to, io.credence.node.message.NodeMessage.CODEC.encode(message));
    }

    @Override
    public void sendFrame(int to, byte[] frame) {
      Simulation.this.send(index, twin, to, frame);
    }

    @Override
    public void log(String line) {
      Simulation.this.log(line);
    }

    @Override
    public void countSyncLie() {
      syncLies++;
    }
  }

  private static String describe(Message m) {
    if (m instanceof Message.Proposal p) {
      return "Proposal r="
          + p.block().round()
          + " qc="
          + p.block().qc().round()
          + (p.tc() != null ? " tc=" + p.tc().round() : "");
    }
    if (m instanceof Message.Vote v) {
      return "Vote r=" + v.data().round();
    }
    if (m instanceof Message.Timeout t) {
      return "Timeout r=" + t.round() + " hqc=" + t.highQc().round();
    }
    if (m instanceof Message.BlockRequest) {
      return "BlockRequest";
    }
    if (m instanceof Message.EpochRequest e) {
      return "EpochRequest e=" + e.epoch();
    }
    if (m instanceof Message.EpochProof e) {
      return "EpochProof n=" + e.blocks().size();
    }
    return "BlockResponse n=" + ((Message.BlockResponse) m).blocks().size();
  }

  /** Summary counters by name, for the CLI. */
  public static Map<String, Long> totals(List<Result> results) {
    Map<String, Long> out = new TreeMap<>();
    for (Result r : results) {
      out.merge("blocks", r.blocksCommitted(), Long::sum);
      out.merge("rounds", r.rounds(), Long::sum);
      out.merge("timeouts", r.timeouts(), Long::sum);
      out.merge("messages", r.messages(), Long::sum);
      out.merge("violations", (long) r.violations().size(), Long::sum);
    }
    return out;
  }
}
