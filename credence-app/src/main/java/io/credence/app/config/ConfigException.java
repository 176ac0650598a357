package io.credence.app.config;

/**
 * A configuration file is missing, unreadable or invalid; the message names the file and the field.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
