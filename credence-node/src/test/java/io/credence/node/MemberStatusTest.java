package io.credence.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Hash;
import io.credence.core.Rejection;
import io.credence.core.genesis.OrganisationRole;
import io.credence.core.genesis.Parameters;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.store.BlockStore;
import io.credence.ledger.store.MemoryStore;
import io.credence.node.execution.Executor;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A member suspended by vote or frozen by a regulator may not transact: its transactions are
 * refused at the door, dropped from the queue with the reason when the change commits, never
 * included (so they owe no fee), and a block that includes one is invalid.
 */
class MemberStatusTest {
  // Five organisations: roles cycle, so the fifth (index 4) is the regulator.
  private final TestConsortium c = new TestConsortium("standard", 5, Parameters.DEFAULTS, 8);

  private Transaction governance(int admin, long nonce, String method, Map<String, String> args) {
    return c.sign(
        c.admins.get(admin),
        nonce,
        100,
        io.credence.execution.Runtime.encodeCall("governance", method, new TreeMap<>(args)));
  }

  private Transaction registerBy(int admin, long nonce) {
    return c.registerNew(admin, nonce);
  }

  private static void assertRefused(Optional<Rejection> r, String... words) {
    assertTrue(r.isPresent(), "refused");
    assertEquals(Executor.MEMBER_NOT_ACTIVE, r.get().code(), r.get().toString());
    for (String w : words) {
      assertTrue(r.get().message().contains(w), r.get().message() + " names " + w);
    }
  }

  @Test
  void suspendedOrFrozenMember_isRefusedAtTheDoor_droppedFromTheQueue_andNeverIncluded() {
    assertEquals(OrganisationRole.REGULATOR, c.genesis.organisations().get(4).role());
    Replica replica = c.replica(new MemoryStore());
    Map<Hash, Rejection> dropped = new HashMap<>();
    replica.addListener(
        new Replica.Listener() {
          @Override
          public void onCommit(BlockStore.Committed committed) {}

          @Override
          public void onDropped(Hash transaction, Rejection reason) {
            dropped.put(transaction, reason);
          }
        });
    String suspended = c.genesis.organisations().get(2).uscc();
    assertTrue(
        replica
            .onTransaction(
                governance(
                    0,
                    0,
                    "proposeSuspension",
                    Map.of("organisation", suspended, "expiresAt", "90")))
            .isEmpty());
    assertTrue(
        c.tick(replica, c.genesis.timestampMillis() + 2_000).get().receipts().get(0).isSuccess());

    // The deciding votes and a transaction of the member about to be suspended wait together: the
    // votes come first in the block, and the member's transaction no longer fits after them.
    for (int admin : new int[] {1, 3, 4}) {
      assertTrue(
          replica
              .onTransaction(governance(admin, 0, "vote", Map.of("proposal", "1", "choice", "YES")))
              .isEmpty());
    }
    Transaction waiting = registerBy(2, 0);
    assertTrue(replica.onTransaction(waiting).isEmpty(), "admitted while still active");
    c.tick(replica, c.genesis.timestampMillis() + 4_000);
    c.tick(replica, c.genesis.timestampMillis() + 6_000);
    Hash waitingHash = waiting.hash(c.suite);
    assertTrue(replica.store().locate(waitingHash).isEmpty(), "never included");
    assertTrue(dropped.containsKey(waitingHash), "dropped from the queue: " + dropped);
    assertEquals(Executor.MEMBER_NOT_ACTIVE, dropped.get(waitingHash).code());

    assertRefused(replica.onTransaction(registerBy(2, 0)), suspended, "SUSPENDED");
    // A block that includes it is invalid: the same check runs on every block's transactions.
    assertRefused(
        new Executor(c.genesis)
            .validity(
                registerBy(2, 0), replica.committedState(), replica.head().height() + 1, false),
        suspended);

    // The regulator freezes organisation 3 at once; its transactions are refused from then on.
    String frozen = c.genesis.organisations().get(3).uscc();
    assertTrue(
        replica
            .onTransaction(
                governance(
                    4,
                    1,
                    "freeze",
                    Map.of("organisation", frozen, "reason", "court order", "expiresAt", "90")))
            .isEmpty());
    c.tick(replica, c.genesis.timestampMillis() + 8_000);
    c.tick(replica, c.genesis.timestampMillis() + 10_000);
    assertRefused(replica.onTransaction(registerBy(3, 0)), frozen, "frozen");
    // The others go on.
    Transaction pending = registerBy(1, 1);
    assertTrue(replica.onTransaction(pending).isEmpty());
    // One account frozen, admitted before the freeze commits: dropped, and refused from then on.
    String account = c.suite.address(c.admins.get(1).publicKey()).hex();
    assertTrue(
        replica
            .onTransaction(
                governance(
                    4,
                    2,
                    "freezeAccount",
                    Map.of("account", account, "reason", "key reported stolen", "expiresAt", "90")))
            .isEmpty());
    c.tick(replica, c.genesis.timestampMillis() + 12_000);
    c.tick(replica, c.genesis.timestampMillis() + 14_000);
    Hash pendingHash = pending.hash(c.suite);
    if (replica.store().locate(pendingHash).isEmpty()) {
      assertEquals(Executor.MEMBER_NOT_ACTIVE, dropped.get(pendingHash).code(), dropped.toString());
    }
    assertRefused(replica.onTransaction(registerBy(1, 2)), "expected an account not frozen");
    assertTrue(replica.onTransaction(registerBy(0, 1)).isEmpty(), "other accounts go on");
  }
}
