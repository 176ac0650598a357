package io.credence.execution.governance;

import static io.credence.execution.TestChain.code;
import static io.credence.execution.TestChain.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.genesis.Parameters;
import io.credence.execution.Outcome;
import io.credence.execution.TestChain;
import io.credence.execution.identity.IdentityRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chain's limits changed by vote, at once or from an activation height; refusals name the
 * field, the range and what was found, and change nothing.
 */
class ParameterVoteTest {
  private final TestChain c = new TestChain();
  private final Parameters genesis = c.genesis.parameters();

  private Outcome propose(String name, long value, long activatesAt) {
    return c.call(
        c.coreAdmin,
        "governance",
        "proposeParameter",
        "parameter",
        name,
        "value",
        value,
        "activatesAt",
        activatesAt,
        "expiresAt",
        c.height() + 100);
  }

  private long opened(Outcome o) {
    assertEquals("SUCCESS", code(o), o::toString);
    return Long.parseLong(((Outcome.Success) o).events().get(0).attributes().get("proposal"));
  }

  private Outcome pass(long id) {
    return c.call(c.bankAdmin, "governance", "vote", "proposal", id, "choice", "YES");
  }

  private Parameters at(long height) {
    return ChainParameters.at(c.state, genesis, height);
  }

  @Test
  void aLimitChangedAtOnce_holdsFromTheNextBlock() {
    long id = opened(propose("transactionBytesMax", 4_096, 0));
    Outcome passed = pass(id);
    assertEquals("SUCCESS", code(passed), passed::toString);
    long decided = c.height();
    var event = ((Outcome.Success) passed).events().get(2);
    assertEquals(Governance.PARAMETER_CHANGED, event.name());
    assertEquals(Long.toString(decided + 1), event.attributes().get("fromHeight"));
    assertEquals(genesis.transactionBytesMax(), at(decided).transactionBytesMax());
    assertEquals(4_096, at(decided + 1).transactionBytesMax());
    assertEquals(genesis.blockBytesMax(), at(decided + 1).blockBytesMax(), "the others stay");
  }

  @Test
  void aLimitChangedFromAnActivationHeight_waitsForIt_andTheQuerySaysSo() {
    long from = c.height() + 50;
    long id = opened(propose("blockTransactionsMax", 500, from));
    assertEquals("SUCCESS", code(pass(id)));
    assertEquals(genesis.blockTransactionsMax(), at(from - 1).blockTransactionsMax());
    assertEquals(500, at(from).blockTransactionsMax());
    Map<String, Object> line = parameter("blockTransactionsMax");
    assertEquals((long) genesis.blockTransactionsMax(), line.get("value"));
    assertEquals(500L, line.get("scheduledValue"));
    assertEquals(from, line.get("fromHeight"));
    assertEquals(true, line.get("governed"));
    assertEquals(false, parameter("proposalHeightsMax").get("governed"));
    // A later decision on the same limit replaces the one waiting.
    long again = opened(propose("blockTransactionsMax", 800, 0));
    assertEquals("SUCCESS", code(pass(again)));
    assertEquals(800, at(c.height() + 1).blockTransactionsMax());
    assertEquals(800, at(from + 10).blockTransactionsMax());
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> parameter(String name) {
    Map<String, Object> answer =
        (Map<String, Object>)
            c.runtime
                .query("governance", "parameters", Map.of(), c.state, c.height(), c.today())
                .plain();
    for (Map<String, Object> p : (List<Map<String, Object>>) answer.get("parameters")) {
      if (p.get("name").equals(name)) {
        return p;
      }
    }
    throw new AssertionError(name + " not listed: " + answer);
  }

  @Test
  void refusals_nameTheFieldTheRangeAndWhatWasFound_andChangeNothing() {
    refused(() -> propose("participationPercent", 40, 0), "parameter: expected one of [");
    refused(() -> propose("blockIntervalMillis", 1_000, 0), "found 'blockIntervalMillis'");
    refused(
        () -> propose("transactionBytesMax", 100, 0),
        "value: expected transactionBytesMax from 256 to 1048576, found 100");
    refused(
        () -> propose("blockBytesMax", 8 << 20, 0),
        "value: expected blockBytesMax from 1024 to " + Governance.VOTED_BLOCK_BYTES_MAX);
    refused(
        () -> propose("transactionWorkMax", 1_000, c.height()),
        "activatesAt: expected 0 (at once)");
    refused(
        () -> propose("transactionWorkMax", 1_000, c.height() + 100 + 2_000_000),
        "activatesAt: expected 0 (at once)");
    // Consistent with the others: a transaction must fit a block.
    refused(
        () -> propose("blockBytesMax", 2_048, 0),
        "expected transactionBytesMax at most blockBytesMax, found "
            + genesis.transactionBytesMax()
            + " and 2048");
  }

  private void refused(java.util.function.Supplier<Outcome> call, String why) {
    Map<String, String> before = c.state.snapshot();
    Outcome o = call.get();
    assertEquals(IdentityRegistry.INVALID_ARGUMENT, code(o), o::toString);
    assertTrue(message(o).contains(why), message(o));
    assertEquals(before, c.state.snapshot(), "a refusal changed the state");
  }

  @Test
  void aFeatureSwitch_scheduledByVote_onFromItsHeight_onlyOnce_andOnlyOneThisBuildKnows() {
    long from = c.height() + 20;
    refused(
        () ->
            c.call(
                c.coreAdmin,
                "governance",
                "proposeFeature",
                "feature",
                "fees.everythingFree",
                "activatesAt",
                0L,
                "expiresAt",
                c.height() + 100),
        "feature: expected a switch this build knows, one of [fees.refusedFree]");
    Outcome opened =
        c.call(
            c.coreAdmin,
            "governance",
            "proposeFeature",
            "feature",
            Features.REFUSED_FREE,
            "activatesAt",
            from,
            "expiresAt",
            c.height() + 100);
    assertEquals("SUCCESS", code(pass(opened(opened))));
    assertTrue(!Features.on(c.state, Features.REFUSED_FREE, from - 1));
    assertTrue(Features.on(c.state, Features.REFUSED_FREE, from));
    Map<String, String> before = c.state.snapshot();
    Outcome again =
        c.call(
            c.coreAdmin,
            "governance",
            "proposeFeature",
            "feature",
            Features.REFUSED_FREE,
            "activatesAt",
            0L,
            "expiresAt",
            c.height() + 100);
    assertEquals(Governance.FEATURE_ALREADY, code(again), again::toString);
    assertTrue(message(again).contains("on from height " + from), message(again));
    assertEquals(before, c.state.snapshot());
  }

  @Test
  void aChangeThatWouldLetATransactionOutgrowABlockLater_isRefusedToo() {
    // Scheduled: transactions up to 1 MiB from 50 blocks on (blocks hold 4 MiB: fine).
    long from = c.height() + 50;
    assertEquals("SUCCESS", code(pass(opened(propose("transactionBytesMax", 1 << 20, from)))));
    // Blocks of 512 KiB at once fit today's 16 KiB transactions, but not those from height 50.
    refused(
        () -> propose("blockBytesMax", 512 << 10, 0),
        "expected transactionBytesMax at most blockBytesMax, found 1048576 and 524288");
  }
}
