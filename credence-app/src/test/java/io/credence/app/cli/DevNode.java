package io.credence.app.cli;

import io.credence.app.config.KeyFileIo;
import io.credence.app.config.NodeConfig;
import io.credence.app.runtime.NodeProcess;
import io.credence.core.crypto.KeyPair;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** A development consortium in a folder and a running node with its API on a free port. */
final class DevNode implements AutoCloseable {
  final InitCommand.Layout layout;
  final List<KeyPair> admins = new ArrayList<>();
  NodeProcess node;

  DevNode(Path dir, int orgs) throws Exception {
    layout =
        InitCommand.create(
            dir, orgs, 1, "standard", "test-chain", true, null, 0, new SecureRandom());
    for (Path key : layout.adminKeys()) {
      admins.add(KeyFileIo.read(key, null));
    }
    start();
  }

  /**
   * A chain whose first admin registered {@code registrations} accounts, each committed, with its
   * node stopped again: the node's home.
   */
  static Path stoppedAfterRegistrations(Path dir, int orgs, int registrations) throws Exception {
    try (DevNode dev = new DevNode(dir, orgs)) {
      var client = new io.credence.app.client.ApiClient(dev.url());
      for (int nonce = 0; nonce < registrations; nonce++) {
        client.submit(Calls.registerFresh(dev.admins.get(0), "test-chain", nonce), true);
      }
      return dev.layout.nodeHome();
    }
  }

  void start() throws Exception {
    node = NodeProcess.start(NodeConfig.load(layout.nodeHome()), System.out);
  }

  String url() {
    return "http://127.0.0.1:" + node.apiPort();
  }

  @Override
  public void close() {
    if (node != null) {
      node.close();
      node = null;
    }
  }
}
