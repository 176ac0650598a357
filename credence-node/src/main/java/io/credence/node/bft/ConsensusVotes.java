package io.credence.node.bft;

import io.credence.consensus.message.VoteData;
import io.credence.core.crypto.CryptoSuite;
import io.credence.ledger.audit.ChainAudit;
import io.credence.ledger.chain.Block;
import java.util.Optional;

/**
 * Rebuilds, from a ledger block alone, the consensus vote signed by the quorum certificate its seal
 * carries: the payload from the block, the consensus block from the payload, the seal's proof
 * (author, parent quorum certificate) and the header hash, and the vote data from that block's id.
 * The audit then checks the quorum's signatures over those bytes.
 */
public final class ConsensusVotes implements ChainAudit.QuorumVotes {
  private final CryptoSuite suite;

  public ConsensusVotes(CryptoSuite suite) {
    this.suite = suite;
  }

  @Override
  public Optional<byte[]> signedBytes(Block block) {
    return LedgerExecution.consensusBlock(suite, block)
        .map(
            b ->
                new VoteData(b.epoch(), b.round(), b.id(suite), b.qc().round(), b.qc().blockId())
                    .signingBytes());
  }

  @Override
  public Optional<java.util.List<byte[]>> validatorChange(
      java.util.List<io.credence.ledger.chain.Receipt> receipts) {
    return LedgerExecution.changeOf(receipts);
  }
}
