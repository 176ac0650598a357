package io.credence.consensus;

import io.credence.consensus.message.Block;
import io.credence.consensus.message.Message;
import io.credence.consensus.message.QuorumCert;
import io.credence.consensus.message.Signature;
import io.credence.consensus.message.TimeoutCert;
import io.credence.consensus.message.VoteData;
import io.credence.core.Hash;
import io.credence.core.codec.CodecAssertions;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every consensus message round-trips; damaged frames fail only with CodecException. */
class MessageCodecPropertiesTest {
  static Arbitrary<Hash> hashes() {
    return Arbitraries.bytes().array(byte[].class).ofSize(32).map(Hash::of);
  }

  static Arbitrary<Signature> signatures() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 300),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
        .as(Signature::new);
  }

  static Arbitrary<VoteData> voteData() {
    return Combinators.combine(
            Arbitraries.longs(), Arbitraries.longs(), hashes(), Arbitraries.longs(), hashes())
        .as(VoteData::new);
  }

  static Arbitrary<QuorumCert> qcs() {
    return Combinators.combine(voteData(), signatures().list().ofMaxSize(4)).as(QuorumCert::new);
  }

  static Arbitrary<TimeoutCert> tcs() {
    Arbitrary<TimeoutCert.Entry> entries =
        Combinators.combine(Arbitraries.longs(), signatures()).as(TimeoutCert.Entry::new);
    return Combinators.combine(
            Arbitraries.longs(), Arbitraries.longs(), entries.list().ofMaxSize(4))
        .as(TimeoutCert::new);
  }

  static Arbitrary<Block> blocks() {
    return Combinators.combine(
            Arbitraries.longs(),
            Arbitraries.longs(),
            qcs(),
            Arbitraries.integers().between(0, 300),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
            hashes())
        .as(Block::new);
  }

  @Provide
  Arbitrary<Message> messages() {
    return Arbitraries.oneOf(
        Combinators.combine(blocks(), tcs().injectNull(0.5), signatures())
            .as(Message.Proposal::new),
        Combinators.combine(voteData(), signatures()).as(Message.Vote::new),
        Combinators.combine(
                Arbitraries.longs(),
                Arbitraries.longs(),
                qcs(),
                tcs().injectNull(0.5),
                signatures())
            .as(Message.Timeout::new),
        Combinators.combine(hashes(), Arbitraries.longs(), Arbitraries.integers().between(0, 64))
            .as(Message.BlockRequest::new),
        blocks().list().ofMaxSize(3).map(Message.BlockResponse::new));
  }

  @Property
  void message_roundTripsAndRejectsDamage(
      @ForAll("messages") Message m, @ForAll int position, @ForAll int cut) {
    CodecAssertions.roundTripsAndRejectsDamage(Message.CODEC, m, position, cut);
  }
}
