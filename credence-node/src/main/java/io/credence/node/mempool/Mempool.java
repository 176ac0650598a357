package io.credence.node.mempool;

import io.credence.core.Address;
import io.credence.core.Hash;
import io.credence.core.Rejection;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.Parameters;
import io.credence.execution.Nonces;
import io.credence.execution.identity.Account;
import io.credence.execution.identity.IdentityRegistry;
import io.credence.ledger.chain.Receipt;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.store.BlockStore;
import io.credence.node.execution.Executor;
import io.credence.node.execution.StateOverlay;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * Transactions waiting for a block, bounded by the chain's limits {@code mempoolTransactionsMax},
 * {@code mempoolBytesMax} and {@code mempoolPerSenderMax} (genesis's, or as a vote set them for the
 * next block: a limit lowered below what waits refuses new arrivals until it has drained).
 * Admission rejects, with a stable code, what could never be included: wrong chain, oversize, bad
 * signature, expired, unknown sender, stale or duplicate nonce; and what does not fit. Transactions
 * are offered to a block in the order they arrived, each sender's in nonce order: first come, first
 * served across senders, so that no sender waits behind another's backlog.
 */
public final class Mempool {
  public static final String WRONG_CHAIN = Executor.WRONG_CHAIN;
  public static final String OVERSIZE = Executor.OVERSIZE;
  public static final String BAD_SIGNATURE = Executor.BAD_SIGNATURE;
  public static final String EXPIRED = Executor.EXPIRED;
  public static final String EXPIRY_TOO_FAR = "EXPIRY_TOO_FAR";
  public static final String UNKNOWN_SENDER = Executor.UNKNOWN_SENDER;
  public static final String STALE_NONCE = Executor.STALE_NONCE;
  public static final String DUPLICATE = "DUPLICATE";
  public static final String DUPLICATE_NONCE = "DUPLICATE_NONCE";
  public static final String SENDER_LIMIT = "SENDER_LIMIT";
  public static final String MEMPOOL_FULL = "MEMPOOL_FULL";

  /**
   * A transaction admitted, with what admission computed once; {@code arrival} counts admissions,
   * so that it orders them.
   */
  public record Entry(
      Transaction transaction, Hash hash, Address sender, int bytes, long arrival) {}

  private final String chainId;
  private final CryptoSuite suite;
  private final Parameters genesisLimits;
  private final Map<Hash, Entry> byHash = new HashMap<>();
  private final LinkedHashMap<Address, TreeMap<Long, Entry>> bySender = new LinkedHashMap<>();
  private final List<Dropped> dropped = new ArrayList<>();
  private long admissions;
  private long bytes;

  public Mempool(Genesis genesis) {
    this.chainId = genesis.chainId();
    this.suite = genesis.suite();
    this.genesisLimits = genesis.parameters();
  }

  /**
   * Admits {@code tx} against the committed state at {@code headHeight}; empty on success. The
   * signature is checked last, after the cheap checks, so that junk costs little, unless the caller
   * has checked it already.
   */
  public Optional<Rejection> admit(
      Transaction tx, StateOverlay committed, long headHeight, boolean signatureChecked) {
    Parameters limits =
        io.credence.execution.governance.ChainParameters.at(
            committed, genesisLimits, headHeight + 1);
    int size = tx.encode().length;
    if (size > limits.transactionBytesMax()) {
      return reject(
          OVERSIZE,
          "transaction of %d bytes exceeds transactionBytesMax=%d",
          size,
          limits.transactionBytesMax());
    }
    if (!tx.chainId().equals(chainId)) {
      return reject(
          WRONG_CHAIN, "transaction.chainId: expected '%s', found '%s'", chainId, tx.chainId());
    }
    // Heights and nonces are unsigned 64-bit numbers (the codec's u64): compared and told as such,
    // so that a nonce above 2^63-1 is "too far ahead", not "already used" and negative.
    long nextHeight = headHeight + 1;
    if (Long.compareUnsigned(tx.expiryHeight(), nextHeight) < 0) {
      return reject(
          EXPIRED,
          "transaction.expiryHeight: expected at least %s (the next block), found %s",
          Long.toUnsignedString(nextHeight),
          Long.toUnsignedString(tx.expiryHeight()));
    }
    if (Long.compareUnsigned(tx.expiryHeight() - nextHeight, limits.expiryHeightsAheadMax()) > 0) {
      return reject(
          EXPIRY_TOO_FAR,
          "transaction.expiryHeight: expected at most %s (expiryHeightsAheadMax=%d ahead), found %s",
          Long.toUnsignedString(nextHeight + limits.expiryHeightsAheadMax()),
          limits.expiryHeightsAheadMax(),
          Long.toUnsignedString(tx.expiryHeight()));
    }
    Address sender = suite.address(tx.sender());
    Optional<Account> account = IdentityRegistry.account(committed, sender);
    if (account.isEmpty() || !account.get().isActive()) {
      return reject(
          UNKNOWN_SENDER,
          "transaction.sender %s: expected an active registered account, found %s",
          sender,
          account.isEmpty() ? "none" : "a revoked account");
    }
    Optional<Rejection> member =
        Executor.memberRefusal(committed, sender, account.get(), nextHeight);
    if (member.isPresent()) {
      return member;
    }
    long next = Nonces.next(committed, sender);
    if (Long.compareUnsigned(tx.nonce(), next) < 0) {
      return reject(
          STALE_NONCE,
          "transaction.nonce: expected at least %s, found %s (already used)",
          Long.toUnsignedString(next),
          Long.toUnsignedString(tx.nonce()));
    }
    Hash hash = tx.hash(suite);
    if (byHash.containsKey(hash)) {
      return reject(
          DUPLICATE, "transaction %s: already waiting in the mempool", hash.abbreviated());
    }
    TreeMap<Long, Entry> own = bySender.get(sender);
    if (own != null && own.containsKey(tx.nonce())) {
      return reject(
          DUPLICATE_NONCE,
          "transaction.nonce: sender %s already has nonce %s waiting",
          sender,
          Long.toUnsignedString(tx.nonce()));
    }
    if (Long.compareUnsigned(tx.nonce() - next, limits.mempoolPerSenderMax()) >= 0
        || (own != null && own.size() >= limits.mempoolPerSenderMax())) {
      return reject(
          SENDER_LIMIT,
          "sender %s: nonce %s is beyond next nonce %s plus mempoolPerSenderMax=%d",
          sender,
          Long.toUnsignedString(tx.nonce()),
          Long.toUnsignedString(next),
          limits.mempoolPerSenderMax());
    }
    if (byHash.size() >= limits.mempoolTransactionsMax()) {
      return reject(
          MEMPOOL_FULL,
          "mempool holds %d transactions, mempoolTransactionsMax=%d",
          byHash.size(),
          limits.mempoolTransactionsMax());
    }
    if (bytes + size > limits.mempoolBytesMax()) {
      return reject(
          MEMPOOL_FULL,
          "mempool would hold %d bytes, mempoolBytesMax=%d",
          bytes + size,
          limits.mempoolBytesMax());
    }
    if (!signatureChecked && !suite.verify(tx.sender(), tx.signingBytes(), tx.signature())) {
      return Optional.of(Executor.badSignature(tx));
    }
    Entry entry = new Entry(tx, hash, sender, size, admissions);
    byHash.put(hash, entry);
    bySender.computeIfAbsent(sender, s -> new TreeMap<>()).put(tx.nonce(), entry);
    bytes += size;
    admissions++;
    return Optional.empty();
  }

  /** How many transactions were ever admitted: changes whenever something new may be proposed. */
  public long admissions() {
    return admissions;
  }

  private static Optional<Rejection> reject(String code, String format, Object... args) {
    return Optional.of(Rejection.of(code, format, args));
  }

  /**
   * Candidates for a block built on a state where each sender's next nonce is {@code nextNonce}:
   * the transactions that could follow it, in the order they arrived, each sender's in nonce order
   * and without gaps (what ancestors not yet committed include is passed over without a look).
   * Lazy: a sender's next nonce is asked for only when its turn comes, so a block that fills after
   * k transactions costs about k log(senders), however many senders wait.
   */
  public Iterator<Entry> candidates(ToLongFunction<Address> nextNonce) {
    // One cursor per sender, ordered by the arrival of the entry it stands at: first the sender's
    // lowest waiting nonce, until its turn places it at its next nonce on the block's state.
    PriorityQueue<Cursor> queue =
        new PriorityQueue<>(
            Math.max(1, bySender.size()), Comparator.comparingLong(Cursor::arrival));
    for (TreeMap<Long, Entry> own : bySender.values()) {
      queue.add(new Cursor(own));
    }
    return new Iterator<>() {
      private Entry ahead;

      @Override
      public boolean hasNext() {
        if (ahead == null) {
          ahead = advance(queue, nextNonce);
        }
        return ahead != null;
      }

      @Override
      public Entry next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        Entry out = ahead;
        ahead = null;
        return out;
      }
    };
  }

  /** The next candidate from {@code queue}, or null when no sender has one. */
  private static Entry advance(PriorityQueue<Cursor> queue, ToLongFunction<Address> nextNonce) {
    while (!queue.isEmpty()) {
      Cursor cursor = queue.poll();
      if (cursor.rest == null) {
        // The sender's first turn: stand at its next nonce, and wait for that entry's turn.
        long next = nextNonce.applyAsLong(cursor.current.sender());
        Iterator<Entry> from = cursor.own.tailMap(next, true).values().iterator();
        if (!from.hasNext()) {
          continue;
        }
        Entry first = from.next();
        if (first.transaction().nonce() != next) {
          continue; // a gap: nothing of this sender can go in
        }
        cursor.current = first;
        cursor.rest = from;
        queue.add(cursor);
        continue;
      }
      Entry out = cursor.current;
      if (cursor.rest.hasNext()) {
        Entry following = cursor.rest.next();
        if (following.transaction().nonce() == out.transaction().nonce() + 1) {
          cursor.current = following;
          queue.add(cursor);
        }
      }
      return out;
    }
    return null;
  }

  /**
   * Where a sender's candidates stand: its lowest waiting entry until its first turn, then its next
   * candidate and those after it.
   */
  private static final class Cursor {
    final TreeMap<Long, Entry> own;
    Entry current;
    Iterator<Entry> rest;

    Cursor(TreeMap<Long, Entry> own) {
      this.own = own;
      this.current = own.firstEntry().getValue();
    }

    long arrival() {
      return current.arrival();
    }
  }

  public boolean contains(Hash hash) {
    return byHash.containsKey(hash);
  }

  /**
   * Removes what a committed block included, so that {@link #prune} sees only what was left out
   * (and reports only those as dropped).
   */
  public void removeIncluded(BlockStore.Committed committed) {
    for (Receipt receipt : committed.receipts()) {
      Entry entry = byHash.get(receipt.transactionHash());
      if (entry != null) {
        remove(entry);
      }
    }
  }

  public void remove(Entry entry) {
    if (byHash.remove(entry.hash()) == null) {
      return;
    }
    bytes -= entry.bytes();
    TreeMap<Long, Entry> own = bySender.get(entry.sender());
    own.remove(entry.transaction().nonce());
    if (own.isEmpty()) {
      bySender.remove(entry.sender());
    }
  }

  /**
   * A transaction that left the mempool without this node seeing it included: its nonce was used
   * (by it, in a block, or by another transaction of its sender) or its expiry height passed.
   */
  public record Dropped(Hash hash, Rejection reason) {}

  /**
   * After a commit: drops what can never be included now (used nonces, passed expiry), and keeps
   * each as {@link Dropped} until {@link #drainDropped} takes them.
   */
  public void prune(StateOverlay committed, long headHeight) {
    // A limit a vote lowered since a transaction was admitted: one that no longer fits is dropped.
    int bytesMax =
        io.credence.execution.governance.ChainParameters.at(
                committed, genesisLimits, headHeight + 1)
            .transactionBytesMax();
    Iterator<Map.Entry<Address, TreeMap<Long, Entry>>> senders = bySender.entrySet().iterator();
    while (senders.hasNext()) {
      Map.Entry<Address, TreeMap<Long, Entry>> sender = senders.next();
      long next = Nonces.next(committed, sender.getKey());
      // A member suspended, removed or frozen, or an account frozen, since its transactions were
      // admitted: they can no longer be included, and are dropped with the reason rather than
      // left to expire.
      Optional<Rejection> member =
          IdentityRegistry.account(committed, sender.getKey())
              .flatMap(a -> Executor.memberRefusal(committed, sender.getKey(), a, headHeight + 1));
      Iterator<Entry> entries = sender.getValue().values().iterator();
      while (entries.hasNext()) {
        Entry e = entries.next();
        Optional<Rejection> oversize =
            e.bytes() > bytesMax
                ? Optional.of(
                    Rejection.of(
                        OVERSIZE,
                        "transaction of %d bytes exceeds transactionBytesMax=%d, lowered by vote"
                            + " since it was admitted",
                        e.bytes(),
                        bytesMax))
                : Optional.empty();
        if (member.isPresent()
            || oversize.isPresent()
            || e.transaction().nonce() < next
            || e.transaction().expiryHeight() <= headHeight) {
          entries.remove();
          byHash.remove(e.hash());
          bytes -= e.bytes();
          dropped.add(
              new Dropped(
                  e.hash(),
                  member.isPresent()
                      ? member.get()
                      : oversize.isPresent()
                          ? oversize.get()
                          : e.transaction().nonce() < next
                              ? Rejection.of(
                                  STALE_NONCE,
                                  "transaction.nonce %d of sender %s was used by a committed transaction",
                                  e.transaction().nonce(),
                                  sender.getKey())
                              : Rejection.of(
                                  EXPIRED,
                                  "transaction.expiryHeight %d passed before the transaction was"
                                      + " included (committed height %d)",
                                  e.transaction().expiryHeight(),
                                  headHeight)));
        }
      }
      if (sender.getValue().isEmpty()) {
        senders.remove();
      }
    }
  }

  /** What {@link #prune} dropped since the last call, oldest first. */
  public List<Dropped> drainDropped() {
    List<Dropped> out = List.copyOf(dropped);
    dropped.clear();
    return out;
  }

  public int size() {
    return byHash.size();
  }

  public long bytes() {
    return bytes;
  }
}
