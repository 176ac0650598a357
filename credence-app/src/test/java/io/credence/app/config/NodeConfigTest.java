package io.credence.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The development clock offset: absent means none; bounded; unknown keys refused. */
class NodeConfigTest {
  @TempDir Path home;

  private NodeConfig load(String extra) throws Exception {
    NodeConfig.write(home, "../consortium.toml", "validator.pem", 8645);
    Files.writeString(
        home.resolve(NodeConfig.FILE_NAME), extra, java.nio.file.StandardOpenOption.APPEND);
    return NodeConfig.load(home);
  }

  @Test
  void noDevelopmentTable_noOffset() throws Exception {
    assertEquals(0, load("").clockOffsetDays());
  }

  @Test
  void offsetIsRead() throws Exception {
    assertEquals(91, load("\n[development]\nclock_offset_days = 91\n").clockOffsetDays());
  }

  @Test
  void offsetAboveItsLimit_isRefusedNamingTheField() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> load("\n[development]\nclock_offset_days = 99999\n"));
    assertTrue(e.getMessage().contains("development.clock_offset_days"), e.getMessage());
    assertTrue(e.getMessage().contains("99999"), e.getMessage());
  }

  @Test
  void unknownDevelopmentKey_isRefused() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> load("\n[development]\nwarp = 1\n"));
    assertTrue(e.getMessage().contains("warp"), e.getMessage());
  }
}
