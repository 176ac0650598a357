package io.credence.node;

import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.Certificate;

/**
 * The port behind which block production sits: when to cut a block and how a block gets its
 * certificate. Solo mode ({@link SoloProduction}) cuts and signs alone; BFT consensus (a later
 * issue) replaces it with proposals, votes and quorum certificates.
 */
public interface BlockProduction {
  /** The key that proposes blocks from this node. */
  byte[] proposer();

  /** Whether a block is due now, given the last block's time and the transactions waiting. */
  boolean isDue(long nowMillis, long lastBlockMillis, int waiting);

  /** The certificate that makes {@code header} final. */
  Certificate certify(BlockHeader header);
}
