package io.credence.ledger.chain;

import io.credence.core.Call;
import io.credence.core.Event;
import io.credence.core.Hash;
import io.credence.core.codec.CodecAssertions;
import io.credence.core.crypto.CryptoSuite;
import io.credence.core.genesis.Genesis;
import io.credence.core.genesis.OrganisationRole;
import io.credence.core.genesis.Parameters;
import io.credence.ledger.state.Proof;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every ledger type round-trips; mutated or truncated bytes decode canonically or fail with
 * CodecException.
 */
class LedgerCodecPropertiesTest {
  static Arbitrary<byte[]> bytes(int max) {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(max);
  }

  static Arbitrary<Hash> hashes() {
    return Arbitraries.bytes().array(byte[].class).ofSize(32).map(Hash::of);
  }

  static Arbitrary<String> text() {
    return Arbitraries.strings().ofMaxLength(10);
  }

  static Arbitrary<Call> calls() {
    return Combinators.combine(text(), text(), bytes(40)).as(Call::new);
  }

  static Arbitrary<Transaction> transactions() {
    return Combinators.combine(
            text(), bytes(65), Arbitraries.longs(), Arbitraries.longs(), calls(), bytes(72))
        .as(Transaction::new);
  }

  static Arbitrary<Receipt> receipts() {
    Arbitrary<Event> events =
        Combinators.combine(
                text(), text(), Arbitraries.maps(text(), text()).ofMaxSize(3).map(TreeMap::new))
            .as(Event::new);
    Arbitrary<Receipt.Cost> costs =
        Combinators.combine(
                Arbitraries.longs().greaterOrEqual(0),
                Arbitraries.longs().greaterOrEqual(0),
                Arbitraries.longs().greaterOrEqual(0))
            .as(Receipt.Cost::new);
    return Combinators.combine(
            hashes(),
            Arbitraries.of(Receipt.Status.class),
            events.list().ofMaxSize(3),
            costs,
            text(),
            text())
        .as(Receipt::new);
  }

  static Arbitrary<BlockHeader> headers() {
    Arbitrary<List<CommitSeal.Signature>> signatures =
        Combinators.combine(bytes(65), bytes(72)).as(CommitSeal.Signature::new).list().ofMaxSize(4);
    Arbitrary<CommitSeal> seals =
        Combinators.combine(
                Arbitraries.of(CommitSeal.Kind.class),
                Arbitraries.longs(),
                Arbitraries.longs(),
                bytes(80),
                signatures)
            .as(CommitSeal::new);
    return Combinators.combine(
            text(),
            Arbitraries.longs(),
            hashes(),
            bytes(65),
            Arbitraries.longs(),
            hashes(),
            hashes(),
            hashes())
        .flatAs(
            (c, h, p, pr, t, tr, rr, sr) ->
                seals.map(seal -> new BlockHeader(c, h, p, pr, t, tr, rr, sr, seal)));
  }

  static Arbitrary<Proof> proofs() {
    Arbitrary<Proof> withLeaf =
        Combinators.combine(hashes().list().ofMaxSize(8), hashes(), hashes()).as(Proof::new);
    Arbitrary<Proof> empty = hashes().list().ofMaxSize(8).map(s -> new Proof(s, null, null));
    return Arbitraries.oneOf(withLeaf, empty);
  }

  static Arbitrary<InclusionProof> inclusionProofs() {
    return Arbitraries.longs()
        .between(1, Long.MAX_VALUE)
        .flatMap(
            count ->
                Combinators.combine(
                        Arbitraries.longs().between(0, count - 1), hashes().list().ofMaxSize(8))
                    .as((index, siblings) -> new InclusionProof(index, count, siblings)));
  }

  static Arbitrary<Genesis> geneses() {
    Arbitrary<Genesis.Organisation> orgs =
        Combinators.combine(
                text(),
                text(),
                Arbitraries.of(OrganisationRole.class),
                bytes(65),
                Arbitraries.longs().between(0, Genesis.VOTING_WEIGHT_MAX))
            .as(
                (name, uscc, role, admin, weight) ->
                    new Genesis.Organisation(name, uscc, role, admin, new byte[0], weight));
    Arbitrary<Genesis.Validator> validators =
        Combinators.combine(text(), bytes(65), text()).as(Genesis.Validator::new);
    Arbitrary<Parameters> parameters =
        Arbitraries.integers()
            .between(1, 1000)
            .map(
                n ->
                    new Parameters(
                        n,
                        n * 100,
                        n,
                        4096,
                        n,
                        n,
                        n * 1000L,
                        n,
                        n * 10L,
                        n % 100 + 1,
                        51 + n % 50,
                        n));
    return Combinators.combine(
            text(),
            Arbitraries.of("standard", "national").map(CryptoSuite::named),
            Arbitraries.longs(),
            orgs.list().ofMaxSize(3),
            validators.list().ofMaxSize(3),
            parameters)
        .as(Genesis::new);
  }

  @Provide
  Arbitrary<Transaction> anyTransaction() {
    return transactions();
  }

  @Provide
  Arbitrary<Receipt> anyReceipt() {
    return receipts();
  }

  @Provide
  Arbitrary<BlockHeader> anyHeader() {
    return headers();
  }

  @Provide
  Arbitrary<Proof> anyProof() {
    return proofs();
  }

  @Provide
  Arbitrary<InclusionProof> anyInclusionProof() {
    return inclusionProofs();
  }

  @Provide
  Arbitrary<Genesis> anyGenesis() {
    return geneses();
  }

  @Property
  void transaction(@ForAll("anyTransaction") Transaction v, @ForAll int position, @ForAll int cut) {
    CodecAssertions.roundTripsAndRejectsDamage(Transaction.CODEC, v, position, cut);
  }

  @Property
  void receipt(@ForAll("anyReceipt") Receipt v, @ForAll int position, @ForAll int cut) {
    CodecAssertions.roundTripsAndRejectsDamage(Receipt.CODEC, v, position, cut);
  }

  @Property
  void header(@ForAll("anyHeader") BlockHeader v, @ForAll int position, @ForAll int cut) {
    CodecAssertions.roundTripsAndRejectsDamage(BlockHeader.CODEC, v, position, cut);
  }

  @Property
  void body(@ForAll("anyTransaction") Transaction v, @ForAll int position, @ForAll int cut) {
    CodecAssertions.roundTripsAndRejectsDamage(Block.BODY_CODEC, List.of(v, v), position, cut);
  }

  @Property
  void receiptList(@ForAll("anyReceipt") Receipt v, @ForAll int position, @ForAll int cut) {
    CodecAssertions.roundTripsAndRejectsDamage(Receipt.LIST_CODEC, List.of(v), position, cut);
  }

  @Property
  void proof(@ForAll("anyProof") Proof v, @ForAll int position, @ForAll int cut) {
    CodecAssertions.roundTripsAndRejectsDamage(Proof.CODEC, v, position, cut);
  }

  @Property
  void inclusionProof(
      @ForAll("anyInclusionProof") InclusionProof v, @ForAll int position, @ForAll int cut) {
    CodecAssertions.roundTripsAndRejectsDamage(InclusionProof.CODEC, v, position, cut);
  }

  @Property
  void genesis(@ForAll("anyGenesis") Genesis v, @ForAll int position, @ForAll int cut) {
    CodecAssertions.roundTripsAndRejectsDamage(Genesis.CODEC, v, position, cut);
  }
}
