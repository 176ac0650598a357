package io.credence.p2p.planted;

import org.rocksdb.planted.RocksDbStandIn;

/** The transport using a library it may not: fails its list of allowed libraries only. */
public final class TransportUsesRocksDb {
  private TransportUsesRocksDb() {}

  static Object persistPeers() {
    return new RocksDbStandIn();
  }
}
