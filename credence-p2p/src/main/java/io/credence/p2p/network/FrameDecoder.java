package io.credence.p2p.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the decrypted byte stream into frames: a 4-byte big-endian length, then that many bytes. A
 * frame over {@code frameBytesMax} is skipped as it arrives, never buffered, and counted; the
 * stream stays in step, so the connection lives on. A negative length cannot be stepped over: it is
 * counted as malformed and the connection closed.
 */
final class FrameDecoder extends ByteToMessageDecoder {
  static final int LENGTH_BYTES = 4;

  private final int frameBytesMax;
  private final Drops drops;
  private long skipBytes;
  private boolean broken;

  FrameDecoder(int frameBytesMax, Drops drops) {
    this.frameBytesMax = frameBytesMax;
    this.drops = drops;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (true) {
      if (broken) {
        in.skipBytes(in.readableBytes());
        return;
      }
      if (skipBytes > 0) {
        int skipped = (int) Math.min(skipBytes, in.readableBytes());
        in.skipBytes(skipped);
        skipBytes -= skipped;
        if (skipBytes > 0) {
          return;
        }
      }
      if (in.readableBytes() < LENGTH_BYTES) {
        return;
      }
      int length = in.getInt(in.readerIndex());
      if (length < 0) {
        drops.count(DropReason.MALFORMED_FRAME);
        broken = true;
        ctx.close();
        continue;
      }
      if (length > frameBytesMax) {
        drops.count(DropReason.FRAME_TOO_LARGE);
        in.skipBytes(LENGTH_BYTES);
        skipBytes = length;
        continue;
      }
      if (in.readableBytes() < LENGTH_BYTES + length) {
        return;
      }
      in.skipBytes(LENGTH_BYTES);
      byte[] frame = new byte[length];
      in.readBytes(frame);
      out.add(frame);
    }
  }
}
