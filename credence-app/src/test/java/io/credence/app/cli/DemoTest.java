package io.credence.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The main job tells its whole story and ends with a passing audit. */
class DemoTest {
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
    assertTrue(story.matches("(?s).*verify: OK\\. [0-9]+ blocks.*"), story);
    assertTrue(story.contains("A: Lending on the chain is viable"), story);
    assertTrue(story.contains("B: The chain saves 390.00 yuan per loan-year"), story);
    assertTrue(story.endsWith("Demo complete." + System.lineSeparator()), story);
  }
}
