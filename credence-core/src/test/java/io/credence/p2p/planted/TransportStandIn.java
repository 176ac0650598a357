package io.credence.p2p.planted;

import io.credence.core.Hash;
import io.netty.planted.ChannelStandIn;
import java.util.List;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * Stands in for the transport: it depends on the JDK, core, Netty and BouncyCastle only, so both
 * transport rules pass on it.
 */
public final class TransportStandIn {
  private final Hash lastFrame = Hash.of(new byte[32]);
  private final ChannelStandIn channel = new ChannelStandIn();
  private final SHA256Digest digest = new SHA256Digest();

  Object send(byte[] frame) {
    digest.update(frame, 0, frame.length);
    return List.of(lastFrame, channel, digest, frame.length);
  }
}
