package io.credence.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything one simulation does, fixed before it starts: cluster size, who misbehaves and how, the
 * network's faults, crashes, partitions, and when faults stop so that liveness is checked. A
 * scenario plus a seed replays exactly.
 */
public record Scenario(
    int validators,
    Map<Integer, Behaviour> byzantine,
    int delayTicksMin,
    int delayTicksMax,
    int dropPerMille,
    int duplicatePerMille,
    List<Partition> partitions,
    List<Crash> crashes,
    long healTick,
    long ticks,
    int livenessBlocks,
    List<ValidatorChange> changes,
    List<Outage> outages,
    Faults faults,
    Leaders leaders) {

  public static final int VALIDATORS_MAX = 64;
  public static final long TICKS_MAX = 1_000_000;
  static final int RANDOM_LIVENESS_BLOCKS = 3;

  public Scenario {
    byzantine = Collections.unmodifiableMap(new TreeMap<>(byzantine));
    partitions = List.copyOf(partitions);
    crashes = List.copyOf(crashes);
    changes = List.copyOf(changes);
    outages = List.copyOf(outages);
    if (validators < 1 || validators > VALIDATORS_MAX) {
      throw new IllegalArgumentException(
          "validators: expected 1 to " + VALIDATORS_MAX + ", found " + validators);
    }
    if (ticks < 1 || ticks > TICKS_MAX) {
      throw new IllegalArgumentException("ticks: expected 1 to " + TICKS_MAX + ", found " + ticks);
    }
    if (delayTicksMin < 1 || delayTicksMax < delayTicksMin) {
      throw new IllegalArgumentException(
          "delay: expected 1 <= min <= max, found " + delayTicksMin + ".." + delayTicksMax);
    }
  }

  /** A scenario without outages counted in rounds. */
  public Scenario(
      int validators,
      Map<Integer, Behaviour> byzantine,
      int delayTicksMin,
      int delayTicksMax,
      int dropPerMille,
      int duplicatePerMille,
      List<Partition> partitions,
      List<Crash> crashes,
      long healTick,
      long ticks,
      int livenessBlocks,
      List<ValidatorChange> changes) {
    this(
        validators,
        byzantine,
        delayTicksMin,
        delayTicksMax,
        dropPerMille,
        duplicatePerMille,
        partitions,
        crashes,
        healTick,
        ticks,
        livenessBlocks,
        changes,
        List.of(),
        Faults.NONE,
        Leaders.REPUTATION);
  }

  /**
   * How plain-mode replicas choose leaders: by leader reputation, as nodes do, or round-robin (the
   * schedule alone, under which every validator leads in turn, a faulty one included). Ledger mode
   * runs the node's replica, and so its election, whatever this says.
   */
  public enum Leaders {
    REPUTATION,
    ROUND_ROBIN
  }

  /** How a Byzantine validator misbehaves. */
  public enum Behaviour {
    /** Sends nothing at all. */
    SILENT,
    /** As leader, sends one block to half the validators and a different one to the other half. */
    EQUIVOCATING_LEADER,
    /**
     * Twins: two honest-code copies of one validator sharing its key, each seeing half the network.
     */
    TWINS,
    /** Re-sends old messages it has received, to everybody. */
    REPLAYER,
    /** Floods validly signed votes and timeouts for rounds far in the future. */
    FUTURE_ROUNDS,
    /** Sends messages whose signatures are corrupted. */
    BAD_SIGNATURES,
    /** Sends messages larger than the network's frame limit. */
    OVERSIZE,
    /**
     * Sends validly signed proposals and timeouts for rounds far in the future whose quorum and
     * timeout certificates are forged (its own signature, the others' made up).
     */
    FORGED_CERTIFICATES,
    /**
     * As leader, until faults heal, floods everyone with thousands of different validly signed
     * proposals for its round, and with conflicting votes and timeouts for that round and the
     * rounds after it.
     */
    EQUIVOCATION_FLOOD,
    /**
     * As leader, proposes a block extending an older certificate than its highest, with no timeout
     * certificate that would allow it: a valid, executable, signed block that no honest validator
     * may vote for.
     */
    STALE_CERTIFICATE_LEADER,
    /**
     * Sends messages of the epoch after its own to everyone, several a second, and never answers a
     * request for the proof that an epoch ended: aimed at a lagging replica asking for that proof.
     */
    FUTURE_EPOCHS,
    /**
     * Lies to replicas catching up: answers requests for blocks with forged ones (payloads altered,
     * so the ids no longer match what was asked; made-up blocks; or nothing), and requests for the
     * proof that an epoch ended with forged proofs (its own signature for a quorum's, or blocks
     * altered) or none. In ledger mode it also claims to be a thousand blocks ahead and answers
     * requests for ledger blocks with blocks at the wrong heights, or none.
     */
    SYNC_LIAR
  }

  /**
   * The behaviours {@link #random} draws from: the first seven, fixed, so that a seed replays the
   * scenario it named when it was recorded (RegressionSeedsTest) after behaviours are added.
   */
  static final List<Behaviour> RANDOM_BEHAVIOURS =
      List.of(
          Behaviour.SILENT,
          Behaviour.EQUIVOCATING_LEADER,
          Behaviour.TWINS,
          Behaviour.REPLAYER,
          Behaviour.FUTURE_ROUNDS,
          Behaviour.BAD_SIGNATURES,
          Behaviour.OVERSIZE);

  /**
   * From {@code fromTick} until {@code untilTick}, the validators in {@code side} hear only each
   * other.
   */
  public record Partition(long fromTick, long untilTick, Set<Integer> side) {
    public Partition {
      side = Collections.unmodifiableSet(new TreeSet<>(side));
    }

    boolean separates(long tick, int a, int b) {
      return tick >= fromTick && tick < untilTick && side.contains(a) != side.contains(b);
    }
  }

  /**
   * From the first block proposed at or after {@code atTick}, the validator set becomes {@code
   * validators} (node indices, in order): an epoch change, effective when that block commits.
   */
  public record ValidatorChange(long atTick, List<Integer> validators) {
    public ValidatorChange {
      validators = List.copyOf(validators);
    }
  }

  /** Every node the scenario needs: the first set and every validator a change adds. */
  public int nodes() {
    int max = validators - 1;
    for (ValidatorChange c : changes) {
      for (int v : c.validators()) {
        max = Math.max(max, v);
      }
    }
    return max + 1;
  }

  /** This scenario with some of its parts changed: every with-method goes through here. */
  private Scenario with(java.util.function.Consumer<Parts> change) {
    Parts p = new Parts(this);
    change.accept(p);
    return new Scenario(
        p.validators,
        p.byzantine,
        p.delayTicksMin,
        p.delayTicksMax,
        p.dropPerMille,
        p.duplicatePerMille,
        p.partitions,
        p.crashes,
        p.healTick,
        p.ticks,
        p.livenessBlocks,
        p.changes,
        p.outages,
        p.faults,
        p.leaders);
  }

  /** A scenario's parts, to change some before building the next. */
  private static final class Parts {
    int validators;
    Map<Integer, Behaviour> byzantine;
    int delayTicksMin;
    int delayTicksMax;
    int dropPerMille;
    int duplicatePerMille;
    List<Partition> partitions;
    List<Crash> crashes;
    long healTick;
    long ticks;
    int livenessBlocks;
    List<ValidatorChange> changes;
    List<Outage> outages;
    Faults faults;
    Leaders leaders;

    Parts(Scenario s) {
      validators = s.validators;
      byzantine = s.byzantine;
      delayTicksMin = s.delayTicksMin;
      delayTicksMax = s.delayTicksMax;
      dropPerMille = s.dropPerMille;
      duplicatePerMille = s.duplicatePerMille;
      partitions = s.partitions;
      crashes = s.crashes;
      healTick = s.healTick;
      ticks = s.ticks;
      livenessBlocks = s.livenessBlocks;
      changes = s.changes;
      outages = s.outages;
      faults = s.faults;
      leaders = s.leaders;
    }
  }

  public Scenario withValidatorChanges(List<ValidatorChange> newChanges) {
    return with(p -> p.changes = newChanges);
  }

  /**
   * Validator {@code node} crashes at {@code atTick}, losing everything not persisted, and restarts
   * {@code downTicks} later. The {@code moment} can instead be the validator's next {@code write}
   * at or after {@code atTick}: just after it (the write is durable; nothing after it is, and what
   * it guarded is never sent), or during it (the write is lost, as an unsynced write would be, or
   * torn: a commit of several blocks keeps only the first half). A {@code wiped} validator restarts
   * with an empty disk: no safety data, no blocks, no chain. Having forgotten its votes, it counts
   * as one of the f faulty validators.
   */
  public record Crash(
      int node, long atTick, long downTicks, Moment moment, Write write, boolean wiped) {
    public static Crash at(int node, long atTick, long restartTick) {
      return new Crash(node, atTick, restartTick - atTick, Moment.AT_TICK);
    }

    /** A crash at a safety write (or a tick), on a disk that survives. */
    public Crash(int node, long atTick, long downTicks, Moment moment) {
      this(node, atTick, downTicks, moment, Write.SAFETY, false);
    }
  }

  /** When a crash strikes. */
  public enum Moment {
    AT_TICK,
    AFTER_WRITE,
    DURING_WRITE
  }

  /**
   * The replica's writes a crash can strike: its safety data, an executed block, the proof that an
   * epoch ended, and the commit of blocks to its chain (plain mode; ledger mode's ledger is the
   * node's own store, so there a commit crash strikes at the next block write instead).
   */
  public enum Write {
    SAFETY,
    BLOCK,
    EPOCH_PROOF,
    COMMIT
  }

  /** A fault-free network of {@code n} honest validators. */
  public static Scenario normal(int n, long ticks) {
    return new Scenario(n, Map.of(), 1, 5, 0, 0, List.of(), List.of(), 0, ticks, 10, List.of());
  }

  public Scenario withByzantine(Map<Integer, Behaviour> behaviours) {
    return with(p -> p.byzantine = behaviours);
  }

  public Scenario withNetwork(int delayMin, int delayMax, int dropPerMille, int duplicatePerMille) {
    return with(
        p -> {
          p.delayTicksMin = delayMin;
          p.delayTicksMax = delayMax;
          p.dropPerMille = dropPerMille;
          p.duplicatePerMille = duplicatePerMille;
        });
  }

  public Scenario withPartitions(List<Partition> newPartitions) {
    return with(p -> p.partitions = newPartitions);
  }

  public Scenario withCrashes(List<Crash> newCrashes) {
    return with(p -> p.crashes = newCrashes);
  }

  /**
   * Faults end at {@code tick}; from then on every honest replica must commit {@code blocks} more.
   */
  public Scenario healingAt(long tick, int blocks) {
    return with(
        p -> {
          p.healTick = tick;
          p.livenessBlocks = blocks;
        });
  }

  public Scenario withOutages(List<Outage> newOutages) {
    return with(p -> p.outages = newOutages);
  }

  public Scenario withFaults(Faults newFaults) {
    return with(p -> p.faults = newFaults);
  }

  public Scenario withLeaders(Leaders newLeaders) {
    return with(p -> p.leaders = newLeaders);
  }

  /**
   * Byte-level corruption and clocks that disagree. Until the heal, {@code corruptPerMille} of the
   * messages sent have one byte flipped (a replica must drop them and go on). Each validator's
   * clock runs at its own rate, up to {@code driftPerMilleMax} per mille fast or slow, and starts
   * up to {@code skewTicksMax} ticks ahead, drawn from the seed: timeouts fire at different
   * moments, and in ledger mode leaders stamp blocks with their own time.
   */
  public record Faults(int corruptPerMille, int driftPerMilleMax, int skewTicksMax) {
    public static final Faults NONE = new Faults(0, 0, 0);

    public Faults {
      if (corruptPerMille < 0 || corruptPerMille > 1000) {
        throw new IllegalArgumentException(
            "corruptPerMille: expected 0 to 1000, found " + corruptPerMille);
      }
      if (driftPerMilleMax < 0 || driftPerMilleMax > 500) {
        throw new IllegalArgumentException(
            "driftPerMilleMax: expected 0 to 500, found " + driftPerMilleMax);
      }
      if (skewTicksMax < 0) {
        throw new IllegalArgumentException(
            "skewTicksMax: expected 0 or more, found " + skewTicksMax);
      }
    }
  }

  /**
   * Validator {@code node} goes down at {@code atTick} and restarts once the honest validators that
   * are up have moved {@code rounds} rounds past where they were, or at {@code latestRestartTick},
   * whichever comes first: an outage measured in what it misses, not in time.
   */
  public record Outage(int node, long atTick, long rounds, long latestRestartTick) {}

  /**
   * The behaviours {@link #adversarial} draws from, in the order its seeds were recorded with: the
   * classic seven and the three attackers added with it. Not the equivocation flood, whose
   * thousands of signatures a round belong in its own scenarios; behaviours added later are drawn
   * apart ({@link #LATER_BEHAVIOURS}).
   */
  static final List<Behaviour> ADVERSARIAL_BEHAVIOURS =
      java.util.stream.Stream.concat(
              RANDOM_BEHAVIOURS.stream(),
              java.util.stream.Stream.of(
                  Behaviour.FORGED_CERTIFICATES,
                  Behaviour.STALE_CERTIFICATE_LEADER,
                  Behaviour.FUTURE_EPOCHS))
          .toList();

  /**
   * Behaviours added after seeds of the swarm were recorded: each Byzantine validator becomes one
   * of them with the chance of one behaviour among all, drawn from a stream of its own so that the
   * others keep what they drew.
   */
  static final List<Behaviour> LATER_BEHAVIOURS = List.of(Behaviour.SYNC_LIAR);

  /**
   * A long outage starts within this many ticks after the heal and misses from the least to the
   * most rounds here (beyond the round window of 32), restarting at the latest this many ticks
   * before the end, to catch up.
   */
  static final int OUTAGE_START_TICKS_MAX = 300;

  /** The adversarial swarm's byte corruption, clock drift and clock skew, at most. */
  static final int CORRUPT_PER_MILLE_MAX = 20;

  static final int DRIFT_PER_MILLE_MAX = 100;

  static final int SKEW_TICKS_MAX = 50;

  static final int OUTAGE_ROUNDS_MIN = 40;

  static final int OUTAGE_ROUNDS_MAX = 120;

  static final int OUTAGE_CATCH_UP_TICKS = 2_000;

  /**
   * A random scenario for the adversarial swarm: {@link #random}'s network, partitions and short
   * crashes, Byzantine validators drawn from every behaviour an attacker has here (forged and stale
   * certificates included), and on half the seeds a long outage of one honest validator just after
   * the heal: the others go on for a hundred rounds and more without it, and once restarted it must
   * catch up from what its peers send and commit again (runs with fewer than 2,800 ticks after the
   * heal have no room for one).
   */
  public static Scenario adversarial(long seed, int n, int byzantineCount, long ticks) {
    return adversarial(seed, n, byzantineCount, ticks, true);
  }

  /**
   * The adversarial scenario of {@code seed}; without {@code laterFaults}, as it was when seeds 436
   * and 461 were recorded: round-robin leaders, crashes at safety writes only, no wiped disks, no
   * sync liars (for RegressionSeedsTest).
   */
  static Scenario adversarial(
      long seed, int n, int byzantineCount, long ticks, boolean laterFaults) {
    Scenario base = random(seed, n, byzantineCount, ticks);
    Random random = new Random(seed ^ 0xAD7E55A1L);
    List<Integer> byzantineNodes = new ArrayList<>(base.byzantine().keySet());
    Map<Integer, Behaviour> byzantine = new TreeMap<>();
    for (int node : byzantineNodes) {
      byzantine.put(
          node, ADVERSARIAL_BEHAVIOURS.get(random.nextInt(ADVERSARIAL_BEHAVIOURS.size())));
    }
    long heal = base.healTick();
    List<Outage> outages = new ArrayList<>();
    long latest = ticks - OUTAGE_CATCH_UP_TICKS;
    if (random.nextBoolean() && latest > heal + OUTAGE_START_TICKS_MAX) {
      List<Integer> honest = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (!byzantine.containsKey(i)) {
          honest.add(i);
        }
      }
      int node = honest.get(random.nextInt(honest.size()));
      long at = heal + 1 + random.nextInt(OUTAGE_START_TICKS_MAX);
      long rounds = OUTAGE_ROUNDS_MIN + random.nextInt(OUTAGE_ROUNDS_MAX - OUTAGE_ROUNDS_MIN + 1);
      outages.add(new Outage(node, at, rounds, latest));
    }
    // Crashes strike at a tick, or at one of a validator's next writes: just after it (durable,
    // what it guarded never sent) or during it (lost, or torn). Validators with fewer than f
    // attackers beside them may restart from a wiped disk. Which write, and the wipes, are drawn
    // apart from the rest, so that each seed keeps the faults it had.
    Random writes = new Random(seed ^ 0x57A11L);
    int wipesLeft = laterFaults ? (n - 1) / 3 - byzantineNodes.size() : 0;
    java.util.Set<Integer> wipedNodes = new java.util.TreeSet<>();
    List<Crash> crashes = new ArrayList<>();
    for (Crash c : base.crashes()) {
      Moment moment = Moment.values()[random.nextInt(Moment.values().length)];
      Write write =
          laterFaults ? Write.values()[writes.nextInt(Write.values().length)] : Write.SAFETY;
      boolean wiped =
          laterFaults
              && writes.nextInt(3) == 0
              && (wipedNodes.contains(c.node()) || wipedNodes.size() < wipesLeft);
      if (wiped) {
        wipedNodes.add(c.node());
      }
      crashes.add(new Crash(c.node(), c.atTick(), c.downTicks(), moment, write, wiped));
    }
    // A third of the seeds change the validator set before the heal: the order reversed, or a
    // validator added (an honest newcomer that catches up from genesis).
    List<ValidatorChange> changes = new ArrayList<>();
    int change = random.nextInt(3);
    if (change > 0 && heal > 600 && n < VALIDATORS_MAX) {
      long at = 200 + random.nextInt((int) (heal - 400));
      List<Integer> set = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        set.add(i);
      }
      if (change == 1) {
        Collections.reverse(set);
      } else {
        set.add(n);
      }
      changes.add(new ValidatorChange(at, set));
    }
    Faults faults =
        new Faults(
            random.nextInt(CORRUPT_PER_MILLE_MAX + 1),
            random.nextInt(DRIFT_PER_MILLE_MAX + 1),
            random.nextInt(SKEW_TICKS_MAX + 1));
    // Half the seeds elect leaders round-robin, so that every faulty validator still leads rounds
    // (drawn apart from the rest, so that each seed keeps the faults it had).
    Leaders leaders =
        laterFaults && new Random(seed ^ 0x1EAD5L).nextBoolean()
            ? Leaders.REPUTATION
            : Leaders.ROUND_ROBIN;
    Random later = new Random(seed ^ 0x5A7E5L);
    int all = ADVERSARIAL_BEHAVIOURS.size() + LATER_BEHAVIOURS.size();
    for (int node : byzantineNodes) {
      int draw = later.nextInt(all);
      if (laterFaults && draw >= ADVERSARIAL_BEHAVIOURS.size()) {
        byzantine.put(node, LATER_BEHAVIOURS.get(draw - ADVERSARIAL_BEHAVIOURS.size()));
      }
    }
    return base.withByzantine(byzantine)
        .withCrashes(crashes)
        .withValidatorChanges(changes)
        .withOutages(outages)
        .withFaults(faults)
        .withLeaders(leaders);
  }

  /**
   * A random scenario for the swarm: {@code byzantineCount} misbehaving validators (at most f),
   * lossy and reordering links, a few partitions and crashes of honest validators, all healed by
   * the middle of the run.
   */
  public static Scenario random(long seed, int n, int byzantineCount, long ticks) {
    Random random = new Random(seed ^ 0x5DEECE66DL);
    int f = (n - 1) / 3;
    if (byzantineCount > f) {
      throw new IllegalArgumentException(
          "byzantine: expected at most f="
              + f
              + " for "
              + n
              + " validators, found "
              + byzantineCount);
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    Map<Integer, Behaviour> byzantine = new TreeMap<>();
    for (int i = 0; i < byzantineCount; i++) {
      byzantine.put(order.get(i), RANDOM_BEHAVIOURS.get(random.nextInt(RANDOM_BEHAVIOURS.size())));
    }
    long heal = ticks / 3;
    List<Partition> partitions = new ArrayList<>();
    for (int p = random.nextInt(3); p > 0; p--) {
      long from = random.nextInt((int) Math.max(1, heal - 200));
      Set<Integer> side = new TreeSet<>();
      for (int i = 0; i < n; i++) {
        if (random.nextBoolean()) {
          side.add(i);
        }
      }
      partitions.add(new Partition(from, Math.min(heal, from + 50 + random.nextInt(400)), side));
    }
    List<Crash> crashes = new ArrayList<>();
    for (int c = random.nextInt(3); c > 0; c--) {
      int node = order.get(byzantineCount + random.nextInt(n - byzantineCount));
      long at = random.nextInt((int) Math.max(1, heal - 300));
      crashes.add(Crash.at(node, at, Math.min(heal, at + 20 + random.nextInt(300))));
    }
    int delayMin = 1 + random.nextInt(3);
    // With round-robin leaders, f faulty leaders can spoil up to 2f of every n rounds (their own
    // and
    // the rounds whose votes go to them), each costing a capped round timeout: ask for 3 blocks.
    // Round-robin leaders, as when the classic seeds were recorded.
    return new Scenario(
            n,
            byzantine,
            delayMin,
            delayMin + random.nextInt(20),
            random.nextInt(100),
            random.nextInt(50),
            partitions,
            crashes,
            heal,
            ticks,
            RANDOM_LIVENESS_BLOCKS,
            List.of())
        .withLeaders(Leaders.ROUND_ROBIN);
  }
}
