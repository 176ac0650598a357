package io.credence.node.bft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.credence.consensus.message.Block;
import io.credence.consensus.message.Message;
import io.credence.consensus.message.QuorumCert;
import io.credence.core.Hash;
import io.credence.ledger.store.MemoryStore;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The proofs that epochs ended survive a restart, the latest {@code kept} of them. */
class StoredConsensusTest {
  private static Message.EpochProof proof(long epoch) {
    QuorumCert qc = QuorumCert.genesis(epoch, Hash.ZERO);
    Block a = new Block(epoch, 1, qc, 0, new byte[] {1}, Hash.ZERO);
    Block b = new Block(epoch, 2, qc, 1, new byte[] {2}, Hash.ZERO);
    return new Message.EpochProof(List.of(a, b), qc);
  }

  @Test
  void epochProofs_surviveReopening_andOnlyTheLatestAreKept() {
    MemoryStore disk = new MemoryStore();
    StoredConsensus stored = new StoredConsensus(disk);
    for (long epoch = 1; epoch <= 4; epoch++) {
      stored.storeEpochProof(epoch, proof(epoch), 3);
    }
    StoredConsensus reopened = new StoredConsensus(disk);
    assertEquals(Set.of(2L, 3L, 4L), reopened.epochProofs().keySet());
    assertEquals(
        java.util.Arrays.toString(Message.CODEC.encode(proof(3))),
        java.util.Arrays.toString(Message.CODEC.encode(reopened.epochProofs().get(3L))));
  }
}
