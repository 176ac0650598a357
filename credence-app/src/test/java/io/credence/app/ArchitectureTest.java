package io.credence.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.credence.core.architecture.ArchitectureRules;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every rule of {@link ArchitectureRules} on the whole code base: the deterministic modules check
 * their own classes when tested alone; this is the one place that also sees api, storage-rocksdb,
 * app and the analyser, and every module boundary at once.
 */
class ArchitectureTest {
  private static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          // A test-jar taken from a Maven repository is not under target/test-classes.
          .withImportOption(
              location -> !location.matches(java.util.regex.Pattern.compile(".*-tests\\.jar!/.*")))
          .importPackages("io.credence");

  @Test
  void importer_seesEveryModule() {
    // Guards the rules below against passing vacuously on an empty import.
    for (Class<?> c :
        new Class<?>[] {
          io.credence.core.Hash.class,
          io.credence.ledger.state.StateTree.class,
          io.credence.execution.Runtime.class,
          io.credence.consensus.Consensus.class,
          io.credence.simulator.Simulation.class,
          io.credence.node.Replica.class,
          io.credence.api.ApiServer.class,
          io.credence.storage.rocksdb.RocksDbStore.class,
          io.credence.p2p.network.PeerNetwork.class,
          io.credence.analysis.scenario.Analyser.class,
          io.credence.analysis.calibration.Calibration.class
        }) {
      assertTrue(PRODUCTION.contain(c), c.getName());
    }
  }

  /** The API reads the chain through its read port, never through how the node stores it. */
  static final com.tngtech.archunit.lang.ArchRule API_READS_THROUGH_ITS_PORT =
      com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
          .that()
          .resideInAPackage("io.credence.api..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.credence.ledger.store..", "io.credence.node.execution..")
          .orShould()
          .dependOnClassesThat()
          .belongToAnyOf(io.credence.ledger.state.StateTree.class)
          .because("the API depends on a read port (ChainReader), not on the store or the overlay");

  @Test
  void theApi_readsThroughItsPort() {
    API_READS_THROUGH_ITS_PORT.check(PRODUCTION);
  }

  @Test
  void theApiRule_bites() {
    // A class of the API's package that reaches for the store: the rule must refuse it.
    JavaClasses planted =
        new ClassFileImporter().importClasses(io.credence.api.planted.ReadsTheStore.class);
    org.junit.jupiter.api.Assertions.assertThrows(
        AssertionError.class, () -> API_READS_THROUGH_ITS_PORT.check(planted));
  }

  @TestFactory
  Stream<DynamicTest> everyRule_holdsForTheWholeCodeBase() {
    return ArchitectureRules.all().stream()
        .map(r -> DynamicTest.dynamicTest(r.name(), () -> r.rule().check(PRODUCTION)));
  }
}
