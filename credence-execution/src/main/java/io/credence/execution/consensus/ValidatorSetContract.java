package io.credence.execution.consensus;

import io.credence.core.Call;
import io.credence.core.Event;
import io.credence.core.Hex;
import io.credence.core.Rejection;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.genesis.Genesis;
import io.credence.execution.Context;
import io.credence.execution.Contract;
import io.credence.execution.ContractState;
import io.credence.execution.Outcome;
import io.credence.execution.identity.Account;
import io.credence.execution.identity.AccountRole;
import io.credence.execution.identity.IdentityRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The validator set, in state. Until governance votes come, the admins of the genesis's first
 * organisation (the consortium's convenor) may replace it with {@code setValidators(validators)}, a
 * comma-separated list of public keys in order. The change takes effect when the block carrying it
 * is committed: consensus ends the epoch there and the new set runs the next.
 */
public final class ValidatorSetContract implements Contract {
  public static final String NAME = "consensus";
  public static final String CHANGED = "ValidatorSetChanged";
  public static final int VALIDATORS_MAX = 256;

  public static final String NOT_AUTHORISED = "NOT_AUTHORISED";
  public static final String UNKNOWN_METHOD = "UNKNOWN_METHOD";
  public static final String INVALID_ARGUMENT = "INVALID_ARGUMENT";

  private static final byte[] CONVENOR = "consensus/convenor".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] VALIDATORS =
      "consensus/validators".getBytes(StandardCharsets.US_ASCII);

  private final CryptoSuite suite;

  public ValidatorSetContract(CryptoSuite suite) {
    this.suite = suite;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Writes the genesis validator set and who may change it. */
  public static void initialise(ContractState state, Genesis genesis) {
    state.put(CONVENOR, genesis.organisations().get(0).uscc().getBytes(StandardCharsets.US_ASCII));
    List<byte[]> keys = new ArrayList<>();
    genesis.validators().forEach(v -> keys.add(v.publicKey()));
    state.put(VALIDATORS, encode(keys));
  }

  private static byte[] encode(List<byte[]> keys) {
    Writer w = new Writer().varint(keys.size());
    keys.forEach(w::bytes);
    return w.toByteArray();
  }

  /** The validator set in {@code state}. */
  public static List<byte[]> validators(ContractState state) {
    Reader r = new Reader(state.get(VALIDATORS));
    int n = r.length("validators", VALIDATORS_MAX);
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add(r.bytes("validator", 65));
    }
    r.finish();
    return keys;
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

  @Override
  public Outcome call(Context context, ContractState state, Call call) {
    if (!call.method().equals("setValidators")) {
      return Outcome.failure(
          UNKNOWN_METHOD, "call.method: expected setValidators, found '%s'", call.method());
    }
    Optional<Rejection> denied =
        IdentityRegistry.authorise(state, context.sender(), AccountRole.ADMIN, Set.of());
    if (denied.isPresent()) {
      return new Outcome.Failure(denied.get());
    }
    String convenor = new String(state.get(CONVENOR), StandardCharsets.US_ASCII);
    Account admin = IdentityRegistry.account(state, context.sender()).orElseThrow();
    if (!admin.organisationUscc().equals(convenor)) {
      return Outcome.failure(
          NOT_AUTHORISED,
          "sender %s: expected an admin of the convening organisation %s, found one of %s",
          context.sender(),
          convenor,
          admin.organisationUscc());
    }
    if (call.args().size() != 1 || !call.args().containsKey("validators")) {
      return Outcome.failure(
          INVALID_ARGUMENT,
          "consensus.setValidators: expected exactly the argument 'validators', found %s",
          call.args().keySet());
    }
    String text = call.args().get("validators");
    List<byte[]> keys = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String hex : text.split(",", -1)) {
      byte[] key;
      try {
        key = Hex.parse("validators", hex.trim());
      } catch (IllegalArgumentException e) {
        return Outcome.failure(INVALID_ARGUMENT, "%s", e.getMessage());
      }
      if (!suite.isValidPublicKey(key)) {
        return Outcome.failure(
            INVALID_ARGUMENT, "validators: expected %s public keys, found '%s'", suite.name(), hex);
      }
      if (!seen.add(Hex.of(key))) {
        return Outcome.failure(
            INVALID_ARGUMENT, "validators: expected distinct keys, found %s twice", hex);
      }
      keys.add(key);
    }
    if (keys.size() > VALIDATORS_MAX) {
      return Outcome.failure(
          INVALID_ARGUMENT,
          "validators: expected at most %d, found %d",
          VALIDATORS_MAX,
          keys.size());
    }
    state.put(VALIDATORS, encode(keys));
    TreeMap<String, String> attributes = new TreeMap<>();
    StringBuilder list = new StringBuilder();
    keys.forEach(k -> list.append(list.length() == 0 ? "" : ",").append(Hex.of(k)));
    attributes.put("validators", list.toString());
    return Outcome.success(new Event(NAME, CHANGED, attributes));
  }
}
