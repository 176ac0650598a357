package io.credence.execution.governance;

import static io.credence.execution.TestChain.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Hash;
import io.credence.core.Hex;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.OrganisationRole;
import io.credence.core.genesis.Parameters;
import io.credence.core.genesis.Uscc;
import io.credence.execution.Context;
import io.credence.execution.MapState;
import io.credence.execution.Outcome;
import io.credence.execution.Runtime;
import io.credence.execution.consensus.ValidatorSetContract;
import io.credence.execution.identity.IdentityRegistry;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.statistics.Statistics;

/**
 * The {@code governance} contract, run through the real runtime, against a model written from the
 * rules in DECISIONS.md ("Governance") in plain words, not from {@link Ballot}, {@link Thresholds}
 * or {@link Governance}. Each try starts a chain of three to five members with random voting
 * weights (0 to 5, at least one above 0), random thresholds and a proposal lifetime of {@link
 * #HEIGHTS_MAX} heights, and two organisations that are not members yet. Random steps follow:
 * proposals of every kind (validator sets, weights, suspensions, reinstatements, removals,
 * admissions, thresholds) by members with and without a vote and by organisations that may not
 * transact, often on a subject that already has an open proposal; votes, changed votes and votes on
 * proposals decided, expired or never made; and registrations of accounts, which move the height on
 * (or take the admin key an open admission needs). Every call is one transaction at the next
 * height, refused or not, so proposals expire as the steps go by, and members suspended, removed,
 * reinstated, admitted or reweighed change who may vote on the proposals still open.
 *
 * <p>The model keeps the weights on record, each organisation's standing, the accounts, the
 * thresholds, the validator set and every proposal's votes and status. It counts exact fractions
 * (BigInteger, cross-multiplied) with the weights that count at the vote (a member's weight while
 * it is active, else 0), and decides rejection by trying the best case: every organisation that has
 * not voted no votes yes. A passed proposal is applied by its deciding vote, or that vote fails
 * whole when the change can no longer be made. After every step the outcome code is the model's, a
 * refusal changed nothing, and the proposals (kind, proposer, expiry, votes, status, height
 * decided, status at the next height), the weights on record and counting, the thresholds, the
 * members' standing and the validator set read from the state are the model's. Where a call is
 * wrong in more than one way, the model names what the contract checks first: the sender, the
 * arguments, the expiry height, an open proposal on the subject, the proposer's vote, then the
 * change itself. The property fails unless one run reached every outcome listed in {@link
 * #everySequence_agreesWithTheModel}; a deciding vote that would leave no voter is rare in random
 * runs, so a worked example below shows it.
 *
 * <p>Steps are drawn without looking at the state: each names whom and what it picks (a voter that
 * has not voted yet, an open proposal, the r-th of them) and the pick is made when it runs, so when
 * shrinking drops an earlier step the later ones still pick something that fits. A failure report
 * lists the steps and, under "final state", the concrete calls made with their outcomes.
 *
 * <p>Planted bugs, tried on 2026-11-28 one at a time and reverted, each caught by the property with
 * the counterexample shrunk to one to three steps: participation compared strictly (Ballot: a
 * proposer whose weight is exactly the threshold's share); a changed vote not replacing the first
 * (a proposer's no after its yes); expiry one height late; abstentions counted as no when deciding
 * rejection; an organisation without weight allowed to propose or vote; a passed suspension applied
 * as a removal (IdentityRegistry).
 */
class GovernanceModelTest {
  /** How many heights a proposal may stay open (the genesis parameter, kept short here). */
  static final long HEIGHTS_MAX = 10;

  static final int MEMBERS_MAX = 5;

  /** Organisations 5 and 6 are not members at genesis: they may be admitted by vote. */
  static final List<Integer> CANDIDATES = List.of(5, 6);

  static final List<String> NAMES = List.of("A", "B", "C", "D", "E", "F", "G");
  static final CryptoSuite SUITE = CryptoSuite.named("standard");
  static final Runtime RUNTIME = Runtime.builtIn(SUITE);
  static final long TIMESTAMP = 1_780_000_000_000L;
  static final List<String> USCCS = new ArrayList<>();
  static final List<KeyPair> ADMINS = new ArrayList<>();
  static final List<KeyPair> NODES = new ArrayList<>();
  static final List<KeyPair> VIEWERS = new ArrayList<>();

  static {
    SecureRandom random = new SecureRandom(new byte[] {7});
    for (int i = 0; i < NAMES.size(); i++) {
      USCCS.add(Uscc.complete("9131000000000002" + i));
      ADMINS.add(SUITE.generate(random));
    }
    for (int i = 0; i < 4; i++) {
      NODES.add(SUITE.generate(random));
    }
    for (int i = 0; i < 12; i++) {
      VIEWERS.add(SUITE.generate(random));
    }
  }

  static final String SUCCESS = "SUCCESS";

  // The model's own words for where things stand.

  enum Kind {
    VALIDATORS,
    ADMIT,
    SUSPEND,
    REINSTATE,
    REMOVE,
    WEIGHT,
    THRESHOLDS
  }

  enum Standing {
    ACTIVE,
    SUSPENDED,
    REMOVED
  }

  enum Status {
    OPEN,
    PASSED,
    REJECTED,
    EXPIRED
  }

  /** What a proposal would change: {@code target} is an organisation's index. */
  record Change(
      Kind kind, int target, long weight, int participation, int win, List<Integer> nodes) {
    static Change validators(List<Integer> nodes) {
      return new Change(Kind.VALIDATORS, -1, 0, 0, 0, List.copyOf(nodes));
    }

    static Change membership(Kind kind, int target) {
      return new Change(kind, target, 0, 0, 0, List.of());
    }

    static Change weight(int target, long weight) {
      return new Change(Kind.WEIGHT, target, weight, 0, 0, List.of());
    }

    static Change admit(int target, long weight) {
      return new Change(Kind.ADMIT, target, weight, 0, 0, List.of());
    }

    static Change thresholds(int participation, int win) {
      return new Change(Kind.THRESHOLDS, -1, 0, participation, win, List.of());
    }

    /** Two proposals on one subject conflict: one is open at a time. */
    String subject() {
      return switch (kind) {
        case VALIDATORS -> "validators";
        case THRESHOLDS -> "thresholds";
        default -> "organisation/" + USCCS.get(target);
      };
    }

    @Override
    public String toString() {
      return switch (kind) {
        case VALIDATORS ->
            "the validators " + nodes.stream().map(n -> "N" + n).collect(Collectors.joining(","));
        case WEIGHT -> "weight " + weight + " for " + NAMES.get(target);
        case ADMIT -> "admitting " + NAMES.get(target) + " with weight " + weight;
        case THRESHOLDS -> "thresholds " + participation + "%/" + win + "%";
        default -> kind.name().toLowerCase(java.util.Locale.ROOT) + " " + NAMES.get(target);
      };
    }
  }

  /** A proposal as the model sees it. */
  static final class Prop {
    final long id;
    final Change change;
    final String proposer;
    final long expiresAt;
    TreeMap<String, Choice> votes = new TreeMap<>();

    /** The weight each vote counted with when it was cast. */
    TreeMap<String, Long> castWith = new TreeMap<>();

    Status status = Status.OPEN;
    long decidedAt;
    boolean expirySeen;

    Prop(long id, Change change, String proposer, long expiresAt) {
      this.id = id;
      this.change = change;
      this.proposer = proposer;
      this.expiresAt = expiresAt;
    }

    /** Undecided at its expiry height or later, it has expired. */
    Status statusAt(long height) {
      return status == Status.OPEN && height >= expiresAt ? Status.EXPIRED : status;
    }
  }

  /** The chain under test beside the model. */
  static final class Sim {
    final int members;
    final List<Long> genesisWeights;
    final int genesisParticipation;
    final int genesisWin;
    final List<Integer> organisations = new ArrayList<>();
    final MapState state = new MapState();
    long height;
    // The model.
    final TreeMap<String, Long> weights = new TreeMap<>();
    final Map<String, Standing> standing = new TreeMap<>();
    final Set<String> accounts = new HashSet<>();
    final Set<String> reinstated = new HashSet<>();
    int participation;
    int win;
    final List<Prop> proposals = new ArrayList<>();
    List<Integer> validators = List.of();
    int viewers;

    /** The calls made, concretely, with their outcomes: shown when a step fails. */
    final List<String> log = new ArrayList<>();

    Sim(int members, List<Long> weightsDrawn, int participation, int win) {
      this.members = members;
      this.genesisWeights = List.copyOf(weightsDrawn.subList(0, members));
      this.participation = participation;
      this.win = win;
      this.genesisParticipation = participation;
      this.genesisWin = win;
      List<Genesis.Organisation> genesis = new ArrayList<>();
      OrganisationRole[] roles = OrganisationRole.values();
      for (int i = 0; i < members; i++) {
        genesis.add(
            new Genesis.Organisation(
                "Member " + NAMES.get(i),
                USCCS.get(i),
                roles[i % roles.length],
                ADMINS.get(i).publicKey(),
                new byte[0],
                genesisWeights.get(i)));
        organisations.add(i);
        weights.put(USCCS.get(i), genesisWeights.get(i));
        standing.put(USCCS.get(i), Standing.ACTIVE);
        accounts.add(Hex.of(ADMINS.get(i).publicKey()));
      }
      organisations.addAll(CANDIDATES);
      Parameters d = Parameters.DEFAULTS;
      Parameters parameters =
          new Parameters(
              d.blockTransactionsMax(),
              d.blockBytesMax(),
              d.blockIntervalMillis(),
              d.transactionBytesMax(),
              d.expiryHeightsAheadMax(),
              d.mempoolTransactionsMax(),
              d.mempoolBytesMax(),
              d.mempoolPerSenderMax(),
              d.transactionWorkMax(),
              participation,
              win,
              HEIGHTS_MAX);
      RUNTIME.initialise(
          new Genesis("governance-model", SUITE, 0, genesis, List.of(), parameters), state);
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder("members");
      for (int i = 0; i < members; i++) {
        out.append(' ').append(NAMES.get(i)).append(':').append(genesisWeights.get(i));
      }
      return out.append(", thresholds ")
          .append(genesisParticipation)
          .append("%/")
          .append(genesisWin)
          .append("% at genesis; calls made:\n      ")
          .append(String.join("\n      ", log))
          .toString();
    }

    // The model's rules.

    /** The weights that count: each member's on record while it is active, else 0. */
    TreeMap<String, Long> counting() {
      return counting(weights, standing);
    }

    static TreeMap<String, Long> counting(Map<String, Long> weights, Map<String, Standing> st) {
      TreeMap<String, Long> out = new TreeMap<>();
      weights.forEach((org, w) -> out.put(org, st.get(org) == Standing.ACTIVE ? w : 0L));
      return out;
    }

    static long sum(Map<String, Long> weights) {
      return weights.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether {@code part / whole} is at least {@code percent} / 100, exactly. */
    static boolean atLeast(long part, long whole, int percent) {
      // a/b >= c/d with b, d > 0 iff a*d >= c*b.
      return BigInteger.valueOf(part)
              .multiply(BigInteger.valueOf(100))
              .compareTo(BigInteger.valueOf(percent).multiply(BigInteger.valueOf(whole)))
          >= 0;
    }

    /**
     * Passes: some weight voted yes, the weight that voted (abstentions too) is enough of all the
     * weight that counts, and the yes weight is enough of the weight cast yes or no.
     */
    boolean passes(Map<String, Choice> votes, Map<String, Long> counting) {
      long total = sum(counting);
      long took = 0;
      long yes = 0;
      long cast = 0;
      for (var v : votes.entrySet()) {
        long w = counting.getOrDefault(v.getKey(), 0L);
        took += w;
        if (v.getValue() == Choice.YES) {
          yes += w;
        }
        if (v.getValue() != Choice.ABSTAIN) {
          cast += w;
        }
      }
      return total > 0 && yes > 0 && atLeast(took, total, participation) && atLeast(yes, cast, win);
    }

    /** The status a proposal takes after a vote leaves {@code votes}. */
    Status decide(Map<String, Choice> votes) {
      TreeMap<String, Long> counting = counting();
      if (passes(votes, counting)) {
        return Status.PASSED;
      }
      // The best case: every organisation that did not vote no votes yes.
      TreeMap<String, Choice> best = new TreeMap<>();
      counting
          .keySet()
          .forEach(o -> best.put(o, votes.get(o) == Choice.NO ? Choice.NO : Choice.YES));
      return sum(counting) > 0 && !passes(best, counting) ? Status.REJECTED : Status.OPEN;
    }

    /** Applies {@code c}'s effect on weights and standing to the given maps. */
    static void effect(Change c, Map<String, Long> weights, Map<String, Standing> standing) {
      String org = c.target() >= 0 ? USCCS.get(c.target()) : null;
      switch (c.kind()) {
        case ADMIT -> {
          standing.put(org, Standing.ACTIVE);
          weights.put(org, c.weight());
        }
        case SUSPEND -> standing.put(org, Standing.SUSPENDED);
        case REINSTATE -> standing.put(org, Standing.ACTIVE);
        case REMOVE -> {
          standing.put(org, Standing.REMOVED);
          weights.remove(org);
        }
        case WEIGHT -> weights.put(org, c.weight());
        default -> {}
      }
    }

    /** Why {@code c} cannot be made now (checked at opening and when the deciding vote applies). */
    String problem(Change c) {
      String org = c.target() >= 0 ? USCCS.get(c.target()) : null;
      Standing now = org == null ? null : standing.get(org);
      switch (c.kind()) {
        case SUSPEND, REINSTATE, REMOVE -> {
          if (now == null) {
            return IdentityRegistry.ORGANISATION_NOT_FOUND;
          }
          boolean ok =
              c.kind() == Kind.SUSPEND
                  ? now == Standing.ACTIVE
                  : c.kind() == Kind.REINSTATE
                      ? now == Standing.SUSPENDED
                      : now != Standing.REMOVED;
          if (!ok) {
            return IdentityRegistry.MEMBER_STATUS;
          }
        }
        case ADMIT -> {
          if (now != null) {
            return IdentityRegistry.ORGANISATION_EXISTS;
          }
          if (accounts.contains(Hex.of(ADMINS.get(c.target()).publicKey()))) {
            return IdentityRegistry.ACCOUNT_EXISTS;
          }
          if (weights.size() >= Governance.MEMBERS_MAX) {
            return Governance.MEMBERS_FULL;
          }
        }
        case WEIGHT -> {
          if (!weights.containsKey(org)) {
            return IdentityRegistry.ORGANISATION_NOT_FOUND;
          }
        }
        default -> {}
      }
      TreeMap<String, Long> w = new TreeMap<>(weights);
      TreeMap<String, Standing> s = new TreeMap<>(standing);
      effect(c, w, s);
      return sum(counting(w, s)) == 0 ? Governance.NO_VOTER_LEFT : null;
    }

    /** Puts a passed proposal's change in force. */
    void apply(Change c) {
      effect(c, weights, standing);
      switch (c.kind()) {
        case VALIDATORS -> validators = c.nodes();
        case ADMIT -> accounts.add(Hex.of(ADMINS.get(c.target()).publicKey()));
        case REINSTATE -> reinstated.add(USCCS.get(c.target()));
        case THRESHOLDS -> {
          participation = c.participation();
          win = c.win();
        }
        default -> {}
      }
    }

    boolean active(int organisation) {
      return standing.get(USCCS.get(organisation)) == Standing.ACTIVE;
    }

    long counts(int organisation) {
      return counting().getOrDefault(USCCS.get(organisation), 0L);
    }

    /**
     * The model's outcome of {@code org}'s vote on {@code p} at {@code height}, the model updated
     * when it succeeds: a vote that passes the proposal applies it, or fails whole.
     */
    String cast(Prop p, String org, Choice choice, long height, boolean opening) {
      TreeMap<String, Choice> votes = new TreeMap<>(p.votes);
      votes.put(org, choice);
      if (votes.keySet().retainAll(weights.keySet())) {
        Statistics.label("events").collect("a removed member's vote let go");
      }
      TreeMap<String, Long> counting = counting();
      for (String voter : p.votes.keySet()) {
        long now = counting.getOrDefault(voter, 0L);
        if (!voter.equals(org) && now != p.castWith.get(voter)) {
          Statistics.label("events")
              .collect(
                  now == 0 ? "a vote that no longer counts" : "a vote counted with a new weight");
        }
      }
      Status decided = decide(votes);
      if (decided == Status.PASSED) {
        String problem = problem(p.change);
        if (problem != null) {
          Statistics.label("events").collect("deciding vote refused: " + problem);
          return problem;
        }
      }
      if (opening) {
        proposals.add(p);
      } else if (p.votes.containsKey(org) && p.votes.get(org) != choice) {
        Statistics.label("events").collect("changed vote");
      }
      p.votes = votes;
      p.castWith.put(org, counting.get(org));
      p.status = decided;
      if (decided != Status.OPEN) {
        p.decidedAt = height;
        Statistics.label("decisions").collect(p.change.kind() + " " + decided);
        Statistics.label("decisions").collect(decided.name());
      }
      if (decided == Status.PASSED) {
        apply(p.change);
      }
      return SUCCESS;
    }

    // Picks resolved against the model: the r-th (cyclically) of those that fit, else of all.

    static <T> T nth(List<T> fitting, List<T> all, int r) {
      List<T> from = fitting.isEmpty() ? all : fitting;
      return from.get(r % from.size());
    }

    List<Integer> where(java.util.function.IntPredicate fits) {
      return organisations.stream().filter(fits::test).toList();
    }

    /** The sender {@code who} and {@code r} pick, for a vote on {@code proposal} (0: none). */
    int sender(Who who, int r, long proposal) {
      List<Integer> voters = where(o -> counts(o) > 0);
      List<Integer> fit =
          switch (who) {
            case VOTER -> voters;
            case FRESH_VOTER ->
                proposal >= 1 && proposal <= proposals.size()
                    ? voters.stream()
                        .filter(
                            o -> !proposals.get((int) proposal - 1).votes.containsKey(USCCS.get(o)))
                        .toList()
                    : voters;
            case SILENT -> where(o -> active(o) && counts(o) == 0);
            case ANYONE -> organisations;
          };
      return nth(fit, voters.isEmpty() ? organisations : voters, r);
    }

    /** The proposal number {@code which} and {@code r} pick: open, made, or never made. */
    long proposal(Which which, int r) {
      long next = height + 1;
      List<Long> open =
          proposals.stream().filter(p -> p.statusAt(next) == Status.OPEN).map(p -> p.id).toList();
      List<Long> made = proposals.stream().map(p -> p.id).toList();
      List<Long> unknown = List.of(0L, proposals.size() + 1L);
      return switch (which) {
        case OPEN -> nth(open, made.isEmpty() ? unknown : made, r);
        case MADE -> nth(made, unknown, r);
        case UNKNOWN -> nth(unknown, unknown, r);
      };
    }

    /** The change {@code d} describes, its organisation picked among those it fits. */
    Change change(Draft d) {
      java.util.function.IntPredicate fits =
          switch (d.kind()) {
            case SUSPEND -> o -> standing.get(USCCS.get(o)) == Standing.ACTIVE;
            case REINSTATE -> o -> standing.get(USCCS.get(o)) == Standing.SUSPENDED;
            case REMOVE ->
                o ->
                    standing.containsKey(USCCS.get(o))
                        && standing.get(USCCS.get(o)) != Standing.REMOVED;
            case WEIGHT -> o -> weights.containsKey(USCCS.get(o));
            case ADMIT -> o -> CANDIDATES.contains(o) && !standing.containsKey(USCCS.get(o));
            default -> o -> true;
          };
      List<Integer> all = d.kind() == Kind.ADMIT ? CANDIDATES : organisations;
      List<Integer> fitting = where(fits);
      if (d.kind() == Kind.SUSPEND || d.kind() == Kind.WEIGHT) {
        // Rather one that has voted on an open proposal: its vote then counts differently.
        long next = height + 1;
        List<Integer> voted =
            fitting.stream()
                .filter(
                    o ->
                        proposals.stream()
                            .anyMatch(
                                p ->
                                    p.statusAt(next) == Status.OPEN
                                        && p.votes.containsKey(USCCS.get(o))))
                .toList();
        fitting = voted.isEmpty() ? fitting : voted;
      }
      int target = nth(d.fit() ? fitting : all, all, d.pick());
      return new Change(d.kind(), target, d.weight(), d.participation(), d.win(), d.nodes());
    }

    /**
     * The key a registration takes: {@code k} -1 a fresh one, -2 the admin key of a candidate whose
     * admission is open (else a fresh one), else organisation {@code k}'s admin key.
     */
    String key(int k, int r) {
      if (k == -2) {
        long next = height + 1;
        List<Integer> wanted =
            proposals.stream()
                .filter(p -> p.change.kind() == Kind.ADMIT && p.statusAt(next) == Status.OPEN)
                .map(p -> p.change.target())
                .toList();
        if (!wanted.isEmpty()) {
          return Hex.of(ADMINS.get(nth(wanted, wanted, r)).publicKey());
        }
      }
      if (k < 0) {
        return Hex.of(VIEWERS.get(Math.min(viewers, VIEWERS.size() - 1)).publicKey());
      }
      return Hex.of(ADMINS.get(k).publicKey());
    }

    // The steps: the model's prediction, then the call, then both compared.

    String propose(int actor, Change c, long ahead) {
      long h = height + 1;
      String org = USCCS.get(actor);
      Prop p = new Prop(proposals.size() + 1, c, org, h + ahead);
      String expected = openingRefusal(actor, p, h);
      if (expected == null) {
        expected = cast(p, org, Choice.YES, h, true);
      }
      if (expected.equals(Governance.PROPOSAL_PENDING)) {
        Statistics.label("events").collect("conflict on " + c.subject().replaceAll("/.*", ""));
      }
      Statistics.label("outcomes").collect("propose", expected);
      Map<String, Object> args = new LinkedHashMap<>();
      switch (c.kind()) {
        case VALIDATORS ->
            args.put(
                "validators",
                c.nodes().stream().map(n -> Hex.of(NODES.get(n).publicKey())).toList());
        case ADMIT -> {
          args.put("uscc", USCCS.get(c.target()));
          args.put("name", "Candidate " + NAMES.get(c.target()));
          args.put("role", "BANK");
          args.put("adminKey", Hex.of(ADMINS.get(c.target()).publicKey()));
          args.put("votingWeight", c.weight());
        }
        case WEIGHT -> {
          args.put("organisation", USCCS.get(c.target()));
          args.put("votingWeight", c.weight());
        }
        case THRESHOLDS -> {
          args.put("participationPercent", (long) c.participation());
          args.put("winPercent", (long) c.win());
        }
        default -> args.put("organisation", USCCS.get(c.target()));
      }
      args.put("expiresAt", h + ahead);
      String method =
          switch (c.kind()) {
            case VALIDATORS -> "proposeValidators";
            case ADMIT -> "proposeAdmission";
            case SUSPEND -> "proposeSuspension";
            case REINSTATE -> "proposeReinstatement";
            case REMOVE -> "proposeRemoval";
            case WEIGHT -> "proposeWeight";
            case THRESHOLDS -> "proposeThresholds";
          };
      run(actor, method, args, expected, "proposes " + c + " until " + (h + ahead), p.id);
      return expected;
    }

    /** Why the model refuses to open {@code p}, in the order the contract checks, or null. */
    String openingRefusal(int actor, Prop p, long h) {
      Change c = p.change;
      if (!active(actor)) {
        return Runtime.NOT_AUTHORISED;
      }
      if ((c.kind() == Kind.WEIGHT || c.kind() == Kind.ADMIT)
          && c.weight() > Genesis.VOTING_WEIGHT_MAX) {
        return IdentityRegistry.INVALID_ARGUMENT;
      }
      if (c.kind() == Kind.WEIGHT && !weights.containsKey(USCCS.get(c.target()))) {
        return IdentityRegistry.ORGANISATION_NOT_FOUND;
      }
      if (c.kind() == Kind.THRESHOLDS
          && (c.participation() < 1 || c.participation() > 100 || c.win() < 51 || c.win() > 100)) {
        return IdentityRegistry.INVALID_ARGUMENT;
      }
      if (p.expiresAt <= h || p.expiresAt - h > HEIGHTS_MAX) {
        return IdentityRegistry.INVALID_ARGUMENT;
      }
      for (Prop other : proposals) {
        if (other.change.subject().equals(c.subject()) && other.statusAt(h) == Status.OPEN) {
          return Governance.PROPOSAL_PENDING;
        }
      }
      if (counts(actor) == 0) {
        return Ballot.NOT_A_VOTER;
      }
      long mine =
          proposals.stream()
              .filter(o -> o.proposer.equals(USCCS.get(actor)) && o.statusAt(h) == Status.OPEN)
              .count();
      if (mine >= Governance.OPEN_PROPOSALS_PER_MEMBER_MAX) {
        return Governance.TOO_MANY_OPEN_PROPOSALS;
      }
      return problem(c);
    }

    String vote(int actor, long id, Choice choice) {
      long h = height + 1;
      String org = USCCS.get(actor);
      String expected;
      if (!active(actor)) {
        expected = Runtime.NOT_AUTHORISED;
      } else if (id < 1 || id > proposals.size()) {
        expected = Governance.PROPOSAL_NOT_FOUND;
      } else {
        Prop p = proposals.get((int) id - 1);
        Status now = p.statusAt(h);
        if (now == Status.EXPIRED) {
          expected = Ballot.PROPOSAL_EXPIRED;
        } else if (now != Status.OPEN) {
          expected = Ballot.PROPOSAL_DECIDED;
        } else if (counts(actor) == 0) {
          expected = Ballot.NOT_A_VOTER;
        } else {
          expected = cast(p, org, choice, h, false);
          if (expected.equals(SUCCESS) && CANDIDATES.contains(actor)) {
            Statistics.label("events").collect("vote by an admitted member");
          }
          if (expected.equals(SUCCESS) && reinstated.contains(org)) {
            Statistics.label("events").collect("vote by a reinstated member");
          }
        }
      }
      Statistics.label("outcomes").collect("vote", expected);
      Map<String, Object> args = new LinkedHashMap<>();
      args.put("proposal", id);
      args.put("choice", choice.name());
      run(actor, "vote", args, expected, "votes " + choice + " on #" + id, id);
      return expected;
    }

    /** {@code actor}'s admin registers {@code hex} as a viewer account of its organisation. */
    String register(int actor, String hex) {
      String expected;
      if (!active(actor)) {
        expected = Runtime.NOT_AUTHORISED;
      } else if (accounts.contains(hex)) {
        expected = IdentityRegistry.ACCOUNT_EXISTS;
      } else {
        expected = SUCCESS;
        accounts.add(hex);
        if (hex.equals(Hex.of(VIEWERS.get(Math.min(viewers, VIEWERS.size() - 1)).publicKey()))) {
          viewers++;
        } else {
          Statistics.label("events").collect("an admin key taken");
        }
      }
      Statistics.label("outcomes").collect("register", expected);
      Map<String, Object> args = new LinkedHashMap<>();
      args.put("publicKey", hex);
      args.put("roles", List.of("VIEWER"));
      String key = "a fresh key";
      for (int i = 0; i < ADMINS.size(); i++) {
        if (Hex.of(ADMINS.get(i).publicKey()).equals(hex)) {
          key = NAMES.get(i) + "'s admin key";
        }
      }
      runOn(actor, "identity", "register", args, expected, "registers " + key, 0);
      return expected;
    }

    private void run(
        int actor,
        String method,
        Map<String, Object> args,
        String expected,
        String what,
        long proposal) {
      runOn(actor, Governance.NAME, method, args, expected, what, proposal);
    }

    /**
     * Runs the call as {@code actor}'s admin at the next height, logs it with its outcome and where
     * {@code proposal} (if any) then stands on the chain, and checks the outcome is {@code
     * expected}.
     */
    private void runOn(
        int actor,
        String contract,
        String method,
        Map<String, Object> args,
        String expected,
        String what,
        long proposal) {
      Map<String, String> before = state.snapshot();
      KeyPair sender = ADMINS.get(actor);
      long n = ++height;
      byte[] id = new byte[Hash.LENGTH];
      for (int i = 0; i < 8; i++) {
        id[i] = (byte) (n >>> (56 - 8 * i));
      }
      Outcome o =
          RUNTIME.execute(
              new Context(
                  SUITE.address(sender.publicKey()), sender.publicKey(), Hash.of(id), n, TIMESTAMP),
              state,
              RUNTIME.call(contract, method, args),
              Parameters.DEFAULTS.transactionWorkMax());
      log.add(
          "h"
              + n
              + " "
              + NAMES.get(actor)
              + " "
              + what
              + ": "
              + code(o)
              + Governance.proposal(state, proposal)
                  .map(p -> ", #" + p.id() + " " + p.ballot().statusAt(n) + " on the chain")
                  .orElse(""));
      assertEquals(
          expected,
          code(o),
          () -> "height " + n + ": " + NAMES.get(actor) + " " + method + " " + args + ": " + o);
      if (!expected.equals(SUCCESS)) {
        assertEquals(before, state.snapshot(), "height " + n + ": a refusal changed the state");
      }
    }

    /** The state read back agrees with the model. */
    void check() {
      long next = height + 1;
      for (Prop p : proposals) {
        Proposal q =
            Governance.proposal(state, p.id)
                .orElseThrow(() -> new AssertionError("proposal " + p.id + " missing"));
        String what = "proposal " + p.id + " (" + p.change + ") after height " + height;
        assertEquals(p.change.kind().name(), q.kind().name(), what + ": kind");
        assertEquals(p.proposer, q.proposer(), what + ": proposer");
        assertEquals(p.expiresAt, q.ballot().expiresHeight(), what + ": expiry");
        assertEquals(p.votes, q.ballot().votes(), what + ": votes");
        assertEquals(p.status.name(), q.ballot().status().name(), what + ": status");
        assertEquals(p.decidedAt, q.ballot().decidedHeight(), what + ": decided at");
        assertEquals(
            p.statusAt(next).name(), q.ballot().statusAt(next).name(), what + ": status next");
        if (p.statusAt(next) == Status.EXPIRED && !p.expirySeen) {
          p.expirySeen = true;
          Statistics.label("decisions").collect("EXPIRED");
        }
      }
      assertTrue(
          Governance.proposal(state, proposals.size() + 1).isEmpty(), "an unexpected proposal");
      assertEquals(weights, Governance.weights(state), "weights on record");
      assertEquals(counting(), Governance.effectiveWeights(state, next), "weights that count");
      Thresholds t = Governance.rules(state).thresholds();
      assertEquals(participation, t.participationPercent(), "participation threshold");
      assertEquals(win, t.winPercent(), "win threshold");
      for (int o : organisations) {
        String uscc = USCCS.get(o);
        assertEquals(
            Optional.ofNullable(standing.get(uscc)).map(Enum::name),
            IdentityRegistry.organisation(state, uscc).map(x -> x.status().name()),
            "standing of " + NAMES.get(o));
      }
      assertEquals(
          validators.stream().map(n -> Hex.of(NODES.get(n).publicKey())).toList(),
          ValidatorSetContract.validators(state).stream().map(Hex::of).toList(),
          "validator set");
    }
  }

  // The steps. Each is drawn without looking at the state and says whom and what it picks in
  // words (a voter, an open proposal, the r-th of them); the pick is resolved when the step runs.
  // So when shrinking drops an earlier step, the later ones still pick something that fits, and
  // the concrete calls are in the log the failure report shows.

  /** Whom a step picks as its sender. */
  enum Who {
    VOTER,
    FRESH_VOTER,
    SILENT,
    ANYONE
  }

  /** Which proposal a vote picks. */
  enum Which {
    OPEN,
    MADE,
    UNKNOWN
  }

  /** What a proposal changes; its organisation, when it has one, is picked when it runs. */
  record Draft(
      Kind kind,
      boolean fit,
      int pick,
      long weight,
      int participation,
      int win,
      List<Integer> nodes) {
    @Override
    public String toString() {
      String target = (fit ? "fitting" : "any") + " organisation " + pick;
      return switch (kind) {
        case VALIDATORS -> Change.validators(nodes).toString();
        case THRESHOLDS -> Change.thresholds(participation, win).toString();
        case WEIGHT, ADMIT -> kind + " " + weight + " for " + target;
        default -> kind + " " + target;
      };
    }
  }

  static Arbitrary<Integer> pick() {
    return Arbitraries.integers().between(0, 99);
  }

  static Arbitrary<Transformer<Sim>> proposing() {
    Arbitrary<Long> weight =
        Arbitraries.frequencyOf(
            Tuple.of(15, Arbitraries.longs().between(0, 5)),
            Tuple.of(1, Arbitraries.just(Genesis.VOTING_WEIGHT_MAX + 1)));
    Arbitrary<Boolean> fit = Arbitraries.frequency(Tuple.of(4, true), Tuple.of(1, false));
    Arbitrary<Draft> draft =
        Arbitraries.frequencyOf(
            Tuple.of(
                3,
                Arbitraries.integers()
                    .between(0, NODES.size() - 1)
                    .list()
                    .uniqueElements()
                    .ofMinSize(1)
                    .ofMaxSize(3)
                    .map(n -> new Draft(Kind.VALIDATORS, false, 0, 0, 0, 0, List.copyOf(n)))),
            Tuple.of(
                3,
                Combinators.combine(fit, pick(), weight)
                    .as((f, t, w) -> new Draft(Kind.WEIGHT, f, t, w, 0, 0, List.of()))),
            Tuple.of(
                3,
                Combinators.combine(fit, pick())
                    .as((f, t) -> new Draft(Kind.SUSPEND, f, t, 0, 0, 0, List.of()))),
            Tuple.of(
                3,
                Combinators.combine(fit, pick())
                    .as((f, t) -> new Draft(Kind.REINSTATE, f, t, 0, 0, 0, List.of()))),
            Tuple.of(
                1,
                Combinators.combine(fit, pick())
                    .as((f, t) -> new Draft(Kind.REMOVE, f, t, 0, 0, 0, List.of()))),
            Tuple.of(
                2,
                Combinators.combine(fit, pick(), weight)
                    .as((f, t, w) -> new Draft(Kind.ADMIT, f, t, w, 0, 0, List.of()))),
            Tuple.of(
                2,
                Combinators.combine(
                        Arbitraries.frequencyOf(
                            Tuple.of(12, Arbitraries.integers().between(1, 100)),
                            Tuple.of(1, Arbitraries.of(0, 101))),
                        Arbitraries.frequencyOf(
                            Tuple.of(12, Arbitraries.integers().between(51, 100)),
                            Tuple.of(1, Arbitraries.of(50, 101))))
                    .as((p, w) -> new Draft(Kind.THRESHOLDS, false, 0, 0, p, w, List.of()))));
    Arbitrary<Long> ahead =
        Arbitraries.frequencyOf(
            Tuple.of(12, Arbitraries.longs().between(1, HEIGHTS_MAX)),
            Tuple.of(1, Arbitraries.of(0L, HEIGHTS_MAX + 1)));
    Arbitrary<Who> who = Arbitraries.frequency(Tuple.of(4, Who.VOTER), Tuple.of(1, Who.ANYONE));
    return Combinators.combine(who, pick(), draft, ahead)
        .as(
            (w, a, d, k) ->
                Transformer.mutate(
                    "propose " + d + ", open " + k + " heights, by " + w + " " + a,
                    x -> x.propose(x.sender(w, a, 0), x.change(d), k)));
  }

  static Arbitrary<Transformer<Sim>> voting() {
    Arbitrary<Who> who =
        Arbitraries.frequency(
            Tuple.of(6, Who.FRESH_VOTER),
            Tuple.of(3, Who.VOTER),
            Tuple.of(1, Who.SILENT),
            Tuple.of(1, Who.ANYONE));
    Arbitrary<Which> which =
        Arbitraries.frequency(
            Tuple.of(12, Which.OPEN), Tuple.of(3, Which.MADE), Tuple.of(1, Which.UNKNOWN));
    Arbitrary<Choice> choice =
        Arbitraries.frequency(
            Tuple.of(5, Choice.YES), Tuple.of(3, Choice.NO), Tuple.of(2, Choice.ABSTAIN));
    return Combinators.combine(who, pick(), which, pick(), choice)
        .as(
            (w, a, h, p, c) ->
                Transformer.mutate(
                    "vote " + c + " on " + h + " proposal " + p + ", by " + w + " " + a,
                    x -> {
                      long id = x.proposal(h, p);
                      x.vote(x.sender(w, a, id), id, c);
                    }));
  }

  static Arbitrary<Transformer<Sim>> registering() {
    // -2: a key an open admission needs (taking it blocks the admission), -1: a fresh key,
    // 0 to 6: an organisation's admin key.
    Arbitrary<Integer> key =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.just(-1)),
            Tuple.of(4, Arbitraries.just(-2)),
            Tuple.of(1, Arbitraries.integers().between(0, NAMES.size() - 1)));
    Arbitrary<Who> who = Arbitraries.frequency(Tuple.of(4, Who.VOTER), Tuple.of(1, Who.ANYONE));
    return Combinators.combine(who, pick(), key, pick())
        .as(
            (w, a, k, p) ->
                Transformer.mutate(
                    "register "
                        + (k == -1
                            ? "a fresh key"
                            : k == -2 ? "a key an admission needs " + p : NAMES.get(k) + "'s key")
                        + ", by "
                        + w
                        + " "
                        + a,
                    x -> x.register(x.sender(w, a, 0), x.key(k, p))));
  }

  @Provide
  Arbitrary<ActionChain<Sim>> chains() {
    Arbitrary<Sim> start =
        Combinators.combine(
                Arbitraries.integers().between(3, MEMBERS_MAX),
                Arbitraries.longs().between(0, 5).list().ofSize(MEMBERS_MAX),
                Arbitraries.frequencyOf(
                    Tuple.of(3, Arbitraries.integers().between(50, 100)),
                    Tuple.of(1, Arbitraries.integers().between(1, 49))),
                Arbitraries.integers().between(51, 100))
            .filter((n, w, p, v) -> w.subList(0, n).stream().mapToLong(Long::longValue).sum() > 0)
            .as(Sim::new);
    return ActionChain.startWith(() -> start.sample())
        .withAction(4, (Action.Independent<Sim>) GovernanceModelTest::proposing)
        .withAction(6, (Action.Independent<Sim>) GovernanceModelTest::voting)
        .withAction(1, (Action.Independent<Sim>) GovernanceModelTest::registering)
        .withMaxTransformations(40);
  }

  static final int TRIES = 300;

  @Property(tries = TRIES)
  void everySequence_agreesWithTheModel(@ForAll("chains") ActionChain<Sim> chain) {
    chain.withInvariant("model", Sim::check).run();
    Statistics.label("outcomes")
        .coverage(
            c -> {
              for (String code :
                  List.of(
                      SUCCESS,
                      Runtime.NOT_AUTHORISED,
                      Ballot.NOT_A_VOTER,
                      Governance.PROPOSAL_PENDING,
                      Governance.NO_VOTER_LEFT,
                      IdentityRegistry.INVALID_ARGUMENT,
                      IdentityRegistry.MEMBER_STATUS,
                      IdentityRegistry.ORGANISATION_NOT_FOUND)) {
                // A change that leaves no voter needs the last voter targeted: rarer.
                int min = code.equals(Governance.NO_VOTER_LEFT) ? 1 : 5;
                c.check("propose", code).count(atLeast(min, "propose " + code));
              }
              for (String code :
                  List.of(
                      SUCCESS,
                      Runtime.NOT_AUTHORISED,
                      Ballot.NOT_A_VOTER,
                      Ballot.PROPOSAL_DECIDED,
                      Ballot.PROPOSAL_EXPIRED,
                      Governance.PROPOSAL_NOT_FOUND)) {
                c.check("vote", code).count(atLeast(5, "vote " + code));
              }
            });
    Statistics.label("decisions")
        .coverage(
            c -> {
              for (String d : List.of("PASSED", "REJECTED", "EXPIRED")) {
                c.check(d).count(atLeast(50, d));
              }
              for (Kind k : Kind.values()) {
                c.check(k + " PASSED").count(atLeast(10, k + " passed"));
              }
            });
    Statistics.label("events")
        .coverage(
            c -> {
              for (String e :
                  List.of(
                      "changed vote",
                      "conflict on validators",
                      "conflict on organisation",
                      "a vote that no longer counts",
                      "vote by an admitted member",
                      "vote by a reinstated member")) {
                c.check(e).count(atLeast(5, e));
              }
            });
  }

  // Worked cases a member can check by hand, through the same model and chain.

  static final int A = 0;
  static final int B = 1;
  static final int C = 2;
  static final int D = 3;
  static final int F = 5;

  @Example
  void weightsAbstentionAndASuspendedVote_byHand() {
    // A 3, B 2, C 1, D 4 of 10; half must take part, two thirds of the votes cast win.
    Sim s = new Sim(4, List.of(3L, 2L, 1L, 4L, 0L), 50, 67);
    // A proposes (yes, 3 of 10 took part): open.
    assertEquals(SUCCESS, s.propose(A, Change.validators(List.of(0, 1)), 10));
    s.check();
    // C abstains: 4 of 10 took part, still under half.
    assertEquals(SUCCESS, s.vote(C, 1, Choice.ABSTAIN));
    assertEquals(Status.OPEN, s.proposals.get(0).status);
    // D proposes to suspend C; B votes no, then changes to yes: 6 of 10, 6 yes of 6 cast: passed.
    assertEquals(SUCCESS, s.propose(D, Change.membership(Kind.SUSPEND, C), 10));
    assertEquals(SUCCESS, s.vote(B, 2, Choice.NO));
    assertEquals(Status.OPEN, s.proposals.get(1).status);
    assertEquals(SUCCESS, s.vote(B, 2, Choice.YES));
    assertEquals(Status.PASSED, s.proposals.get(1).status);
    s.check();
    // C is suspended: it may not transact, and its abstention on #1 counts for nothing. B's yes
    // makes 5 of 9 took part, 5 yes of 5 cast: passed.
    assertEquals(Runtime.NOT_AUTHORISED, s.vote(C, 1, Choice.YES));
    assertEquals(SUCCESS, s.vote(B, 1, Choice.YES));
    assertEquals(Status.PASSED, s.proposals.get(0).status);
    assertEquals(List.of(0, 1), s.validators);
    s.check();
  }

  @Example
  void decidingVote_thatWouldLeaveNoVoter_failsWhole_andTheProposalStaysOpen() {
    // A 1, B 1; every member must vote, and every vote cast must be yes.
    Sim s = new Sim(2, List.of(1L, 1L, 0L, 0L, 0L), 100, 100);
    // B proposes its own weight 0 (A would keep a vote), A its own suspension (B would).
    assertEquals(SUCCESS, s.propose(B, Change.weight(B, 0), 10));
    assertEquals(SUCCESS, s.propose(A, Change.membership(Kind.SUSPEND, A), 10));
    // B's yes passes the suspension: B is the only voter left.
    assertEquals(SUCCESS, s.vote(B, 2, Choice.YES));
    assertEquals(Standing.SUSPENDED, s.standing.get(USCCS.get(A)));
    s.check();
    // B's yes on #1 would pass it (1 of 1) and leave no voter: the whole vote fails.
    assertEquals(Governance.NO_VOTER_LEFT, s.vote(B, 1, Choice.YES));
    assertEquals(Status.OPEN, s.proposals.get(0).status);
    s.check();
    // Opening the same change again is refused at once.
    assertEquals(Governance.PROPOSAL_PENDING, s.propose(B, Change.weight(B, 0), 10));
  }

  @Example
  void admission_whoseAdminKeyIsTakenMeanwhile_isNotApplied() {
    Sim s = new Sim(3, List.of(1L, 1L, 1L, 0L, 0L), 100, 67);
    assertEquals(SUCCESS, s.propose(A, Change.admit(F, 2), 10));
    // B registers the candidate's admin key as an account of its own.
    assertEquals(SUCCESS, s.register(B, s.key(F, 0)));
    assertEquals(SUCCESS, s.vote(B, 1, Choice.YES));
    assertEquals(IdentityRegistry.ACCOUNT_EXISTS, s.vote(C, 1, Choice.YES));
    assertEquals(Status.OPEN, s.proposals.get(0).status);
    s.check();
    // F is no member, so its admin key (B's account) may not vote.
    assertEquals(Runtime.NOT_AUTHORISED, s.vote(F, 1, Choice.YES));
    s.check();
  }

  static Consumer<Integer> atLeast(int min, String what) {
    return n -> assertTrue(n >= min, what + " reached " + n + " times, fewer than " + min);
  }
}
