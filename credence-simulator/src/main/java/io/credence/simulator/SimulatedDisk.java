package io.credence.simulator;

import io.credence.consensus.ConsensusStorage;
import io.credence.consensus.SafetyData;
import io.credence.consensus.message.Block;
import io.credence.consensus.message.Message;
import io.credence.core.Hash;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One replica's consensus storage on the simulator's disk: what survives a crash (the safety data,
 * the uncommitted blocks, the proofs that epochs ended), and the storage faults a scenario arms. A
 * crash {@linkplain #arm armed} for the next write of a kind strikes just after it (durable, and
 * what it guarded is never sent) or during it (the write lost, as an unsynced write would be, or
 * torn); the node then {@linkplain #isDying() is dying}: nothing it writes or sends afterwards
 * leaves the process, which goes down once the handler that wrote returns.
 */
final class SimulatedDisk implements ConsensusStorage {
  private SafetyData safetyData;
  private final Map<Hash, Block> blocks = new HashMap<>();
  private final TreeMap<Long, Message.EpochProof> proofs = new TreeMap<>();
  private Scenario.Crash armed;
  private boolean dying;

  /** Crashes the node at its next safety write, as {@code crash} says. */
  void arm(Scenario.Crash crash) {
    armed = crash;
  }

  boolean isDying() {
    return dying;
  }

  /** The crash that struck, disarmed; the node goes down now. */
  Scenario.Crash struck() {
    Scenario.Crash c = armed;
    armed = null;
    dying = false;
    return c;
  }

  /** The node went down: a crash in progress is over (and amnesia loses the safety data). */
  void onDown(boolean amnesia) {
    dying = false;
    if (amnesia) {
      safetyData = null;
    }
  }

  @Override
  public SafetyData load() {
    return safetyData;
  }

  /**
   * Whether a write of {@code kind} reaches the disk: not once the process is dying, nor when the
   * armed crash strikes during it. A crash armed for this kind of write strikes now.
   */
  private boolean writes(Scenario.Write kind) {
    if (dying) {
      return false;
    }
    if (armed == null || armed.write() != kind) {
      return true;
    }
    dying = true;
    return armed.moment() == Scenario.Moment.AFTER_WRITE;
  }

  /**
   * How many of {@code count} blocks being committed reach the disk, oldest first: all, none once
   * the process is dying, or (a crash during this commit) the first half, a torn write.
   */
  int commitWrite(int count) {
    if (dying) {
      return 0;
    }
    if (armed == null || armed.write() != Scenario.Write.COMMIT) {
      return count;
    }
    dying = true;
    return armed.moment() == Scenario.Moment.AFTER_WRITE ? count : count / 2;
  }

  @Override
  public void store(SafetyData data) {
    if (writes(Scenario.Write.SAFETY)) {
      safetyData = data;
    }
  }

  @Override
  public void storeBlock(Hash id, Block block) {
    if (writes(Scenario.Write.BLOCK)) {
      blocks.put(id, block);
    }
  }

  @Override
  public Map<Hash, Block> blocks() {
    return new HashMap<>(blocks);
  }

  @Override
  public void retainBlocks(Set<Hash> keep) {
    if (!dying) {
      blocks.keySet().retainAll(keep);
    }
  }

  @Override
  public void storeEpochProof(long epoch, Message.EpochProof proof, int kept) {
    if (!writes(Scenario.Write.EPOCH_PROOF)) {
      return;
    }
    proofs.put(epoch, proof);
    while (proofs.size() > kept) {
      proofs.pollFirstEntry();
    }
  }

  @Override
  public Map<Long, Message.EpochProof> epochProofs() {
    return new TreeMap<>(proofs);
  }
}
