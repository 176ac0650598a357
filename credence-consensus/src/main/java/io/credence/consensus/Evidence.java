package io.credence.consensus;

import io.credence.consensus.message.Message;

/**
 * Proof that a validator signed two different things for one round: two proposals, or two votes.
 * Both messages are kept so that anyone can check both signatures. Governance acts on it later.
 */
public record Evidence(int validator, long round, Message first, Message second) {}
