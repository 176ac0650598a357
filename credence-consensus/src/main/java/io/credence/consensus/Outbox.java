package io.credence.consensus;

import io.credence.consensus.message.Message;

/** Where a replica's messages go: the network port. Sending never blocks and never fails. */
public interface Outbox {
  void send(int to, Message message);

  /** To every other validator. */
  void broadcast(Message message);
}
