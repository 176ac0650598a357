package io.credence.node.planted;

import io.javalin.planted.JavalinStandIn;
import io.netty.planted.ChannelStandIn;
import org.rocksdb.planted.RocksDbStandIn;

/**
 * Deterministic code reaching for an adapter's library (stand-ins for the real ones, in their
 * packages): each must fail {@code NO_ADAPTER_LIBRARIES}.
 */
public final class AdapterLibraryPlants {
  private AdapterLibraryPlants() {}

  static final class UsesNetty {
    Object run() {
      return new ChannelStandIn();
    }
  }

  static final class UsesRocksDb {
    Object run() {
      return new RocksDbStandIn();
    }
  }

  static final class UsesJavalin {
    Object run() {
      return new JavalinStandIn();
    }
  }
}
