package io.credence.execution.consensus;

import io.credence.core.Event;
import io.credence.core.Hex;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.genesis.Genesis;
import io.credence.core.types.Key;
import io.credence.core.types.Param;
import io.credence.execution.Access;
import io.credence.execution.Contract;
import io.credence.execution.ContractState;
import io.credence.execution.Invocation;
import io.credence.execution.Method;
import io.credence.execution.Outcome;
import io.credence.execution.Query;
import io.credence.execution.governance.Governance;
import io.credence.execution.governance.Proposal;
import io.credence.execution.identity.AccountRole;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The validator set, in state. Only a passed governance proposal replaces it ({@code
 * applyValidators}, which governance calls with the deciding vote and which checks the decision);
 * no organisation changes it alone. The change takes effect when the block carrying it is
 * committed: consensus ends the epoch there and the new set runs the next.
 */
public final class ValidatorSetContract implements Contract {
  public static final String NAME = "consensus";
  public static final String CHANGED = "ValidatorSetChanged";
  public static final String OBSERVERS_CHANGED = "ObserverSetChanged";
  public static final String TLS_CA_CHANGED = "TlsCaChanged";
  public static final int VALIDATORS_MAX = 256;
  public static final int OBSERVERS_MAX = 256;

  static final Param<List<Key>> VALIDATORS_ARG =
      Param.distinctList(
          "validators",
          Param.publicKey("validator", "a validator's node key"),
          VALIDATORS_MAX,
          "the new set's node keys, in order");

  static final Param<List<Key>> OBSERVERS_ARG =
      Param.distinctList(
          "observers",
          Param.publicKey("observer", "an observer's node key"),
          OBSERVERS_MAX,
          "the observer set's node keys");

  private static final byte[] VALIDATORS =
      "consensus/validators".getBytes(StandardCharsets.US_ASCII);
  // The observers in force: nodes peers admit to follow the chain, which never vote.
  private static final byte[] OBSERVERS = "consensus/observers".getBytes(StandardCharsets.US_ASCII);
  // Each member's TLS CA certificate (DER), by USCC: the transport trusts the nodes they issue.
  private static final byte[] TLS_CAS = "consensus/tls-cas".getBytes(StandardCharsets.US_ASCII);
  // The epoch in force (absent: 1, genesis's), and each ended epoch's set, kept from the first
  // change on, so that evidence signed in an earlier epoch is checked against that epoch's set.
  private static final byte[] EPOCH = "consensus/epoch".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CHANGED_AT =
      "consensus/changed-at".getBytes(StandardCharsets.US_ASCII);
  public static final String SET_CHANGED_THIS_BLOCK = "SET_CHANGED_THIS_BLOCK";

  private static byte[] setKey(long epoch) {
    return ("consensus/set/" + epoch).getBytes(StandardCharsets.US_ASCII);
  }

  public static final String NODE_DECLARED = "NodeDeclared";
  public static final String NODE_CLAIMED = "NODE_CLAIMED";
  public static final String BAD_NODE_SIGNATURE = "BAD_NODE_SIGNATURE";

  static final Param<Key> NODE = Param.publicKey("node", "the node's key");
  static final Param<io.credence.core.types.Blob> NODE_SIGNATURE =
      Param.bytes(
          "signature",
          72,
          "the node key's signature over the text 'credence node of ' followed by the USCC");

  private final CryptoSuite suite;

  public ValidatorSetContract(CryptoSuite suite) {
    this.suite = suite;
  }

  private static byte[] nodeKey(byte[] key) {
    return ("consensus/node/" + Hex.of(key)).getBytes(StandardCharsets.US_ASCII);
  }

  /** What a node key signs to declare that it runs for {@code uscc}. */
  public static byte[] declaration(String uscc) {
    return ("credence node of " + uscc).getBytes(StandardCharsets.US_ASCII);
  }

  /** The organisation that runs the node {@code key}: genesis's, or as declared; empty if none. */
  public static Optional<String> organisationOf(ContractState state, byte[] key) {
    byte[] raw = state.get(nodeKey(key));
    return raw == null ? Optional.empty() : Optional.of(new String(raw, StandardCharsets.US_ASCII));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "The validator set: replaced only by a passed governance proposal";
  }

  @Override
  public List<Method> methods() {
    return List.of(
        Method.named("applyValidators")
            .doc(
                "Puts in force the validator set of a passed governance proposal, once;"
                    + " governance calls it with the vote that passes one")
            .args(Governance.PROPOSAL)
            .access(Access.anyAccount())
            .handle(this::applyValidators),
        Method.named("applyObservers")
            .doc(
                "Puts in force the observer set of a passed governance proposal, once;"
                    + " governance calls it with the vote that passes one")
            .args(Governance.PROPOSAL)
            .access(Access.anyAccount())
            .handle(this::applyObservers),
        Method.named("applyTlsCa")
            .doc(
                "Puts in force a member's TLS CA certificate of a passed governance proposal, or"
                    + " drops a removed member's, once; governance calls it with the vote that"
                    + " passes one")
            .args(Governance.PROPOSAL)
            .access(Access.anyAccount())
            .handle(this::applyTlsCa),
        Method.named("declareNode")
            .doc(
                "Declares that the organisation runs the node with this key, proven by the node"
                    + " key's signature; a key genesis names, or one declared already, is not"
                    + " claimed again (an admin)")
            .args(NODE, NODE_SIGNATURE)
            .access(Access.role(AccountRole.ADMIN))
            .handle(this::declareNode));
  }

  private Outcome declareNode(Invocation call) {
    byte[] key = call.arg(NODE).bytes();
    String uscc = call.organisation().uscc();
    Optional<String> runBy = organisationOf(call.state(), key);
    if (runBy.isPresent()) {
      return call.fail(
          NODE_CLAIMED,
          "node: expected a key no organisation runs yet, found %s run by %s",
          Hex.of(key),
          runBy.get());
    }
    if (!suite.verify(key, declaration(uscc), call.arg(NODE_SIGNATURE).bytes())) {
      return call.fail(
          BAD_NODE_SIGNATURE,
          "signature: expected the node key's signature over 'credence node of %s', found one"
              + " that does not verify",
          uscc);
    }
    call.state().put(nodeKey(key), uscc.getBytes(StandardCharsets.US_ASCII));
    call.emit(NODE_DECLARED, "node", Hex.of(key), "organisation", uscc);
    return call.success();
  }

  @Override
  public List<Query> queries() {
    return List.of(
        Query.named("validators")
            .doc("The validator set in force, in order")
            .answers(VALIDATORS_ARG.type())
            .handle(q -> validators(q.state()).stream().map(Key::new).toList()),
        Query.named("observers")
            .doc("The observer set in force: nodes that follow the chain and never vote")
            .answers(OBSERVERS_ARG.type())
            .handle(q -> observers(q.state()).stream().map(Key::new).toList()));
  }

  /** Writes the genesis validator set. */
  @Override
  public void initialise(Genesis genesis, ContractState state) {
    List<byte[]> keys = new ArrayList<>();
    genesis.validators().forEach(v -> keys.add(v.publicKey()));
    state.put(VALIDATORS, encode(keys));
    List<byte[]> observers = new ArrayList<>();
    genesis.observers().forEach(o -> observers.add(o.publicKey()));
    state.put(OBSERVERS, encode(observers));
    java.util.TreeMap<String, List<byte[]>> cas = new java.util.TreeMap<>();
    genesis.organisations().stream()
        .filter(o -> o.tlsCaCertificate().length > 0)
        .forEach(o -> cas.put(o.uscc(), List.of(o.tlsCaCertificate())));
    state.put(TLS_CAS, encodeCas(cas));
    // Who runs each node genesis names, validator or observer: not claimed again by anyone.
    genesis
        .validators()
        .forEach(
            v ->
                state.put(
                    nodeKey(v.publicKey()),
                    v.organisationUscc().getBytes(StandardCharsets.US_ASCII)));
    genesis
        .observers()
        .forEach(
            o ->
                state.put(
                    nodeKey(o.publicKey()),
                    o.organisationUscc().getBytes(StandardCharsets.US_ASCII)));
  }

  private static byte[] encode(List<byte[]> keys) {
    Writer w = new Writer().varint(keys.size());
    keys.forEach(w::bytes);
    return w.toByteArray();
  }

  /** The validator set in {@code state}. */
  public static List<byte[]> validators(ContractState state) {
    return decode(state.get(VALIDATORS));
  }

  /** The observer set in {@code state} (genesis's until a vote changes it). */
  public static List<byte[]> observers(ContractState state) {
    byte[] raw = state.get(OBSERVERS);
    return raw == null ? List.of() : decode(raw);
  }

  /** The CAs of one member kept at once: the one voted in last, and the one before it. */
  public static final int TLS_CAS_PER_MEMBER_MAX = 2;

  /**
   * Each member's TLS CA certificates (DER) on record, by USCC, newest first: the last voted in and
   * the one it replaced, so that a member rotating its CA keeps its nodes connected while it
   * reissues their certificates. A removed member's are dropped.
   */
  public static java.util.TreeMap<String, List<byte[]>> tlsCas(ContractState state) {
    java.util.TreeMap<String, List<byte[]>> out = new java.util.TreeMap<>();
    byte[] raw = state.get(TLS_CAS);
    if (raw == null) {
      return out;
    }
    Reader r = new Reader(raw);
    int n = r.length("tlsCas", Governance.MEMBERS_MAX);
    for (int i = 0; i < n; i++) {
      String uscc = r.string("tlsCa.organisation", 64);
      int k = r.length("tlsCa.certificates", TLS_CAS_PER_MEMBER_MAX);
      List<byte[]> certificates = new ArrayList<>();
      for (int j = 0; j < k; j++) {
        certificates.add(r.bytes("tlsCa.certificate", Genesis.TLS_CA_CERTIFICATE_BYTES_MAX));
      }
      out.put(uscc, certificates);
    }
    r.finish();
    return out;
  }

  private static byte[] encodeCas(java.util.TreeMap<String, List<byte[]>> cas) {
    Writer w = new Writer().varint(cas.size());
    cas.forEach(
        (uscc, certificates) -> {
          w.string(uscc).varint(certificates.size());
          certificates.forEach(w::bytes);
        });
    return w.toByteArray();
  }

  private static List<byte[]> decode(byte[] raw) {
    Reader r = new Reader(raw);
    int n = r.length("validators", VALIDATORS_MAX);
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add(r.bytes("validator", 65));
    }
    r.finish();
    return keys;
  }

  /**
   * The epoch in force: 1 from genesis, one more with each change (consensus counts its epochs the
   * same way, from the same changes).
   */
  public static long epoch(ContractState state) {
    byte[] raw = state.get(EPOCH);
    return raw == null ? 1 : new Reader(raw).u64();
  }

  /** The validator set of {@code epoch}, in order; empty for an epoch the chain has not had. */
  public static Optional<List<byte[]>> validators(ContractState state, long epoch) {
    long now = epoch(state);
    if (epoch == now) {
      return Optional.of(validators(state));
    }
    if (epoch < 1 || epoch > now) {
      return Optional.empty();
    }
    return Optional.of(decode(state.get(setKey(epoch))));
  }

  /** The new validator set if {@code events} hold a change, in order; empty otherwise. */
  public static Optional<List<byte[]>> change(List<Event> events) {
    for (Event e : events) {
      if (e.contract().equals(NAME) && e.name().equals(CHANGED)) {
        List<byte[]> keys = new ArrayList<>();
        for (String hex : e.attributes().get("validators").split(",", -1)) {
          keys.add(Hex.parse("validators", hex));
        }
        return Optional.of(keys);
      }
    }
    return Optional.empty();
  }

  private Outcome applyValidators(Invocation call) {
    Governance.Applicable a =
        Governance.toApply(call, NAME, java.util.Set.of(Proposal.Kind.VALIDATORS));
    if (a.refusal() != null) {
      return a.refusal();
    }
    return replace(call, ((Proposal.Validators) a.proposal().change()).keys());
  }

  private Outcome applyObservers(Invocation call) {
    Governance.Applicable a =
        Governance.toApply(call, NAME, java.util.Set.of(Proposal.Kind.OBSERVERS));
    if (a.refusal() != null) {
      return a.refusal();
    }
    List<byte[]> keys = ((Proposal.Observers) a.proposal().change()).keys();
    call.state().put(OBSERVERS, encode(keys));
    call.emit(OBSERVERS_CHANGED, "observers", joined(keys));
    return call.success();
  }

  private Outcome applyTlsCa(Invocation call) {
    Governance.Applicable a =
        Governance.toApply(
            call, NAME, java.util.Set.of(Proposal.Kind.TLS_CA, Proposal.Kind.REMOVE));
    if (a.refusal() != null) {
      return a.refusal();
    }
    java.util.TreeMap<String, List<byte[]>> cas = tlsCas(call.state());
    if (a.proposal().change() instanceof Proposal.Membership removed) {
      // A removed member's CA leaves with it: the transport no longer trusts its nodes.
      if (cas.remove(removed.uscc()) != null) {
        call.state().put(TLS_CAS, encodeCas(cas));
        call.emit(TLS_CA_CHANGED, "organisation", removed.uscc(), "sha256", "");
      }
      return call.success();
    }
    Proposal.TlsCa change = (Proposal.TlsCa) a.proposal().change();
    List<byte[]> kept = new ArrayList<>(List.of(change.certificate()));
    List<byte[]> before = cas.getOrDefault(change.uscc(), List.of());
    if (!before.isEmpty()) {
      kept.add(before.get(0));
    }
    cas.put(change.uscc(), kept);
    call.state().put(TLS_CAS, encodeCas(cas));
    call.emit(TLS_CA_CHANGED, "organisation", change.uscc(), "sha256", change.fingerprint());
    return call.success();
  }

  private static String joined(List<byte[]> keys) {
    StringBuilder list = new StringBuilder();
    keys.forEach(k -> list.append(list.length() == 0 ? "" : ",").append(Hex.of(k)));
    return list.toString();
  }

  private Outcome replace(Invocation call, List<byte[]> keys) {
    ContractState state = call.state();
    byte[] last = state.get(CHANGED_AT);
    if (last != null && new Reader(last).u64() == call.height()) {
      // Consensus ends the epoch at the block's first change; a second would be in state only.
      return call.fail(
          SET_CHANGED_THIS_BLOCK,
          "validators: expected one change of the set a block, found one made in this block"
              + " (height %d) already; vote again in the next",
          call.height());
    }
    state.put(CHANGED_AT, new Writer().u64(call.height()).toByteArray());
    long ended = epoch(state);
    state.put(setKey(ended), state.get(VALIDATORS));
    state.put(EPOCH, new Writer().u64(ended + 1).toByteArray());
    state.put(VALIDATORS, encode(keys));
    call.emit(CHANGED, "validators", joined(keys));
    return call.success();
  }
}
