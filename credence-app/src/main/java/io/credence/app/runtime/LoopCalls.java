package io.credence.app.runtime;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Asking a single-threaded event loop a question from another thread: the question runs as a task
 * on the loop, and the caller waits at most {@value #ANSWER_MILLIS_MAX} ms for the answer.
 */
final class LoopCalls {
  static final long ANSWER_MILLIS_MAX = 30_000;

  private LoopCalls() {}

  /**
   * The answer of {@code question} run on the loop, or {@code fallback} if the loop cannot answer.
   */
  static <T> T ask(
      BlockingQueue<Runnable> tasks, boolean running, Supplier<T> question, T fallback) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    if (!running || !tasks.offer(() -> answer.complete(question.get()))) {
      return fallback;
    }
    try {
      return answer.get(ANSWER_MILLIS_MAX, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fallback;
    } catch (ExecutionException | TimeoutException e) {
      return fallback;
    }
  }
}
