package io.credence.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The module rules of ARCHITECTURE.md that Maven's banned-dependency rule cannot see: the
 * deterministic modules never read the clock, use unseeded randomness, start threads or do file or
 * socket I/O, and ledger, execution and (later) consensus do not know each other. The scenario
 * analyser's model (economics, scenarios, calibration) is held to the same rules.
 */
class ArchitectureTest {
  private static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.credence");

  private static final String[] DETERMINISTIC = {
    "io.credence.core..",
    "io.credence.ledger..",
    "io.credence.execution..",
    "io.credence.consensus..",
    "io.credence.node..",
    // The analyser's model is pure too: the same parameters give the same answer, to the fen.
    "io.credence.analysis.economics..",
    "io.credence.analysis.scenario..",
    "io.credence.analysis.calibration.."
  };

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
          io.credence.analysis.scenario.Analyser.class,
          io.credence.analysis.calibration.Calibration.class
        }) {
      org.junit.jupiter.api.Assertions.assertTrue(PRODUCTION.contain(c), c.getName());
    }
  }

  @Test
  void deterministicModules_doNotReadTheClock() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(DETERMINISTIC)
            .should()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(System.class, "nanoTime")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.time.Clock")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.time.Instant")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.time.LocalDateTime");
    rule.check(PRODUCTION);
  }

  @Test
  void deterministicModules_useNoUnseededRandomnessOrThreads() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(DETERMINISTIC)
            .should()
            .callConstructor(java.util.Random.class)
            .orShould()
            .callMethod(Math.class, "random")
            .orShould()
            .callConstructor(java.security.SecureRandom.class)
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(Thread.class)
            .orShould()
            .dependOnClassesThat()
            .resideInAPackage("java.util.concurrent..");
    rule.check(PRODUCTION);
  }

  @Test
  void deterministicModules_doNoFileOrSocketIo() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(DETERMINISTIC)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("java.nio.file..", "java.net..", "java.nio.channels..")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.io.File")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.io.FileInputStream")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.io.FileOutputStream")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.io.RandomAccessFile");
    rule.check(PRODUCTION);
  }

  @Test
  void ledgerAndExecution_doNotKnowEachOther() {
    noClasses()
        .that()
        .resideInAPackage("io.credence.ledger..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.credence.execution..", "io.credence.node..")
        .check(PRODUCTION);
    noClasses()
        .that()
        .resideInAPackage("io.credence.execution..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.credence.ledger..", "io.credence.node..")
        .check(PRODUCTION);
  }

  @Test
  void consensus_knowsNeitherLedgerNorExecution() {
    noClasses()
        .that()
        .resideInAPackage("io.credence.consensus..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.credence.ledger..", "io.credence.execution..", "io.credence.node..")
        .check(PRODUCTION);
  }

  @Test
  void onlyTheAppConstructsAdapters() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.credence.app..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.credence.storage..", "io.credence.app..")
        .check(PRODUCTION);
  }
}
