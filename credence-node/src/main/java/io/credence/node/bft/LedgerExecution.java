package io.credence.node.bft;

import io.credence.consensus.ExecutionPort;
import io.credence.consensus.message.QuorumCert;
import io.credence.consensus.message.Signature;
import io.credence.core.Check;
import io.credence.core.Hash;
import io.credence.core.Rejection;
import io.credence.core.codec.Codec;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Reader;
import io.credence.core.codec.Writer;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.Parameters;
import io.credence.ledger.chain.Block;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.CommitSeal;
import io.credence.ledger.chain.Receipt;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.state.Node;
import io.credence.ledger.state.NodeSource;
import io.credence.ledger.state.StateTree;
import io.credence.ledger.store.BlockStore;
import io.credence.node.execution.CommittedValues;
import io.credence.node.execution.Executor;
import io.credence.node.execution.StateOverlay;
import io.credence.node.mempool.Mempool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Consensus executing the ledger: the {@link ExecutionPort} over the block store, the executor and
 * the mempool. A consensus payload is a ledger block without its seal (height, parent hash,
 * timestamp, proposer, transactions); executing it on its parent gives a full ledger header, and
 * the header's hash is what consensus calls the block's state root. So every quorum certificate
 * certifies a whole ledger header: its parent, transactions, receipts and state root. Speculative
 * results wait here, by header hash, until their block commits or falls away.
 */
public final class LedgerExecution implements ExecutionPort {
  public static final int SPECULATIVE_BLOCKS_MAX = 4_096;
  public static final int COMMITTED_SERVED_MAX = 4_096;

  /**
   * The payload bytes of the committed blocks kept for peers (a block may hold megabytes: the count
   * alone would let them outgrow the heap). The newest leader-reputation window (twice the
   * validator set, and one more) is kept whatever its size: a replica that restarted reads it back.
   * A peer further behind catches up by height from the block store.
   */
  public static final long COMMITTED_SERVED_BYTES_MAX = 16L << 20;

  /**
   * How far ahead of this validator's clock a proposal's timestamp may be for it to vote: clocks of
   * organisations' machines agree within a second or two; a leader stamping blocks far in the
   * future (to move maturities and deadlines early) gets no vote.
   */
  public static final long TIMESTAMP_AHEAD_MAX_MILLIS = 10_000;

  /** A ledger block as a consensus payload. */
  record Payload(
      long height,
      Hash parentHash,
      long timestampMillis,
      byte[] proposer,
      List<Transaction> transactions) {
    static final Codec<Payload> CODEC =
        new Codec<>() {
          @Override
          public void write(Writer w, Payload p) {
            w.u64(p.height);
            p.parentHash.write(w);
            w.u64(p.timestampMillis).bytes(p.proposer);
            Block.BODY_CODEC.write(w, p.transactions);
          }

          @Override
          public Payload read(Reader r) {
            return new Payload(
                r.u64(),
                Hash.read(r),
                r.u64(),
                r.bytes("payload.proposer", Transaction.PUBLIC_KEY_BYTES_MAX),
                Block.BODY_CODEC.read(r));
          }
        };
  }

  /**
   * What a ledger header's seal carries, beside the quorum's signatures, to rebuild the consensus
   * block.
   */
  record Proof(int author, QuorumCert parentQc) {
    static final Codec<Proof> CODEC =
        new Codec<>() {
          @Override
          public void write(Writer w, Proof p) {
            w.varint(p.author);
            QuorumCert.CODEC.write(w, p.parentQc);
          }

          @Override
          public Proof read(Reader r) {
            return new Proof(r.length("proof.author", 1 << 16), QuorumCert.CODEC.read(r));
          }
        };
  }

  private record Speculative(
      BlockHeader header,
      List<Transaction> transactions,
      List<Receipt> receipts,
      StateTree.Update state,
      java.util.SortedMap<byte[], byte[]> writes) {
    /** Makes this block's new nodes that no parent holds, and its root, readable by hash. */
    void index(Map<Hash, Node> nodes) {
      nodes.putAll(state.unheld());
      if (state.rootNode() != null) {
        nodes.put(state.root(), state.rootNode());
      }
    }
  }

  private final Genesis genesis;
  private final CryptoSuite suite;
  private final Executor executor;
  private final BlockStore store;
  private final Mempool mempool;
  private final byte[] proposer;
  private final LongSupplier clockMillis;
  private final Consumer<BlockStore.Committed> committedListener;
  private long admissionsAtLastBuild = -1;
  // The operator's cap on the blocks this node proposes (none unless set), and the chain's limit as
  // of the last block built here (genesis's, or as a vote set it).
  private int proposalTransactionsMax = Integer.MAX_VALUE;
  private int chainTransactionsMax;
  private boolean lastExecutedHadTransactions;
  private boolean previousExecutedHadTransactions;
  private final Map<Hash, Speculative> speculative = new HashMap<>();
  private final Map<Hash, Node> speculativeNodes = new HashMap<>();
  // Recently committed consensus blocks, oldest first, for peers a few rounds behind and for leader
  // reputation after a restart (see remember). Bounded in count and bytes.
  private final Map<Hash, Certified> committedById = new java.util.LinkedHashMap<>();
  private long committedByIdBytes;
  private long committedServedBytesMax = COMMITTED_SERVED_BYTES_MAX;
  private final NodeSource nodes;
  // The committed state's values read or written lately, kept across blocks (see stateAfter).
  private CommittedValues committedValues;
  // The validator set whose signatures certify the blocks being committed now (keys by QC index).
  private List<byte[]> validators = new ArrayList<>();

  /**
   * {@code proposer} is this validator's key; {@code clockMillis} gives the time a leader stamps on
   * its blocks (the wall clock in a node, ticks in the simulator); {@code committedListener} hears
   * each block once it is durable.
   */
  public LedgerExecution(
      Genesis genesis,
      Executor executor,
      BlockStore store,
      Mempool mempool,
      byte[] proposer,
      LongSupplier clockMillis,
      Consumer<BlockStore.Committed> committedListener) {
    this.genesis = genesis;
    this.suite = genesis.suite();
    this.executor = executor;
    this.store = store;
    this.mempool = mempool;
    this.proposer = proposer.clone();
    this.clockMillis = clockMillis;
    this.committedListener = committedListener;
    this.chainTransactionsMax = genesis.parameters().blockTransactionsMax();
    genesis.validators().forEach(v -> validators.add(v.publicKey()));
    this.nodes =
        hash -> {
          Node node = speculativeNodes.get(hash);
          return node != null ? node : store.node(hash);
        };
  }

  /**
   * The state after the block {@code commitment} (whose header is {@code header}): the writes of
   * the blocks not yet committed down to the committed head, newest first, then the committed
   * values remembered across blocks (each key read through the tree once). A block off that line
   * (its ancestry does not reach the committed head) is read from the tree.
   */
  private StateOverlay stateAfter(StateTree tree, Hash commitment, BlockHeader header) {
    BlockHeader head = store.header(store.head().getAsLong());
    List<java.util.SortedMap<byte[], byte[]>> layers = new ArrayList<>();
    Hash at = commitment;
    long height = header.height();
    while (height > head.height()) {
      Speculative s = speculative.get(at);
      if (s == null) {
        return StateOverlay.over(tree, header.stateRoot());
      }
      layers.add(s.writes());
      at = s.header().parentHash();
      height--;
    }
    if (height != head.height() || !at.equals(head.hash(suite))) {
      return StateOverlay.over(tree, header.stateRoot());
    }
    StateOverlay.Values committed = committedReader(head);
    return StateOverlay.over(
        tree,
        header.stateRoot(),
        key -> {
          for (java.util.SortedMap<byte[], byte[]> layer : layers) {
            // A key a block deleted maps to null: present, with no value.
            if (layer.containsKey(key)) {
              return layer.get(key);
            }
          }
          return committed.get(key);
        });
  }

  /**
   * The committed state at {@code head} (the store's head), read through the values remembered
   * across blocks on the committed root, through a tree of committed nodes; if a commit moves them
   * on while the reader is in use, the tree at this head answers.
   */
  private StateOverlay.Values committedReader(BlockHeader head) {
    StateTree committedTree = new StateTree(suite, store);
    CommittedValues values = committedValues(head);
    long valuesHeight = values.height();
    Hash headRoot = head.stateRoot();
    return key ->
        values.height() == valuesHeight
            ? values.get(committedTree, key)
            : committedTree.get(headRoot, key).orElse(null);
  }

  /**
   * The committed state at the head, for admission and pruning: it reads through the values
   * remembered across blocks, so a key that every transaction of a sender reads (its account, its
   * organisation, its nonce) is a map lookup, not a descent through the tree, until a commit
   * changes it. Valid until the next commit; after it, it reads the tree at its own head.
   */
  public StateOverlay committedView() {
    return committedView(store.header(store.head().getAsLong()));
  }

  private StateOverlay committedView(BlockHeader head) {
    return StateOverlay.over(new StateTree(suite, store), head.stateRoot(), committedReader(head));
  }

  /** The remembered committed values, at {@code head} (forgotten if they stand elsewhere). */
  private CommittedValues committedValues(BlockHeader head) {
    if (committedValues == null) {
      committedValues = new CommittedValues(head.stateRoot(), head.height());
    } else if (committedValues.height() != head.height()
        || !committedValues.root().equals(head.stateRoot())) {
      committedValues.reset(head.height(), head.stateRoot());
    }
    return committedValues;
  }

  /** The block {@code s} is committed: its writes move the remembered values to its root. */
  private void advanceCommittedValues(Speculative s) {
    if (committedValues != null) {
      committedValues.advance(s.header().height(), s.header().stateRoot(), s.writes());
    }
  }

  /** The header a commitment names: speculative, or committed; null if unknown. */
  private BlockHeader header(Hash commitment) {
    Speculative s = speculative.get(commitment);
    if (s != null) {
      return s.header();
    }
    var height = store.heightOf(commitment);
    return height.isPresent() ? store.header(height.getAsLong()) : null;
  }

  /**
   * Work is pending when transactions arrived since the last payload was built here (it took all it
   * could), or when one of the last two blocks executed carried transactions: the two-chain rule
   * commits a block once its child is certified, and the other replicas learn that quorum
   * certificate only from the next proposal, so leaders propose the child and the grandchild at
   * once. Transactions that can never go in (a nonce gap) do not keep leaders proposing empty
   * blocks without pause.
   */
  @Override
  public boolean hasPendingWork() {
    return (mempool.size() > 0 && mempool.admissions() != admissionsAtLastBuild)
        || lastExecutedHadTransactions
        || previousExecutedHadTransactions;
  }

  @Override
  public boolean gathering() {
    return mempool.admissions() != admissionsAtLastBuild
        && mempool.size() < Math.min(proposalTransactionsMax, chainTransactionsMax);
  }

  @Override
  public byte[] buildPayload(Hash parentCommitment, long round) {
    BlockHeader parent = header(parentCommitment);
    Check.that(parent != null, "build: parent %s is unknown", parentCommitment);
    admissionsAtLastBuild = mempool.admissions();
    long height = parent.height() + 1;
    long timestamp = Math.max(clockMillis.getAsLong(), parent.timestampMillis());
    StateTree tree = new StateTree(suite, nodes);
    StateOverlay state = stateAfter(tree, parentCommitment, parent);
    Parameters limits = executor.limits(state, height);
    chainTransactionsMax = limits.blockTransactionsMax();
    int transactionsMax = Math.min(proposalTransactionsMax, chainTransactionsMax);
    List<Transaction> chosen = new ArrayList<>();
    List<Receipt> receipts = new ArrayList<>();
    long bytes = 0;
    // Each sender's next nonce on the parent's state: what uncommitted ancestors include is
    // passed over without running its checks again.
    java.util.Iterator<Mempool.Entry> candidates =
        mempool.candidates(sender -> io.credence.execution.Nonces.next(state, sender));
    java.util.Set<io.credence.core.Address> refused = new java.util.HashSet<>();
    while (candidates.hasNext()) {
      Mempool.Entry entry = candidates.next();
      if (refused.contains(entry.sender())) {
        // An earlier nonce of this sender could not go in: none of its later ones can either.
        continue;
      }
      if (chosen.size() >= transactionsMax) {
        break;
      }
      if (bytes + entry.bytes() > limits.blockBytesMax()) {
        // Full, unless this one alone is too big for any block (the limits changed since it was
        // admitted): the next may still fit, and one outsized entry must not stall every block.
        if (entry.bytes() > limits.blockBytesMax()) {
          refused.add(entry.sender());
          continue;
        }
        break;
      }
      // Valid on the parent's state (which includes uncommitted ancestors): skips what they hold.
      if (executor.validity(entry.transaction(), state, height, true).isPresent()) {
        refused.add(entry.sender());
        continue;
      }
      receipts.add(executor.apply(entry.transaction(), entry.hash(), state, height, timestamp));
      transactionsExecuted++;
      chosen.add(entry.transaction());
      bytes += entry.bytes();
    }
    Payload payload = new Payload(height, parentCommitment, timestamp, proposer, chosen);
    byte[] encoded = Payload.CODEC.encode(payload);
    // Building executed the payload already: keep the result for execute(), which the proposer
    // calls next on these very bytes, instead of running every transaction again.
    lastBuilt = new Built(encoded, finish(parentCommitment, payload, receipts, tree, state));
    return encoded;
  }

  /** The last payload built here, executed. */
  private record Built(byte[] payload, Speculative result) {}

  private Built lastBuilt;

  private long transactionsExecuted;

  /**
   * Transactions run so far, in blocks built or executed here: with no competing proposals, each
   * committed transaction runs once, on the leader that built its block as on every replica.
   */
  public long transactionsExecuted() {
    return transactionsExecuted;
  }

  private Speculative finish(
      Hash parentCommitment,
      Payload payload,
      List<Receipt> receipts,
      StateTree tree,
      StateOverlay state) {
    BlockHeader parent = header(parentCommitment);
    StateTree.Update update = tree.update(parent.stateRoot(), state.writes());
    BlockHeader header =
        new BlockHeader(
            genesis.chainId(),
            payload.height(),
            parentCommitment,
            payload.proposer(),
            payload.timestampMillis(),
            Block.transactionsRoot(suite, payload.transactions()),
            Block.receiptsRoot(suite, receipts),
            update.root(),
            CommitSeal.NONE);
    return new Speculative(header, payload.transactions(), receipts, update, state.writes());
  }

  /**
   * Votes only for a payload the block's author proposed (its proposer field, which the header
   * keeps, names the author) and stamped no more than {@link #TIMESTAMP_AHEAD_MAX_MILLIS} ahead of
   * this validator's clock.
   */
  @Override
  public boolean mayVote(io.credence.consensus.message.Block block, byte[] authorKey) {
    Payload payload;
    try {
      payload = Payload.CODEC.decode(block.payload());
    } catch (CodecException e) {
      return false;
    }
    return java.util.Arrays.equals(payload.proposer(), authorKey)
        && payload.timestampMillis() <= clockMillis.getAsLong() + TIMESTAMP_AHEAD_MAX_MILLIS;
  }

  @Override
  public Optional<Hash> execute(Hash parentCommitment, byte[] payloadBytes) {
    Payload payload;
    try {
      payload = Payload.CODEC.decode(payloadBytes);
    } catch (CodecException e) {
      return Optional.empty();
    }
    BlockHeader parent = header(parentCommitment);
    if (parent == null
        || payload.height() != parent.height() + 1
        || !payload.parentHash().equals(parentCommitment)
        || payload.timestampMillis() < parent.timestampMillis()
        || speculative.size() >= SPECULATIVE_BLOCKS_MAX) {
      return Optional.empty();
    }
    Parameters limits =
        executor.limits(
            stateAfter(new StateTree(suite, nodes), parentCommitment, parent), payload.height());
    if (payload.transactions().size() > limits.blockTransactionsMax()) {
      return Optional.empty();
    }
    Speculative result;
    if (lastBuilt != null
        && java.util.Arrays.equals(lastBuilt.payload(), payloadBytes)
        && lastBuilt.result().header().parentHash().equals(parentCommitment)) {
      result = lastBuilt.result();
    } else {
      StateTree tree = new StateTree(suite, nodes);
      StateOverlay state = stateAfter(tree, parentCommitment, parent);
      List<Receipt> receipts = new ArrayList<>();
      long bytes = 0;
      for (Transaction tx : payload.transactions()) {
        // The builder's measure: the transactions' encodings, at most blockBytesMax together.
        byte[] encoded = tx.encode();
        bytes += encoded.length;
        if (bytes > limits.blockBytesMax()) {
          return Optional.empty();
        }
        // A proposal is checked in full: only valid transactions may be in a block. A signature
        // is checked again unless these exact bytes (the hash covers the signature) sit in our
        // mempool, which admitted them only after checking it.
        Hash hash = suite.hash(encoded);
        Optional<Rejection> invalid =
            executor.validity(tx, state, payload.height(), mempool.contains(hash));
        if (invalid.isPresent()) {
          return Optional.empty();
        }
        receipts.add(executor.apply(tx, hash, state, payload.height(), payload.timestampMillis()));
        transactionsExecuted++;
      }
      result = finish(parentCommitment, payload, receipts, tree, state);
    }
    // lastBuilt stays until the next build: consensus executes its own proposal twice (once to
    // sign it, once more when it receives it like every replica) and both take the built result.
    previousExecutedHadTransactions = lastExecutedHadTransactions;
    lastExecutedHadTransactions = !payload.transactions().isEmpty();
    Hash commitment = result.header().hash(suite);
    speculative.put(commitment, result);
    result.index(speculativeNodes);
    return Optional.of(commitment);
  }

  @Override
  public void commit(List<Certified> blocks, QuorumCert finality) {
    for (Certified c : blocks) {
      Speculative s = speculative.get(c.block().stateRoot());
      Check.that(s != null, "commit: block %s was never executed here", c.id());
      List<CommitSeal.Signature> signatures = new ArrayList<>();
      for (Signature signature : c.qc().signatures()) {
        signatures.add(
            new CommitSeal.Signature(validators.get(signature.validator()), signature.bytes()));
      }
      byte[] proof = Proof.CODEC.encode(new Proof(c.block().author(), c.block().qc()));
      BlockHeader header =
          s.header()
              .withSeal(
                  new CommitSeal(
                      CommitSeal.Kind.QUORUM,
                      c.qc().data().epoch(),
                      c.qc().data().round(),
                      proof,
                      signatures));
      BlockStore.Committed committed =
          new BlockStore.Committed(new Block(header, s.transactions()), s.receipts(), s.state());
      store.commit(committed);
      advanceCommittedValues(s);
      mempool.removeIncluded(committed);
      committedListener.accept(committed);
      remember(c);
      // A committed change of the validator set: the next epoch's seals are the new set's.
      changeOf(s.receipts()).ifPresent(keys -> validators = keys);
    }
    afterCommit();
  }

  /**
   * Commits a block a peer served during catch-up, which this execution has executed (its header
   * without the seal is what {@link #execute} returned) and whose commitment the caller has proven.
   */
  public void commitServed(Block served) {
    BlockHeader header = served.header();
    Speculative s = speculative.get(header.hash(suite));
    Check.that(s != null, "commit: served block %d was never executed here", header.height());
    BlockStore.Committed committed =
        new BlockStore.Committed(new Block(header, s.transactions()), s.receipts(), s.state());
    store.commit(committed);
    advanceCommittedValues(s);
    mempool.removeIncluded(committed);
    committedListener.accept(committed);
    afterCommit();
  }

  private void afterCommit() {
    BlockHeader head = store.header(store.head().getAsLong());
    mempool.prune(committedView(head), head.height());
    // Forget what can no longer commit: everything at or below the committed height.
    speculative.values().removeIf(s -> s.header().height() <= head.height());
    speculativeNodes.clear();
    speculative.values().forEach(s -> s.index(speculativeNodes));
  }

  /**
   * The consensus block a committed ledger block was, rebuilt from the ledger block and its seal's
   * proof; empty for a block whose seal does not carry a quorum certificate or whose proof is
   * malformed.
   */
  public static Optional<io.credence.consensus.message.Block> consensusBlock(
      CryptoSuite suite, Block block) {
    BlockHeader header = block.header();
    CommitSeal seal = header.seal();
    if (seal.kind() != CommitSeal.Kind.QUORUM) {
      return Optional.empty();
    }
    Proof proof;
    try {
      proof = Proof.CODEC.decode(seal.proof());
    } catch (CodecException e) {
      return Optional.empty();
    }
    byte[] payload =
        Payload.CODEC.encode(
            new Payload(
                header.height(),
                header.parentHash(),
                header.timestampMillis(),
                header.proposer(),
                block.transactions()));
    return Optional.of(
        new io.credence.consensus.message.Block(
            seal.epoch(),
            seal.round(),
            proof.parentQc(),
            proof.author(),
            payload,
            header.hash(suite)));
  }

  /**
   * The same payload stamped one millisecond later: a different, equally valid block for the same
   * parent. The simulator's equivocating leader uses it.
   */
  public static byte[] restamped(byte[] payload) {
    return rewritten(payload, Payload.CODEC.decode(payload).timestampMillis() + 1, null);
  }

  /**
   * The same payload with another timestamp and, unless {@code proposer} is null, another proposer
   * named in it: what a leader lying about the time or passing off another's block would send.
   */
  public static byte[] rewritten(byte[] payload, long timestampMillis, byte[] proposer) {
    Payload p = Payload.CODEC.decode(payload);
    return Payload.CODEC.encode(
        new Payload(
            p.height(),
            p.parentHash(),
            timestampMillis,
            proposer == null ? p.proposer() : proposer,
            p.transactions()));
  }

  /**
   * Caps the blocks this node proposes below the chain's {@code blockTransactionsMax} (blocks of
   * other proposers are accepted up to the chain's limit): a block every replica executes within a
   * fraction of the round timeout keeps rounds from timing out under load.
   */
  public void proposalTransactionsMax(int max) {
    proposalTransactionsMax = max;
  }

  /** The commitment (parent header hash) a payload builds on. */
  public static Hash parentOf(byte[] payload) {
    return Payload.CODEC.decode(payload).parentHash();
  }

  /**
   * Where consensus restarts: the last committed block as a consensus block, with its id and quorum
   * certificate.
   */
  public record Root(
      io.credence.consensus.message.Block block,
      Hash id,
      QuorumCert qc,
      Hash startId,
      long epoch,
      List<byte[]> validators) {}

  /**
   * The consensus root of this ledger: the last committed block, with the epoch it is in, that
   * epoch's first block and validator set, found by reading the ledger's committed validator-set
   * changes.
   */
  public Root root() {
    long head = store.head().getAsLong();
    // Start from the last epoch hint (written beside the ledger, checked against it) rather than
    // genesis, so that a restart reads only the receipts of blocks committed since the hint.
    EpochHint hint = readHint();
    if (hint == null || hint.checkedHeight() > head) {
      List<byte[]> genesisKeys = new ArrayList<>();
      genesis.validators().forEach(v -> genesisKeys.add(v.publicKey()));
      hint = new EpochHint(1, 0, 0, genesisKeys, genesisKeys);
    }
    long epoch = hint.epoch();
    long startHeight = hint.startHeight();
    List<byte[]> keys = new ArrayList<>(hint.keys());
    List<byte[]> previousKeys = new ArrayList<>(hint.previousKeys());
    for (long h = hint.checkedHeight() + 1; h <= head; h++) {
      Optional<List<byte[]>> change = changeOf(store.receipts(h));
      if (change.isPresent()) {
        epoch++;
        startHeight = h;
        previousKeys = new ArrayList<>(keys);
        keys = new ArrayList<>(change.get());
      }
    }
    if (hint.checkedHeight() != head) {
      writeHint(new EpochHint(epoch, startHeight, head, keys, previousKeys));
    }
    Hash startId =
        startHeight == 0
            ? store.header(0).hash(suite)
            : consensusBlock(suite, store.block(startHeight)).orElseThrow().id(suite);
    // The head's own seal is by the set before the change when the head ended an epoch.
    List<byte[]> certifyingKeys = startHeight == head && head > 0 ? previousKeys : keys;
    validators = new ArrayList<>(keys);
    if (head == 0) {
      QuorumCert qc = QuorumCert.genesis(1, startId);
      return new Root(
          new io.credence.consensus.message.Block(1, 0, qc, 0, new byte[0], startId),
          startId,
          qc,
          startId,
          epoch,
          keys);
    }
    // The epoch's latest committed blocks below the head, oldest first, as consensus reads them
    // back: leader reputation draws from the chain's recent activity, and a replica that restarted
    // must see the same window as its peers (twice the set, and one more).
    for (long h = Math.max(startHeight + 1, head - 2L * keys.size() - 1); h < head; h++) {
      remember(certified(h, keys));
    }
    Certified root = certified(head, certifyingKeys);
    remember(root);
    return new Root(root.block(), root.id(), root.qc(), startId, epoch, keys);
  }

  /**
   * The committed block at {@code height} as consensus knew it: the consensus block its seal
   * carries, and the quorum certificate rebuilt from the seal's signatures (indices in {@code
   * certifyingKeys}, the set that signed them).
   */
  private Certified certified(long height, List<byte[]> certifyingKeys) {
    Block last = store.block(height);
    io.credence.consensus.message.Block block =
        consensusBlock(suite, last)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "block " + height + ": its seal does not carry a quorum certificate"));
    Hash id = block.id(suite);
    List<Signature> signatures = new ArrayList<>();
    for (CommitSeal.Signature s : last.header().seal().signatures()) {
      int index = -1;
      for (int i = 0; i < certifyingKeys.size(); i++) {
        if (java.util.Arrays.equals(certifyingKeys.get(i), s.validator())) {
          index = i;
        }
      }
      signatures.add(new Signature(index, s.signature()));
    }
    QuorumCert qc =
        new QuorumCert(
            new io.credence.consensus.message.VoteData(
                block.epoch(), block.round(), id, block.qc().round(), block.qc().blockId()),
            signatures);
    return new Certified(block, id, qc);
  }

  private static final byte[] EPOCH_HINT =
      "Nepoch".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * Where the ledger's epochs stood at {@code checkedHeight}: the epoch, the height of the block
   * that started it (0: genesis), its validator keys and the ones before. Only a hint: the ledger
   * decides, and {@link #root} re-reads every block after {@code checkedHeight}.
   */
  record EpochHint(
      long epoch,
      long startHeight,
      long checkedHeight,
      List<byte[]> keys,
      List<byte[]> previousKeys) {
    static final Codec<EpochHint> CODEC =
        new Codec<>() {
          @Override
          public void write(Writer w, EpochHint h) {
            w.u64(h.epoch).u64(h.startHeight).u64(h.checkedHeight);
            w.varint(h.keys.size());
            h.keys.forEach(w::bytes);
            w.varint(h.previousKeys.size());
            h.previousKeys.forEach(w::bytes);
          }

          @Override
          public EpochHint read(Reader r) {
            long epoch = r.u64();
            long start = r.u64();
            long checked = r.u64();
            List<byte[]> keys = new ArrayList<>();
            int n = r.length("hint.keys", io.credence.core.genesis.Genesis.VALIDATORS_MAX);
            for (int i = 0; i < n; i++) {
              keys.add(r.bytes("hint.key", Transaction.PUBLIC_KEY_BYTES_MAX));
            }
            List<byte[]> previous = new ArrayList<>();
            int m = r.length("hint.previousKeys", io.credence.core.genesis.Genesis.VALIDATORS_MAX);
            for (int i = 0; i < m; i++) {
              previous.add(r.bytes("hint.key", Transaction.PUBLIC_KEY_BYTES_MAX));
            }
            return new EpochHint(epoch, start, checked, keys, previous);
          }
        };
  }

  private EpochHint readHint() {
    byte[] bytes = store.keyValueStore().get(EPOCH_HINT);
    if (bytes == null) {
      return null;
    }
    try {
      return EpochHint.CODEC.decode(bytes);
    } catch (CodecException e) {
      // A damaged hint costs a full scan, nothing more.
      return null;
    }
  }

  private void writeHint(EpochHint hint) {
    store
        .keyValueStore()
        .write(
            new io.credence.ledger.store.WriteBatch()
                .put(EPOCH_HINT, EpochHint.CODEC.encode(hint)));
  }

  /** A change of the validator set recorded in a block's receipts, if any. */
  public static Optional<List<byte[]>> changeOf(List<Receipt> receipts) {
    List<io.credence.core.Event> events = new ArrayList<>();
    for (Receipt r : receipts) {
      events.addAll(r.events());
    }
    return io.credence.execution.consensus.ValidatorSetContract.change(events);
  }

  /**
   * Keeps {@code c} for {@link #committed}, forgetting the oldest beyond {@link
   * #COMMITTED_SERVED_MAX} blocks or {@link #COMMITTED_SERVED_BYTES_MAX} bytes, but never the
   * newest leader-reputation window.
   */
  private void remember(Certified c) {
    Certified before = committedById.remove(c.id());
    if (before != null) {
      committedByIdBytes -= before.block().payload().length;
    }
    committedById.put(c.id(), c);
    committedByIdBytes += c.block().payload().length;
    int window = 2 * validators.size() + 2;
    java.util.Iterator<Certified> oldest = committedById.values().iterator();
    while (committedById.size() > window
        && (committedById.size() > COMMITTED_SERVED_MAX
            || committedByIdBytes > committedServedBytesMax)) {
      committedByIdBytes -= oldest.next().block().payload().length;
      oldest.remove();
    }
  }

  /** The committed blocks kept for peers: how many, and their payloads' bytes. */
  public record Served(int blocks, long bytes) {}

  public Served committedServed() {
    return new Served(committedById.size(), committedByIdBytes);
  }

  /** Lowers {@link #COMMITTED_SERVED_BYTES_MAX} for this execution (tests reach it so). */
  public void committedServedBytesMax(long max) {
    committedServedBytesMax = max;
  }

  @Override
  public Optional<Certified> committed(Hash blockId) {
    return Optional.ofNullable(committedById.get(blockId));
  }

  @Override
  public Optional<List<byte[]>> reconfiguration(io.credence.consensus.message.Block block) {
    if (block.payloadSize() == 0) {
      // A block after a set change shares its parent's state root, and so its parent's result
      // here; it changes nothing itself.
      return Optional.empty();
    }
    Speculative s = speculative.get(block.stateRoot());
    return s == null ? Optional.empty() : changeOf(s.receipts());
  }
}
