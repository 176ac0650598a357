package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The main job tells its whole story and ends with a passing audit. */
class DemoTest {
  /** Node processes the demo started that are still alive. */
  private static long leftoverNodes() {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> p.isAlive() && p.info().commandLine().orElse("").contains(" node --home "))
        .count();
  }

  @Test
  void demo_completesWithPassingAudit() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = new DemoCommand().run(new PrintStream(out, true, StandardCharsets.UTF_8));
    String story = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, story);
    assertTrue(story.contains("FAILED (NOT_AUTHORISED"), story);
    assertTrue(story.contains("rejected with HTTP 422, UNKNOWN_SENDER"), story);
    assertTrue(story.contains("rejected with HTTP 422, BAD_SIGNATURE"), story);
    assertTrue(story.contains("proof VERIFIES"), story);
    for (int node = 1; node <= 4; node++) {
      assertTrue(
          story.matches("(?s).*node-" + node + ": verify: OK\\. [0-9]+ blocks.*"),
          "node-" + node + " audited: " + story);
    }
    assertTrue(story.contains("node-3 at height"), story);
    assertEquals(0, leftoverNodes(), "every node process stopped");
    assertTrue(story.contains("A: Lending on the chain is viable"), story);
    assertTrue(story.contains("B: The chain saves 390.00 yuan per loan-year"), story);
    assertTrue(story.endsWith("Demo complete." + System.lineSeparator()), story);
  }
}
