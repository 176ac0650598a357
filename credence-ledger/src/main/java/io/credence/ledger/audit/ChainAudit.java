package io.credence.ledger.audit;

import io.credence.core.Hash;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.genesis.Genesis;
import io.credence.ledger.chain.Block;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.CommitSeal;
import io.credence.ledger.chain.Receipt;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.state.MemoryNodes;
import io.credence.ledger.store.BlockStore;
import io.credence.ledger.store.StorageException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * Checks a stored chain from genesis to its head. {@link Depth#INTEGRITY} (run by a node at start)
 * re-checks every hash link, the transaction and receipt roots and every stored state page against
 * its hash. {@link Depth#FULL} (the {@code verify} command) also checks every transaction signature
 * and block commit seal, and replays every block from genesis to recompute each state root and
 * receipt. It stops at the first bad height and says what is wrong there.
 */
public final class ChainAudit {
  /** How much to check. */
  public enum Depth {
    INTEGRITY,
    FULL
  }

  /** The outcome: the height reached and, for a failure, the first bad height and what is wrong. */
  public record Report(long head, long badHeight, String problem) {
    public boolean isOk() {
      return problem == null;
    }

    static Report ok(long head) {
      return new Report(head, -1, null);
    }
  }

  private final BlockStore store;
  private final Genesis genesis;
  private final BlockReplay replay;
  private final CryptoSuite suite;

  /**
   * What the validators of the quorum certificate a block's seal carries signed for that block,
   * rebuilt from the block and its seal's proof (the consensus module knows how); empty when the
   * proof is malformed.
   */
  public interface QuorumVotes {
    Optional<byte[]> signedBytes(Block block);

    /** The validator set that seals the blocks after one with these receipts, if they change it. */
    default Optional<List<byte[]>> validatorChange(List<Receipt> receipts) {
      return Optional.empty();
    }
  }

  // The validators whose signatures seal the block being checked: genesis's, until a committed
  // block changes the set.
  private List<byte[]> validators;

  private QuorumVotes votes = block -> Optional.empty();

  /** An audit that can also check seals carrying quorum certificates of BFT consensus. */
  public ChainAudit(BlockStore store, Genesis genesis, BlockReplay replay, QuorumVotes votes) {
    this(store, genesis, replay);
    this.votes = votes;
  }

  public ChainAudit(BlockStore store, Genesis genesis, BlockReplay replay) {
    this.store = store;
    this.genesis = genesis;
    this.replay = replay;
    this.suite = genesis.suite();
    this.validators = new java.util.ArrayList<>();
    genesis.validators().forEach(v -> validators.add(v.publicKey()));
  }

  /** Audits every block; {@code progress} hears each height as it passes. */
  public Report run(Depth depth, LongConsumer progress) {
    validators = new java.util.ArrayList<>();
    genesis.validators().forEach(v -> validators.add(v.publicKey()));
    OptionalLong head;
    try {
      head = store.head();
    } catch (StorageException e) {
      return new Report(-1, 0, e.getMessage());
    }
    if (head.isEmpty()) {
      return new Report(-1, 0, "the store holds no chain (never initialised)");
    }
    MemoryNodes replayNodes = new MemoryNodes();
    BlockHeader parent = null;
    for (long height = 0; height <= head.getAsLong(); height++) {
      String problem;
      try {
        problem = checkBlock(depth, height, parent, replayNodes);
        if (problem == null) {
          parent = store.header(height);
          votes.validatorChange(store.receipts(height)).ifPresent(keys -> validators = keys);
        }
      } catch (StorageException e) {
        problem = e.getMessage();
      }
      if (problem != null) {
        return new Report(head.getAsLong(), height, "block " + height + ": " + problem);
      }
      progress.accept(height);
    }
    return Report.ok(head.getAsLong());
  }

  private String checkBlock(Depth depth, long height, BlockHeader parent, MemoryNodes replayNodes) {
    BlockHeader header = store.header(height);
    if (header.height() != height) {
      return "header says height " + header.height() + ", stored at " + height;
    }
    if (!header.chainId().equals(genesis.chainId())) {
      return "chain id: expected " + genesis.chainId() + ", found " + header.chainId();
    }
    Hash expectedParent = parent == null ? genesis.hash() : parent.hash(suite);
    if (!header.parentHash().equals(expectedParent)) {
      return "parent hash: expected "
          + expectedParent.abbreviated()
          + ", found "
          + header.parentHash().abbreviated();
    }
    if (parent != null && header.timestampMillis() < parent.timestampMillis()) {
      return "timestamp "
          + header.timestampMillis()
          + " is before the parent's "
          + parent.timestampMillis();
    }
    List<Transaction> transactions = store.transactions(height);
    Hash transactionsRoot = Block.transactionsRoot(suite, transactions);
    if (!transactionsRoot.equals(header.transactionsRoot())) {
      return "transactions root: header says "
          + header.transactionsRoot().abbreviated()
          + ", body hashes to "
          + transactionsRoot.abbreviated();
    }
    List<Receipt> receipts = store.receipts(height);
    Hash receiptsRoot = Block.receiptsRoot(suite, receipts);
    if (!receiptsRoot.equals(header.receiptsRoot())) {
      return "receipts root: header says "
          + header.receiptsRoot().abbreviated()
          + ", stored receipts hash to "
          + receiptsRoot.abbreviated();
    }
    if (receipts.size() != transactions.size()) {
      return "expected " + transactions.size() + " receipts, found " + receipts.size();
    }
    OptionalLong indexed = store.heightOf(header.hash(suite));
    if (indexed.isEmpty() || indexed.getAsLong() != height) {
      return "block hash index: expected height " + height + ", found " + indexed;
    }
    List<Hash> written = store.statePagesWritten(height);
    for (Hash hash : written) {
      store.statePage(hash, height);
    }
    if (depth == Depth.INTEGRITY) {
      return null;
    }
    String sealProblem = checkSeal(new Block(header, transactions));
    if (sealProblem != null) {
      return sealProblem;
    }
    for (int i = 0; i < transactions.size(); i++) {
      Transaction t = transactions.get(i);
      if (!suite.verify(t.sender(), t.signingBytes(), t.signature())) {
        return "transaction "
            + i
            + " ("
            + t.hash(suite).abbreviated()
            + "): signature does not verify";
      }
    }
    return checkReplay(height, header, parent, receipts, written, replayNodes);
  }

  private String checkSeal(Block block) {
    return sealProblem(suite, validators, block, votes);
  }

  /**
   * Why {@code block}'s commit seal does not prove it under the validator set {@code validators},
   * or null when it does: a proposer from the set; distinct signers from the set, at least a
   * quorum, each signature valid over the block hash (solo) or the vote rebuilt from the proof of
   * the quorum certificate the seal carries. Shared by the audit and by nodes checking blocks a
   * peer served.
   */
  public static String sealProblem(
      CryptoSuite suite, List<byte[]> validators, Block block, QuorumVotes votes) {
    BlockHeader header = block.header();
    CommitSeal seal = header.seal();
    if (header.height() == 0) {
      return seal.signatures().isEmpty() ? null : "genesis block must carry no seal";
    }
    if (!contains(validators, header.proposer())) {
      return "proposer is not a validator of the set in force";
    }
    byte[] signed;
    if (seal.kind() == CommitSeal.Kind.SOLO) {
      signed = header.hash(suite).bytes();
    } else {
      Optional<byte[]> rebuilt = votes.signedBytes(block);
      if (rebuilt.isEmpty()) {
        return "seal: the proof of the quorum certificate the seal carries does not rebuild the vote it claims to certify";
      }
      signed = rebuilt.get();
    }
    Set<String> signers = new HashSet<>();
    for (CommitSeal.Signature s : seal.signatures()) {
      if (!contains(validators, s.validator())) {
        return "seal: a signature is from a key that is not a validator";
      }
      if (!signers.add(Arrays.toString(s.validator()))) {
        return "seal: a validator signed twice";
      }
      if (!suite.verify(s.validator(), signed, s.signature())) {
        return "seal: a validator's signature does not verify";
      }
    }
    int quorum = quorum(validators.size());
    if (signers.size() < quorum) {
      return "seal: expected at least " + quorum + " validator signatures, found " + signers.size();
    }
    return null;
  }

  /** The quorum of a validator set of size n: floor(2n/3)+1. */
  public static int quorum(int validators) {
    return validators * 2 / 3 + 1;
  }

  private static boolean contains(List<byte[]> validators, byte[] key) {
    for (byte[] v : validators) {
      if (Arrays.equals(v, key)) {
        return true;
      }
    }
    return false;
  }

  private String checkReplay(
      long height,
      BlockHeader header,
      BlockHeader parent,
      List<Receipt> receipts,
      List<Hash> written,
      MemoryNodes nodes) {
    BlockReplay.Replayed replayed;
    if (height == 0) {
      replayed = new BlockReplay.Replayed(List.of(), replay.genesisState(genesis, nodes), null);
    } else {
      replayed = replay.replay(store.block(height), parent.stateRoot(), nodes);
      if (!replayed.isValid()) {
        return "replay: " + replayed.invalidReason();
      }
    }
    if (replayed.receipts().size() != receipts.size()) {
      return "replay produced "
          + replayed.receipts().size()
          + " receipts, the store holds "
          + receipts.size();
    }
    for (int i = 0; i < receipts.size(); i++) {
      if (!Arrays.equals(
          Receipt.CODEC.encode(receipts.get(i)),
          Receipt.CODEC.encode(replayed.receipts().get(i)))) {
        return "receipt "
            + i
            + " differs from the replay (stored "
            + receipts.get(i).status()
            + ", replayed "
            + replayed.receipts().get(i).status()
            + ")";
      }
    }
    Hash root = replayed.update().root();
    if (!root.equals(header.stateRoot())) {
      return "state root: header says "
          + header.stateRoot().abbreviated()
          + ", replay computes "
          + root.abbreviated();
    }
    nodes.putAll(replayed.update().newNodes());
    TreeSet<Hash> expected = new TreeSet<>(replayed.update().pages().keySet());
    if (!expected.equals(new TreeSet<>(written))) {
      return "state change list: expected "
          + expected.size()
          + " new pages, the store lists "
          + written.size();
    }
    // Each listed page was read and checked against its hash above; a page's encoding is a function
    // of its content, so the same hashes mean the same pages as the replay's.
    return null;
  }
}
