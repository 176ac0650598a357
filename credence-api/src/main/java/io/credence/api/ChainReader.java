package io.credence.api;

import io.credence.core.Hash;
import io.credence.execution.ContractState;
import io.credence.ledger.chain.BlockHeader;
import io.credence.ledger.chain.Receipt;
import io.credence.ledger.chain.Transaction;
import io.credence.ledger.state.Proof;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the API reads of the committed chain, and nothing else: headers, a block's transactions and
 * receipts, where a transaction is, a state value with its proof, and committed state for queries.
 * The API does not see how the node stores any of it.
 */
public interface ChainReader {
  /** The last committed header. */
  BlockHeader head();

  /** The committed header at {@code height}, if there is one. */
  Optional<BlockHeader> header(long height);

  OptionalLong heightOf(Hash blockHash);

  List<Transaction> transactions(long height);

  List<Receipt> receipts(long height);

  /** Where a committed transaction is: its block's height and its index there. */
  record Location(long height, int index) {}

  Optional<Location> locate(Hash transactionHash);

  /**
   * A value (or its absence) at a height, with its Merkle proof against that block's state root.
   */
  record ProvenValue(Optional<byte[]> value, Proof proof) {}

  ProvenValue value(long height, byte[] key);

  /** A block just committed: its header and its receipts. */
  record CommittedBlock(BlockHeader header, List<Receipt> receipts) {}

  /** The committed state after block {@code height}, read only. */
  ContractState state(long height);
}
