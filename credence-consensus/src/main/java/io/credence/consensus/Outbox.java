package io.credence.consensus;

import io.credence.consensus.message.Message;

/**
 * Where a replica's messages go: the network port, addressed by the peer's public key (validator
 * indices change from epoch to epoch; keys do not). Sending never blocks and never fails.
 */
public interface Outbox {
  void send(byte[] to, Message message);
}
