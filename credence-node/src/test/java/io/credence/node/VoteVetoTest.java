package io.credence.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.consensus.message.Block;
import io.credence.consensus.message.QuorumCert;
import io.credence.core.Hash;
import io.credence.ledger.store.MemoryStore;
import io.credence.node.bft.LedgerExecution;
import org.junit.jupiter.api.Test;

/**
 * What only the voter can judge: a validator votes for a ledger block only if the payload names the
 * block's author as its proposer and is stamped no more than {@link
 * LedgerExecution#TIMESTAMP_AHEAD_MAX_MILLIS} ahead of its own clock.
 */
class VoteVetoTest {
  private final TestConsortium c = new TestConsortium();
  private final Replica replica = c.replica(new MemoryStore());
  private final LedgerExecution execution = replica.execution();
  private final long now = c.genesis.timestampMillis();
  private final Hash parent = replica.head().hash(c.suite);
  private final byte[] author = c.validator.publicKey();

  private Block block(byte[] payload) {
    Hash root = execution.execute(parent, payload).orElseThrow();
    return new Block(1, 1, QuorumCert.genesis(1, parent), 0, payload, root);
  }

  @Test
  void ownPayload_stampedNow_getsAVote() {
    assertTrue(execution.mayVote(block(execution.buildPayload(parent, 1)), author));
  }

  @Test
  void payloadNamingAnotherProposer_getsNoVote() {
    byte[] payload = execution.buildPayload(parent, 1);
    assertFalse(execution.mayVote(block(payload), c.newKey().publicKey()));
    byte[] passedOff = LedgerExecution.rewritten(payload, now, c.newKey().publicKey());
    assertFalse(execution.mayVote(block(passedOff), author));
  }

  @Test
  void timestampAheadOfTheClock_getsAVoteUpToTheBound_andNoneBeyond() {
    byte[] payload = execution.buildPayload(parent, 1);
    long bound = now + LedgerExecution.TIMESTAMP_AHEAD_MAX_MILLIS;
    assertTrue(execution.mayVote(block(LedgerExecution.rewritten(payload, bound, null)), author));
    assertFalse(
        execution.mayVote(block(LedgerExecution.rewritten(payload, bound + 1, null)), author));
  }
}
