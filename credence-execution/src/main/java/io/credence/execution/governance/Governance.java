package io.credence.execution.governance;

import io.credence.core.Check;
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
import java.util.TreeMap;

/**
 * The consortium changes itself by weighted vote. An organisation's admin proposes (its
 * organisation votes yes by proposing) and the admins of the others vote; each proposal is decided
 * by its {@link Ballot} under the thresholds genesis set, and a passed proposal takes effect in the
 * transaction of the vote that passed it, through the contract that owns what it changes (the
 * validator set: {@code consensus.applyValidators}, which checks the decision here). One proposal
 * per subject is open at a time, so two conflicting ones (two removals of one validator) cannot
 * both be voted on. Weights and thresholds come from genesis; changing them by vote comes next.
 */
public final class Governance implements Contract {
  public static final String NAME = "governance";
  public static final String PROPOSAL_NOT_FOUND = "PROPOSAL_NOT_FOUND";
  public static final String PROPOSAL_PENDING = "PROPOSAL_PENDING";
  public static final String PROPOSAL_NOT_PASSED = "PROPOSAL_NOT_PASSED";
  public static final String PROPOSAL_APPLIED = "PROPOSAL_APPLIED";
  public static final String OPENED = "ProposalOpened";
  public static final String VOTED = "VoteCast";
  public static final String DECIDED = "ProposalDecided";

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

  private static final byte[] WEIGHTS = key("weights");
  private static final byte[] RULES = key("rules");
  private static final byte[] NEXT = key("next");

  private static byte[] key(String name) {
    return (NAME + "/" + name).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] proposalKey(long id) {
    return key(String.format(Locale.ROOT, "proposal/%020d", id));
  }

  private static byte[] openKey(Proposal.Kind kind) {
    return key("open/" + kind.name());
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
    return List.of(
        Method.named("proposeValidators")
            .doc(
                "Proposes a new validator set (keys in order), open until expiresAt; the"
                    + " proposer's organisation votes yes (admins of an organisation with a vote)")
            .args(VALIDATORS, EXPIRES_AT)
            .access(Access.role(AccountRole.ADMIN))
            .handle(this::proposeValidators),
        Method.named("vote")
            .doc(
                "Casts or changes the organisation's vote on an open proposal; the vote that"
                    + " decides it also applies it (admins of an organisation with a vote)")
            .args(PROPOSAL, CHOICE)
            .access(Access.role(AccountRole.ADMIN))
            .handle(this::vote));
  }

  @Override
  public List<Query> queries() {
    return List.of(
        Query.named("proposal")
            .doc("A proposal: what it does, who proposed it, the votes and where it stands")
            .args(PROPOSAL)
            .answers(PROPOSAL_ANSWER)
            .handle(Governance::proposalAnswer));
  }

  /** The answer of {@code governance.proposal}. */
  public static final io.credence.core.types.Type PROPOSAL_ANSWER =
      Types.record(
          PROPOSAL.field(),
          Param.choice("kind", Proposal.Kind.class, "").field(),
          VALIDATORS.field(),
          Param.text("proposer", 18, "the proposing organisation's USCC").field(),
          Param.u64("openedAt", "").field(),
          EXPIRES_AT.field(),
          Param.list(
                  "votes",
                  Param.record(
                      "vote",
                      "",
                      Param.text("organisation", 18, ""),
                      Param.choice("choice", Choice.class, "")),
                  Genesis.ORGANISATIONS_MAX,
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
  }

  private static byte[] encodeWeights(TreeMap<String, Long> weights) {
    Writer w = new Writer().varint(weights.size());
    weights.forEach((org, weight) -> w.string(org).u64(weight));
    return w.toByteArray();
  }

  /** Each organisation's voting weight, by USCC. */
  public static TreeMap<String, Long> weights(ContractState state) {
    Reader r = new Reader(state.get(WEIGHTS));
    int n = r.length("governance.weights", Genesis.ORGANISATIONS_MAX);
    TreeMap<String, Long> out = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      out.put(r.string("organisation", 64), r.u64());
    }
    r.finish();
    return out;
  }

  static Rules rules(ContractState state) {
    Reader r = new Reader(state.get(RULES));
    Rules rules = new Rules(new Thresholds(r.u32(), r.u32()), r.u64());
    r.finish();
    return rules;
  }

  /** Proposal {@code id}, if there is one. */
  public static Optional<Proposal> proposal(ContractState state, long id) {
    byte[] raw = state.get(proposalKey(id));
    return raw == null ? Optional.empty() : Optional.of(Proposal.CODEC.decode(raw));
  }

  private Outcome proposeValidators(Invocation call) {
    List<Key> keys = call.arg(VALIDATORS);
    if (keys.isEmpty()) {
      return call.fail(
          IdentityRegistry.INVALID_ARGUMENT, "validators: expected at least one key, found none");
    }
    List<byte[]> raw = new ArrayList<>();
    keys.forEach(k -> raw.add(k.bytes()));
    return open(call, Proposal.Kind.VALIDATORS, raw);
  }

  private Outcome open(Invocation call, Proposal.Kind kind, List<byte[]> validators) {
    ContractState state = call.state();
    String org = call.organisation().uscc();
    long height = call.height();
    TreeMap<String, Long> weights = weights(state);
    Rules rules = rules(state);
    long expiresAt = call.arg(EXPIRES_AT);
    if (expiresAt <= height || expiresAt - height > rules.proposalHeightsMax()) {
      return call.fail(
          IdentityRegistry.INVALID_ARGUMENT,
          "expiresAt: expected a height from %d to %d, found %d",
          height + 1,
          height + rules.proposalHeightsMax(),
          expiresAt);
    }
    byte[] open = state.get(openKey(kind));
    if (open != null) {
      long openId = new Reader(open).u64();
      Proposal pending = proposal(state, openId).orElseThrow();
      if (pending.ballot().statusAt(height) == Ballot.Status.OPEN) {
        return call.fail(
            PROPOSAL_PENDING,
            "proposal: expected no open proposal of kind %s, found proposal %d open until"
                + " height %d",
            kind,
            openId,
            pending.ballot().expiresHeight());
      }
    }
    Ballot ballot = Ballot.open(expiresAt);
    var refusal = ballot.refusal(org, height, weights);
    if (refusal.isPresent()) {
      return new Outcome.Failure(refusal.get());
    }
    long id = new Reader(state.get(NEXT)).u64();
    state.put(NEXT, new Writer().u64(id + 1).toByteArray());
    state.put(openKey(kind), new Writer().u64(id).toByteArray());
    Proposal proposal = new Proposal(id, kind, validators, org, height, ballot);
    store(state, proposal);
    call.emit(
        OPENED,
        "proposal",
        Long.toString(id),
        "kind",
        kind.name(),
        "proposer",
        org,
        "expiresAt",
        Long.toString(expiresAt));
    return cast(call, proposal, Choice.YES, weights, rules);
  }

  private Outcome vote(Invocation call) {
    long id = call.arg(PROPOSAL);
    Optional<Proposal> found = proposal(call.state(), id);
    if (found.isEmpty()) {
      return call.fail(
          PROPOSAL_NOT_FOUND, "proposal: expected the number of a proposal made, found %d", id);
    }
    TreeMap<String, Long> weights = weights(call.state());
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
    Check.that(proposal.kind() == Proposal.Kind.VALIDATORS, "apply: kind %s", proposal.kind());
    Outcome applied =
        call.call(
            io.credence.execution.consensus.ValidatorSetContract.NAME,
            "applyValidators",
            new Values(Map.of(PROPOSAL.name(), proposal.id())));
    // The decision and its effect go together or not at all.
    return applied instanceof Outcome.Success ? call.success() : applied;
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
    p.validators().forEach(k -> keys.add(new Key(k)));
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
    v.put(VALIDATORS.name(), keys);
    v.put("proposer", p.proposer());
    v.put("openedAt", p.openedHeight());
    v.put(EXPIRES_AT.name(), p.ballot().expiresHeight());
    v.put("votes", votes);
    v.put("status", p.ballot().status());
    v.put("decidedAt", p.ballot().decidedHeight());
    return new Values(v);
  }
}
