package io.credence.ledger.store;

/**
 * A stored record does not decode or does not match its hash: the store was damaged or tampered
 * with.
 */
public final class DamagedStoreException extends StorageException {
  private static final long serialVersionUID = 1L;
  private final long height;

  public DamagedStoreException(long height, String message) {
    super(message);
    this.height = height;
  }

  /** The height the damaged record belongs to, or -1 when unknown. */
  public long height() {
    return height;
  }
}
