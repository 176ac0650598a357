package io.credence.node.bft;

import io.credence.consensus.message.VoteData;
import io.credence.core.codec.CodecException;
import io.credence.core.crypto.CryptoSuite;
import io.credence.ledger.audit.ChainAudit;
import io.credence.ledger.chain.Block;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.Certificate;
import java.util.Optional;

/**
 * Rebuilds, from a ledger block alone, the consensus vote its quorum certificate signed: the
 * payload from the block, the consensus block from the payload, the certificate's proof (author,
 * parent certificate) and the header hash, and the vote data from that block's id. The audit then
 * checks the quorum's signatures over those bytes.
 */
public final class ConsensusVotes implements ChainAudit.QuorumVotes {
  private final CryptoSuite suite;

  public ConsensusVotes(CryptoSuite suite) {
    this.suite = suite;
  }

  @Override
  public Optional<byte[]> signedBytes(Block block) {
    BlockHeader header = block.header();
    Certificate certificate = header.certificate();
    LedgerExecution.Proof proof;
    try {
      proof = LedgerExecution.Proof.CODEC.decode(certificate.proof());
    } catch (CodecException e) {
      return Optional.empty();
    }
    byte[] payload =
        LedgerExecution.Payload.CODEC.encode(
            new LedgerExecution.Payload(
                header.height(),
                header.parentHash(),
                header.timestampMillis(),
                header.proposer(),
                block.transactions()));
    io.credence.consensus.message.Block consensusBlock =
        new io.credence.consensus.message.Block(
            certificate.epoch(),
            certificate.round(),
            proof.parentQc(),
            proof.author(),
            payload,
            header.hash(suite));
    VoteData data =
        new VoteData(
            certificate.epoch(),
            certificate.round(),
            consensusBlock.id(suite),
            proof.parentQc().round(),
            proof.parentQc().blockId());
    return Optional.of(data.signingBytes());
  }
}
