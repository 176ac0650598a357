package io.credence.execution.governance;

import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Checks evidence that a validator signed two conflicting consensus messages for one round. The
 * messages' formats belong to consensus, which execution does not see, so the node supplies the
 * check; every node runs the same one, as it runs the same contracts.
 */
public interface EquivocationCheck {
  /** What a pair of messages proves: {@code validator}'s key signed both, in {@code round}. */
  record Finding(byte[] validator, long epoch, long round, String kind) {
    public Finding {
      validator = validator.clone();
    }

    @Override
    public byte[] validator() {
      return validator.clone();
    }
  }

  /**
   * What the two encoded messages prove, checked against the validator set of the epoch they were
   * signed in ({@code setOfEpoch}: that epoch's keys in order, or empty for an epoch the chain has
   * not had); throws {@link IllegalArgumentException} saying why they prove nothing.
   */
  Finding check(byte[] first, byte[] second, LongFunction<Optional<List<byte[]>>> setOfEpoch);

  /** For runtimes that only describe contracts: it refuses every piece of evidence. */
  EquivocationCheck NONE =
      (first, second, validators) -> {
        throw new IllegalArgumentException("this runtime checks no consensus evidence");
      };
}
