package io.credence.app.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.credence.app.cli.Calls;
import io.credence.app.client.ApiClient;
import io.credence.core.crypto.KeyPair;
import io.credence.ledger.chain.Transaction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients submitting identity registrations to a {@link ProcessNetwork} while it is being hurt.
 * Each sender has its own admin key and sends one transaction at a time, waiting for its commit, so
 * its nonces stay in order; it asks the nodes in turn, and when a node is down, cut off, or does
 * not commit in time, it gives the SAME transaction to the next node (never a new nonce, which
 * would leave a gap or a second transaction for one nonce). Every hash a node acknowledged as
 * committed is recorded with the height that node gave.
 */
final class LoadGenerator {
  /** Pause before asking the next node after a failure, so a dead network is not hammered. */
  private static final long RETRY_PAUSE_MILLIS = 200;

  /** How long {@link #stop} waits for a sender to finish its current request. */
  private static final long JOIN_MILLIS_MAX = 30_000;

  private final ProcessNetwork network;
  private final List<Thread> senders = new ArrayList<>();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
  private final AtomicLong retries = new AtomicLong();
  private final List<String> conflicts = new java.util.concurrent.CopyOnWriteArrayList<>();

  private LoadGenerator(ProcessNetwork network) {
    this.network = network;
  }

  /** Starts {@code senders} senders, one per admin key (at most one per organisation). */
  static LoadGenerator start(ProcessNetwork network, int senders) {
    List<KeyPair> admins = network.admins();
    if (senders < 1 || senders > admins.size()) {
      throw new IllegalArgumentException(
          "senders: expected 1 to " + admins.size() + " (one admin key each), found " + senders);
    }
    LoadGenerator load = new LoadGenerator(network);
    for (int s = 0; s < senders; s++) {
      KeyPair admin = admins.get(s);
      int firstNode = s % ProcessNetwork.NODES + 1;
      Thread t = new Thread(() -> load.send(admin, firstNode), "sender-" + s);
      t.setDaemon(true);
      load.senders.add(t);
      t.start();
    }
    return load;
  }

  /** Sends transactions in nonce order until stopped. */
  private void send(KeyPair admin, int firstNode) {
    int node = firstNode;
    long nonce = 0;
    while (!stopping.get()) {
      Transaction tx = Calls.registerFresh(admin, ProcessNetwork.CHAIN_ID, nonce);
      String hash = tx.hash(admin.suite()).hex();
      boolean committed = false;
      while (!committed && !stopping.get()) {
        committed = submit(network.client(node), tx, hash);
        if (!committed) {
          retries.incrementAndGet();
          node = node % ProcessNetwork.NODES + 1;
          pause();
        }
      }
      if (committed) {
        nonce++;
        // The next transaction goes to the next node: the load is spread over all of them.
        node = node % ProcessNetwork.NODES + 1;
      }
    }
  }

  /** True when {@code client}'s node says the transaction is committed. */
  private boolean submit(ApiClient client, Transaction tx, String hash) {
    try {
      JsonNode answer = client.submit(tx, true);
      if ("COMMITTED".equals(answer.path("status").asText())) {
        acknowledge(hash, answer.path("height").asLong());
        return true;
      }
      // PENDING (not committed within the node's wait) or DROPPED (its nonce was used, which
      // only this transaction can have done): ask whether it is committed, else try elsewhere.
      return lookUp(client, hash);
    } catch (ApiClient.ApiException e) {
      // DUPLICATE or STALE_NONCE: the node has it waiting, or committed; MEMPOOL_FULL or
      // NODE_HALTED: it cannot take it now.
      return lookUp(client, hash);
    } catch (IOException e) {
      // Down or unreachable: the next node gets the same transaction.
      return false;
    }
  }

  private boolean lookUp(ApiClient client, String hash) {
    try {
      JsonNode tx = client.get("/v1/transactions/" + hash);
      if ("COMMITTED".equals(tx.path("status").asText())) {
        acknowledge(hash, tx.path("height").asLong());
        return true;
      }
    } catch (IOException | ApiClient.ApiException e) {
      // Not known there, or the node went away: try elsewhere.
    }
    return false;
  }

  private void acknowledge(String hash, long height) {
    Long before = acknowledged.putIfAbsent(hash, height);
    if (before != null && before != height) {
      conflicts.add("transaction " + hash + " acknowledged at height " + before + " and " + height);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(RETRY_PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** How many transactions were acknowledged as committed so far. */
  int acknowledgedCount() {
    return acknowledged.size();
  }

  /** Each acknowledged transaction's hash with the height its node gave, in hash order. */
  Map<String, Long> acknowledged() {
    return new TreeMap<>(acknowledged);
  }

  /** Transactions two nodes acknowledged at different heights (there must be none). */
  List<String> conflicts() {
    return List.copyOf(conflicts);
  }

  /** How often a sender had to give its transaction to another node. */
  long retries() {
    return retries.get();
  }

  /** Stops the senders and waits until each has finished its current request. */
  void stop() throws InterruptedException {
    stopping.set(true);
    for (Thread t : senders) {
      t.join(JOIN_MILLIS_MAX);
      if (t.isAlive()) {
        t.interrupt();
        t.join(JOIN_MILLIS_MAX);
      }
    }
  }
}
