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
          // A slow audit draws its progress first (the machine may be busy): allow those lines.
          story.matches(
              "(?s).*node-"
                  + node
                  + ": (verifying[^\\n]*\\n[^\\n]*done in[^\\n]*\\n)?verify: OK\\. [0-9]+ blocks.*"),
          "node-" + node + " audited: " + story);
    }
    assertTrue(story.contains("node-3 at height"), story);
    assertTrue(
        story.contains("admit Harbour Bank (" + DemoCommand.NEW_BANK_USCC + ") as BANK"), story);
    assertTrue(story.contains("decided: PASSED"), story);
    // The goods' story on the chain, behind the certificate, and the recall.
    assertTrue(story.contains("of 3 brackets: in transit to Core enterprise 1"), story);
    assertTrue(story.contains("received by Core enterprise 1 at its warehouse"), story);
    assertTrue(story.contains("the goods receipt cites trace event"), story);
    assertTrue(
        story.contains("reached 5 things; holders to contact: Core enterprise 1, Supplier 2"),
        story);
    assertTrue(story.contains(") is marked: recall 1"), story);
    assertTrue(story.contains("the fee of finance.* is now 1.00 yuan"), story);
    assertTrue(story.contains("Incentive statement for "), story);
    assertTrue(
        story.contains(
            "Does membership pay? the whole chain; a seller's money elsewhere at 6.5% a year"),
        story);
    // The supplier that sold a piece to the bank saved against factoring; the bank earned the
    // discount.
    assertTrue(
        story.matches("(?s).*Supplier 5 \\w+ +-?[0-9.,]+ +[1-9][0-9,]*\\.[0-9]{2} +1 .* yes\\R.*"),
        story);
    assertTrue(story.matches("(?s).*Bank 3 \\w+ .* 4,438\\.36 +1 +4,438\\.36  yes\\R.*"), story);
    assertTrue(story.contains(" pays "), story);
    assertTrue(story.contains("Harbour Bank (" + DemoCommand.NEW_BANK_USCC + ") admitted"), story);
    // The finance story, with its figures read from the chain: 300,000 for 90 days at 6% a year.
    assertTrue(story.contains("paid 295,561.64 yuan today for 300,000.00"), story);
    assertTrue(story.contains("refused: DUPLICATE_INVOICE"), story);
    assertTrue(story.contains("refused: OVER_THE_INVOICE"), story);
    assertTrue(story.contains("paid 700,000.00 yuan to Supplier 2"), story);
    assertTrue(story.contains("paid 300,000.00 yuan to Bank 3"), story);
    assertTrue(story.contains("in use 0.00, available 5,000,000.00 again"), story);
    assertTrue(story.contains("it earned 4,438.36"), story);
    assertTrue(story.contains("1 certificate(s) settled or past due, 0 default(s)"), story);
    assertTrue(
        story.contains("repayment record on the chain: 2 piece(s) paid, 1,000,000.00 yuan, "),
        story);
    assertTrue(story.contains("0 default(s) (0 recourse, 0 written off)"), story);
    assertEquals(0, leftoverNodes(), "every node process stopped");
    assertTrue(story.contains("A: Lending on the chain is viable"), story);
    assertTrue(story.contains("B: The chain saves 390.00 yuan per loan-year"), story);
    assertTrue(story.endsWith("Demo complete." + System.lineSeparator()), story);
  }
}
