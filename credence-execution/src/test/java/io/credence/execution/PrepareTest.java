package io.credence.execution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Call;
import io.credence.core.Hex;
import io.credence.core.crypto.CryptoSuite;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Runtime#prepare}: the keys it checks ahead of execution, and what it never does. */
class PrepareTest {
  final CryptoSuite suite = CryptoSuite.named("standard");
  final Runtime runtime = Runtime.builtIn(suite);

  @Test
  void preparedKeys_atMostPreparedKeysMax_inArgumentOrder() {
    SecureRandom random = new SecureRandom();
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      keys.add(suite.generate(random).publicKey());
    }
    Map<String, Object> set = new LinkedHashMap<>();
    set.put("validators", keys.stream().map(Hex::of).toList());
    set.put("expiresAt", 1_000L);
    List<byte[]> prepared =
        runtime.preparedKeys(runtime.call("governance", "proposeValidators", set));
    assertEquals(Runtime.PREPARED_KEYS_MAX, prepared.size(), "keys of a 10-key proposal");
    for (int i = 0; i < prepared.size(); i++) {
      assertArrayEquals(keys.get(i), prepared.get(i));
    }
    Map<String, Object> account = new LinkedHashMap<>();
    account.put("publicKey", Hex.of(keys.get(7)));
    account.put("roles", List.of("OPERATOR"));
    List<byte[]> one = runtime.preparedKeys(runtime.call("identity", "register", account));
    assertEquals(1, one.size());
    assertArrayEquals(keys.get(7), one.get(0));
  }

  @Test
  void prepare_malformedOrUnknownCalls_prepareNothing_andNeverThrow() {
    for (Call call :
        List.of(
            new Call("identity", "register", new byte[] {1, 2, 3}),
            new Call("nope", "x", new byte[0]),
            new Call("identity", "nope", new byte[0]))) {
      assertTrue(runtime.preparedKeys(call).isEmpty(), call.contract() + "." + call.method());
      runtime.prepare(call);
    }
  }
}
