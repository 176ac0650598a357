package org.rocksdb.planted;

/** Stands in for RocksDB, which credence-core's tests do not have. */
public final class RocksDbStandIn {}
