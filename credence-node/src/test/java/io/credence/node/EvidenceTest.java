package io.credence.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.consensus.message.Message;
import io.credence.consensus.message.Signature;
import io.credence.consensus.message.VoteData;
import io.credence.core.Hash;
import io.credence.core.Hex;
import io.credence.core.crypto.KeyPair;
import io.credence.core.genesis.Parameters;
import io.credence.execution.governance.Ballot;
import io.credence.execution.governance.Governance;
import io.credence.execution.governance.Proposal;
import io.credence.ledger.chain.Receipt;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.store.MemoryStore;
import io.credence.node.execution.Executor;
import io.credence.node.execution.StateOverlay;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Equivocation evidence through a node's executor and consensus's own check: two votes of one
 * validator for two blocks in one round are recorded for good and open a proposal to remove it;
 * anything short of that (the same vote twice, two rounds, another signer, a forged signature, a
 * vote and a proposal, bytes that are no message) is refused naming why, and changes nothing but
 * the sender's nonce and fee.
 */
class EvidenceTest {
  private final TestConsortium c = new TestConsortium("standard", 3, 4, Parameters.DEFAULTS, 7);
  private final Replica replica = c.replica(new MemoryStore());
  private final Executor executor = new Executor(c.genesis);
  private final StateOverlay state = replica.committedState().child();
  private long nonce;
  private long height = 1;

  private static Hash h(int n) {
    byte[] b = new byte[Hash.LENGTH];
    java.util.Arrays.fill(b, (byte) n);
    return Hash.of(b);
  }

  private byte[] vote(int index, KeyPair key, long epoch, long round, Hash block) {
    VoteData data = new VoteData(epoch, round, block, round - 1, h(1));
    byte[] signature = c.suite.signer(key.privateKey(), c.random).sign(data.signingBytes());
    return Message.CODEC.encode(new Message.Vote(data, new Signature(index, signature)));
  }

  private Receipt submit(byte[] first, byte[] second) {
    Transaction tx =
        c.sign(
            c.admins.get(1),
            nonce++,
            1_000,
            io.credence.execution.Runtime.encodeCall(
                "governance",
                "submitEvidence",
                Map.of("first", Hex.of(first), "second", Hex.of(second))));
    return executor.apply(tx, tx.hash(c.suite), state, height++, 1_700_000_000_000L);
  }

  @Test
  void twoVotesInOneRound_recordedAndARemovalProposed() {
    KeyPair v2 = c.validators.get(2);
    byte[] a = vote(2, v2, 1, 9, h(7));
    byte[] b = vote(2, v2, 1, 9, h(8));
    Receipt r = submit(a, b);
    assertTrue(r.isSuccess(), r.toString());
    assertEquals(Governance.EVIDENCE_RECORDED, r.events().get(0).name());
    assertEquals(Hex.of(v2.publicKey()), r.events().get(0).attributes().get("validator"));
    Proposal p = Governance.proposal(state, 1).orElseThrow();
    assertEquals(Governance.BY_EVIDENCE, p.proposer());
    assertEquals(Ballot.Status.OPEN, p.ballot().status());
    List<byte[]> rest = ((Proposal.Validators) p.change()).keys();
    assertEquals(3, rest.size());
    for (byte[] k : rest) {
      assertTrue(!java.util.Arrays.equals(k, v2.publicKey()), "the equivocator is left out");
    }
    assertArrayEquals(c.validators.get(0).publicKey(), rest.get(0));
    // The same finding again, the messages swapped: known, refused.
    Receipt again = submit(b, a);
    assertEquals(Governance.EVIDENCE_KNOWN, again.rejectionCode(), again.toString());
  }

  @Test
  void everythingShortOfEquivocation_refusedNamingWhy() {
    KeyPair v1 = c.validators.get(1);
    Hash x = h(7);
    Hash y = h(8);
    byte[] a = vote(1, v1, 1, 9, x);
    assertRefused(submit(a, vote(1, v1, 1, 9, x)), "the same vote");
    assertRefused(submit(a, vote(1, v1, 1, 10, y)), "expected epoch 1 round 9");
    assertRefused(submit(a, vote(3, c.validators.get(3), 1, 9, y)), "expected validator 1");
    // Validator 1's index, another validator's key: the signature does not verify.
    assertRefused(submit(a, vote(1, c.validators.get(3), 1, 9, y)), "does not");
    assertRefused(submit(vote(9, v1, 1, 9, x), vote(9, v1, 1, 9, y)), "expected 0 to 3");
    assertRefused(submit(a, new byte[] {1, 2, 3}), "second: expected an encoded consensus");
    assertEquals(java.util.Optional.empty(), Governance.proposal(state, 1));
  }

  private long adminZeroNonce;

  /** {@code method} of governance called by admin 0 or 1 (whose nonce {@link #submit} shares). */
  private Receipt governance(int admin, String method, Map<String, String> args) {
    Transaction tx =
        c.sign(
            c.admins.get(admin),
            admin == 1 ? nonce++ : adminZeroNonce++,
            1_000,
            io.credence.execution.Runtime.encodeCall("governance", method, args));
    return executor.apply(tx, tx.hash(c.suite), state, height++, 1_700_000_000_000L);
  }

  @Test
  void evidenceOfAnEarlierEpoch_isCheckedAgainstThatEpochsSet() {
    KeyPair v2 = c.validators.get(2);
    // Epoch 2: validator 2 voted out; validator 3 takes its index.
    String set =
        String.join(
            ",",
            Hex.of(c.validators.get(0).publicKey()),
            Hex.of(c.validators.get(1).publicKey()),
            Hex.of(c.validators.get(3).publicKey()));
    assertTrue(
        governance(0, "proposeValidators", Map.of("validators", set, "expiresAt", "1000"))
            .isSuccess());
    assertTrue(governance(1, "vote", Map.of("proposal", "1", "choice", "YES")).isSuccess());
    assertEquals(2, io.credence.execution.consensus.ValidatorSetContract.epoch(state));
    // Its equivocation in epoch 1, by its index there: recorded. It is no longer in the set, so
    // no removal is proposed.
    Receipt r = submit(vote(2, v2, 1, 9, h(7)), vote(2, v2, 1, 9, h(8)));
    assertTrue(r.isSuccess(), r.toString());
    assertEquals(Hex.of(v2.publicKey()), r.events().get(0).attributes().get("validator"));
    assertEquals(java.util.Optional.empty(), Governance.proposal(state, 2));
    // Index 2 of epoch 2 is validator 3: validator 2's signatures there verify with no key.
    assertRefused(submit(vote(2, v2, 2, 9, h(7)), vote(2, v2, 2, 9, h(8))), "does not");
    // An epoch the chain has not had.
    KeyPair v0 = c.validators.get(0);
    assertRefused(
        submit(vote(0, v0, 3, 9, h(7)), vote(0, v0, 3, 9, h(8))),
        "expected an epoch this chain has had, found 3");
  }

  private static void assertRefused(Receipt r, String why) {
    assertEquals(Governance.INVALID_EVIDENCE, r.rejectionCode(), r.toString());
    assertTrue(r.rejectionMessage().contains(why), r.rejectionMessage());
  }
}
