package io.credence.node.message;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.credence.consensus.message.Message;
import io.credence.consensus.message.QuorumCert;
import io.credence.consensus.message.Signature;
import io.credence.consensus.message.VoteData;
import io.credence.core.Call;
import io.credence.core.Hash;
import io.credence.core.codec.CodecAssertions;
import io.credence.core.codec.CodecException;
import io.credence.core.codec.Writer;
import io.credence.ledger.chain.Block;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.CommitSeal;
import io.credence.ledger.chain.Transaction;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every node message round-trips; damaged frames fail only with CodecException. */
class NodeMessageCodecPropertiesTest {
  static Arbitrary<Hash> hashes() {
    return Arbitraries.bytes().array(byte[].class).ofSize(32).map(Hash::of);
  }

  static Arbitrary<byte[]> keys() {
    return Arbitraries.bytes().array(byte[].class).ofSize(32);
  }

  static Arbitrary<Transaction> transactions() {
    // Arbitrary argument bytes: the message codec carries them without reading them.
    Arbitrary<Call> calls =
        Arbitraries.bytes()
            .array(byte[].class)
            .ofMaxSize(40)
            .map(args -> new Call("identity", "register", args));
    return Combinators.combine(
            keys(),
            Arbitraries.longs().greaterOrEqual(0),
            Arbitraries.longs().greaterOrEqual(0),
            calls,
            Arbitraries.bytes().array(byte[].class).ofSize(64))
        .as(
            (sender, nonce, expiry, call, sig) ->
                new Transaction("c", sender, nonce, expiry, call, sig));
  }

  static Arbitrary<Block> blocks() {
    Arbitrary<CommitSeal> seals =
        Combinators.combine(keys(), Arbitraries.bytes().array(byte[].class).ofSize(64))
            .as((k, s) -> CommitSeal.solo(List.of(new CommitSeal.Signature(k, s))));
    Arbitrary<BlockHeader> headers =
        Combinators.combine(
                Arbitraries.longs().greaterOrEqual(0),
                hashes(),
                keys(),
                Arbitraries.longs().greaterOrEqual(0),
                hashes(),
                hashes(),
                hashes(),
                seals)
            .as(
                (height, parent, proposer, time, txRoot, receiptsRoot, stateRoot, seal) ->
                    new BlockHeader(
                        "c",
                        height,
                        parent,
                        proposer,
                        time,
                        txRoot,
                        receiptsRoot,
                        stateRoot,
                        seal));
    return Combinators.combine(headers, transactions().list().ofMaxSize(3)).as(Block::new);
  }

  @Provide
  Arbitrary<NodeMessage> messages() {
    Arbitrary<Message> votes =
        Combinators.combine(
                Arbitraries.longs(),
                Arbitraries.longs(),
                hashes(),
                Arbitraries.longs(),
                hashes(),
                Arbitraries.integers().between(0, 300),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
            .as(
                (epoch, round, id, parentRound, parentId, validator, sig) ->
                    new Message.Vote(
                        new VoteData(epoch, round, id, parentRound, parentId),
                        new Signature(validator, sig)));
    return Arbitraries.oneOf(
        votes.map(NodeMessage.Consensus::new),
        transactions().list().ofMaxSize(4).map(NodeMessage.Transactions::new),
        Arbitraries.longs().map(NodeMessage.Status::new),
        Combinators.combine(
                Arbitraries.longs(),
                Arbitraries.integers().between(0, NodeMessage.BLOCKS_PER_RESPONSE_MAX))
            .as(NodeMessage.BlocksRequest::new),
        Combinators.combine(Arbitraries.longs(), blocks().list().ofMaxSize(2))
            .as(NodeMessage.BlocksResponse::new));
  }

  @Property
  void message_roundTripsAndRejectsDamage(
      @ForAll("messages") NodeMessage m, @ForAll int position, @ForAll int cut) {
    CodecAssertions.roundTripsAndRejectsDamage(NodeMessage.CODEC, m, position, cut);
  }

  @Example
  void blocksRequest_aboveTheLimit_isRejectedNamingTheField() {
    byte[] frame =
        new Writer()
            .u8(1)
            .u8(3)
            .u64(7)
            .varint(NodeMessage.BLOCKS_PER_RESPONSE_MAX + 1)
            .toByteArray();
    CodecException e = assertThrows(CodecException.class, () -> NodeMessage.CODEC.decode(frame));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("count"), e.getMessage());
  }

  @Example
  void unknownTag_isRejected() {
    byte[] frame = new Writer().u8(1).u8(9).toByteArray();
    assertThrows(CodecException.class, () -> NodeMessage.CODEC.decode(frame));
  }

  @Example
  void genesisCertificateQc_isAValidConsensusPayload() {
    QuorumCert qc = QuorumCert.genesis(1, Hash.of(new byte[32]));
    NodeMessage m =
        new NodeMessage.Consensus(
            new Message.Timeout(1, 1, qc, null, new Signature(0, new byte[64])));
    CodecAssertions.roundTripsAndRejectsDamage(NodeMessage.CODEC, m, 3, 5);
  }
}
