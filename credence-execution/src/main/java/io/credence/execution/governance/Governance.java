package io.credence.execution.governance;

import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.Parameters;
import io.credence.core.types.Key;
import io.credence.core.types.Param;
import io.credence.core.types.Types;
import io.credence.core.types.Values;
import io.credence.execution.Access;
import io.credence.execution.Contract;
import io.credence.execution.ContractState;
import io.credence.execution.Invocation;
import io.credence.execution.Method;
import io.credence.execution.Outcome;
import io.credence.execution.Query;
import io.credence.execution.QueryCall;
import io.credence.execution.identity.AccountRole;
import io.credence.execution.identity.IdentityRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The consortium changes itself by weighted vote. An organisation's admin proposes (its
 * organisation votes yes by proposing) and the admins of the others vote; each proposal is decided
 * by its {@link Ballot} under the thresholds in force, and a passed proposal takes effect in the
 * transaction of the vote that passed it, through the contract that owns what it changes: the
 * validator and observer sets ({@code consensus.applyValidators}, {@code applyObservers}) and the
 * members ({@code identity.applyMembership}) check the decision here; weights and thresholds are
 * governance's own. One proposal per subject is open at a time, so two conflicting ones (two
 * removals of one validator) cannot both be voted on. A member that is suspended or removed keeps
 * its weight on record, and it counts for nothing while it is not active.
 */
public final class Governance implements Contract {
  public static final String NAME = "governance";
  public static final String PROPOSAL_NOT_FOUND = "PROPOSAL_NOT_FOUND";
  public static final String PROPOSAL_PENDING = "PROPOSAL_PENDING";
  public static final String PROPOSAL_NOT_PASSED = "PROPOSAL_NOT_PASSED";
  public static final String PROPOSAL_APPLIED = "PROPOSAL_APPLIED";
  public static final String NOT_YET_ACTIVE = "NOT_YET_ACTIVE";
  public static final String SCHEDULED = "ProposalScheduled";
  public static final String ACTIVATED = "ProposalActivated";
  public static final String OPENED = "ProposalOpened";
  public static final String VOTED = "VoteCast";
  public static final String DECIDED = "ProposalDecided";
  public static final String WEIGHT_CHANGED = "VotingWeightChanged";
  public static final String THRESHOLDS_CHANGED = "ThresholdsChanged";
  public static final String FEE_CHANGED = "FeeChanged";
  public static final String PARAMETER_CHANGED = "ParameterChanged";
  public static final String FEATURE_SCHEDULED = "FeatureScheduled";
  public static final String FROZEN = "MemberFrozen";
  public static final String UNFROZEN = "MemberUnfrozen";
  public static final String NOT_FROZEN = "NOT_FROZEN";
  public static final String ALREADY_FROZEN = "ALREADY_FROZEN";
  public static final String NO_VOTER_LEFT = "NO_VOTER_LEFT";
  public static final String MEMBERS_FULL = "MEMBERS_FULL";
  public static final String TOO_MANY_OPEN_PROPOSALS = "TOO_MANY_OPEN_PROPOSALS";
  public static final String FREEZE_WAITING = "FREEZE_WAITING";
  public static final String FEATURE_ALREADY = "FEATURE_ALREADY";

  /**
   * Members on record at once, active or suspended (a removed member leaves the weights, and its
   * place): genesis's own ceiling, so that what a consortium can grow to by vote it could also have
   * started with. An admission past it is refused when proposed and when its deciding vote comes.
   */
  public static final int MEMBERS_MAX = Genesis.ORGANISATIONS_MAX;

  /**
   * Proposals one member may have open at once: enough for a member's real business, few enough
   * that no member can fill the chain's state or its peers' lists with proposals.
   */
  public static final int OPEN_PROPOSALS_PER_MEMBER_MAX = 16;

  public static final String INVALID_EVIDENCE = "INVALID_EVIDENCE";
  public static final String EVIDENCE_KNOWN = "EVIDENCE_KNOWN";
  public static final String EVIDENCE_RECORDED = "EvidenceRecorded";

  /** The proposer a proposal opened by evidence names. */
  public static final String BY_EVIDENCE = "EVIDENCE";

  /** How long a proposal opened by evidence stays open, at most (the ceiling may be lower). */
  public static final long EVIDENCE_PROPOSAL_HEIGHTS = 10_000;

  /** A consensus message's encoding's ceiling, as evidence. */
  public static final int EVIDENCE_BYTES_MAX = 64 << 10;

  /** The most proposals one {@code governance.proposals} answer lists. */
  public static final int PROPOSALS_PAGE_MAX = 100;

  public static final Param<Long> PROPOSAL = Param.u64("proposal", "the proposal's number");
  static final Param<Choice> CHOICE =
      Param.choice("choice", Choice.class, "YES, NO or ABSTAIN (counts towards participation)");
  static final Param<Long> EXPIRES_AT =
      Param.u64("expiresAt", "the height from which the proposal can no longer be voted on");
  static final Param<List<Key>> VALIDATORS =
      Param.distinctList(
          "validators",
          Param.publicKey("validator", "a validator's node key"),
          Proposal.VALIDATORS_MAX,
          "the new set's node keys, in order");
  static final Param<List<Key>> OBSERVERS =
      Param.distinctList(
          "observers",
          Param.publicKey("observer", "an observer's node key"),
          Proposal.VALIDATORS_MAX,
          "the new observer set's node keys (none: no observers)");

  static final Param<io.credence.core.types.Blob> CERTIFICATE =
      Param.bytes(
          "certificate",
          Genesis.TLS_CA_CERTIFICATE_BYTES_MAX,
          "the organisation's TLS CA certificate (DER): self-signed Ed25519, a CA");

  static final Param<String> ORGANISATION =
      Param.text("organisation", 18, "the member's unified social credit code (USCC)");
  static final Param<String> USCC =
      Param.text("uscc", 18, "the new member's unified social credit code (USCC)");
  static final Param<String> NAME_ARG = Param.text("name", 128, "the new member's name");
  static final Param<io.credence.core.genesis.OrganisationRole> ROLE =
      Param.choice(
          "role",
          io.credence.core.genesis.OrganisationRole.class,
          "the new member's business role");
  static final Param<Key> ADMIN_KEY =
      Param.publicKey("adminKey", "the public key of the new member's first admin account");
  static final Param<Long> VOTING_WEIGHT =
      Param.u64("votingWeight", "the member's voting weight, 0 (no vote) to 1,000,000");
  static final Param<Long> PARTICIPATION =
      Param.u64("participationPercent", "the share of all voting weight that must vote, 1-100");
  static final Param<Long> WIN =
      Param.u64("winPercent", "the share of the yes-or-no weight that must be yes, 51-100");
  static final Param<String> METHOD =
      Param.text(
          "method",
          128,
          "a method as contract.method, e.g. finance.submit, or contract.* for every method of"
              + " the contract not listed on its own");
  static final Param<Long> FEE_FEN =
      Param.u64("fen", "the method's fee in fen (1 yuan = 100 fen), at most " + Fees.FEE_FEN_MAX);
  static final Param<io.credence.core.Address> FROZEN_ACCOUNT =
      Param.address("account", "the account's address");
  static final Param<String> PARAMETER =
      Param.text("parameter", 64, "a chain limit's name, e.g. blockTransactionsMax");
  static final Param<Long> VALUE = Param.u64("value", "its new value, within its range");
  static final Param<String> FEATURE =
      Param.text(
          "feature", 64, "a protocol feature switch this build knows, e.g. fees.refusedFree");
  static final Param<Long> ACTIVATES_AT =
      Param.u64(
          "activatesAt",
          "0 to take effect with the deciding vote, else the height from which it holds");

  /** When a passed proposal (other than a limit or a switch, which carry their own) holds. */
  static final Param<Long> IN_FORCE_FROM =
      Param.u64(
              "activatesAt",
              "0 (the default) for in force with the deciding vote, else the height from which"
                  + " anyone may put it in force (governance.activate)")
          .withDefault(0L);

  static final Param<io.credence.core.types.Blob> FIRST =
      Param.bytes("first", EVIDENCE_BYTES_MAX, "the first signed consensus message, encoded");
  static final Param<io.credence.core.types.Blob> SECOND =
      Param.bytes(
          "second", EVIDENCE_BYTES_MAX, "the second, conflicting one (same validator and round)");
  static final Param<String> REASON =
      Param.text("reason", 512, "why, in plain words, for the members who vote on it");
  static final Param<Long> FROM =
      Param.u64("from", "the first proposal number listed (1 for the oldest)");
  static final Param<Long> COUNT =
      Param.u64("count", "how many proposals to list, at most " + PROPOSALS_PAGE_MAX);

  private static final byte[] WEIGHTS = key("weights");
  private static final byte[] GENESIS_PARAMETERS = key("genesis-parameters");
  private static final byte[] RULES = key("rules");
  private static final byte[] NEXT = key("next");

  private static byte[] key(String name) {
    return (NAME + "/" + name).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] proposalKey(long id) {
    return key(String.format(Locale.ROOT, "proposal/%020d", id));
  }

  private static byte[] openKey(String subject) {
    return key("open/" + subject);
  }

  private static byte[] openedByKey(String uscc) {
    return key("opened-by/" + uscc);
  }

  /** Why {@code org} may not open one more proposal now: it has its limit open. */
  private static Optional<Outcome> openSlotRefusal(Invocation call, String org) {
    List<Long> mine = openBy(call.state(), org, call.height());
    if (mine.size() < OPEN_PROPOSALS_PER_MEMBER_MAX) {
      return Optional.empty();
    }
    return Optional.of(
        call.fail(
            TOO_MANY_OPEN_PROPOSALS,
            "proposal: expected fewer than %d open proposals of %s, found %d (the oldest, %d, open"
                + " until height %d)",
            OPEN_PROPOSALS_PER_MEMBER_MAX,
            org,
            mine.size(),
            mine.get(0),
            proposal(call.state(), mine.get(0)).orElseThrow().ballot().expiresHeight()));
  }

  /** Counts proposal {@code id} among those {@code org} has open. */
  private static void recordOpened(Invocation call, String org, long id) {
    List<Long> mine = openBy(call.state(), org, call.height());
    mine.add(id);
    Writer w = new Writer().varint(mine.size());
    mine.forEach(w::u64);
    call.state().put(openedByKey(org), w.toByteArray());
  }

  /** The proposals {@code uscc} opened that are still open at {@code height}, oldest first. */
  private static List<Long> openBy(ContractState state, String uscc, long height) {
    byte[] raw = state.get(openedByKey(uscc));
    List<Long> out = new ArrayList<>();
    if (raw == null) {
      return out;
    }
    Reader r = new Reader(raw);
    int n = r.length("governance.openedBy", OPEN_PROPOSALS_PER_MEMBER_MAX);
    for (int i = 0; i < n; i++) {
      long id = r.u64();
      if (proposal(state, id).orElseThrow().ballot().statusAt(height) == Ballot.Status.OPEN) {
        out.add(id);
      }
    }
    r.finish();
    return out;
  }

  private final io.credence.core.crypto.CryptoSuite suite;
  private final EquivocationCheck evidence;

  /** Governance checking consensus evidence with {@code evidence}. */
  public Governance(io.credence.core.crypto.CryptoSuite suite, EquivocationCheck evidence) {
    this.suite = suite;
    this.evidence = evidence;
  }

  /** Governance's rules from genesis: the thresholds and how long a proposal may stay open. */
  record Rules(Thresholds thresholds, long proposalHeightsMax) {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "Proposals and weighted votes by which the consortium changes itself";
  }

  @Override
  public List<Method> methods() {
    String who =
        " (an admin of an organisation with a vote, or its operator with an approver's approval;"
            + " the proposer's organisation votes yes)";
    return List.of(
        Method.named("proposeValidators")
            .doc("Proposes a new validator set (keys in order), open until expiresAt" + who)
            .args(VALIDATORS, EXPIRES_AT, IN_FORCE_FROM)
            .access(Access.adminOrMakerChecker())
            .handle(this::proposeValidators),
        Method.named("proposeObservers")
            .doc(
                "Proposes a new observer set: nodes peers admit to follow the chain, which never"
                    + " vote; open until expiresAt"
                    + who)
            .args(OBSERVERS, EXPIRES_AT, IN_FORCE_FROM)
            .access(Access.adminOrMakerChecker())
            .handle(this::proposeObservers),
        Method.named("proposeTlsCa")
            .doc(
                "Proposes a member's TLS CA certificate, whose node certificates peers then trust"
                    + " (a new member's first, or a rotation)"
                    + who)
            .args(ORGANISATION, CERTIFICATE, EXPIRES_AT, IN_FORCE_FROM)
            .access(Access.adminOrMakerChecker())
            .handle(this::proposeTlsCa),
        Method.named("proposeAdmission")
            .doc("Proposes to admit an organisation with its role, first admin and weight" + who)
            .args(USCC, NAME_ARG, ROLE, ADMIN_KEY, VOTING_WEIGHT, EXPIRES_AT, IN_FORCE_FROM)
            .access(Access.adminOrMakerChecker())
            .handle(this::proposeAdmission),
        Method.named("proposeSuspension")
            .doc("Proposes to suspend a member: its accounts may not transact" + who)
            .args(ORGANISATION, EXPIRES_AT, IN_FORCE_FROM)
            .access(Access.adminOrMakerChecker())
            .handle(c -> proposeMembership(c, Proposal.Kind.SUSPEND)),
        Method.named("proposeReinstatement")
            .doc("Proposes to lift a member's suspension" + who)
            .args(ORGANISATION, EXPIRES_AT, IN_FORCE_FROM)
            .access(Access.adminOrMakerChecker())
            .handle(c -> proposeMembership(c, Proposal.Kind.REINSTATE)),
        Method.named("proposeRemoval")
            .doc("Proposes to remove a member for good" + who)
            .args(ORGANISATION, EXPIRES_AT, IN_FORCE_FROM)
            .access(Access.adminOrMakerChecker())
            .handle(c -> proposeMembership(c, Proposal.Kind.REMOVE)),
        Method.named("proposeWeight")
            .doc("Proposes a member's new voting weight" + who)
            .args(ORGANISATION, VOTING_WEIGHT, EXPIRES_AT, IN_FORCE_FROM)
            .access(Access.adminOrMakerChecker())
            .handle(this::proposeWeight),
        Method.named("proposeThresholds")
            .doc("Proposes new participation and win thresholds" + who)
            .args(PARTICIPATION, WIN, EXPIRES_AT, IN_FORCE_FROM)
            .access(Access.adminOrMakerChecker())
            .handle(this::proposeThresholds),
        Method.named("proposeFee")
            .doc("Proposes a method's fee in the fee schedule, in fen" + who)
            .args(METHOD, FEE_FEN, EXPIRES_AT, IN_FORCE_FROM)
            .access(Access.adminOrMakerChecker())
            .handle(this::proposeFee),
        Method.named("proposeParameter")
            .doc(
                "Proposes a new value of one of the chain's limits, at once or from an activation"
                    + " height"
                    + who)
            .args(PARAMETER, VALUE, ACTIVATES_AT, EXPIRES_AT)
            .access(Access.adminOrMakerChecker())
            .handle(this::proposeParameter),
        Method.named("proposeFeature")
            .doc(
                "Proposes to switch a protocol feature on, at once or from an activation height"
                    + who)
            .args(FEATURE, ACTIVATES_AT, EXPIRES_AT)
            .access(Access.adminOrMakerChecker())
            .handle(this::proposeFeature),
        Method.named("freeze")
            .doc(
                "A regulator freezes a member at once, saying why: its accounts may not transact and"
                    + " its weight does not count; the members then vote, and the freeze stands if"
                    + " they pass it and falls if they reject it or let it expire (a regulator's"
                    + " admin)")
            .args(ORGANISATION, REASON, EXPIRES_AT)
            .access(
                Access.role(AccountRole.ADMIN)
                    .in(io.credence.core.genesis.OrganisationRole.REGULATOR))
            .handle(this::freeze),
        Method.named("proposeUnfreeze")
            .doc("Proposes to lift a freeze that stands" + who)
            .args(ORGANISATION, EXPIRES_AT, IN_FORCE_FROM)
            .access(Access.adminOrMakerChecker())
            .handle(this::proposeUnfreeze),
        Method.named("freezeAccount")
            .doc(
                "A regulator freezes one account at once, saying why: it may not transact; the"
                    + " members then vote, as on a member's freeze (a regulator's admin)")
            .args(FROZEN_ACCOUNT, REASON, EXPIRES_AT)
            .access(
                Access.role(AccountRole.ADMIN)
                    .in(io.credence.core.genesis.OrganisationRole.REGULATOR))
            .handle(this::freezeAccount),
        Method.named("proposeUnfreezeAccount")
            .doc("Proposes to lift an account's freeze that stands" + who)
            .args(FROZEN_ACCOUNT, EXPIRES_AT, IN_FORCE_FROM)
            .access(Access.adminOrMakerChecker())
            .handle(this::proposeUnfreezeAccount),
        Method.named("submitEvidence")
            .doc(
                "Submits two conflicting consensus messages signed by one validator for one round;"
                    + " the chain checks them, records them for good and opens a proposal to remove"
                    + " that validator (any member's account)")
            .args(FIRST, SECOND)
            .access(Access.anyAccount())
            .handle(this::submitEvidence),
        Method.named("vote")
            .doc(
                "Casts or changes the organisation's vote on an open proposal; the vote that"
                    + " decides it also applies it (an admin of an organisation with a vote, or its"
                    + " operator with an approver's approval)")
            .args(PROPOSAL, CHOICE)
            .access(Access.adminOrMakerChecker())
            .handle(this::vote),
        Method.named("activate")
            .doc(
                "Puts in force a passed proposal whose activation height has come; anyone with an"
                    + " account may, once")
            .args(PROPOSAL)
            .access(Access.anyAccount())
            .handle(this::activate));
  }

  @Override
  public List<Query> queries() {
    return List.of(
        Query.named("proposal")
            .doc("A proposal: what it does, who proposed it, the votes and where it stands")
            .args(PROPOSAL)
            .answers(PROPOSAL_ANSWER)
            .handle(Governance::proposalAnswer),
        Query.named("proposals")
            .doc("Proposals in number order from 'from', at most 'count' of them")
            .args(FROM, COUNT)
            .answers(
                Param.list(
                        "proposals", Param.record("proposal", "", SUMMARY), PROPOSALS_PAGE_MAX, "")
                    .type())
            .handle(Governance::proposalsAnswer),
        Query.named("fees")
            .doc("The fee schedule: each method's fee in fen (methods not listed are free)")
            .answers(
                Param.list(
                        "fees",
                        Param.record("fee", "", METHOD, FEE_FEN),
                        Fees.SCHEDULE_MAX,
                        "by method")
                    .type())
            .handle(
                q -> {
                  List<Values> out = new ArrayList<>();
                  Fees.schedule(q.state())
                      .forEach(
                          (method, fen) -> {
                            Map<String, Object> v = new LinkedHashMap<>();
                            v.put(METHOD.name(), method);
                            v.put(FEE_FEN.name(), fen);
                            out.add(new Values(v));
                          });
                  return out;
                }),
        Query.named("weights")
            .doc("Each member's voting weight, whether it counts now, and the thresholds")
            .answers(WEIGHTS_ANSWER)
            .handle(Governance::weightsAnswer),
        Query.named("parameters")
            .doc(
                "The chain's limits in force for the next block, each with its range by vote and"
                    + " a change decided for a later height, if any")
            .answers(PARAMETERS_ANSWER)
            .handle(Governance::parametersAnswer));
  }

  /** The answer of {@code governance.parameters}. */
  public static final io.credence.core.types.Type PARAMETERS_ANSWER =
      Types.record(
          Param.list(
                  "parameters",
                  Param.record(
                      "parameter",
                      "",
                      Param.text("name", 64, ""),
                      Param.u64("value", "in force for the next block"),
                      Param.bool(
                          "governed",
                          "whether proposeParameter may change it (the thresholds have their own"
                              + " proposal)"),
                      Param.u64("min", "its range by vote"),
                      Param.u64("max", ""),
                      Param.u64("scheduledValue", "0 unless a change waits for a later height"),
                      Param.u64("fromHeight", "0 unless a change waits")),
                  32,
                  "in the order genesis lists them")
              .field());

  private static Object parametersAnswer(QueryCall q) {
    long next = q.height() + 1;
    Parameters genesis = genesisParameters(q.state());
    Parameters now = ChainParameters.at(q.state(), genesis, next);
    List<Values> out = new ArrayList<>();
    for (Parameters.Limit l : now.limits()) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("name", l.name());
      v.put("value", l.value());
      v.put("governed", ChainParameters.GOVERNED.contains(l.name()));
      v.put("min", l.min());
      v.put("max", l.name().equals("blockBytesMax") ? VOTED_BLOCK_BYTES_MAX : l.max());
      long scheduled = 0;
      long from = 0;
      for (ChainParameters.Change c : ChainParameters.changes(q.state())) {
        if (c.name().equals(l.name()) && c.fromHeight() > next) {
          scheduled = c.value();
          from = c.fromHeight();
        }
      }
      v.put("scheduledValue", scheduled);
      v.put("fromHeight", from);
      out.add(new Values(v));
    }
    return new Values(Map.of("parameters", out));
  }

  private static final Param<?>[] SUMMARY = {
    PROPOSAL,
    Param.choice("kind", Proposal.Kind.class, ""),
    Param.text("change", 4096, "what the proposal does, in words"),
    Param.text("proposer", 18, "the proposing organisation's USCC"),
    EXPIRES_AT,
    Param.choice("status", Ballot.Status.class, "OPEN past expiresAt has expired"),
    Param.u64("decidedAt", "0 while open")
  };

  /** The answer of {@code governance.weights}. */
  public static final io.credence.core.types.Type WEIGHTS_ANSWER =
      Types.record(
          Param.list(
                  "members",
                  Param.record(
                      "member",
                      "",
                      Param.text("organisation", 18, ""),
                      Param.u64("votingWeight", "as on record"),
                      Param.bool("counts", "false while suspended or frozen")),
                  MEMBERS_MAX,
                  "by USCC; a removed member is no longer listed")
              .field(),
          PARTICIPATION.field(),
          WIN.field(),
          Param.u64("proposalHeightsMax", "how long a proposal may stay open").field());

  /** The answer of {@code governance.proposal}. */
  public static final io.credence.core.types.Type PROPOSAL_ANSWER =
      Types.record(
          PROPOSAL.field(),
          Param.choice("kind", Proposal.Kind.class, "").field(),
          Param.text("change", 4096, "what the proposal does, in words").field(),
          VALIDATORS.field(),
          OBSERVERS.field(),
          Param.text("proposer", 18, "the proposing organisation's USCC").field(),
          Param.u64("openedAt", "").field(),
          EXPIRES_AT.field(),
          Param.u64(
                  "activatesAt",
                  "0: in force with its deciding vote; else the height from which it may be")
              .field(),
          Param.bool("waiting", "passed and not yet put in force").field(),
          Param.list(
                  "votes",
                  Param.record(
                      "vote",
                      "",
                      Param.text("organisation", 18, ""),
                      Param.choice("choice", Choice.class, "")),
                  MEMBERS_MAX,
                  "by organisation")
              .field(),
          Param.choice(
                  "status", Ballot.Status.class, "as last decided; OPEN past expiresAt has expired")
              .field(),
          Param.u64("decidedAt", "0 while open").field());

  /** Weights and rules as genesis sets them. */
  @Override
  public void initialise(Genesis genesis, ContractState state) {
    TreeMap<String, Long> weights = new TreeMap<>();
    genesis.organisations().forEach(o -> weights.put(o.uscc(), o.votingWeight()));
    state.put(WEIGHTS, encodeWeights(weights));
    Parameters p = genesis.parameters();
    state.put(
        RULES,
        new Writer()
            .u32(p.participationPercent())
            .u32(p.winPercent())
            .u64(p.proposalHeightsMax())
            .toByteArray());
    state.put(NEXT, new Writer().u64(1).toByteArray());
    state.put(GENESIS_PARAMETERS, Parameters.CODEC.encode(p));
  }

  private static byte[] encodeWeights(TreeMap<String, Long> weights) {
    Writer w = new Writer().varint(weights.size());
    weights.forEach((org, weight) -> w.string(org).u64(weight));
    return w.toByteArray();
  }

  /** Each organisation's voting weight, by USCC. */
  public static TreeMap<String, Long> weights(ContractState state) {
    Reader r = new Reader(state.get(WEIGHTS));
    int n = r.length("governance.weights", MEMBERS_MAX);
    TreeMap<String, Long> out = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      out.put(r.string("organisation", 64), r.u64());
    }
    r.finish();
    return out;
  }

  /**
   * The weights that count now: each member's weight on record, or 0 while it is suspended or
   * removed, or frozen at {@code height} (or, admitted by a vote not yet applied, unknown to the
   * registry).
   */
  public static TreeMap<String, Long> effectiveWeights(ContractState state, long height) {
    TreeMap<String, Long> out = new TreeMap<>();
    weights(state)
        .forEach(
            (org, weight) ->
                out.put(org, isActive(state, org) && !frozen(state, org, height) ? weight : 0L));
    return out;
  }

  static Rules rules(ContractState state) {
    Reader r = new Reader(state.get(RULES));
    Rules rules = new Rules(new Thresholds(r.u32(), r.u32()), r.u64());
    r.finish();
    return rules;
  }

  private static void putRules(ContractState state, Rules rules) {
    state.put(
        RULES,
        new Writer()
            .u32(rules.thresholds().participationPercent())
            .u32(rules.thresholds().winPercent())
            .u64(rules.proposalHeightsMax())
            .toByteArray());
  }

  /** Proposal {@code id}, if there is one. */
  public static Optional<Proposal> proposal(ContractState state, long id) {
    byte[] raw = state.get(proposalKey(id));
    return raw == null ? Optional.empty() : Optional.of(Proposal.CODEC.decode(raw));
  }

  /** A passed proposal to apply, or why it may not be applied. */
  public record Applicable(Proposal proposal, Outcome refusal) {}

  /**
   * The passed proposal {@code call}'s {@code proposal} argument names, for {@code contract} (the
   * caller, which owns what it changes) to apply once: refused if there is none, it has not passed,
   * its kind is not one of {@code kinds}, or {@code contract} applied it already; otherwise marked
   * applied in {@code contract}'s own namespace.
   */
  public static Applicable toApply(Invocation call, String contract, Set<Proposal.Kind> kinds) {
    long id = call.arg(PROPOSAL);
    Optional<Proposal> found = proposal(call.state(), id);
    if (found.isEmpty()) {
      return new Applicable(
          null,
          call.fail(
              PROPOSAL_NOT_FOUND,
              "proposal: expected the number of a proposal made, found %d",
              id));
    }
    Proposal p = found.get();
    if (!kinds.contains(p.kind()) || p.ballot().status() != Ballot.Status.PASSED) {
      return new Applicable(
          null,
          call.fail(
              PROPOSAL_NOT_PASSED,
              "proposal %d: expected a passed proposal of kind %s, found one %s of kind %s",
              id,
              kinds.size() == 1 ? kinds.iterator().next() : "one of " + new TreeSet<>(kinds),
              p.ballot().status(),
              p.kind()));
    }
    if (waiting(call.state(), p, call.height())) {
      // Only governance.activate puts a waiting proposal in force, from its height.
      return new Applicable(
          null,
          call.fail(
              NOT_YET_ACTIVE,
              "proposal %d: expected it put in force by governance.activate from height %d,"
                  + " found it waiting",
              id,
              p.activatesAt()));
    }
    byte[] applied = (contract + "/applied/" + id).getBytes(StandardCharsets.US_ASCII);
    if (call.state().get(applied) != null) {
      return new Applicable(
          null,
          call.fail(
              PROPOSAL_APPLIED, "proposal %d: expected one not applied yet, found it applied", id));
    }
    call.state().put(applied, new byte[] {1});
    return new Applicable(p, null);
  }

  private Outcome proposeValidators(Invocation call) {
    List<Key> keys = call.arg(VALIDATORS);
    if (keys.isEmpty()) {
      return call.fail(
          IdentityRegistry.INVALID_ARGUMENT, "validators: expected at least one key, found none");
    }
    List<byte[]> raw = new ArrayList<>();
    keys.forEach(k -> raw.add(k.bytes()));
    return open(call, new Proposal.Validators(raw));
  }

  private Outcome proposeObservers(Invocation call) {
    List<byte[]> raw = new ArrayList<>();
    call.arg(OBSERVERS).forEach(k -> raw.add(k.bytes()));
    return open(call, new Proposal.Observers(raw));
  }

  private Outcome proposeTlsCa(Invocation call) {
    return open(call, new Proposal.TlsCa(call.arg(ORGANISATION), call.arg(CERTIFICATE).bytes()));
  }

  private Outcome proposeAdmission(Invocation call) {
    Optional<Outcome> weight = weightProblem(call, call.arg(VOTING_WEIGHT));
    if (weight.isPresent()) {
      return weight.get();
    }
    return open(
        call,
        new Proposal.Admit(
            call.arg(USCC),
            call.arg(NAME_ARG),
            call.arg(ROLE),
            call.arg(ADMIN_KEY).bytes(),
            call.arg(VOTING_WEIGHT)));
  }

  private Outcome proposeMembership(Invocation call, Proposal.Kind kind) {
    return open(call, new Proposal.Membership(kind, call.arg(ORGANISATION)));
  }

  private Outcome proposeWeight(Invocation call) {
    Optional<Outcome> weight = weightProblem(call, call.arg(VOTING_WEIGHT));
    if (weight.isPresent()) {
      return weight.get();
    }
    String org = call.arg(ORGANISATION);
    if (!weights(call.state()).containsKey(org)) {
      return call.fail(
          IdentityRegistry.ORGANISATION_NOT_FOUND,
          "organisation: expected a member's USCC, found '%s'",
          org);
    }
    return open(call, new Proposal.Weight(org, call.arg(VOTING_WEIGHT)));
  }

  private Optional<Outcome> weightProblem(Invocation call, long weight) {
    if (weight > Genesis.VOTING_WEIGHT_MAX) {
      return Optional.of(
          call.fail(
              IdentityRegistry.INVALID_ARGUMENT,
              "votingWeight: expected 0 to %d, found %d",
              Genesis.VOTING_WEIGHT_MAX,
              weight));
    }
    return Optional.empty();
  }

  private Outcome proposeFee(Invocation call) {
    String method = call.arg(METHOD);
    long fen = call.arg(FEE_FEN);
    int dot = method.indexOf('.');
    boolean known =
        dot > 0
            && (method.substring(dot + 1).equals("*")
                ? io.credence.execution.Runtime.isBuiltInContract(method.substring(0, dot))
                : io.credence.execution.Runtime.isBuiltInMethod(
                    method.substring(0, dot), method.substring(dot + 1)));
    if (!known) {
      return call.fail(
          IdentityRegistry.INVALID_ARGUMENT,
          "method: expected a method of this chain as contract.method, or contract.* for all of"
              + " a contract's, found '%s'",
          method);
    }
    if (fen > Fees.FEE_FEN_MAX) {
      return call.fail(
          IdentityRegistry.INVALID_ARGUMENT,
          "fen: expected 0 to %d, found %d",
          Fees.FEE_FEN_MAX,
          fen);
    }
    TreeMap<String, Long> schedule = Fees.schedule(call.state());
    if (!schedule.containsKey(method) && schedule.size() >= Fees.SCHEDULE_MAX) {
      return call.fail(
          IdentityRegistry.INVALID_ARGUMENT,
          "method: the fee schedule lists %d methods, its limit",
          Fees.SCHEDULE_MAX);
    }
    return open(call, new Proposal.Fee(method, fen));
  }

  /**
   * A ceiling for {@code blockBytesMax} by vote below genesis's own (64 MiB): a block's payload
   * must fit consensus's message limit (8 MiB) with room for its header and certificate.
   */
  static final long VOTED_BLOCK_BYTES_MAX = 7 << 20;

  private Outcome proposeParameter(Invocation call) {
    String name = call.arg(PARAMETER);
    long value = call.arg(VALUE);
    long activatesAt = call.arg(ACTIVATES_AT);
    if (!ChainParameters.GOVERNED.contains(name)) {
      return call.fail(
          IdentityRegistry.INVALID_ARGUMENT,
          "parameter: expected one of %s, found '%s'",
          ChainParameters.GOVERNED,
          name);
    }
    Parameters.Limit limit = genesisParameters(call.state()).limit(name);
    long max = name.equals("blockBytesMax") ? VOTED_BLOCK_BYTES_MAX : limit.max();
    if (value < limit.min() || value > max) {
      return call.fail(
          IdentityRegistry.INVALID_ARGUMENT,
          "value: expected %s from %d to %d, found %d",
          name,
          limit.min(),
          max,
          value);
    }
    Optional<Outcome> activation = activationProblem(call, activatesAt);
    if (activation.isPresent()) {
      return activation.get();
    }
    return open(call, new Proposal.Parameter(name, value, activatesAt));
  }

  /**
   * Why {@code activatesAt} is not 0 (at once) or a height after this block and at most {@link
   * ChainParameters#ACTIVATION_HEIGHTS_AHEAD_MAX} past the proposal's expiry, or empty.
   */
  private static Optional<Outcome> activationProblem(Invocation call, long activatesAt) {
    long latest = call.arg(EXPIRES_AT) + ChainParameters.ACTIVATION_HEIGHTS_AHEAD_MAX;
    if (activatesAt != 0 && (activatesAt <= call.height() || activatesAt > latest)) {
      return Optional.of(
          call.fail(
              IdentityRegistry.INVALID_ARGUMENT,
              "activatesAt: expected 0 (at once) or a height from %d to %d, found %d",
              call.height() + 1,
              latest,
              activatesAt));
    }
    return Optional.empty();
  }

  private Outcome proposeFeature(Invocation call) {
    String name = call.arg(FEATURE);
    long activatesAt = call.arg(ACTIVATES_AT);
    if (!Features.KNOWN.containsKey(name)) {
      return call.fail(
          IdentityRegistry.INVALID_ARGUMENT,
          "feature: expected a switch this build knows, one of %s, found '%s'",
          Features.KNOWN.keySet(),
          name);
    }
    Optional<Outcome> activation = activationProblem(call, activatesAt);
    if (activation.isPresent()) {
      return activation.get();
    }
    return open(call, new Proposal.Feature(name, activatesAt));
  }

  /** The limits genesis set, kept in state for the checks of parameter proposals. */
  static Parameters genesisParameters(ContractState state) {
    return Parameters.CODEC.decode(state.get(GENESIS_PARAMETERS));
  }

  private static byte[] evidenceKey(EquivocationCheck.Finding f) {
    return key(
        String.format(
            Locale.ROOT,
            "evidence/%s/%020d/%020d/%s",
            io.credence.core.Hex.of(f.validator()),
            f.epoch(),
            f.round(),
            f.kind()));
  }

  private Outcome submitEvidence(Invocation call) {
    ContractState state = call.state();
    List<byte[]> validators =
        io.credence.execution.consensus.ValidatorSetContract.validators(state);
    EquivocationCheck.Finding f;
    try {
      f =
          evidence.check(
              call.arg(FIRST).bytes(),
              call.arg(SECOND).bytes(),
              epoch ->
                  io.credence.execution.consensus.ValidatorSetContract.validators(state, epoch));
    } catch (IllegalArgumentException e) {
      return call.fail(INVALID_EVIDENCE, "%s", e.getMessage());
    }
    byte[] recordKey = evidenceKey(f);
    if (state.get(recordKey) != null) {
      return call.fail(
          EVIDENCE_KNOWN,
          "evidence: expected a new finding, found %s's %s equivocation in epoch %d round %d"
              + " recorded already",
          io.credence.core.Hex.of(f.validator()),
          f.kind(),
          f.epoch(),
          f.round());
    }
    state.put(
        recordKey,
        new Writer()
            .bytes(call.arg(FIRST).bytes())
            .bytes(call.arg(SECOND).bytes())
            .u64(call.height())
            .string(call.organisation().uscc())
            .toByteArray());
    call.emit(
        EVIDENCE_RECORDED,
        "validator",
        io.credence.core.Hex.of(f.validator()),
        "epoch",
        Long.toString(f.epoch()),
        "round",
        Long.toString(f.round()),
        "kind",
        f.kind(),
        "submitter",
        call.organisation().uscc());
    List<byte[]> rest = new ArrayList<>();
    for (byte[] v : validators) {
      if (!java.util.Arrays.equals(v, f.validator())) {
        rest.add(v);
      }
    }
    if (rest.isEmpty() || rest.size() == validators.size()) {
      // The last validator (removing it would stop the chain), or one of an earlier epoch no longer
      // in the set: the record stands, and there is nothing to propose.
      return call.success();
    }
    Proposal.Validators change = new Proposal.Validators(rest);
    long height = call.height();
    if (openOn(state, change.subject(), height).isEmpty()) {
      // Else a validator-set proposal is open: the members see the evidence and decide there.
      store(
          call,
          change,
          BY_EVIDENCE,
          height + Math.min(EVIDENCE_PROPOSAL_HEIGHTS, rules(state).proposalHeightsMax()),
          0);
    }
    return call.success();
  }

  private static byte[] freezeKey(String uscc) {
    return key("freeze/" + uscc);
  }

  /**
   * Whether {@code uscc} is frozen at {@code height}: a regulator froze it and the members have not
   * rejected the freeze, let it expire, or lifted it since.
   */
  public static boolean frozen(ContractState state, String uscc, long height) {
    Optional<FreezeRecord> f = freezeRecord(state, uscc);
    if (f.isEmpty() || f.get().liftedAt() > 0) {
      return false;
    }
    Ballot ballot = f.get().ballot();
    Ballot.Status s = ballot.statusAt(height);
    return s == Ballot.Status.OPEN || s == Ballot.Status.PASSED;
  }

  /** A member's latest freeze: its vote, and the height the members lifted it at (0 if not). */
  private record FreezeRecord(long proposal, Ballot ballot, long liftedAt) {
    /** The height it stopped being in force at, if it has at {@code height}. */
    Optional<Long> endedAt(long height) {
      if (liftedAt > 0) {
        return Optional.of(liftedAt);
      }
      return switch (ballot.statusAt(height)) {
        case REJECTED -> Optional.of(ballot.decidedHeight());
        case EXPIRED -> Optional.of(ballot.expiresHeight());
        default -> Optional.empty();
      };
    }
  }

  private static Optional<FreezeRecord> freezeRecord(ContractState state, String uscc) {
    byte[] raw = state.get(freezeKey(uscc));
    if (raw == null) {
      return Optional.empty();
    }
    Reader r = new Reader(raw);
    long id = r.u64();
    long liftedAt = r.u64();
    r.finish();
    return Optional.of(new FreezeRecord(id, proposal(state, id).orElseThrow().ballot(), liftedAt));
  }

  private static void putFreeze(ContractState state, String uscc, long proposal, long liftedAt) {
    state.put(freezeKey(uscc), new Writer().u64(proposal).u64(liftedAt).toByteArray());
  }

  private Outcome freeze(Invocation call) {
    String uscc = call.arg(ORGANISATION);
    if (!isActive(call.state(), uscc)) {
      return call.fail(
          IdentityRegistry.ORGANISATION_NOT_FOUND,
          "organisation: expected an active member's USCC, found '%s'",
          uscc);
    }
    return freeze(call, uscc, "organisation");
  }

  private Outcome freezeAccount(Invocation call) {
    io.credence.core.Address account = call.arg(FROZEN_ACCOUNT);
    boolean active =
        IdentityRegistry.account(call.state(), account)
            .map(io.credence.execution.identity.Account::isActive)
            .orElse(false);
    if (!active) {
      return call.fail(
          IdentityRegistry.ACCOUNT_NOT_FOUND,
          "account: expected an active registered account, found '%s'",
          account.hex());
    }
    return freeze(call, account.hex(), "account");
  }

  /** A regulator's freeze of a member ({@code what} "organisation") or of one account. */
  private Outcome freeze(Invocation call, String target, String what) {
    ContractState state = call.state();
    long height = call.height();
    if (frozen(state, target, height)) {
      return call.fail(
          ALREADY_FROZEN, "%s %s: expected one not frozen, found it frozen", what, target);
    }
    Rules rules = rules(state);
    // The members' answer to the last freeze stands for as long as a freeze may wait for one: a
    // regulator cannot keep a member frozen against their vote by freezing it again and again.
    Optional<Long> ended = freezeRecord(state, target).flatMap(f -> f.endedAt(height));
    if (ended.isPresent() && height < ended.get() + rules.proposalHeightsMax()) {
      return call.fail(
          FREEZE_WAITING,
          "%s %s: expected a freeze from height %d (its last freeze ended at height %d, and the"
              + " members' answer stands for proposalHeightsMax=%d heights), found height %d",
          what,
          target,
          ended.get() + rules.proposalHeightsMax(),
          ended.get(),
          rules.proposalHeightsMax(),
          height);
    }
    long expiresAt = call.arg(EXPIRES_AT);
    Optional<Outcome> expiry = expiryProblem(call, rules, expiresAt);
    if (expiry.isPresent()) {
      return expiry.get();
    }
    Proposal.Freeze change = new Proposal.Freeze(Proposal.Kind.FREEZE, target, call.arg(REASON));
    Optional<Proposal> pending = openOn(state, change.subject(), height);
    if (pending.isPresent()) {
      return pendingRefusal(call, change.subject(), pending.get());
    }
    if (!change.isAccount()) {
      TreeMap<String, Long> after = effectiveWeights(state, call.height());
      after.put(target, 0L);
      if (after.values().stream().mapToLong(Long::longValue).sum() == 0) {
        return call.fail(
            NO_VOTER_LEFT,
            "%s: expected a change that leaves some member a vote, found one that leaves none",
            change.describe());
      }
    }
    String regulator = call.organisation().uscc();
    // A regulator's freezes count among its open proposals: it cannot freeze without bound.
    Optional<Outcome> full = openSlotRefusal(call, regulator);
    if (full.isPresent()) {
      return full.get();
    }
    call.emit(
        FROZEN,
        what,
        target,
        "reason",
        change.reason(),
        "regulator",
        regulator,
        "proposal",
        Long.toString(new Reader(state.get(NEXT)).u64()));
    Proposal proposal = store(call, change, regulator, expiresAt, 0);
    recordOpened(call, regulator, proposal.id());
    putFreeze(state, target, proposal.id(), 0);
    // The regulator's organisation votes yes if it has a vote.
    TreeMap<String, Long> weights = effectiveWeights(state, height);
    if (proposal.ballot().refusal(regulator, height, weights).isEmpty()) {
      return cast(call, proposal, Choice.YES, weights, rules);
    }
    return call.success();
  }

  private Outcome proposeUnfreeze(Invocation call) {
    return proposeUnfreeze(call, call.arg(ORGANISATION), "organisation");
  }

  private Outcome proposeUnfreezeAccount(Invocation call) {
    return proposeUnfreeze(call, call.arg(FROZEN_ACCOUNT).hex(), "account");
  }

  private Outcome proposeUnfreeze(Invocation call, String target, String what) {
    boolean stands =
        freezeRecord(call.state(), target)
            .map(f -> f.liftedAt() == 0 && f.ballot().status() == Ballot.Status.PASSED)
            .orElse(false);
    if (!stands) {
      return call.fail(
          NOT_FROZEN,
          "%s %s: expected a freeze that the members let stand, found none",
          what,
          target);
    }
    return open(call, new Proposal.Freeze(Proposal.Kind.UNFREEZE, target, ""));
  }

  private Outcome proposeThresholds(Invocation call) {
    long participation = call.arg(PARTICIPATION);
    long win = call.arg(WIN);
    if (participation < Thresholds.PARTICIPATION_PERCENT_MIN || participation > 100) {
      return call.fail(
          IdentityRegistry.INVALID_ARGUMENT,
          "participationPercent: expected %d to 100, found %d",
          Thresholds.PARTICIPATION_PERCENT_MIN,
          participation);
    }
    if (win < Thresholds.WIN_PERCENT_MIN || win > 100) {
      return call.fail(
          IdentityRegistry.INVALID_ARGUMENT,
          "winPercent: expected %d to 100, found %d",
          Thresholds.WIN_PERCENT_MIN,
          win);
    }
    return open(call, new Proposal.NewThresholds(new Thresholds((int) participation, (int) win)));
  }

  /**
   * Why {@code change} cannot be made to {@code state} now, or empty: checked when a proposal
   * opens, and again when the deciding vote applies it (things may have changed meanwhile; the vote
   * then fails and the proposal stays open).
   */
  private Optional<Outcome> problem(Invocation call, Proposal.Change change) {
    ContractState state = call.state();
    Optional<Outcome> membership = IdentityRegistry.membershipProblem(state, change, suite);
    if (membership.isPresent()) {
      return membership;
    }
    TreeMap<String, Long> onRecord = weights(state);
    if (change instanceof Proposal.Admit && onRecord.size() >= MEMBERS_MAX) {
      return Optional.of(
          call.fail(
              MEMBERS_FULL,
              "members: expected fewer than %d members on record (active or suspended) to admit"
                  + " one, found %d",
              MEMBERS_MAX,
              onRecord.size()));
    }
    if (change instanceof Proposal.TlsCa t) {
      Optional<io.credence.execution.identity.Organisation> org =
          IdentityRegistry.organisation(state, t.uscc());
      if (org.isEmpty()
          || org.get().status() == io.credence.execution.identity.MemberStatus.REMOVED) {
        return Optional.of(
            call.fail(
                IdentityRegistry.ORGANISATION_NOT_FOUND,
                "organisation: expected a member's USCC, found '%s'%s",
                t.uscc(),
                org.isEmpty() ? "" : " (removed)"));
      }
      Optional<String> bad =
          io.credence.execution.consensus.OrganisationCa.problem(t.certificate());
      if (bad.isPresent()) {
        return Optional.of(
            call.fail(IdentityRegistry.INVALID_ARGUMENT, "certificate: %s", bad.get()));
      }
    }
    if (change instanceof Proposal.Parameter x) {
      // At every height where a limit would change, this one's and those already scheduled: a
      // transaction the chain admits must always fit a block.
      for (Parameters after :
          ChainParameters.whatIf(
              state,
              genesisParameters(state),
              x.name(),
              x.value(),
              Math.max(x.activatesAt(), call.height() + 1),
              call.height())) {
        if (after.transactionBytesMax() > after.blockBytesMax()) {
          return Optional.of(
              call.fail(
                  IdentityRegistry.INVALID_ARGUMENT,
                  "%s: expected transactionBytesMax at most blockBytesMax, found %d and %d",
                  x.describe(),
                  after.transactionBytesMax(),
                  after.blockBytesMax()));
        }
      }
    }
    if (change instanceof Proposal.Feature x) {
      Optional<Features.Scheduled> already = Features.scheduled(state, x.name());
      if (already.isPresent()) {
        return Optional.of(
            call.fail(
                FEATURE_ALREADY,
                "feature: expected a switch not yet scheduled, found %s on from height %d",
                x.name(),
                already.get().fromHeight()));
      }
    }
    if (change instanceof Proposal.Weight w && !onRecord.containsKey(w.uscc())) {
      return Optional.of(
          call.fail(
              IdentityRegistry.ORGANISATION_NOT_FOUND,
              "organisation: expected a member's USCC, found '%s' (removed)",
              w.uscc()));
    }
    TreeMap<String, Long> after = effectiveWeights(state, call.height());
    if (change instanceof Proposal.Membership m && m.kind() != Proposal.Kind.REINSTATE) {
      after.put(m.uscc(), 0L);
    } else if (change instanceof Proposal.Weight w) {
      boolean counts = after.getOrDefault(w.uscc(), 0L) > 0 || isActive(state, w.uscc());
      after.put(w.uscc(), counts ? w.votingWeight() : 0L);
    }
    if (after.values().stream().mapToLong(Long::longValue).sum() == 0) {
      return Optional.of(
          call.fail(
              NO_VOTER_LEFT,
              "%s: expected a change that leaves some member a vote, found one that leaves"
                  + " none",
              change.describe()));
    }
    return Optional.empty();
  }

  private static boolean isActive(ContractState state, String uscc) {
    return IdentityRegistry.organisation(state, uscc)
        .map(io.credence.execution.identity.Organisation::isActive)
        .orElse(false);
  }

  /** Why {@code expiresAt} is not a height a proposal opened now may run to, or empty. */
  private static Optional<Outcome> expiryProblem(Invocation call, Rules rules, long expiresAt) {
    long height = call.height();
    if (expiresAt <= height || expiresAt - height > rules.proposalHeightsMax()) {
      return Optional.of(
          call.fail(
              IdentityRegistry.INVALID_ARGUMENT,
              "expiresAt: expected a height from %d to %d, found %d",
              height + 1,
              height + rules.proposalHeightsMax(),
              expiresAt));
    }
    return Optional.empty();
  }

  /** The proposal open on {@code subject} at {@code height}, if there is one. */
  private static Optional<Proposal> openOn(ContractState state, String subject, long height) {
    byte[] open = state.get(openKey(subject));
    if (open == null) {
      return Optional.empty();
    }
    Proposal pending = proposal(state, new Reader(open).u64()).orElseThrow();
    // Passed and waiting for its activation height, it still holds its subject.
    return pending.ballot().statusAt(height) == Ballot.Status.OPEN
            || waiting(state, pending, height)
        ? Optional.of(pending)
        : Optional.empty();
  }

  /** The refusal of a second proposal on {@code subject} while {@code pending} is open. */
  private static Outcome pendingRefusal(Invocation call, String subject, Proposal pending) {
    if (pending.ballot().status() == Ballot.Status.PASSED) {
      return call.fail(
          PROPOSAL_PENDING,
          "proposal: expected no pending proposal on %s, found proposal %d passed and in force"
              + " from height %d",
          subject,
          pending.id(),
          pending.activatesAt());
    }
    return call.fail(
        PROPOSAL_PENDING,
        "proposal: expected no open proposal on %s, found proposal %d open until height %d",
        subject,
        pending.id(),
        pending.ballot().expiresHeight());
  }

  /** Numbers, stores and announces a new proposal of {@code change} by {@code proposer}. */
  private static Proposal store(
      Invocation call, Proposal.Change change, String proposer, long expiresAt, long activatesAt) {
    ContractState state = call.state();
    long id = new Reader(state.get(NEXT)).u64();
    state.put(NEXT, new Writer().u64(id + 1).toByteArray());
    state.put(openKey(change.subject()), new Writer().u64(id).toByteArray());
    Proposal proposal =
        new Proposal(id, change, proposer, call.height(), Ballot.open(expiresAt), activatesAt);
    store(state, proposal);
    call.emit(
        OPENED,
        "proposal",
        Long.toString(id),
        "kind",
        change.kind().name(),
        "change",
        change.describe(),
        "proposer",
        proposer,
        "expiresAt",
        Long.toString(expiresAt));
    return proposal;
  }

  private Outcome open(Invocation call, Proposal.Change change) {
    ContractState state = call.state();
    String org = call.organisation().uscc();
    long height = call.height();
    TreeMap<String, Long> weights = effectiveWeights(state, height);
    Rules rules = rules(state);
    long expiresAt = call.arg(EXPIRES_AT);
    Optional<Outcome> expiry = expiryProblem(call, rules, expiresAt);
    if (expiry.isPresent()) {
      return expiry.get();
    }
    Optional<Proposal> pending = openOn(state, change.subject(), height);
    if (pending.isPresent()) {
      return pendingRefusal(call, change.subject(), pending.get());
    }
    var refusal = Ballot.open(expiresAt).refusal(org, height, weights);
    if (refusal.isPresent()) {
      return new Outcome.Failure(refusal.get());
    }
    Optional<Outcome> full = openSlotRefusal(call, org);
    if (full.isPresent()) {
      return full.get();
    }
    Optional<Outcome> problem = problem(call, change);
    if (problem.isPresent()) {
      return problem.get();
    }
    long activatesAt = 0;
    // A limit or a switch carries its own activation height; every other proposal takes this one.
    if (change.kind() != Proposal.Kind.PARAMETER && change.kind() != Proposal.Kind.FEATURE) {
      activatesAt = call.arg(IN_FORCE_FROM);
      long latest = expiresAt + rules.proposalHeightsMax();
      if (activatesAt != 0 && (activatesAt <= height || activatesAt > latest)) {
        return call.fail(
            IdentityRegistry.INVALID_ARGUMENT,
            "activatesAt: expected 0 (in force with the deciding vote) or a height from %d to %d,"
                + " found %d",
            height + 1,
            latest,
            activatesAt);
      }
    }
    Proposal opened = store(call, change, org, expiresAt, activatesAt);
    recordOpened(call, org, opened.id());
    return cast(call, opened, Choice.YES, weights, rules);
  }

  private Outcome vote(Invocation call) {
    long id = call.arg(PROPOSAL);
    Optional<Proposal> found = proposal(call.state(), id);
    if (found.isEmpty()) {
      return call.fail(
          PROPOSAL_NOT_FOUND, "proposal: expected the number of a proposal made, found %d", id);
    }
    TreeMap<String, Long> weights = effectiveWeights(call.state(), call.height());
    var refusal = found.get().ballot().refusal(call.organisation().uscc(), call.height(), weights);
    if (refusal.isPresent()) {
      return new Outcome.Failure(refusal.get());
    }
    return cast(call, found.get(), call.arg(CHOICE), weights, rules(call.state()));
  }

  /** Records the vote; when it decides the proposal, says so and, if passed, applies it. */
  private Outcome cast(
      Invocation call,
      Proposal proposal,
      Choice choice,
      TreeMap<String, Long> weights,
      Rules rules) {
    String org = call.organisation().uscc();
    Ballot next = proposal.ballot().with(org, choice, call.height(), weights, rules.thresholds());
    Proposal voted = proposal.with(next);
    store(call.state(), voted);
    call.emit(
        VOTED,
        "proposal",
        Long.toString(proposal.id()),
        "organisation",
        org,
        "choice",
        choice.name());
    if (next.status() == Ballot.Status.OPEN) {
      return call.success();
    }
    call.emit(DECIDED, "proposal", Long.toString(proposal.id()), "status", next.status().name());
    if (next.status() != Ballot.Status.PASSED) {
      return call.success();
    }
    // The decision and its effect go together or not at all.
    Optional<Outcome> problem = problem(call, proposal.change());
    if (problem.isPresent()) {
      return problem.get();
    }
    if (proposal.activatesAt() > call.height()) {
      // Passed now, in force from its activation height: anyone puts it in force then.
      call.emit(
          SCHEDULED,
          "proposal",
          Long.toString(proposal.id()),
          "activatesAt",
          Long.toString(proposal.activatesAt()));
      return call.success();
    }
    return applyEffect(call, proposal, rules);
  }

  /** Puts a passed proposal in force: the change, through the contract that owns it. */
  private Outcome applyEffect(Invocation call, Proposal proposal, Rules rules) {
    Values which = new Values(Map.of(PROPOSAL.name(), proposal.id()));
    Proposal.Change change = proposal.change();
    Outcome applied = call.success();
    if (change instanceof Proposal.Validators) {
      applied =
          call.call(
              io.credence.execution.consensus.ValidatorSetContract.NAME, "applyValidators", which);
    } else if (change instanceof Proposal.Observers) {
      applied =
          call.call(
              io.credence.execution.consensus.ValidatorSetContract.NAME, "applyObservers", which);
    } else if (change instanceof Proposal.TlsCa) {
      applied =
          call.call(io.credence.execution.consensus.ValidatorSetContract.NAME, "applyTlsCa", which);
    } else if (change instanceof Proposal.Admit a) {
      applied = call.call(IdentityRegistry.NAME, "applyMembership", which);
      if (applied instanceof Outcome.Success) {
        setWeight(call, a.uscc(), a.votingWeight(), proposal.id());
      }
    } else if (change instanceof Proposal.Membership m) {
      if (m.kind() == Proposal.Kind.REMOVE) {
        // Its TLS CA goes first, while the sender (it may be the member removed) still may call.
        applied =
            call.call(
                io.credence.execution.consensus.ValidatorSetContract.NAME, "applyTlsCa", which);
      }
      if (applied instanceof Outcome.Success) {
        applied = call.call(IdentityRegistry.NAME, "applyMembership", which);
      }
      if (applied instanceof Outcome.Success && m.kind() == Proposal.Kind.REMOVE) {
        // Removed for good: it leaves the weights, and its place among the members.
        TreeMap<String, Long> onRecord = weights(call.state());
        onRecord.remove(m.uscc());
        call.state().put(WEIGHTS, encodeWeights(onRecord));
      }
    } else if (change instanceof Proposal.Weight w) {
      setWeight(call, w.uscc(), w.votingWeight(), proposal.id());
    } else if (change instanceof Proposal.Freeze f) {
      if (f.kind() == Proposal.Kind.UNFREEZE) {
        FreezeRecord lifted = freezeRecord(call.state(), f.target()).orElseThrow();
        putFreeze(call.state(), f.target(), lifted.proposal(), call.height());
        call.emit(
            UNFROZEN,
            f.isAccount() ? "account" : "organisation",
            f.target(),
            "proposal",
            Long.toString(proposal.id()));
      }
      // A freeze passed stands as it is.
    } else if (change instanceof Proposal.Parameter x) {
      long from = Math.max(x.activatesAt(), call.height() + 1);
      ChainParameters.schedule(
          call.state(), genesisParameters(call.state()), x.name(), x.value(), from, call.height());
      call.emit(
          PARAMETER_CHANGED,
          "parameter",
          x.name(),
          "value",
          Long.toString(x.value()),
          "fromHeight",
          Long.toString(from),
          "proposal",
          Long.toString(proposal.id()));
    } else if (change instanceof Proposal.Feature x) {
      long from = Math.max(x.activatesAt(), call.height() + 1);
      Features.schedule(call.state(), x.name(), from);
      call.emit(
          FEATURE_SCHEDULED,
          "feature",
          x.name(),
          "fromHeight",
          Long.toString(from),
          "proposal",
          Long.toString(proposal.id()));
    } else if (change instanceof Proposal.Fee f) {
      TreeMap<String, Long> schedule = Fees.schedule(call.state());
      schedule.put(f.method(), f.fen());
      Fees.putSchedule(call.state(), schedule);
      call.emit(
          FEE_CHANGED,
          "method",
          f.method(),
          "fen",
          Long.toString(f.fen()),
          "proposal",
          Long.toString(proposal.id()));
    } else {
      Thresholds t = ((Proposal.NewThresholds) change).thresholds();
      putRules(call.state(), new Rules(t, rules.proposalHeightsMax()));
      call.emit(
          THRESHOLDS_CHANGED,
          "participationPercent",
          Integer.toString(t.participationPercent()),
          "winPercent",
          Integer.toString(t.winPercent()),
          "proposal",
          Long.toString(proposal.id()));
    }
    return applied instanceof Outcome.Success ? call.success() : applied;
  }

  private static byte[] activatedKey(long id) {
    return ("governance/activated/" + id).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Whether a passed proposal with an activation height still waits to be put in force at {@code
   * height}: not yet activated, and not lapsed (one not put in force within {@code
   * proposal_heights_max} blocks of its activation height lapses, and frees its subject).
   */
  static boolean waiting(ContractState state, Proposal p, long height) {
    return p.ballot().status() == Ballot.Status.PASSED
        && p.activatesAt() > p.ballot().decidedHeight()
        && state.get(activatedKey(p.id())) == null
        && height < lapsesAt(state, p);
  }

  private static long lapsesAt(ContractState state, Proposal p) {
    return p.activatesAt() + rules(state).proposalHeightsMax();
  }

  private Outcome activate(Invocation call) {
    long id = call.arg(PROPOSAL);
    Optional<Proposal> found = proposal(call.state(), id);
    if (found.isEmpty()) {
      return call.fail(
          PROPOSAL_NOT_FOUND, "proposal: expected the number of a proposal made, found %d", id);
    }
    Proposal p = found.get();
    if (p.ballot().status() != Ballot.Status.PASSED) {
      return call.fail(
          PROPOSAL_NOT_PASSED,
          "proposal %d: expected a passed proposal, found it %s",
          id,
          p.ballot().statusAt(call.height()));
    }
    if (p.activatesAt() > p.ballot().decidedHeight()
        && call.state().get(activatedKey(id)) == null
        && call.height() >= lapsesAt(call.state(), p)) {
      return call.fail(
          Ballot.PROPOSAL_EXPIRED,
          "proposal %d: expected it put in force before height %d, found height %d: it lapsed",
          id,
          lapsesAt(call.state(), p),
          call.height());
    }
    if (!waiting(call.state(), p, call.height())) {
      return call.fail(
          PROPOSAL_APPLIED,
          "proposal %d: expected one passed and waiting for its activation height, found it in"
              + " force already",
          id);
    }
    if (call.height() < p.activatesAt()) {
      return call.fail(
          NOT_YET_ACTIVE,
          "proposal %d: expected height %d or later to put it in force, found height %d",
          id,
          p.activatesAt(),
          call.height());
    }
    Optional<Outcome> problem = problem(call, p.change());
    if (problem.isPresent()) {
      return problem.get();
    }
    call.state().put(activatedKey(id), new byte[] {1});
    call.emit(ACTIVATED, "proposal", Long.toString(id));
    return applyEffect(call, p, rules(call.state()));
  }

  private static void setWeight(Invocation call, String org, long weight, long proposal) {
    TreeMap<String, Long> weights = weights(call.state());
    weights.put(org, weight);
    call.state().put(WEIGHTS, encodeWeights(weights));
    call.emit(
        WEIGHT_CHANGED,
        "organisation",
        org,
        "votingWeight",
        Long.toString(weight),
        "proposal",
        Long.toString(proposal));
  }

  private static void store(ContractState state, Proposal p) {
    state.put(proposalKey(p.id()), Proposal.CODEC.encode(p));
  }

  private static Object proposalAnswer(QueryCall q) {
    long id = q.arg(PROPOSAL);
    Proposal p =
        proposal(q.state(), id)
            .orElseThrow(
                () ->
                    q.none(
                        PROPOSAL_NOT_FOUND,
                        "proposal: expected the number of a proposal made, found %d",
                        id));
    List<Key> keys = new ArrayList<>();
    List<Key> observers = new ArrayList<>();
    if (p.change() instanceof Proposal.Validators v) {
      v.keys().forEach(k -> keys.add(new Key(k)));
    } else if (p.change() instanceof Proposal.Observers o) {
      o.keys().forEach(k -> observers.add(new Key(k)));
    }
    List<Values> votes = new ArrayList<>();
    p.ballot()
        .votes()
        .forEach(
            (org, choice) -> {
              Map<String, Object> v = new LinkedHashMap<>();
              v.put("organisation", org);
              v.put("choice", choice);
              votes.add(new Values(v));
            });
    Map<String, Object> v = new LinkedHashMap<>();
    v.put(PROPOSAL.name(), p.id());
    v.put("kind", p.kind());
    v.put("change", p.change().describe());
    v.put(VALIDATORS.name(), keys);
    v.put(OBSERVERS.name(), observers);
    v.put("proposer", p.proposer());
    v.put("openedAt", p.openedHeight());
    v.put(EXPIRES_AT.name(), p.ballot().expiresHeight());
    v.put("activatesAt", p.activatesAt());
    v.put("waiting", waiting(q.state(), p, q.height() + 1));
    v.put("votes", votes);
    v.put("status", p.ballot().status());
    v.put("decidedAt", p.ballot().decidedHeight());
    return new Values(v);
  }

  private static Object proposalsAnswer(QueryCall q) {
    long from = Math.max(1, q.arg(FROM));
    long count = Math.min(q.arg(COUNT), PROPOSALS_PAGE_MAX);
    List<Values> out = new ArrayList<>();
    for (long id = from; id < from + count; id++) {
      Optional<Proposal> p = proposal(q.state(), id);
      if (p.isEmpty()) {
        break;
      }
      Map<String, Object> v = new LinkedHashMap<>();
      v.put(PROPOSAL.name(), id);
      v.put("kind", p.get().kind());
      v.put("change", p.get().change().describe());
      v.put("proposer", p.get().proposer());
      v.put(EXPIRES_AT.name(), p.get().ballot().expiresHeight());
      v.put("status", p.get().ballot().status());
      v.put("decidedAt", p.get().ballot().decidedHeight());
      out.add(new Values(v));
    }
    return out;
  }

  private static Object weightsAnswer(QueryCall q) {
    // What counts for a vote in the next block.
    TreeMap<String, Long> counting = effectiveWeights(q.state(), q.height() + 1);
    List<Values> members = new ArrayList<>();
    weights(q.state())
        .forEach(
            (org, weight) -> {
              Map<String, Object> v = new LinkedHashMap<>();
              v.put("organisation", org);
              v.put("votingWeight", weight);
              v.put("counts", counting.get(org) > 0 || weight == 0 && isActive(q.state(), org));
              members.add(new Values(v));
            });
    Rules rules = rules(q.state());
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("members", members);
    v.put(PARTICIPATION.name(), (long) rules.thresholds().participationPercent());
    v.put(WIN.name(), (long) rules.thresholds().winPercent());
    v.put("proposalHeightsMax", rules.proposalHeightsMax());
    return new Values(v);
  }
}
