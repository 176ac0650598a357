package io.credence.core.architecture;

import static io.credence.core.architecture.ArchitectureRules.NO_UNSEEDED_RANDOMNESS;
import static io.credence.core.architecture.ArchitectureRules.P2P_ONLY_CORE_NETTY_BOUNCYCASTLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.credence.consensus.planted.ClockPlants;
import io.credence.consensus.planted.ConsensusReadsHostTimeAndEnvironment;
import io.credence.core.architecture.ArchitectureRules.CredenceModule;
import io.credence.core.architecture.ArchitectureRules.Rule;
import io.credence.core.crypto.SeededRandom;
import io.credence.core.planted.AllowedForms;
import io.credence.execution.planted.IoPlants;
import io.credence.ledger.planted.EnvironmentPlants;
import io.credence.node.planted.AdapterLibraryPlants;
import io.credence.node.planted.ThreadPlants;
import io.credence.p2p.planted.TransportStandIn;
import io.credence.p2p.planted.TransportUsesLedger;
import io.credence.p2p.planted.TransportUsesRocksDb;
import io.credence.planted.KindSuffixes;
import io.credence.planted.OutsideEveryModule;
import io.credence.simulator.planted.RandomnessPlants;
import io.credence.simulator.planted.SimulationReadsCurrentTimeMillis;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A rule that cannot fail proves nothing: each rule of {@link ArchitectureRules} is shown to fail
 * on a class that breaks it, planted in test sources under a {@code planted} package of a package
 * the rule covers (credence-core's test-jar leaves them out). Production passing is shown by each
 * module's own ArchitectureTest.
 */
class ArchitectureRulesTest {
  private static final List<String> DETERMINISTIC_PACKAGES =
      List.of(
          "core",
          "ledger",
          "execution",
          "consensus",
          "node",
          "simulator",
          "analysis.economics",
          "analysis.scenario",
          "analysis.calibration");

  /**
   * Every rule with the plants that must each fail it on their own: one class per entry point, one
   * class per deterministic package that breaks every rule, one class per module boundary.
   */
  private static Map<String, List<Class<?>>> plantsByRule() {
    Map<String, List<Class<?>>> plants = new TreeMap<>();
    plants.put("noWallClock", nestedIn(ClockPlants.class));
    plants.put("noUnseededRandomness", nestedIn(RandomnessPlants.class));
    plants.put("noThreads", nestedIn(ThreadPlants.class));
    plants.put("noEnvironment", nestedIn(EnvironmentPlants.class));
    plants.put("noIo", nestedIn(IoPlants.class));
    plants.put("noAdapterLibraries", nestedIn(AdapterLibraryPlants.class));
    plants.put("noKindSuffixes", nestedIn(KindSuffixes.class));
    plants.put(
        "noKindPackages",
        Stream.of("util", "common", "helper", "impl", "dto", "manager", "model")
            .<Class<?>>map(word -> load("io.credence.planted." + word + ".InKindPackage"))
            .toList());
    plants.put("everyClassInAModule", List.of(OutsideEveryModule.class));
    plants.put(
        "p2pOnlyCoreNettyBouncyCastle",
        List.of(TransportUsesLedger.class, TransportUsesRocksDb.class));
    for (String p : DETERMINISTIC_PACKAGES) {
      Class<?> plant = load("io.credence." + p + ".planted.BreaksEveryRule");
      for (Rule r : ArchitectureRules.DETERMINISM) {
        plants.get(r.name()).add(plant);
      }
      plants.computeIfAbsent(boundaryName(p.split("\\.")[0]), k -> new ArrayList<>()).add(plant);
    }
    plants.put(boundaryName("p2p"), List.of(TransportUsesLedger.class));
    for (String m : List.of("storage", "api", "analysis")) {
      plants.put(
          boundaryName(m), List.of(load("io.credence." + m + ".planted.CrossesTheBoundary")));
    }
    return plants;
  }

  @TestFactory
  Stream<DynamicTest> everyRule_failsOnEachOfItsPlants() {
    return plantsByRule().entrySet().stream()
        .flatMap(
            e ->
                e.getValue().stream()
                    .map(
                        plant ->
                            DynamicTest.dynamicTest(
                                e.getKey() + " fails on " + plant.getName(),
                                () -> assertFails(rule(e.getKey()), plant, ""))));
  }

  @Test
  void everyRule_hasAPlant() {
    Set<String> unproven =
        ArchitectureRules.all().stream().map(Rule::name).collect(Collectors.toSet());
    unproven.removeAll(plantsByRule().keySet());
    assertTrue(unproven.isEmpty(), "rules with no plant to show they can fail: " + unproven);
  }

  @Test
  void everyDeterministicPackage_hasAPlant() {
    // Taking the simulator or the analyser's model out of the rules makes its plant pass.
    assertEquals(
        ArchitectureRules.DETERMINISTIC,
        DETERMINISTIC_PACKAGES.stream().map(p -> "io.credence." + p + "..").toList());
  }

  // The reviewer's three plants, which every rule of the previous ArchitectureTest let through.

  @Test
  void wallClock_zonedDateTimeNowInConsensus_fails() {
    assertFails(
        rule("noWallClock"),
        ConsensusReadsHostTimeAndEnvironment.class,
        "java.time.ZonedDateTime.now()");
  }

  @Test
  void environment_getenvInConsensus_fails() {
    assertFails(
        rule("noEnvironment"),
        ConsensusReadsHostTimeAndEnvironment.class,
        "java.lang.System.getenv(java.lang.String)");
  }

  @Test
  void wallClock_currentTimeMillisInSimulator_fails() {
    assertFails(
        rule("noWallClock"),
        SimulationReadsCurrentTimeMillis.class,
        "java.lang.System.currentTimeMillis()");
  }

  // What the rules allow.

  @Test
  void allowedForms_passEveryDeterminismRule() {
    for (Rule r : ArchitectureRules.DETERMINISM) {
      assertPasses(r.rule(), AllowedForms.class);
    }
  }

  @Test
  void seededRandom_isTheOnlyAllowance_andTheSameCallElsewhereFails() {
    assertEquals(1, ArchitectureRules.ALLOWANCES.size());
    assertPasses(NO_UNSEEDED_RANDOMNESS, SeededRandom.class);
    assertFails(
        rule("noUnseededRandomness"),
        nested(RandomnessPlants.class, "SecureRandomGetInstance"),
        "java.security.SecureRandom.getInstance(java.lang.String)");
  }

  @Test
  void p2p_onCoreNettyAndBouncyCastle_passes() {
    assertPasses(P2P_ONLY_CORE_NETTY_BOUNCYCASTLE, TransportStandIn.class);
    assertPasses(ArchitectureRules.boundaryOf(module("p2p")), TransportStandIn.class);
  }

  @Test
  void p2p_onRocksDb_failsOnlyTheLibraryRule() {
    assertFails(rule("p2pOnlyCoreNettyBouncyCastle"), TransportUsesRocksDb.class, "org.rocksdb");
    assertPasses(ArchitectureRules.boundaryOf(module("p2p")), TransportUsesRocksDb.class);
  }

  @Test
  void p2pRules_passWhileThereIsNoP2p() {
    assertPasses(P2P_ONLY_CORE_NETTY_BOUNCYCASTLE, AllowedForms.class);
    assertPasses(ArchitectureRules.boundaryOf(module("p2p")), AllowedForms.class);
  }

  @Test
  void otherRules_failOnAnImportWithNothingToCheck() {
    // Only the rules about the transport may hold vacuously.
    ArchRule ledger = ArchitectureRules.boundaryOf(module("ledger"));
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> ledger.evaluate(new ClassFileImporter().importClasses(AllowedForms.class)));
    assertTrue(e.getMessage().contains("failed to check any classes"), e.getMessage());
  }

  private static void assertFails(Rule rule, Class<?> plant, String expectedTarget) {
    EvaluationResult result = rule.rule().evaluate(new ClassFileImporter().importClasses(plant));
    List<String> details = result.getFailureReport().getDetails();
    assertTrue(
        details.stream().anyMatch(d -> d.contains(plant.getName()) && d.contains(expectedTarget)),
        () -> rule + " did not fail on " + plant.getName() + " " + expectedTarget + ": " + details);
  }

  private static void assertPasses(ArchRule rule, Class<?>... classes) {
    EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(classes));
    assertFalse(result.hasViolation(), () -> result.getFailureReport().toString());
  }

  private static Rule rule(String name) {
    return ArchitectureRules.all().stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no rule " + name));
  }

  private static String boundaryName(String module) {
    return "boundaryOf" + Character.toUpperCase(module.charAt(0)) + module.substring(1);
  }

  private static CredenceModule module(String name) {
    return ArchitectureRules.MODULES.stream()
        .filter(m -> m.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static List<Class<?>> nestedIn(Class<?> container) {
    List<Class<?>> nested =
        Arrays.stream(container.getDeclaredClasses())
            .sorted(Comparator.comparing(Class::getName))
            .collect(Collectors.toCollection(ArrayList::new));
    assertTrue(!nested.isEmpty(), container.getName());
    return nested;
  }

  private static Class<?> nested(Class<?> container, String simpleName) {
    return nestedIn(container).stream()
        .filter(c -> c.getSimpleName().equals(simpleName))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + simpleName + " in " + container));
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, ArchitectureRulesTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError("no plant " + name, e);
    }
  }
}
