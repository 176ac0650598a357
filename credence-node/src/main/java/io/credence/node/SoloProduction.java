package io.credence.node;

import io.credence.core.crypto.CryptoSuite;
import io.credence.core.genesis.Parameters;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.Certificate;
import java.util.List;

/**
 * Single-validator production for development: a block is cut as soon as {@code
 * blockTransactionsMax} transactions wait, or when any wait and {@code blockIntervalMillis} has
 * passed since the last block. No transactions, no block: an idle development chain does not grow.
 */
public final class SoloProduction implements BlockProduction {
  private final CryptoSuite.Signer signer;
  private final CryptoSuite suite;
  private final Parameters parameters;

  public SoloProduction(CryptoSuite suite, CryptoSuite.Signer signer, Parameters parameters) {
    this.suite = suite;
    this.signer = signer;
    this.parameters = parameters;
  }

  @Override
  public byte[] proposer() {
    return signer.publicKey();
  }

  @Override
  public boolean isDue(long nowMillis, long lastBlockMillis, int waiting) {
    if (waiting == 0) {
      return false;
    }
    return waiting >= parameters.blockTransactionsMax()
        || nowMillis - lastBlockMillis >= parameters.blockIntervalMillis();
  }

  @Override
  public Certificate certify(BlockHeader header) {
    return Certificate.solo(
        List.of(
            new Certificate.Signature(
                signer.publicKey(), signer.sign(header.hash(suite).bytes()))));
  }
}
