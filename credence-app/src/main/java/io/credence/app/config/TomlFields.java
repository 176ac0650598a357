package io.credence.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads a TOML file into a tree and takes typed fields from it, naming file and field in every
 * error.
 */
final class TomlFields {
  private static final TomlMapper MAPPER = new TomlMapper();

  private final Path file;

  TomlFields(Path file) {
    this.file = file;
  }

  JsonNode read() throws ConfigException {
    try {
      JsonNode root = MAPPER.readTree(Files.readString(file));
      if (root == null || !root.isObject()) {
        throw new ConfigException(file + ": expected a TOML document, found nothing");
      }
      return root;
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": file not found");
    } catch (IOException e) {
      throw new ConfigException(file + ": not valid TOML (" + firstLine(e.getMessage()) + ")");
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  ConfigException error(String field, String expected, String found) {
    return new ConfigException(file + ": " + field + ": expected " + expected + ", found " + found);
  }

  void rejectUnknown(JsonNode node, String path, Set<String> known) throws ConfigException {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        throw error(
            path.isEmpty() ? name : path + "." + name,
            "one of " + new java.util.TreeSet<>(known),
            "an unknown field");
      }
    }
  }

  String string(JsonNode node, String path, String name) throws ConfigException {
    JsonNode value = node.get(name);
    String field = path.isEmpty() ? name : path + "." + name;
    if (value == null) {
      throw error(field, "a string", "nothing (the field is required)");
    }
    if (!value.isTextual()) {
      throw error(
          field, "a string", "a " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return value.asText();
  }

  long number(JsonNode node, String path, String name, long fallback, long min, long max)
      throws ConfigException {
    JsonNode value = node == null ? null : node.get(name);
    String field = path.isEmpty() ? name : path + "." + name;
    if (value == null) {
      return fallback;
    }
    if (!value.canConvertToLong() || !value.isIntegralNumber()) {
      throw error(field, "a whole number from " + min + " to " + max, "'" + value.asText() + "'");
    }
    long n = value.asLong();
    if (n < min || n > max) {
      throw error(field, "a whole number from " + min + " to " + max, Long.toString(n));
    }
    return n;
  }

  ObjectNode table(JsonNode node, String name) throws ConfigException {
    JsonNode value = node.get(name);
    if (value == null) {
      return null;
    }
    if (!value.isObject()) {
      throw error(
          name,
          "a table [" + name + "]",
          "a " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return (ObjectNode) value;
  }
}
