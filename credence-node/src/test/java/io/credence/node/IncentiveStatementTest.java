package io.credence.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.credence.core.Hex;
import io.credence.core.genesis.Parameters;
import io.credence.ledger.chain.Block;
import io.credence.ledger.chain.CommitSeal;
import io.credence.ledger.chain.Receipt;
import io.credence.ledger.store.BlockStore;
import io.credence.node.bft.LedgerExecution;
import io.credence.node.incentives.IncentiveStatement;
import java.util.List;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The incentive statement counts signatures every honest copy of the chain holds alike: each
 * block's parent certificate, inside what the block's voters signed, followed across a change of
 * the validator set; never the seal's own quorum, which differs from node to node.
 */
class IncentiveStatementTest {
  private final TestConsortium c = new TestConsortium("standard", 4, 4, 1, Parameters.DEFAULTS, 33);

  private static IncentiveStatement.Blocks upTo(
      BlockStore store, long head, UnaryOperator<Block> change) {
    return new IncentiveStatement.Blocks() {
      @Override
      public long head() {
        return head;
      }

      @Override
      public Block block(long height) {
        return change.apply(store.block(height));
      }

      @Override
      public List<Receipt> receipts(long height) {
        return store.receipts(height);
      }
    };
  }

  private io.credence.ledger.chain.Transaction call(
      int admin, long nonce, String method, TreeMap<String, String> args) {
    return c.sign(
        c.admins.get(admin),
        nonce,
        10_000,
        io.credence.execution.Runtime.encodeCall("governance", method, args));
  }

  @Test
  void everyCopyGivesOneStatement_whicheverQuorumItsSealsHold_acrossASetChange() {
    LoopbackCluster cluster = new LoopbackCluster(c);
    cluster.run(300);
    // Vote validator 4 (organisation 3) out and the observer (organisation 0) in.
    TreeMap<String, String> propose = new TreeMap<>();
    propose.put(
        "validators",
        String.join(
            ",",
            Hex.of(c.validators.get(0).publicKey()),
            Hex.of(c.validators.get(1).publicKey()),
            Hex.of(c.validators.get(2).publicKey()),
            Hex.of(c.observers.get(0).publicKey())));
    propose.put("expiresAt", "100000");
    cluster.replicas.get(0).onTransaction(call(0, 0, "proposeValidators", propose), false);
    cluster.run(300);
    for (int admin = 1; admin <= 2; admin++) {
      TreeMap<String, String> vote = new TreeMap<>();
      vote.put("proposal", "1");
      vote.put("choice", "YES");
      cluster.replicas.get(admin).onTransaction(call(admin, 0, "vote", vote), false);
    }
    cluster.run(2_000);

    BlockStore first = cluster.replicas.get(0).store();
    long head = Long.MAX_VALUE;
    for (int i : new int[] {0, 1, 2, 4}) {
      head = Math.min(head, cluster.height(i));
    }
    long changedAt = -1;
    for (long h = 1; h <= head; h++) {
      if (LedgerExecution.changeOf(first.receipts(h)).isPresent()) {
        changedAt = h;
      }
    }
    assertTrue(
        changedAt > 0 && head > changedAt + 20, "set changed at " + changedAt + " of " + head);

    // Genesis's nodes are their organisations', on record for good: nobody declares them again.
    assertEquals(
        c.genesis.observers().get(0).organisationUscc(),
        io.credence.execution.consensus.ValidatorSetContract.organisationOf(
                cluster.replicas.get(0).committedState(), c.observers.get(0).publicKey())
            .orElseThrow());
    var statement = IncentiveStatement.of(c.genesis, upTo(first, head, b -> b));
    // Every copy, observer included, gives the same statement to the signature.
    for (int i : new int[] {1, 2, 4}) {
      assertEquals(
          statement,
          IncentiveStatement.of(c.genesis, upTo(cluster.replicas.get(i).store(), head, b -> b)),
          "replica " + i);
    }
    // So does the chain with every seal cut to one signature: the seals' quorums are not counted.
    assertEquals(
        statement,
        IncentiveStatement.of(
            c.genesis,
            upTo(
                first,
                head,
                b -> {
                  CommitSeal s = b.header().seal();
                  return new Block(
                      b.header()
                          .withSeal(
                              new CommitSeal(
                                  s.kind(),
                                  s.epoch(),
                                  s.round(),
                                  s.proof(),
                                  s.signatures().subList(0, 1))),
                      b.transactions());
                })),
        "seals cut to one signature");

    // The count is every parent certificate's signers: a quorum (3 of 4) in each block but each
    // epoch's first, whose parent is the epoch's start.
    long signatures = statement.stream().mapToLong(IncentiveStatement.Period::signatures).sum();
    assertTrue(signatures >= 3L * (head - 2), signatures + " signatures in " + head + " blocks");
    assertEquals(0, statement.stream().mapToLong(p -> p.unassignedSignatures()).sum());
    // The removed validator's organisation signs nothing after the change; signer indices of the
    // new epoch are read in the new set (read in the old, index 3 would still be organisation 3).
    String removedOrg = c.genesis.validators().get(3).organisationUscc();
    long before =
        IncentiveStatement.of(c.genesis, upTo(first, changedAt, b -> b)).stream()
            .mapToLong(p -> p.line(removedOrg).signatures())
            .sum();
    long after = statement.stream().mapToLong(p -> p.line(removedOrg).signatures()).sum();
    assertTrue(
        before > 0,
        "organisation 3 signed before its validator was voted out: "
            + IncentiveStatement.of(c.genesis, upTo(first, changedAt, b -> b))
            + " changed at "
            + changedAt);
    assertEquals(before, after, "organisation 3 signs nothing after");
    String observerOrg = c.genesis.observers().get(0).organisationUscc();
    long observerOrgBefore =
        IncentiveStatement.of(c.genesis, upTo(first, changedAt, b -> b)).stream()
            .mapToLong(p -> p.line(observerOrg).signatures())
            .sum();
    long observerOrgAfter =
        statement.stream().mapToLong(p -> p.line(observerOrg).signatures()).sum();
    assertTrue(
        observerOrgAfter - observerOrgBefore >= head - changedAt - 1,
        "organisation 0 signs every certificate after the change (two of the four are its): "
            + (observerOrgAfter - observerOrgBefore)
            + " in "
            + (head - changedAt)
            + " blocks");
  }
}
