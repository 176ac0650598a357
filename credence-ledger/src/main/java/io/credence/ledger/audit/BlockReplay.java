package io.credence.ledger.audit;

import io.credence.core.Hash;
import io.credence.core.genesis.Genesis;
import io.credence.ledger.chain.Block;
import io.credence.ledger.chain.Receipt;
import io.credence.ledger.state.NodeSource;
import io.credence.ledger.state.StateTree;
import java.util.List;

/**
 * The execution port the audit replays blocks through. The ledger cannot execute contracts itself
 * (it does not depend on the execution module); the node provides this.
 */
public interface BlockReplay {
  /** The state genesis creates, on an empty tree. */
  StateTree.Update genesisState(Genesis genesis, NodeSource nodes);

  /** Re-executes {@code block} on the state under {@code parentStateRoot}. */
  Replayed replay(Block block, Hash parentStateRoot, NodeSource nodes);

  /** What a replay produced, or why the block is invalid. */
  record Replayed(List<Receipt> receipts, StateTree.Update update, String invalidReason) {
    public static Replayed invalid(String reason) {
      return new Replayed(List.of(), null, reason);
    }

    public boolean isValid() {
      return invalidReason == null;
    }
  }
}
