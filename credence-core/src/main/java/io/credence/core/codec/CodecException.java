package io.credence.core.codec;

/**
 * The one exception a decoder throws for bytes that are not the canonical encoding of a value:
 * truncated, trailing, non-canonical lengths, unknown versions, values out of range.
 */
public final class CodecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CodecException(String message) {
    super(message);
  }
}
