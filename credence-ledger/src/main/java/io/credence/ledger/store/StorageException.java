package io.credence.ledger.store;

/** The store could not read or write: the node must halt rather than continue unpersisted. */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  public StorageException(String message) {
    super(message);
  }
}
