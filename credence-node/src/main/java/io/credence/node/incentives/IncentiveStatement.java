package io.credence.node.incentives;

import io.credence.core.Event;
import io.credence.core.Hex;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.genesis.Genesis;
import io.credence.execution.governance.Fees;
import io.credence.ledger.chain.Block;
import io.credence.ledger.chain.CommitSeal;
import io.credence.ledger.chain.Receipt;
import io.credence.ledger.chain.Transaction;
import io.credence.node.bft.LedgerExecution;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who owes whom, per calendar month, recomputed from the blocks alone: genesis, each block's
 * transactions, receipts and commit seal, and nothing the executor kept. Each transaction owes its
 * method's fee as the schedule stood before it (the schedule followed from genesis through the
 * {@code governance.FeeChanged} events), accrued to its sender's organisation (senders followed
 * through {@code identity.AccountRegistered} and {@code identity.OrganisationAdmitted}); each
 * month's fees are shared among the organisations that ran validators in proportion to their
 * signatures in the quorum certificates committed inside that month's blocks (a validator's
 * organisation as genesis names it, for its validators and its observers, who may be voted into the
 * set later, or as an organisation declared it with the node key's own signature, {@code
 * consensus.NodeDeclared}; a key voted in that nobody declared is counted apart as unassigned and
 * paid nothing). Shares are whole fen: each gets the floor of its exact share, and the fen left go
 * one each to the largest remainders (ties to the lower USCC). Net payers then pay net receivers,
 * both in USCC order, until every net is met.
 *
 * <p>The certificates counted are those a block carries inside what its votes signed: each BFT
 * block's parent certificate, rebuilt from the seal's proof (its signers are indices into the set
 * of the block's epoch, followed from genesis through committed set changes). The seal's own
 * signatures are not counted: they are the first quorum a node heard, and two honest nodes may hold
 * different quorums for one block, so counting them would give two statements for one chain. What
 * this leaves out is the certificate of each epoch's last block, which no later block carries. A
 * solo chain's seal is its one validator's signature over the block hash, the same on every copy,
 * and is counted as it is.
 *
 * <p>This is written apart from the executor on purpose: {@code credence verify} compares what it
 * gives with the fees the executor accrued in state, so a fault in either shows.
 */
public final class IncentiveStatement {
  /** One organisation's month: fees it owes, signatures its validators gave, the share it earns. */
  public record Line(
      String organisation, long feesFen, long transactions, long signatures, long earnedFen) {
    /** Earned less owed: positive, it receives; negative, it pays. */
    public long netFen() {
      return earnedFen - feesFen;
    }
  }

  /** {@code from} pays {@code to} {@code fen}. */
  public record Transfer(String from, String to, long fen) {}

  /** One month's statement. */
  public record Period(
      String period,
      long feesFen,
      long transactions,
      long signatures,
      long unassignedSignatures,
      List<Line> lines,
      List<Transfer> transfers) {
    public Period {
      lines = List.copyOf(lines);
      transfers = List.copyOf(transfers);
    }

    /** The line of {@code organisation}, or an empty one. */
    public Line line(String organisation) {
      for (Line l : lines) {
        if (l.organisation().equals(organisation)) {
          return l;
        }
      }
      return new Line(organisation, 0, 0, 0, 0);
    }
  }

  /** The blocks of a chain, in height order from 1. */
  public interface Blocks {
    long head();

    Block block(long height);

    List<Receipt> receipts(long height);
  }

  private final CryptoSuite suite;
  private final Map<String, String> accountOrganisation = new HashMap<>();
  private final Map<String, String> validatorOrganisation = new HashMap<>();
  private final TreeMap<String, Long> schedule = new TreeMap<>();
  private final TreeMap<String, Accrual> periods = new TreeMap<>();
  // The height from which a refused transaction owes no fee (fees.refusedFree), or -1.
  private long refusedFreeFrom = -1;
  // The current epoch's validator keys, in the order a certificate's signer indices refer to.
  private List<byte[]> validators = new ArrayList<>();

  /** What one month gathered before it is shared. */
  private static final class Accrual {
    final TreeMap<String, long[]> fees = new TreeMap<>();
    final TreeMap<String, Long> signatures = new TreeMap<>();
    long unassigned;
  }

  private IncentiveStatement(Genesis genesis) {
    this.suite = genesis.suite();
    for (Genesis.Organisation o : genesis.organisations()) {
      accountOrganisation.put(suite.address(o.adminPublicKey()).hex(), o.uscc());
    }
    for (Genesis.Validator v : genesis.validators()) {
      validatorOrganisation.put(Hex.of(v.publicKey()), v.organisationUscc());
      validators.add(v.publicKey());
    }
    // An observer voted into the set later signs for the organisation genesis names for it.
    for (Genesis.Observer o : genesis.observers()) {
      validatorOrganisation.put(Hex.of(o.publicKey()), o.organisationUscc());
    }
  }

  /** Every month's statement of the chain {@code blocks} grown from {@code genesis}, in order. */
  public static List<Period> of(Genesis genesis, Blocks blocks) {
    IncentiveStatement s = new IncentiveStatement(genesis);
    for (long h = 1; h <= blocks.head(); h++) {
      s.read(blocks.block(h), blocks.receipts(h));
    }
    List<Period> out = new ArrayList<>();
    s.periods.forEach((period, accrual) -> out.add(share(period, accrual)));
    return out;
  }

  private void read(Block block, List<Receipt> receipts) {
    String period = Fees.period(block.header().timestampMillis());
    Accrual month = periods.computeIfAbsent(period, p -> new Accrual());
    List<Transaction> txs = block.transactions();
    long height = block.header().height();
    for (int i = 0; i < txs.size(); i++) {
      Transaction tx = txs.get(i);
      long fee = Fees.fee(schedule, tx.call().contract(), tx.call().method());
      boolean free =
          !receipts.get(i).isSuccess() && refusedFreeFrom >= 0 && height >= refusedFreeFrom;
      if (fee > 0 && !free) {
        String address = suite.address(tx.sender()).hex();
        // Every sender's organisation is on record (genesis, registration or admission); were one
        // not, it is listed under its address, and verify shows the difference from the state.
        String org = accountOrganisation.getOrDefault(address, "account " + address);
        long[] owed = month.fees.computeIfAbsent(org, o -> new long[2]);
        owed[0] = Math.addExact(owed[0], fee);
        owed[1]++;
      }
      Receipt receipt = receipts.get(i);
      if (receipt.isSuccess()) {
        receipt.events().forEach(this::follow);
      }
    }
    for (byte[] signer : signers(block)) {
      String org = validatorOrganisation.get(Hex.of(signer));
      if (org == null) {
        month.unassigned++;
      } else {
        month.signatures.merge(org, 1L, Long::sum);
      }
    }
    // A set change committed in this block: the next block is the new epoch's.
    LedgerExecution.changeOf(receipts).ifPresent(keys -> validators = new ArrayList<>(keys));
  }

  /**
   * Whose signatures {@code block} carries inside what was signed: a solo seal's signer; a BFT
   * block's parent certificate's signers (an index no key of the epoch answers to is counted as an
   * unknown signer, so unassigned).
   */
  private List<byte[]> signers(Block block) {
    CommitSeal seal = block.header().seal();
    List<byte[]> out = new ArrayList<>();
    if (seal.kind() == CommitSeal.Kind.SOLO) {
      seal.signatures().forEach(s -> out.add(s.validator()));
      return out;
    }
    var consensusBlock = LedgerExecution.consensusBlock(suite, block);
    if (consensusBlock.isEmpty()) {
      return out;
    }
    for (var s : consensusBlock.get().qc().signatures()) {
      int i = s.validator();
      out.add(i >= 0 && i < validators.size() ? validators.get(i) : new byte[0]);
    }
    return out;
  }

  /** What an event changes in the schedule or in who sends for whom. */
  private void follow(Event e) {
    Map<String, String> a = e.attributes();
    switch (e.contract() + "." + e.name()) {
      case "governance.FeeChanged" -> schedule.put(a.get("method"), Long.parseLong(a.get("fen")));
      case "identity.AccountRegistered" ->
          accountOrganisation.put(a.get("account"), a.get("organisation"));
      case "identity.OrganisationAdmitted" ->
          accountOrganisation.put(a.get("admin"), a.get("organisation"));
      case "governance.FeatureScheduled" -> {
        if (a.get("feature").equals(io.credence.execution.governance.Features.REFUSED_FREE)) {
          refusedFreeFrom = Long.parseLong(a.get("fromHeight"));
        }
      }
      case "consensus.NodeDeclared" ->
          validatorOrganisation.put(a.get("node"), a.get("organisation"));
      default -> {
        // Nothing the statement follows.
      }
    }
  }

  private static Period share(String period, Accrual month) {
    long fees = 0;
    long transactions = 0;
    for (long[] owed : month.fees.values()) {
      fees += owed[0];
      transactions += owed[1];
    }
    long signatures = 0;
    for (long n : month.signatures.values()) {
      signatures += n;
    }
    TreeMap<String, Long> earned = new TreeMap<>();
    if (signatures > 0) {
      List<String> byRemainder = new ArrayList<>();
      Map<String, BigInteger> remainder = new HashMap<>();
      long paid = 0;
      for (Map.Entry<String, Long> e : month.signatures.entrySet()) {
        BigInteger[] qr =
            BigInteger.valueOf(fees)
                .multiply(BigInteger.valueOf(e.getValue()))
                .divideAndRemainder(BigInteger.valueOf(signatures));
        earned.put(e.getKey(), qr[0].longValueExact());
        paid += qr[0].longValueExact();
        remainder.put(e.getKey(), qr[1]);
        byRemainder.add(e.getKey());
      }
      byRemainder.sort(
          Comparator.comparing((String o) -> remainder.get(o))
              .reversed()
              .thenComparing(Comparator.naturalOrder()));
      for (int i = 0; i < fees - paid; i++) {
        earned.merge(byRemainder.get(i), 1L, Long::sum);
      }
    }
    TreeMap<String, Line> lines = new TreeMap<>();
    java.util.TreeSet<String> orgs = new java.util.TreeSet<>(month.fees.keySet());
    orgs.addAll(month.signatures.keySet());
    for (String org : orgs) {
      long[] owed = month.fees.getOrDefault(org, new long[2]);
      lines.put(
          org,
          new Line(
              org,
              owed[0],
              owed[1],
              month.signatures.getOrDefault(org, 0L),
              earned.getOrDefault(org, 0L)));
    }
    return new Period(
        period,
        fees,
        transactions,
        signatures,
        month.unassigned,
        new ArrayList<>(lines.values()),
        settle(lines.values()));
  }

  /** Net payers pay net receivers, both in USCC order, until every net is met. */
  private static List<Transfer> settle(Iterable<Line> lines) {
    List<long[]> payers = new ArrayList<>();
    List<String> payerNames = new ArrayList<>();
    List<long[]> receivers = new ArrayList<>();
    List<String> receiverNames = new ArrayList<>();
    for (Line l : lines) {
      if (l.netFen() < 0) {
        payers.add(new long[] {-l.netFen()});
        payerNames.add(l.organisation());
      } else if (l.netFen() > 0) {
        receivers.add(new long[] {l.netFen()});
        receiverNames.add(l.organisation());
      }
    }
    List<Transfer> out = new ArrayList<>();
    int p = 0;
    int r = 0;
    while (p < payers.size() && r < receivers.size()) {
      long fen = Math.min(payers.get(p)[0], receivers.get(r)[0]);
      out.add(new Transfer(payerNames.get(p), receiverNames.get(r), fen));
      payers.get(p)[0] -= fen;
      receivers.get(r)[0] -= fen;
      if (payers.get(p)[0] == 0) {
        p++;
      }
      if (receivers.get(r)[0] == 0) {
        r++;
      }
    }
    return out;
  }

  /**
   * Where the fees the executor accrued in {@code state} (the head's) differ from {@code
   * statements}, recomputed from the blocks; empty when they agree to the fen, period by period and
   * organisation by organisation.
   */
  public static java.util.Optional<String> mismatch(
      List<Period> statements, io.credence.execution.ContractState state) {
    for (Period p : statements) {
      Fees.Owed total = Fees.total(state, p.period());
      if (total.fen() != p.feesFen() || total.transactions() != p.transactions()) {
        return java.util.Optional.of(
            String.format(
                java.util.Locale.ROOT,
                "fees of %s: the blocks give %d fen on %d transactions, the state holds %d fen on"
                    + " %d",
                p.period(),
                p.feesFen(),
                p.transactions(),
                total.fen(),
                total.transactions()));
      }
      for (Line l : p.lines()) {
        Fees.Owed owed = Fees.owed(state, p.period(), l.organisation());
        if (owed.fen() != l.feesFen() || owed.transactions() != l.transactions()) {
          return java.util.Optional.of(
              String.format(
                  java.util.Locale.ROOT,
                  "fees of %s owed by %s: the blocks give %d fen on %d transactions, the state"
                      + " holds %d fen on %d",
                  p.period(),
                  l.organisation(),
                  l.feesFen(),
                  l.transactions(),
                  owed.fen(),
                  owed.transactions()));
        }
      }
    }
    return java.util.Optional.empty();
  }
}
