package io.credence.ledger.state;

import io.credence.core.Check;
import io.credence.core.Hash;
import java.util.HashMap;
import java.util.Map;

/** State nodes held in memory: for tests, replays and the audit's recomputation. */
public final class MemoryNodes implements NodeSource {
  private final Map<Hash, Node> nodes = new HashMap<>();

  @Override
  public Node node(Hash hash) {
    Node node = nodes.get(hash);
    Check.that(node != null, "state node %s is missing", hash);
    return node;
  }

  public void putAll(Map<Hash, Node> added) {
    nodes.putAll(added);
  }

  public int size() {
    return nodes.size();
  }
}
