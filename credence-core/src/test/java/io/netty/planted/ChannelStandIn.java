package io.netty.planted;

/** Stands in for Netty, which credence-core's tests do not have. */
public final class ChannelStandIn {}
