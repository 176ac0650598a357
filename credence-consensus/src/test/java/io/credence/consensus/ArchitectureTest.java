package io.credence.consensus;

import io.credence.core.architecture.ArchitectureRules;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The house rules (determinism, names, module boundary) on this module's own classes. */
class ArchitectureTest {
  @TestFactory
  Stream<DynamicTest> houseRules() {
    return ArchitectureRules.forModule(Consensus.class);
  }
}
