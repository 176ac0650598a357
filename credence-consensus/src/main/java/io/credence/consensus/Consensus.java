package io.credence.consensus;

import io.credence.consensus.message.Block;
import io.credence.consensus.message.Message;
import io.credence.consensus.message.QuorumCert;
import io.credence.consensus.message.Signature;
import io.credence.consensus.message.TimeoutCert;
import io.credence.consensus.message.VoteData;
import io.credence.core.Check;
import io.credence.core.Hash;
import io.credence.core.crypto.CryptoSuite;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One validator's consensus replica: two-chain HotStuff with a quadratic timeout-certificate view
 * change (Jolteon, Gelashvili et al. 2021; DiemBFT v4). A pure state machine: messages and ticks
 * in, messages out through {@link Outbox}, blocks to {@link ExecutionPort}, safety data to {@link
 * ConsensusStorage}. No clock, no threads, no I/O; time is the tick count passed in.
 *
 * <p>The parts: a block tree of executed, uncommitted blocks above the last committed block; the
 * pacemaker (round, deadline, back-off); vote and timeout collection; catch-up by fetching missing
 * blocks from certificate signers; equivocation evidence.
 */
public final class Consensus {
  /** Named limits and timings. */
  public record Config(
      long roundTimeoutTicks,
      long roundTimeoutTicksMax,
      int roundsAheadMax,
      int blocksPendingMax,
      int evidenceMax,
      long fetchRetryTicks,
      long idleProposalDelayTicks,
      long proposalBatchTicks,
      Set<PlantedBug> planted) {
    /**
     * A leader with nothing to propose waits {@code idleProposalDelayTicks} (well inside the round
     * timeout) before proposing an empty block, so an idle chain does not race; a block is still
     * proposed, because the two-chain rule needs one to commit the previous block. A leader with
     * less than a full block waiting gathers for {@code proposalBatchTicks} from the start of its
     * round (0 here, the protocol core's own timing; nodes set their own), so that a trickle of
     * transactions makes a few full blocks rather than one block per transaction.
     */
    public static final Config DEFAULTS = new Config(100, 400, 32, 4_096, 256, 50, 50, 0);

    public Config {
      planted = Set.copyOf(planted);
    }

    /** Limits and timings with no planted bug: what every node runs. */
    public Config(
        long roundTimeoutTicks,
        long roundTimeoutTicksMax,
        int roundsAheadMax,
        int blocksPendingMax,
        int evidenceMax,
        long fetchRetryTicks,
        long idleProposalDelayTicks,
        long proposalBatchTicks) {
      this(
          roundTimeoutTicks,
          roundTimeoutTicksMax,
          roundsAheadMax,
          blocksPendingMax,
          evidenceMax,
          fetchRetryTicks,
          idleProposalDelayTicks,
          proposalBatchTicks,
          Set.of());
    }

    /** The same limits with {@code bugs} planted: for the simulator's harness tests only. */
    public Config withPlanted(Set<PlantedBug> bugs) {
      return new Config(
          roundTimeoutTicks,
          roundTimeoutTicksMax,
          roundsAheadMax,
          blocksPendingMax,
          evidenceMax,
          fetchRetryTicks,
          idleProposalDelayTicks,
          proposalBatchTicks,
          bugs);
    }

    boolean has(PlantedBug bug) {
      return planted.contains(bug);
    }

    /** The same limits with another batching delay. */
    public Config withProposalBatchTicks(long ticks) {
      return new Config(
          roundTimeoutTicks,
          roundTimeoutTicksMax,
          roundsAheadMax,
          blocksPendingMax,
          evidenceMax,
          fetchRetryTicks,
          idleProposalDelayTicks,
          ticks,
          planted);
    }

    /**
     * Votes held at most: one per validator (its first; Jolteon §4.2, an honest validator votes
     * once a round) for each round from the one before the current round to {@code roundsAheadMax}
     * after it.
     */
    public int votesHeldMax(int validators) {
      return validators * (roundsAheadMax + 2);
    }

    /** Timeouts held at most: one per validator for each of the same rounds as votes. */
    public int timeoutsHeldMax(int validators) {
      return validators * (roundsAheadMax + 2);
    }

    /**
     * Everything {@link Consensus#heldItems()} counts, at most: the block tree, the fetched blocks,
     * the waiting proposals, the outstanding requests, the early certificates and the committed
     * blocks leader election remembers ({@code blocksPendingMax} each), votes and timeouts, the
     * peers heard from in a later epoch and those shown that an earlier one ended.
     */
    public int heldItemsMax(int validators) {
      return 6 * blocksPendingMax
          + votesHeldMax(validators)
          + timeoutsHeldMax(validators)
          + 2 * aheadPeersMax(validators);
    }

    /**
     * Distinct peers heard from in a later epoch that a replica remembers, to ask in turn for the
     * proof that its epoch ended: twice the set's size and a few newcomers.
     */
    public int aheadPeersMax(int validators) {
      return 2 * validators + 8;
    }
  }

  /** Counters for tests, the simulator and metrics. */
  public static final class Stats {
    public long proposalsSent;
    public long votesSent;
    public long timeoutsSent;
    public long qcsFormed;
    public long tcsFormed;
    public long blocksCommitted;
    public long messagesDropped;
    public long blocksFetched;
    public long certificatesRejected;
    public long votesWithheld;
  }

  // The epoch: its validators, this replica's index among them (-1: not a validator, follows only),
  // its leaders and its first block. All change together at an epoch boundary.
  private ValidatorSet validators;
  private int self;
  private LeaderElection leaders;
  private Hash startBlockId;
  private final Function<ValidatorSet, LeaderElection> leaderElection;
  private final byte[] myKey;
  private final CryptoSuite.Signer signer;
  private final CryptoSuite suite;
  private final SafetyRules safety;
  private final ConsensusStorage storage;
  private final ExecutionPort execution;
  private final Outbox outbox;
  private final Config config;
  private final Stats stats = new Stats();
  private final TreeMap<Long, Message.EpochProof> epochProofs = new TreeMap<>();
  private long epochRequestedAt = Long.MIN_VALUE;
  // Peers heard from in a later epoch, most recent last: asked in turn for the proof that this
  // epoch ended, so one that never answers (however often it speaks) cannot starve the request.
  private final LinkedHashMap<java.nio.ByteBuffer, byte[]> aheadPeers = new LinkedHashMap<>();
  private int epochRequests;
  // Peers left in an epoch that ended here, and when each was last shown the proof.
  private final LinkedHashMap<java.nio.ByteBuffer, Long> proofShownAt = new LinkedHashMap<>();

  // The block tree: the committed root and the blocks above it (executed, or of the reconfiguration
  // suffix), by id.
  private final Map<Hash, Block> blocks = new HashMap<>();
  private final Map<Hash, QuorumCert> certified = new HashMap<>();
  // Blocks above the root that change the validator set, or descend from one that does. Their
  // children make up the reconfiguration suffix (DiemBFT): blocks that carry no payload and keep
  // their parent's state, since the epoch commits nothing past the block that ends it; they only
  // carry it to its commit (two consecutive certified rounds above it).
  private final Set<Hash> closing = new HashSet<>();
  private Hash rootId;
  private Block root;
  // The root's round in this epoch: 0 for the epoch's first block, whatever round it had before.
  private long rootRound;
  private QuorumCert highQc;
  private TimeoutCert lastTc;

  // The pacemaker.
  private long now;
  private long currentRound;
  private long deadline;
  private int consecutiveTimeouts;
  private Message.Timeout myTimeout;
  private long roundStartedAt;
  private boolean proposalDeferred;
  // The first valid proposal of the current round taken into the tree or the waiting list.
  private Hash proposalOfRound;

  // What has been collected for recent rounds.
  // By round, then author: the first vote and the first timeout of each validator in a round.
  private final TreeMap<Long, TreeMap<Integer, Message.Vote>> votes = new TreeMap<>();
  private final TreeMap<Long, TreeMap<Integer, Message.Timeout>> timeouts = new TreeMap<>();
  private final Set<VoteData> formed = new HashSet<>();
  private final Map<Integer, Message.Proposal> lastProposalBy = new HashMap<>();
  private final Map<Integer, Message.Vote> lastVoteBy = new HashMap<>();
  private final List<Evidence> evidence = new ArrayList<>();

  // Catch-up: proposals of the current round waiting for their parent, one per author (so that a
  // validator that is not the leader cannot take the leader's place), and blocks fetched but not
  // yet connected.
  private final LinkedHashMap<Integer, Message.Proposal> waiting = new LinkedHashMap<>();
  private final Map<Hash, Block> fetched = new HashMap<>();
  private final Map<Hash, Long> requested = new HashMap<>();
  private final Map<Hash, QuorumCert> early = new HashMap<>();

  private final Deque<Message> local = new ArrayDeque<>();

  // Leader reputation's view of the chain below the root: the latest committed blocks' parents and
  // activity, oldest first (older ones are read back from execution), and the last walk made.
  private final LinkedHashMap<Hash, Ancestor> committedActivity = new LinkedHashMap<>();
  private Hash activityOf;
  private List<LeaderElection.Activity> activityMemo;

  private record Ancestor(long epoch, Hash parentId, LeaderElection.Activity activity) {
    static Ancestor of(Block block) {
      List<Integer> signers = new ArrayList<>();
      for (Signature s : block.qc().signatures()) {
        signers.add(s.validator());
      }
      return new Ancestor(
          block.epoch(),
          block.parentId(),
          new LeaderElection.Activity(block.round(), block.author(), block.qc().round(), signers));
    }
  }

  /**
   * A replica of the epoch of {@code validators} starting from the committed block {@code root} (id
   * {@code rootId}, certified by {@code rootQc}); {@code startBlockId} is the epoch's first block,
   * certified by the epoch's genesis certificate. Its index is found by its signer's key; a replica
   * whose key is not in the set follows the chain without voting.
   */
  public Consensus(
      ValidatorSet validators,
      CryptoSuite.Signer signer,
      Function<ValidatorSet, LeaderElection> leaderElection,
      ConsensusStorage storage,
      ExecutionPort execution,
      Outbox outbox,
      Config config,
      Hash startBlockId,
      Block root,
      Hash rootId,
      QuorumCert rootQc) {
    this.validators = validators.withPlanted(config.planted());
    this.signer = signer;
    this.myKey = signer.publicKey();
    this.self = this.validators.indexOf(myKey);
    this.suite = this.validators.suite();
    this.leaderElection = leaderElection;
    this.leaders = leaderElection.apply(this.validators);
    this.execution = execution;
    this.outbox = outbox;
    this.config = config;
    this.startBlockId = startBlockId;
    this.root = root;
    this.rootId = rootId;
    this.rootRound = rootId.equals(startBlockId) ? 0 : root.round();
    if (rootId.equals(startBlockId)) {
      // The epoch's first block is certified by the epoch's genesis certificate, whatever ended the
      // last.
      rootQc = QuorumCert.genesis(this.validators.epoch(), startBlockId);
    }
    blocks.put(rootId, root);
    certified.put(rootId, rootQc);
    SafetyData stored = storage.load();
    if (stored == null || stored.epoch() != this.validators.epoch()) {
      stored = new SafetyData(this.validators.epoch(), 0, 0, 0, rootQc, null);
    }
    this.safety = new SafetyRules(storage, stored, config.planted());
    this.storage = storage;
    storage.epochProofs().forEach(epochProofs::put);
    while (epochProofs.size() > config.evidenceMax()) {
      epochProofs.pollFirstEntry();
    }
    // Restart where we left off: after the highest certificate we held, so that the round we are in
    // is one we may still time out in (the persisted voted round is at most that round).
    this.highQc = stored.highQc().round() >= rootQc.round() ? stored.highQc() : rootQc;
    this.lastTc = stored.lastTc();
    this.currentRound = Math.max(highQc.round(), lastTc == null ? 0 : lastTc.round()) + 1;
  }

  /** Starts the pacemaker at tick {@code nowTicks}; proposes if this replica leads the round. */
  public void start(long nowTicks) {
    now = nowTicks;
    // The idle delay counts from now: a replica that starts idle does not propose at once.
    roundStartedAt = now;
    deadline = now + roundTimeout();
    // Blocks stored before a crash come back, oldest first, re-executed like fetched blocks.
    for (Map.Entry<Hash, Block> e : storage.blocks().entrySet()) {
      if (e.getValue().round() > rootRound
          && e.getValue().epoch() == validators.epoch()
          && fetched.size() < config.blocksPendingMax()) {
        fetched.put(e.getKey(), e.getValue());
      }
    }
    connectFetched();
    if (!blocks.containsKey(highQc.blockId())) {
      fetch(highQc.blockId(), highQc);
    }
    if (isLeader(currentRound)) {
      propose();
    }
    drainLocal();
  }

  public void onTick(long nowTicks) {
    now = nowTicks;
    if (proposalDeferred && proposalDue()) {
      propose();
    }
    if (now >= deadline) {
      localTimeout();
    }
    drainLocal();
  }

  /**
   * Handles a message from the peer with key {@code from} (authenticated by the transport, and
   * within its size limit). Proposals, votes and timeouts count only from validators of this epoch;
   * a message of a later epoch makes this replica ask for the proof that its own epoch ended.
   */
  public void onMessage(byte[] from, Message message, long nowTicks) {
    now = nowTicks;
    long epoch = epochOf(message);
    if (epoch > validators.epoch()) {
      requestEpochProof(from);
      stats.messagesDropped++;
    } else if (epoch >= 0 && epoch < validators.epoch()) {
      showEpochEnded(from, epoch);
      stats.messagesDropped++;
    } else if (epoch >= 0 && validators.indexOf(from) < 0) {
      stats.messagesDropped++;
    } else {
      handle(from, message);
    }
    drainLocal();
  }

  /** The epoch a consensus message belongs to, or -1 for requests and responses. */
  private static long epochOf(Message message) {
    if (message instanceof Message.Proposal p) {
      return p.block().epoch();
    }
    if (message instanceof Message.Vote v) {
      return v.data().epoch();
    }
    if (message instanceof Message.Timeout t) {
      return t.epoch();
    }
    return -1;
  }

  private void drainLocal() {
    while (!local.isEmpty()) {
      handle(myKey, local.poll());
    }
  }

  private void handle(byte[] from, Message message) {
    boolean accepted;
    if (message instanceof Message.EpochRequest r) {
      accepted = onEpochRequest(from, r);
    } else if (message instanceof Message.EpochProof e) {
      accepted = onEpochProof(e);
    } else if (message instanceof Message.Proposal p) {
      accepted = onProposal(p);
    } else if (message instanceof Message.Vote v) {
      accepted = onVote(v);
    } else if (message instanceof Message.Timeout t) {
      accepted = onTimeout(t);
    } else if (message instanceof Message.BlockRequest r) {
      accepted = onBlockRequest(from, r);
    } else {
      accepted = onBlockResponse((Message.BlockResponse) message);
    }
    if (!accepted) {
      stats.messagesDropped++;
    }
  }

  // ---------------------------------------------------------------- proposals

  private boolean onProposal(Message.Proposal p) {
    Block block = p.block();
    if (block.epoch() != validators.epoch()
        || p.signature().validator() != block.author()
        || block.qc().round() >= block.round()
        || (p.tc() != null && p.tc().round() + 1 != block.round())) {
      return false;
    }
    // The leader is known unless leader reputation must read the chain of a block not seen yet; the
    // proposal is then checked when that block arrives, and its certificates (signed by a quorum,
    // whoever carries them) still bring a lagging replica forward.
    int leader = leaderExtending(block.round(), block.qc().blockId(), block.qc().round());
    if (leader >= 0 && block.author() != leader) {
      return false;
    }
    Hash id = block.id(suite);
    if (!validators.verify(p.signature(), id.bytes())) {
      return false;
    }
    recordProposal(p, id);
    if (config.has(PlantedBug.LAG_DROPS_CERTIFICATES)
        && block.round() > currentRound + config.roundsAheadMax()) {
      return false;
    }
    // DiemBFT v4 process_certificates: the certificates a proposal carries are verified and used
    // whatever its round, so that a replica far behind jumps to the round they prove and fetches
    // the blocks it missed. Only the proposal itself is bounded: it is kept for the current round.
    if (!isVerified(block.qc(), p.tc())) {
      return false;
    }
    processQc(block.qc());
    if (p.tc() != null) {
      processTc(p.tc());
    }
    // The same for a proposal whose certificate ended the epoch.
    if (block.epoch() != validators.epoch()) {
      return true;
    }
    if (block.round() != currentRound) {
      // A proposal for a round we have left is old; one for a later round lacks the certificate
      // that would have brought us there.
      return block.round() < currentRound;
    }
    // Jolteon §4.2: the round's leader is its only author, and an honest one proposes once. Only
    // the first proposal seen for the round enters the tree (or waits for its parent); a different
    // one is evidence (recorded above) and nothing more, so a flood of them stores nothing. A
    // different block that a quorum certifies is fetched because its certificate names it.
    // A proposal whose leader is not known yet claims nothing: it waits, in its author's own place,
    // for its parent, and is checked when that arrives.
    if (leader >= 0) {
      if (proposalOfRound != null
          && !proposalOfRound.equals(id)
          && !config.has(PlantedBug.EVERY_PROPOSAL_KEPT)) {
        return false;
      }
      proposalOfRound = id;
    }
    Block parent = blocks.get(block.parentId());
    if (parent == null) {
      if (waiting.size() < config.blocksPendingMax()) {
        waiting.putIfAbsent(block.author(), p);
      }
      fetch(block.parentId(), block.qc());
      return true;
    }
    return executeAndVote(p, id, parent);
  }

  private void recordProposal(Message.Proposal p, Hash id) {
    Message.Proposal previous = lastProposalBy.get(p.block().author());
    if (previous != null
        && previous.block().round() == p.block().round()
        && !previous.block().id(suite).equals(id)) {
      addEvidence(new Evidence(p.block().author(), p.block().round(), previous, p));
    }
    if (previous == null || previous.block().round() <= p.block().round()) {
      lastProposalBy.put(p.block().author(), p);
    }
  }

  private boolean executeAndVote(Message.Proposal p, Hash id, Block parent) {
    Block block = p.block();
    // Its parent is here, so its leader is known: a proposal that waited for it is checked now.
    if (block.author() != leaderExtending(block.round(), block.qc().blockId(), block.qc().round())
        || !insert(block, id, parent)) {
      return false;
    }
    // Jolteon §4.2: vote only once per round, and only for a block extending a certificate we may
    // extend; the safety data is durable before the vote leaves.
    if (self < 0 || !safety.safeToVote(block.round(), block.qc().round(), p.tc())) {
      return true;
    }
    // A suffix block holds nothing for execution to judge.
    if (!closing.contains(block.parentId())
        && !execution.mayVote(block, validators.key(block.author()))) {
      stats.votesWithheld++;
      return true;
    }
    safety.recordVote(block.round(), block.qc().round(), highQc, lastTc);
    VoteData data =
        new VoteData(validators.epoch(), block.round(), id, block.qc().round(), block.parentId());
    Message.Vote vote =
        new Message.Vote(data, new Signature(self, signer.sign(data.signingBytes())));
    stats.votesSent++;
    // The next round's proposal extends this block if it is certified: its leader reads this chain.
    sendTo(leaderExtending(block.round() + 1, id, block.round()), vote);
    return true;
  }

  /**
   * Executes {@code block} on its parent's state and keeps it only if the state roots match; a
   * block of the reconfiguration suffix is kept only if it is empty and keeps its parent's state.
   */
  private boolean insert(Block block, Hash id, Block parent) {
    if (blocks.containsKey(id)) {
      return true;
    }
    long parentRound = parent == root ? rootRound : parent.round();
    if (block.epoch() != validators.epoch()
        || block.round() <= rootRound
        || block.round() <= parentRound) {
      return false;
    }
    boolean suffix = closing.contains(block.parentId());
    if (suffix) {
      // Nothing to execute: the suffix carries no payload and keeps its parent's state.
      if (block.payloadSize() != 0 || !block.stateRoot().equals(parent.stateRoot())) {
        return false;
      }
    } else {
      Optional<Hash> executed = execution.execute(parent.stateRoot(), block.payload());
      if (executed.isEmpty() || !executed.get().equals(block.stateRoot())) {
        return false;
      }
    }
    if (blocks.size() >= config.blocksPendingMax()) {
      return false;
    }
    storage.storeBlock(id, block);
    blocks.put(id, block);
    if (suffix
        || (!config.has(PlantedBug.SUFFIX_NOT_EMPTY)
            && execution.reconfiguration(block).isPresent())) {
      closing.add(id);
    }
    // The block's own certificate of its parent may commit the grandparent; a certificate of this
    // block that arrived before the block itself can now be applied too.
    processQc(block.qc());
    QuorumCert own = early.remove(id);
    if (own != null) {
      processQc(own);
    }
    List<Message.Proposal> children = new ArrayList<>();
    for (java.util.Iterator<Message.Proposal> it = waiting.values().iterator(); it.hasNext(); ) {
      Message.Proposal next = it.next();
      if (next.block().parentId().equals(id)) {
        it.remove();
        if (next.block().round() == currentRound) {
          children.add(next);
        }
      }
    }
    for (Message.Proposal next : children) {
      executeAndVote(next, next.block().id(suite), block);
    }
    // A leader that could not propose for want of this block can now.
    if (id.equals(highQc.blockId()) && isLeader(currentRound)) {
      propose();
    }
    return true;
  }

  // ---------------------------------------------------------------- votes and certificates

  private boolean onVote(Message.Vote v) {
    VoteData data = v.data();
    int author = v.signature().validator();
    if (data.epoch() != validators.epoch()
        || data.round() + 1 < currentRound
        || data.round() > currentRound + config.roundsAheadMax()
        || !validators.verify(v.signature(), data.signingBytes())) {
      return false;
    }
    Message.Vote previous = lastVoteBy.get(author);
    if (previous != null
        && previous.data().round() == data.round()
        && !previous.data().equals(data)) {
      addEvidence(new Evidence(author, data.round(), previous, v));
    }
    if (previous == null || previous.data().round() <= data.round()) {
      lastVoteBy.put(author, v);
    }
    if (formed.contains(data)) {
      lateVote(v);
      return true;
    }
    TreeMap<Integer, Message.Vote> forRound =
        votes.computeIfAbsent(data.round(), r -> new TreeMap<>());
    Message.Vote counted = forRound.putIfAbsent(author, v);
    if (counted != null) {
      // Jolteon §4.2: an honest validator votes once a round. Only an author's first vote in a
      // round counts; a different one is evidence, so a flood of them cannot grow this map.
      if (!counted.data().equals(data)) {
        addEvidence(new Evidence(author, data.round(), counted, v));
        return false;
      }
      return true;
    }
    Check.that(
        votes.size() <= config.roundsAheadMax() + 2 && forRound.size() <= validators.size(),
        "votes: %s rounds (expected at most roundsAheadMax + 2 = %s), %s authors in round %s",
        votes.size(),
        config.roundsAheadMax() + 2,
        forRound.size(),
        data.round());
    List<Signature> signatures = new ArrayList<>();
    for (Message.Vote each : forRound.values()) {
      if (each.data().equals(data)) {
        signatures.add(each.signature());
      }
    }
    if (signatures.size() >= validators.quorum()) {
      formed.add(data);
      stats.qcsFormed++;
      processQc(new QuorumCert(data, signatures));
    }
    return true;
  }

  /**
   * A verified vote for a certificate already formed here: while this replica leads the next round
   * and has not proposed, the certificate its proposal will carry takes the vote too (in signer
   * order). More than a quorum is still a valid certificate, and the signatures a block carries are
   * what the chain pays validators by, so a validator whose votes reach the leader after the first
   * quorum but before the proposal leaves is counted, not left out every round (in a network of
   * equal delays the last validator in index order never made the first quorum). A Byzantine leader
   * may still leave votes out; it can only cut honest validators' pay, not safety.
   */
  private void lateVote(Message.Vote v) {
    VoteData data = v.data();
    if (!data.equals(highQc.data())
        || currentRound != data.round() + 1
        || !isLeader(currentRound)
        || !safety.safeToPropose(currentRound)) {
      return;
    }
    int author = v.signature().validator();
    List<Signature> signatures = new ArrayList<>();
    boolean added = false;
    for (Signature s : highQc.signatures()) {
      if (s.validator() == author) {
        return;
      }
      if (!added && s.validator() > author) {
        signatures.add(v.signature());
        added = true;
      }
      signatures.add(s);
    }
    if (!added) {
      signatures.add(v.signature());
    }
    highQc = new QuorumCert(data, signatures);
  }

  /** A verified certificate: raise the highest, commit by the two-chain rule, advance the round. */
  private void processQc(QuorumCert qc) {
    if (qc.data().epoch() != validators.epoch()) {
      return;
    }
    boolean raised = qc.round() > highQc.round();
    if (raised) {
      highQc = qc;
    }
    if (blocks.containsKey(qc.blockId())) {
      certified.putIfAbsent(qc.blockId(), qc);
    } else if (qc.round() > rootRound) {
      if (early.size() < config.blocksPendingMax()) {
        early.put(qc.blockId(), qc);
      }
      fetch(qc.blockId(), qc);
    }
    if (config.has(PlantedBug.COMMIT_ON_ONE_CHAIN)
        && qc.round() > rootRound
        && blocks.containsKey(qc.blockId())
        && commit(qc.blockId(), qc)) {
      return;
    }
    // Jolteon §3.2, two-chain commit: a certified block whose parent has the round just before it
    // commits that parent and all its ancestors.
    if ((qc.data().commitsParent() || config.has(PlantedBug.COMMIT_WITHOUT_CONSECUTIVE_ROUNDS))
        && blocks.containsKey(qc.blockId())
        && qc.data().parentRound() > rootRound
        && blocks.containsKey(qc.data().parentId())
        && commit(qc.data().parentId(), qc)) {
      return;
    }
    if (qc.round() >= currentRound) {
      consecutiveTimeouts = 0;
      enterRound(qc.round() + 1);
    } else if (raised && qc.round() + 1 == currentRound && isLeader(currentRound)) {
      // The round was entered by a timeout certificate, and the certificate of the round before
      // came after it: the round now follows a certified one, and its elected leader proposes.
      propose();
    }
  }

  private void processTc(TimeoutCert tc) {
    if (tc.epoch() != validators.epoch()) {
      return;
    }
    if (lastTc == null || tc.round() > lastTc.round()) {
      lastTc = tc;
    }
    if (tc.round() >= currentRound) {
      consecutiveTimeouts++;
      enterRound(tc.round() + 1);
    }
  }

  /**
   * True when the quorum certificate and the timeout certificate (if any) are signed by a quorum of
   * this epoch; a forged one is counted and nothing it claims is used.
   */
  private boolean isVerified(QuorumCert qc, TimeoutCert tc) {
    if (validators.verify(qc, startBlockId) && (tc == null || validators.verify(tc))) {
      return true;
    }
    stats.certificatesRejected++;
    return false;
  }

  /**
   * Commits {@code id} and its uncommitted ancestors, made final by {@code commitQc} (which
   * certifies a child of {@code id} in the next round). A block that changes the validator set ends
   * the epoch: commit stops there, every honest replica at the same block, and the next epoch
   * starts from it. Returns true when the epoch ended.
   */
  private boolean commit(Hash id, QuorumCert commitQc) {
    List<ExecutionPort.Certified> chain = new ArrayList<>();
    Hash cursor = id;
    while (!cursor.equals(rootId)) {
      Block block = blocks.get(cursor);
      Check.that(block != null, "commit: block %s is not in the tree", cursor);
      QuorumCert qc = certified.get(cursor);
      Check.that(qc != null, "commit: block %s has no certificate", cursor);
      chain.add(new ExecutionPort.Certified(block, cursor, qc));
      cursor = block.parentId();
    }
    Collections.reverse(chain);
    Optional<List<byte[]>> nextValidators = Optional.empty();
    int end = chain.size();
    for (int i = 0; i < chain.size() && nextValidators.isEmpty(); i++) {
      nextValidators = execution.reconfiguration(chain.get(i).block());
      if (nextValidators.isPresent()) {
        end = i + 1;
      }
    }
    List<ExecutionPort.Certified> committed = chain.subList(0, end);
    ExecutionPort.Certified last = committed.get(committed.size() - 1);
    if (nextValidators.isPresent()) {
      // The proof that this epoch ended: the ending block, its descendants up to the certified one,
      // and the certificate that made them final. Durable before the commit: a replica that
      // crashes just after committing, and restarts in the next epoch, still shows peers left
      // behind how this one ended.
      List<Block> proof = new ArrayList<>();
      for (int i = end - 1; i < chain.size(); i++) {
        proof.add(chain.get(i).block());
      }
      proof.add(blocks.get(commitQc.blockId()));
      if (epochProofs.size() >= config.evidenceMax()) {
        epochProofs.pollFirstEntry();
      }
      Message.EpochProof ended = new Message.EpochProof(proof, commitQc);
      epochProofs.put(validators.epoch(), ended);
      storage.storeEpochProof(validators.epoch(), ended, config.evidenceMax());
    }
    execution.commit(committed, commitQc);
    if (leaders.window() > 0) {
      for (ExecutionPort.Certified c : committed) {
        committedActivity.put(c.id(), Ancestor.of(c.block()));
      }
      while (committedActivity.size() > Math.min(leaders.window() + 1, config.blocksPendingMax())) {
        committedActivity.remove(committedActivity.keySet().iterator().next());
      }
    }
    stats.blocksCommitted += committed.size();
    if (nextValidators.isPresent()) {
      startEpoch(last, nextValidators.get());
      return true;
    }
    root = last.block();
    rootId = last.id();
    rootRound = root.round();
    prune();
    return false;
  }

  /** Starts the next epoch from the block that ended this one (DiemBFT reconfiguration). */
  private void startEpoch(ExecutionPort.Certified start, List<byte[]> keys) {
    validators =
        new ValidatorSet(validators.epoch() + 1, keys, suite).withPlanted(config.planted());
    self = validators.indexOf(myKey);
    leaders = leaderElection.apply(validators);
    committedActivity.clear();
    activityOf = null;
    activityMemo = null;
    startBlockId = start.id();
    root = start.block();
    rootId = start.id();
    rootRound = 0;
    QuorumCert genesis = QuorumCert.genesis(validators.epoch(), startBlockId);
    blocks.clear();
    blocks.put(rootId, root);
    closing.clear();
    certified.clear();
    certified.put(rootId, genesis);
    highQc = genesis;
    lastTc = null;
    myTimeout = null;
    consecutiveTimeouts = 0;
    votes.clear();
    timeouts.clear();
    formed.clear();
    waiting.clear();
    fetched.clear();
    requested.clear();
    early.clear();
    lastProposalBy.clear();
    lastVoteBy.clear();
    aheadPeers.clear();
    storage.retainBlocks(Set.of());
    safety.startEpoch(new SafetyData(validators.epoch(), 0, 0, 0, genesis, null));
    currentRound = 0;
    enterRound(1);
  }

  /** Keeps the root and the blocks that descend from it. */
  private void prune() {
    Map<Hash, Block> kept = new HashMap<>();
    kept.put(rootId, root);
    List<Map.Entry<Hash, Block>> byRound = new ArrayList<>(blocks.entrySet());
    byRound.sort((a, b) -> Long.compare(a.getValue().round(), b.getValue().round()));
    for (Map.Entry<Hash, Block> e : byRound) {
      if (e.getValue().round() > rootRound && kept.containsKey(e.getValue().parentId())) {
        kept.put(e.getKey(), e.getValue());
      }
    }
    blocks.keySet().retainAll(kept.keySet());
    closing.retainAll(kept.keySet());
    storage.retainBlocks(kept.keySet());
    certified.keySet().retainAll(kept.keySet());
    fetched.values().removeIf(b -> b.round() <= rootRound);
    early.values().removeIf(qc -> qc.round() <= rootRound);
  }

  // ---------------------------------------------------------------- leaders

  /**
   * The leader of {@code round} for a proposal extending the block {@code extendedId}, certified in
   * {@code extendedRound}: the election's choice from that block's chain when it is the round just
   * before, the schedule's after a timeout. -1 when the election must read a block not seen yet.
   */
  private int leaderExtending(long round, Hash extendedId, long extendedRound) {
    if (leaders.window() == 0 || extendedRound + 1 != round) {
      return leaders.leader(round);
    }
    List<LeaderElection.Activity> recent = recentActivity(extendedId);
    return recent == null ? -1 : leaders.leader(round, recent);
  }

  /** Whether this replica leads {@code round}, proposing on its highest certificate. */
  private boolean isLeader(long round) {
    return self >= 0 && leaderExtending(round, highQc.blockId(), highQc.round()) == self;
  }

  /**
   * The chain ending at {@code newest}, newest first, within this epoch and the election's window;
   * null when {@code newest} itself is unknown. Blocks above the root come from the tree, the
   * latest committed ones from memory, older ones from execution (after a restart).
   */
  private List<LeaderElection.Activity> recentActivity(Hash newest) {
    if (newest.equals(activityOf)) {
      return activityMemo;
    }
    List<LeaderElection.Activity> recent = new ArrayList<>();
    Hash cursor = newest;
    boolean complete = true;
    while (recent.size() < leaders.window() && !cursor.equals(startBlockId)) {
      Block block = blocks.get(cursor);
      Ancestor ancestor = block != null ? Ancestor.of(block) : committedActivity.get(cursor);
      if (ancestor == null) {
        ancestor = execution.committed(cursor).map(c -> Ancestor.of(c.block())).orElse(null);
      }
      if (ancestor == null || ancestor.epoch() != validators.epoch()) {
        if (recent.isEmpty()) {
          return null;
        }
        complete = ancestor != null;
        break;
      }
      recent.add(ancestor.activity());
      cursor = ancestor.parentId();
    }
    if (complete) {
      activityOf = newest;
      activityMemo = recent;
    }
    return recent;
  }

  // ---------------------------------------------------------------- pacemaker and timeouts

  private void enterRound(long round) {
    if (round <= currentRound) {
      return;
    }
    currentRound = round;
    myTimeout = null;
    proposalOfRound = null;
    roundStartedAt = now;
    proposalDeferred = false;
    deadline = now + roundTimeout();
    votes.headMap(round - 1).clear();
    timeouts.headMap(round - 1).clear();
    formed.removeIf(d -> d.round() + 1 < round);
    waiting.values().removeIf(p -> p.block().round() < round);
    if (isLeader(round)) {
      propose();
    }
  }

  /** The round timeout: doubled for each consecutive round that ended in a timeout, capped. */
  private long roundTimeout() {
    long timeout = config.roundTimeoutTicks() << Math.min(consecutiveTimeouts, 20);
    return Math.min(timeout, config.roundTimeoutTicksMax());
  }

  private void localTimeout() {
    deadline = now + roundTimeout();
    if (self < 0) {
      return;
    }
    if (myTimeout != null && myTimeout.round() == currentRound) {
      // Re-send the same signed timeout: peers may have missed it.
      stats.timeoutsSent++;
      broadcast(myTimeout);
      return;
    }
    if (!safety.safeToTimeout(currentRound, highQc.round(), lastTc)) {
      return;
    }
    safety.recordTimeout(currentRound, highQc, lastTc);
    TimeoutCert previous = lastTc != null && lastTc.round() + 1 == currentRound ? lastTc : null;
    byte[] signed = TimeoutCert.signingBytes(validators.epoch(), currentRound, highQc.round());
    myTimeout =
        new Message.Timeout(
            validators.epoch(),
            currentRound,
            highQc,
            previous,
            new Signature(self, signer.sign(signed)));
    stats.timeoutsSent++;
    broadcast(myTimeout);
    local.add(myTimeout);
  }

  private boolean onTimeout(Message.Timeout t) {
    int author = t.signature().validator();
    if (t.epoch() != validators.epoch()
        || t.highQc().round() >= t.round()
        || (t.lastRoundTc() != null && t.lastRoundTc().round() + 1 != t.round())
        || !validators.verify(
            t.signature(), TimeoutCert.signingBytes(t.epoch(), t.round(), t.highQc().round()))) {
      return false;
    }
    // DiemBFT v4 process_certificates: a timeout's certificates count whatever its round, for
    // catch-up; the round window below bounds only what is stored.
    if (config.has(PlantedBug.LAG_DROPS_CERTIFICATES)
        && t.round() > currentRound + config.roundsAheadMax()) {
      return false;
    }
    if (!isVerified(t.highQc(), t.lastRoundTc())) {
      return false;
    }
    processQc(t.highQc());
    if (t.lastRoundTc() != null) {
      processTc(t.lastRoundTc());
    }
    // Its certificate may have ended the epoch (a commit of the block that changes the set): the
    // timeout itself belongs to the epoch that ended, and must not count in the new one.
    if (t.epoch() != validators.epoch()) {
      return true;
    }
    if (t.round() > currentRound + config.roundsAheadMax()) {
      return false;
    }
    if (t.round() < currentRound) {
      return true;
    }
    TreeMap<Integer, Message.Timeout> forRound =
        timeouts.computeIfAbsent(t.round(), r -> new TreeMap<>());
    // One timeout per author and round: the first (timeouts do not conflict, so no evidence).
    forRound.putIfAbsent(author, t);
    Check.that(
        timeouts.size() <= config.roundsAheadMax() + 2 && forRound.size() <= validators.size(),
        "timeouts: %s rounds (expected at most roundsAheadMax + 2 = %s), %s authors in round %s",
        timeouts.size(),
        config.roundsAheadMax() + 2,
        forRound.size(),
        t.round());
    // Bracha-style amplification (DiemBFT v4 Pacemaker): f+1 timeouts for our round mean at least
    // one
    // honest validator gave up on it, so join at once instead of waiting out a long back-off.
    if (t.round() == currentRound
        && myTimeout == null
        && forRound.size() > validators.faultsTolerated()) {
      localTimeout();
    }
    if (forRound.size() >= validators.quorum() && (lastTc == null || lastTc.round() < t.round())) {
      List<TimeoutCert.Entry> entries = new ArrayList<>();
      for (Message.Timeout each : forRound.values()) {
        entries.add(new TimeoutCert.Entry(each.highQc().round(), each.signature()));
      }
      stats.tcsFormed++;
      processTc(new TimeoutCert(validators.epoch(), t.round(), entries));
    }
    return true;
  }

  // ---------------------------------------------------------------- proposing

  /**
   * Whether the leader proposes now: with nothing to do after {@code idleProposalDelayTicks} into
   * its round; while execution is {@linkplain ExecutionPort#gathering() gathering} after {@code
   * proposalBatchTicks}; otherwise at once.
   */
  private boolean proposalDue() {
    if (closing.contains(highQc.blockId())) {
      // A suffix block gathers nothing: it only takes the epoch's last block to its commit.
      return true;
    }
    long waited = now - roundStartedAt;
    if (!execution.hasPendingWork()) {
      return waited >= config.idleProposalDelayTicks();
    }
    return !execution.gathering() || waited >= config.proposalBatchTicks();
  }

  private void propose() {
    proposalDeferred = false;
    // Leadership is asked again when the proposal is due: a certificate of the round before that
    // arrived meanwhile hands the round from the schedule's leader to the election's.
    if (!isLeader(currentRound) || !safety.safeToPropose(currentRound)) {
      return;
    }
    if (!proposalDue()) {
      proposalDeferred = true;
      return;
    }
    Block parent = blocks.get(highQc.blockId());
    if (parent == null) {
      fetch(highQc.blockId(), highQc);
      return;
    }
    TimeoutCert tc = null;
    if (highQc.round() + 1 != currentRound) {
      if (lastTc == null || lastTc.round() + 1 != currentRound) {
        return;
      }
      tc = lastTc;
    }
    byte[] payload = new byte[0];
    Hash stateRoot = parent.stateRoot();
    if (!closing.contains(highQc.blockId())) {
      payload = execution.buildPayload(parent.stateRoot(), currentRound);
      Optional<Hash> executed = execution.execute(parent.stateRoot(), payload);
      Check.that(executed.isPresent(), "the payload this replica built does not execute");
      stateRoot = executed.get();
    }
    Block block = new Block(validators.epoch(), currentRound, highQc, self, payload, stateRoot);
    Hash id = block.id(suite);
    safety.recordProposal(currentRound, highQc, lastTc);
    Message.Proposal proposal =
        new Message.Proposal(block, tc, new Signature(self, signer.sign(id.bytes())));
    stats.proposalsSent++;
    broadcast(proposal);
    local.add(proposal);
  }

  // ---------------------------------------------------------------- catch-up

  /**
   * Asks one of the certificate's signers (or the leader) for a missing block, at most once a
   * while.
   */
  private void fetch(Hash id, QuorumCert because) {
    Long last = requested.get(id);
    if (last != null && now - last < config.fetchRetryTicks()) {
      return;
    }
    if (requested.size() >= config.blocksPendingMax()) {
      requested.clear();
    }
    requested.put(id, now);
    List<Integer> candidates = new ArrayList<>();
    for (Signature s : because.signatures()) {
      if (s.validator() != self) {
        candidates.add(s.validator());
      }
    }
    if (candidates.isEmpty()) {
      for (int i = 0; i < validators.size(); i++) {
        if (i != self) {
          candidates.add(i);
        }
      }
    }
    if (candidates.isEmpty()) {
      return;
    }
    // Rotate through the signers on retries, deterministically.
    int pick =
        candidates.get(
            (int)
                Math.floorMod(
                    now / Math.max(1, config.fetchRetryTicks()) + self, (long) candidates.size()));
    outbox.send(
        validators.key(pick),
        new Message.BlockRequest(id, rootRound, Message.BLOCKS_PER_RESPONSE_MAX));
  }

  private boolean onBlockRequest(byte[] from, Message.BlockRequest request) {
    List<Block> answer = new ArrayList<>();
    Hash cursor = request.blockId();
    int count = Math.min(request.count(), Message.BLOCKS_PER_RESPONSE_MAX);
    while (answer.size() < count) {
      Block block = blocks.get(cursor);
      if (block == null) {
        Optional<ExecutionPort.Certified> committed = execution.committed(cursor);
        if (committed.isEmpty()) {
          break;
        }
        block = committed.get().block();
      }
      // Rounds restart at each epoch: stop at the asker's root, or where the epoch changes.
      if (block.round() <= request.aboveRound()
          || (!answer.isEmpty() && block.epoch() != answer.get(0).epoch())) {
        break;
      }
      answer.add(block);
      cursor = block.parentId();
    }
    if (answer.isEmpty()) {
      return false;
    }
    if (!Arrays.equals(from, myKey)) {
      outbox.send(from, new Message.BlockResponse(answer));
    }
    return true;
  }

  private boolean onBlockResponse(Message.BlockResponse response) {
    List<Block> list = response.blocks();
    if (list.isEmpty()) {
      return false;
    }
    Hash expected = list.get(0).id(suite);
    if (!requested.containsKey(expected)) {
      return false;
    }
    for (Block block : list) {
      Hash id = block.id(suite);
      // Each block is the parent of the one before it, and carries a valid certificate of its
      // parent.
      if (!id.equals(expected)
          || block.epoch() != validators.epoch()
          || !validators.verify(block.qc(), startBlockId)) {
        return false;
      }
      expected = block.parentId();
      if (keepFetched(id, block)) {
        stats.blocksFetched++;
      }
    }
    requested.remove(list.get(0).id(suite));
    connectFetched();
    return true;
  }

  /**
   * Keeps a fetched block (every one is certified: its child's verified certificate names it) until
   * it connects to the tree. When {@code blocksPendingMax} are held, an older block takes the place
   * of the newest: the chain connects from the root upwards, and a block let go is fetched again
   * from a later certificate. So a gap longer than the bound still closes, in several passes.
   */
  private boolean keepFetched(Hash id, Block block) {
    if (block.round() <= rootRound || blocks.containsKey(id) || fetched.containsKey(id)) {
      return false;
    }
    if (fetched.size() >= config.blocksPendingMax()) {
      Map.Entry<Hash, Block> newest = null;
      for (Map.Entry<Hash, Block> e : fetched.entrySet()) {
        if (newest == null || e.getValue().round() > newest.getValue().round()) {
          newest = e;
        }
      }
      if (newest == null || newest.getValue().round() <= block.round()) {
        return false;
      }
      fetched.remove(newest.getKey());
    }
    fetched.put(id, block);
    Check.that(
        fetched.size() <= config.blocksPendingMax(),
        "fetched: %s blocks exceed blocksPendingMax=%s",
        fetched.size(),
        config.blocksPendingMax());
    return true;
  }

  /**
   * Inserts fetched blocks whose parents are in the tree, oldest first; asks for what is still
   * missing: the parent of the oldest block left, or else the block of the highest certificate.
   */
  private void connectFetched() {
    boolean progress = true;
    while (progress) {
      progress = false;
      List<Map.Entry<Hash, Block>> ready = new ArrayList<>();
      for (Map.Entry<Hash, Block> e : fetched.entrySet()) {
        if (blocks.containsKey(e.getValue().parentId())) {
          ready.add(e);
        }
      }
      ready.sort(
          (a, b) ->
              a.getValue().round() != b.getValue().round()
                  ? Long.compare(a.getValue().round(), b.getValue().round())
                  : a.getKey().compareTo(b.getKey()));
      for (Map.Entry<Hash, Block> e : ready) {
        fetched.remove(e.getKey());
        Block parent = blocks.get(e.getValue().parentId());
        if (parent != null && insert(e.getValue(), e.getKey(), parent)) {
          progress = true;
        }
      }
    }
    // What is left does not connect yet: ask for the parent of the oldest.
    Block oldest = null;
    for (Block b : fetched.values()) {
      if (oldest == null || b.round() < oldest.round()) {
        oldest = b;
      }
    }
    if (oldest != null && oldest.parentId() != null && !blocks.containsKey(oldest.parentId())) {
      fetch(oldest.parentId(), oldest.qc());
    } else if (oldest == null
        && highQc.round() > rootRound
        && !blocks.containsKey(highQc.blockId())) {
      // Blocks above the bound were let go on the way down (keepFetched): walk down again from the
      // highest certificate.
      fetch(highQc.blockId(), highQc);
    }
  }

  // ---------------------------------------------------------------- helpers and views

  private void sendTo(int to, Message message) {
    if (to == self) {
      local.add(message);
    } else {
      outbox.send(validators.key(to), message);
    }
  }

  /** To every other validator of this epoch. */
  private void broadcast(Message message) {
    for (int i = 0; i < validators.size(); i++) {
      if (i != self) {
        outbox.send(validators.key(i), message);
      }
    }
  }

  // ---------------------------------------------------------------- epochs

  /**
   * Asks a peer that is ahead for the proof that this replica's epoch ended, at most once a while,
   * each time the next of the (at most {@link Config#aheadPeersMax}) distinct peers heard from in a
   * later epoch: a Byzantine peer that floods later-epoch messages and never answers takes one turn
   * in the rotation, not every one.
   */
  private void requestEpochProof(byte[] peer) {
    if (!aheadPeers.containsKey(java.nio.ByteBuffer.wrap(peer))) {
      if (aheadPeers.size() >= aheadPeersMax()) {
        aheadPeers.remove(aheadPeers.keySet().iterator().next());
      }
      byte[] copy = peer.clone();
      aheadPeers.put(java.nio.ByteBuffer.wrap(copy), copy);
    }
    if (epochRequestedAt != Long.MIN_VALUE && now - epochRequestedAt < config.fetchRetryTicks()) {
      return;
    }
    epochRequestedAt = now;
    List<byte[]> peers = new ArrayList<>(aheadPeers.values());
    byte[] asked = peers.get(Math.floorMod(epochRequests++, peers.size()));
    outbox.send(asked, new Message.EpochRequest(validators.epoch()));
  }

  /**
   * Shows a peer the proof that {@code epoch} ended: asked, or unasked when the peer still speaks
   * in that epoch (Aptos's epoch manager does the same: a validator the new set left out hears
   * nothing of the new epoch, so it would never ask). At most once per {@code fetchRetryTicks} for
   * each peer, and for at most {@code aheadPeersMax} peers at a time: a proof can be large, and
   * asking costs a peer a few bytes.
   */
  private boolean showEpochEnded(byte[] peer, long epoch) {
    Message.EpochProof proof = epochProofs.get(epoch);
    if (proof == null || Arrays.equals(peer, myKey)) {
      return false;
    }
    java.nio.ByteBuffer key = java.nio.ByteBuffer.wrap(peer);
    Long last = proofShownAt.get(key);
    if (last != null && now - last < config.fetchRetryTicks()) {
      return false;
    }
    proofShownAt.remove(key);
    if (proofShownAt.size() >= aheadPeersMax()) {
      proofShownAt.remove(proofShownAt.keySet().iterator().next());
    }
    proofShownAt.put(java.nio.ByteBuffer.wrap(peer.clone()), now);
    outbox.send(peer, proof);
    return true;
  }

  private int aheadPeersMax() {
    return config.aheadPeersMax(validators.size());
  }

  private boolean onEpochRequest(byte[] from, Message.EpochRequest request) {
    return showEpochEnded(from, request.epoch());
  }

  /**
   * A proof that this epoch ended: blocks of this epoch linked parent to child, each with a valid
   * certificate of its parent, and a certificate of the last that commits its parent. The blocks
   * join the fetched ones; missing ancestors are fetched; the commit then ends the epoch as it
   * would have.
   */
  private boolean onEpochProof(Message.EpochProof proof) {
    List<Block> list = proof.blocks();
    if (list.size() < 2
        || proof.commitQc().data().epoch() != validators.epoch()
        || !validators.verify(proof.commitQc(), startBlockId)) {
      return false;
    }
    Hash previous = null;
    for (Block block : list) {
      if (block.epoch() != validators.epoch()
          || (previous != null && !block.parentId().equals(previous))
          || !validators.verify(block.qc(), startBlockId)) {
        return false;
      }
      previous = block.id(suite);
    }
    if (!proof.commitQc().blockId().equals(previous) || !proof.commitQc().data().commitsParent()) {
      return false;
    }
    for (Block block : list) {
      keepFetched(block.id(suite), block);
    }
    connectFetched();
    // Commits now if the proof's blocks connect to the tree, or as soon as they do.
    processQc(proof.commitQc());
    return true;
  }

  /**
   * Keeps one piece of evidence per validator, round and kind (proposal or vote): one proves the
   * equivocation, and a flood of conflicting messages cannot crowd out evidence against others.
   */
  private void addEvidence(Evidence e) {
    for (Evidence kept : evidence) {
      if (kept.validator() == e.validator()
          && kept.round() == e.round()
          && kept.first().getClass() == e.first().getClass()) {
        return;
      }
    }
    if (evidence.size() < config.evidenceMax()) {
      evidence.add(e);
    }
  }

  public long currentRound() {
    return currentRound;
  }

  public long committedRound() {
    return rootRound;
  }

  public ValidatorSet validators() {
    return validators;
  }

  public long epoch() {
    return validators.epoch();
  }

  public Hash committedId() {
    return rootId;
  }

  public QuorumCert highQc() {
    return highQc;
  }

  public List<Evidence> evidence() {
    return Collections.unmodifiableList(evidence);
  }

  public Stats stats() {
    return stats;
  }

  /** How many blocks, votes and timeouts this replica holds: for memory-bound checks. */
  public int heldItems() {
    int held =
        blocks.size()
            + fetched.size()
            + waiting.size()
            + requested.size()
            + early.size()
            + committedActivity.size()
            + aheadPeers.size()
            + proofShownAt.size();
    for (TreeMap<Integer, Message.Vote> m : votes.values()) {
      held += m.size();
    }
    for (TreeMap<Integer, Message.Timeout> m : timeouts.values()) {
      held += m.size();
    }
    return held;
  }
}
