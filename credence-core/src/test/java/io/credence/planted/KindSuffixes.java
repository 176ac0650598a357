package io.credence.planted;

/** A class for each banned name suffix: each must fail {@code NO_KIND_SUFFIXES}. */
public final class KindSuffixes {
  private KindSuffixes() {}

  static final class CodecImpl {}

  static final class BytesUtil {}

  static final class BytesUtils {}

  static final class CodecHelper {}

  static final class PeerManager {}

  static final class BlockDto {}

  static final class BlockDTO {}
}
