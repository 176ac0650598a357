package io.credence.node.execution;

import io.credence.core.Address;
import io.credence.core.Hash;
import io.credence.core.Rejection;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.genesis.Genesis;
import io.credence.execution.Context;
import io.credence.execution.Nonces;
import io.credence.execution.Outcome;
import io.credence.execution.Runtime;
import io.credence.execution.governance.Fees;
import io.credence.execution.identity.Account;
import io.credence.execution.identity.IdentityRegistry;
import io.credence.ledger.audit.BlockReplay;
import io.credence.ledger.chain.Block;
import io.credence.ledger.chain.Receipt;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.state.NodeSource;
import io.credence.ledger.state.StateTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Deterministic execution of transactions and blocks. A transaction is <em>valid</em> for a block
 * when its chain id, size, signature, expiry, sender and nonce are right; only valid transactions
 * may be in a block. A valid transaction always advances its sender's nonce and accrues its
 * method's fee to the sender's organisation ({@link Fees}); its call either succeeds or gets a
 * failed receipt with a stable code and changes nothing else.
 */
public final class Executor implements BlockReplay {
  public static final String WRONG_CHAIN = "WRONG_CHAIN";
  public static final String OVERSIZE = "OVERSIZE";
  public static final String BAD_SIGNATURE = "BAD_SIGNATURE";
  public static final String EXPIRED = "EXPIRED";
  public static final String UNKNOWN_SENDER = "UNKNOWN_SENDER";
  public static final String STALE_NONCE = "STALE_NONCE";
  public static final String FUTURE_NONCE = "FUTURE_NONCE";
  public static final String MEMBER_NOT_ACTIVE = "MEMBER_NOT_ACTIVE";

  private final Genesis genesis;
  private final CryptoSuite suite;
  private final Runtime runtime;

  public Executor(Genesis genesis) {
    this(genesis, runtimeOf(genesis.suite()));
  }

  /**
   * The built-in contracts as a node runs them: governance checks consensus evidence with
   * consensus's own rules ({@link ConsensusEquivocationCheck}).
   */
  public static Runtime runtimeOf(CryptoSuite suite) {
    return Runtime.builtIn(suite, new ConsensusEquivocationCheck(suite));
  }

  /** An executor running {@code runtime}'s contracts. */
  public Executor(Genesis genesis, Runtime runtime) {
    this.genesis = genesis;
    this.suite = genesis.suite();
    this.runtime = runtime;
  }

  public CryptoSuite suite() {
    return suite;
  }

  /** The contracts this executor runs, with their declarations. */
  public Runtime runtime() {
    return runtime;
  }

  /** The rejection of a transaction whose signature does not verify. */
  public static Rejection badSignature(Transaction tx) {
    return Rejection.of(
        BAD_SIGNATURE,
        "transaction.signature: does not verify against sender key %s",
        io.credence.core.Hex.of(tx.sender()));
  }

  /**
   * Why {@code account} may not transact at {@code height}: frozen by a regulator, or its
   * organisation suspended or removed by vote, or frozen; empty if it may. Checked before a
   * transaction is admitted or included, so such a member's transactions are refused at the door
   * and owe no fee, rather than taking a block's room with a failed receipt.
   */
  public static Optional<Rejection> memberRefusal(
      io.credence.execution.ContractState state, Address sender, Account account, long height) {
    String uscc = account.organisationUscc();
    var org = IdentityRegistry.organisation(state, uscc);
    if (org.isPresent() && !org.get().isActive()) {
      return Optional.of(
          Rejection.of(
              MEMBER_NOT_ACTIVE,
              "transaction.sender %s: expected an account of an active member, found one of %s,"
                  + " %s by vote",
              sender,
              uscc,
              org.get().status()));
    }
    if (io.credence.execution.governance.Governance.frozen(state, sender.hex(), height)) {
      return Optional.of(
          Rejection.of(
              MEMBER_NOT_ACTIVE,
              "transaction.sender %s: expected an account not frozen, found it frozen by a"
                  + " regulator",
              sender));
    }
    if (io.credence.execution.governance.Governance.frozen(state, uscc, height)) {
      return Optional.of(
          Rejection.of(
              MEMBER_NOT_ACTIVE,
              "transaction.sender %s: expected an account of a member not frozen, found one of %s,"
                  + " frozen by a regulator",
              sender,
              uscc));
    }
    return Optional.empty();
  }

  /** The chain's limits for the block at {@code height}, as genesis and votes set them. */
  public io.credence.core.genesis.Parameters limits(
      io.credence.execution.ContractState state, long height) {
    return io.credence.execution.governance.ChainParameters.at(state, genesis.parameters(), height);
  }

  /** Why {@code tx} may not be included at {@code height} on {@code state}, or empty if it may. */
  public Optional<Rejection> validity(
      Transaction tx, StateOverlay state, long height, boolean signatureChecked) {
    if (!tx.chainId().equals(genesis.chainId())) {
      return Optional.of(
          Rejection.of(
              WRONG_CHAIN,
              "transaction.chainId: expected '%s', found '%s'",
              genesis.chainId(),
              tx.chainId()));
    }
    int size = tx.encode().length;
    int bytesMax = limits(state, height).transactionBytesMax();
    if (size > bytesMax) {
      return Optional.of(
          Rejection.of(
              OVERSIZE, "transaction of %d bytes exceeds transactionBytesMax=%d", size, bytesMax));
    }
    if (height > tx.expiryHeight()) {
      return Optional.of(
          Rejection.of(
              EXPIRED,
              "transaction.expiryHeight: expected at least %d, found %d",
              height,
              tx.expiryHeight()));
    }
    if (!signatureChecked && !suite.verify(tx.sender(), tx.signingBytes(), tx.signature())) {
      return Optional.of(badSignature(tx));
    }
    Address sender = suite.address(tx.sender());
    Optional<Account> account = IdentityRegistry.account(state, sender);
    if (account.isEmpty()
        || !account.get().isActive()
        || !Arrays.equals(account.get().publicKey(), tx.sender())) {
      return Optional.of(
          Rejection.of(
              UNKNOWN_SENDER,
              "transaction.sender %s: expected an active registered account, found %s",
              sender,
              account.isEmpty() ? "none" : "a revoked account"));
    }
    Optional<Rejection> member = memberRefusal(state, sender, account.get(), height);
    if (member.isPresent()) {
      return member;
    }
    long next = Nonces.next(state, sender);
    if (tx.nonce() < next) {
      return Optional.of(
          Rejection.of(
              STALE_NONCE,
              "transaction.nonce: expected %d, found %d (already used)",
              next,
              tx.nonce()));
    }
    if (tx.nonce() > next) {
      return Optional.of(
          Rejection.of(FUTURE_NONCE, "transaction.nonce: expected %d, found %d", next, tx.nonce()));
    }
    return Optional.empty();
  }

  /** Applies a valid transaction to the block's overlay and returns its receipt. */
  public Receipt apply(
      Transaction tx, Hash txHash, StateOverlay blockState, long height, long timestampMillis) {
    Address sender = suite.address(tx.sender());
    // The fee as the schedule stands before the call runs; owed whatever its outcome.
    long fee = Fees.fee(blockState, tx.call().contract(), tx.call().method());
    String organisation =
        IdentityRegistry.account(blockState, sender).orElseThrow().organisationUscc();
    StateOverlay txState = blockState.child();
    Outcome outcome =
        runtime.execute(
            new Context(sender, tx.sender(), txHash, height, timestampMillis),
            txState,
            tx.call(),
            limits(blockState, height).transactionWorkMax());
    Receipt.Cost cost =
        new Receipt.Cost(txState.reads(), txState.writeCount(), txState.bytesWritten());
    Receipt receipt;
    if (outcome instanceof Outcome.Success success) {
      txState.mergeIntoParent();
      receipt = Receipt.success(txHash, success.events(), cost);
    } else {
      receipt = Receipt.failure(txHash, ((Outcome.Failure) outcome).rejection(), cost);
    }
    Nonces.advance(blockState, sender);
    boolean free =
        !receipt.isSuccess()
            && io.credence.execution.governance.Features.on(
                blockState, io.credence.execution.governance.Features.REFUSED_FREE, height);
    if (!free) {
      Fees.accrue(blockState, Fees.period(timestampMillis), organisation, fee);
    }
    return receipt;
  }

  @Override
  public StateTree.Update genesisState(Genesis g, NodeSource nodes) {
    StateTree tree = new StateTree(suite, nodes);
    StateOverlay state = StateOverlay.over(tree, Hash.ZERO);
    runtime.initialise(g, state);
    return tree.update(Hash.ZERO, state.writes());
  }

  @Override
  public Replayed replay(Block block, Hash parentStateRoot, NodeSource nodes) {
    StateTree tree = new StateTree(suite, nodes);
    StateOverlay state = StateOverlay.over(tree, parentStateRoot);
    List<Receipt> receipts = new ArrayList<>();
    List<Transaction> transactions = block.transactions();
    // The block's own limits, as every replica checked them before voting for it.
    io.credence.core.genesis.Parameters limits = limits(state, block.height());
    if (transactions.size() > limits.blockTransactionsMax()) {
      return Replayed.invalid(
          "block of "
              + transactions.size()
              + " transactions exceeds blockTransactionsMax="
              + limits.blockTransactionsMax());
    }
    long bytes = 0;
    for (Transaction tx : transactions) {
      bytes += tx.encode().length;
    }
    if (bytes > limits.blockBytesMax()) {
      return Replayed.invalid(
          "block of "
              + bytes
              + " transaction bytes exceeds blockBytesMax="
              + limits.blockBytesMax());
    }
    for (int i = 0; i < transactions.size(); i++) {
      Transaction tx = transactions.get(i);
      // The audit has checked every signature already; execution re-checks everything else.
      Optional<Rejection> invalid = validity(tx, state, block.height(), true);
      if (invalid.isPresent()) {
        return Replayed.invalid(
            "transaction " + i + " is not valid for this block: " + invalid.get());
      }
      receipts.add(
          apply(tx, tx.hash(suite), state, block.height(), block.header().timestampMillis()));
    }
    return new Replayed(receipts, tree.update(parentStateRoot, state.writes()), null);
  }
}
