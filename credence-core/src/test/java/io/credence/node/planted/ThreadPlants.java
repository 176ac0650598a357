package io.credence.node.planted;

import java.util.Arrays;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Every entry point to threads, blocking and concurrency, one per class: each must fail {@code
 * NO_THREADS}.
 */
public final class ThreadPlants {
  private ThreadPlants() {}

  static final class NewThread {
    void run() {
      new Thread(() -> {}).start();
    }
  }

  static final class SubclassOfThread extends Thread {}

  static final class CurrentThread {
    String run() {
      return Thread.currentThread().getName();
    }
  }

  static final class ThreadGroupField {
    private ThreadGroup group;

    Object run() {
      return group;
    }
  }

  static final class ThreadLocalField {
    private final ThreadLocal<String> local = new ThreadLocal<>();

    Object run() {
      return local.get();
    }
  }

  static final class ExecutorsFixedPool {
    Object run() {
      return Executors.newFixedThreadPool(2);
    }
  }

  static final class ExecutorServiceParameter {
    void run(ExecutorService executor, Runnable task) {
      executor.execute(task);
    }
  }

  static final class ForkJoinCommonPool {
    Object run() {
      return ForkJoinPool.commonPool();
    }
  }

  static final class CompletableFutureSupplyAsync {
    Object run() {
      return CompletableFuture.supplyAsync(() -> 1);
    }
  }

  static final class ReentrantLockField {
    private final ReentrantLock lock = new ReentrantLock();

    Object run() {
      return lock;
    }
  }

  static final class AtomicLongField {
    private final AtomicLong counter = new AtomicLong();

    long run() {
      return counter.incrementAndGet();
    }
  }

  static final class ConcurrentHashMapField {
    private final ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();

    Object run() {
      return map;
    }
  }

  static final class NewTimer {
    Object run() {
      return new Timer();
    }
  }

  static final class SubclassOfTimerTask extends TimerTask {
    @Override
    public void run() {}
  }

  static final class ParallelStream {
    long run(List<String> items) {
      return items.parallelStream().count();
    }
  }

  static final class StreamParallel {
    long run() {
      return Stream.of(1, 2).parallel().count();
    }
  }

  static final class IntStreamParallel {
    int run() {
      return IntStream.range(0, 9).parallel().sum();
    }
  }

  static final class ArraysParallelSort {
    void run(int[] values) {
      Arrays.parallelSort(values);
    }
  }

  static final class ObjectWait {
    synchronized void run() throws InterruptedException {
      wait();
    }
  }
}
