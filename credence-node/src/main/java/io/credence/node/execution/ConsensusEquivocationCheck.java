package io.credence.node.execution;

import io.credence.consensus.message.Message;
import io.credence.consensus.message.Signature;
import io.credence.core.codec.CodecException;
import io.credence.core.crypto.CryptoSuite;
import io.credence.execution.governance.EquivocationCheck;
import java.util.Arrays;
import java.util.List;

/**
 * Equivocation as consensus defines it: two different votes, or two different proposals, for one
 * epoch and round, signed by the same validator of that epoch's set (by its index in the set, as
 * consensus signs), both signatures verifying with that validator's key.
 */
public final class ConsensusEquivocationCheck implements EquivocationCheck {
  private final CryptoSuite suite;

  public ConsensusEquivocationCheck(CryptoSuite suite) {
    this.suite = suite;
  }

  @Override
  public Finding check(
      byte[] first,
      byte[] second,
      java.util.function.LongFunction<java.util.Optional<List<byte[]>>> setOfEpoch) {
    Message a = decode("first", first);
    Message b = decode("second", second);
    if (a instanceof Message.Vote va && b instanceof Message.Vote vb) {
      same(va.data().epoch(), vb.data().epoch(), va.data().round(), vb.data().round());
      List<byte[]> validators = setOf(setOfEpoch, va.data().epoch());
      if (va.data().equals(vb.data())) {
        throw new IllegalArgumentException(
            "second: expected a vote for another block, found the same vote");
      }
      byte[] key =
          signer(
              va.signature(),
              vb.signature(),
              validators,
              va.data().signingBytes(),
              vb.data().signingBytes());
      return new Finding(key, va.data().epoch(), va.data().round(), "vote");
    }
    if (a instanceof Message.Proposal pa && b instanceof Message.Proposal pb) {
      same(pa.block().epoch(), pb.block().epoch(), pa.block().round(), pb.block().round());
      List<byte[]> validators = setOf(setOfEpoch, pa.block().epoch());
      if (pa.block().author() != pa.signature().validator()
          || pb.block().author() != pb.signature().validator()) {
        throw new IllegalArgumentException(
            "signature: expected each proposal signed by its block's author");
      }
      if (pa.block().id(suite).equals(pb.block().id(suite))) {
        throw new IllegalArgumentException(
            "second: expected a proposal of another block, found the same block");
      }
      byte[] key =
          signer(
              pa.signature(),
              pb.signature(),
              validators,
              pa.block().id(suite).bytes(),
              pb.block().id(suite).bytes());
      return new Finding(key, pa.block().epoch(), pa.block().round(), "proposal");
    }
    throw new IllegalArgumentException(
        "first, second: expected two votes or two proposals, found a "
            + a.getClass().getSimpleName()
            + " and a "
            + b.getClass().getSimpleName());
  }

  private static List<byte[]> setOf(
      java.util.function.LongFunction<java.util.Optional<List<byte[]>>> setOfEpoch, long epoch) {
    return setOfEpoch
        .apply(epoch)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "epoch: expected an epoch this chain has had, found " + epoch));
  }

  private static Message decode(String field, byte[] bytes) {
    try {
      return Message.CODEC.decode(bytes);
    } catch (CodecException e) {
      throw new IllegalArgumentException(
          field + ": expected an encoded consensus message, found: " + e.getMessage());
    }
  }

  private static void same(long epochA, long epochB, long roundA, long roundB) {
    if (epochA != epochB || roundA != roundB) {
      throw new IllegalArgumentException(
          String.format(
              java.util.Locale.ROOT,
              "second: expected epoch %d round %d as the first, found epoch %d round %d",
              epochA,
              roundA,
              epochB,
              roundB));
    }
  }

  private byte[] signer(
      Signature a, Signature b, List<byte[]> validators, byte[] signedA, byte[] signedB) {
    if (a.validator() != b.validator()) {
      throw new IllegalArgumentException(
          String.format(
              java.util.Locale.ROOT,
              "second.signature: expected validator %d as the first, found %d",
              a.validator(),
              b.validator()));
    }
    int index = a.validator();
    if (index < 0 || index >= validators.size()) {
      throw new IllegalArgumentException(
          String.format(
              java.util.Locale.ROOT,
              "signature.validator: expected 0 to %d (the set of the message's epoch), found %d",
              validators.size() - 1,
              index));
    }
    byte[] key = validators.get(index);
    if (!suite.verify(key, signedA, a.bytes()) || !suite.verify(key, signedB, b.bytes())) {
      throw new IllegalArgumentException(
          "signature: expected both to verify with validator "
              + index
              + "'s key in the set of the message's epoch, found one that does not");
    }
    return Arrays.copyOf(key, key.length);
  }
}
