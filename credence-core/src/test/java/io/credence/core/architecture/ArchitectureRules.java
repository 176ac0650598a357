package io.credence.core.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;

/**
 * The rules of ARCHITECTURE.md and STYLE.md that a compiler cannot see, as ArchUnit rules. Every
 * deterministic module applies them to its own classes in a short test ({@link #forModule}), so
 * they run when that module is tested alone; credence-app applies all of them to the whole code
 * base ({@link #all}). {@code ArchitectureRulesTest} plants a violation for each rule and shows
 * that it fails.
 *
 * <p>The rules name entry points, not value types: an {@code Instant} read from a block header is
 * fine, {@code Instant.now()} is not.
 */
public final class ArchitectureRules {
  private ArchitectureRules() {}

  /** ArchUnit's name for a constructor. */
  private static final String CONSTRUCTOR = "<init>";

  /** A rule with a short name for test reports. */
  public record Rule(String name, ArchRule rule) {
    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * The one place allowed to reach a banned entry point: the origin and the target as ArchUnit
   * names them (full names with parameter types), and the reason.
   */
  public record Allowance(String origin, String target, String reason) {}

  /** A module: its root package under io.credence and the Credence modules it may depend on. */
  public record CredenceModule(String name, List<String> mayDependOn) {
    public String packages() {
      return "io.credence." + name + "..";
    }
  }

  /**
   * The packages held to determinism: the five deterministic modules, the simulator (one seed
   * drives everything, so it may not reach for anything else) and the analyser's model (the same
   * parameters give the same answer, to the fen).
   */
  public static final List<String> DETERMINISTIC =
      List.of(
          "io.credence.core..",
          "io.credence.ledger..",
          "io.credence.execution..",
          "io.credence.consensus..",
          "io.credence.node..",
          "io.credence.simulator..",
          "io.credence.analysis.economics..",
          "io.credence.analysis.scenario..",
          "io.credence.analysis.calibration..");

  /** Every module, with the Credence modules it may depend on (ARCHITECTURE.md, "Modules"). */
  public static final List<CredenceModule> MODULES =
      List.of(
          new CredenceModule("core", List.of()),
          new CredenceModule("ledger", List.of("core")),
          new CredenceModule("execution", List.of("core")),
          new CredenceModule("consensus", List.of("core")),
          new CredenceModule("node", List.of("core", "ledger", "execution", "consensus")),
          new CredenceModule(
              "simulator", List.of("core", "ledger", "execution", "consensus", "node")),
          new CredenceModule("storage", List.of("core", "ledger")),
          new CredenceModule("p2p", List.of("core")),
          new CredenceModule("api", List.of("core", "ledger", "execution", "node")),
          new CredenceModule("analysis", List.of()),
          new CredenceModule(
              "app",
              List.of(
                  "core",
                  "ledger",
                  "execution",
                  "consensus",
                  "node",
                  "simulator",
                  "storage",
                  "p2p",
                  "api",
                  "analysis")));

  /**
   * Named exceptions to the determinism rules. Each is one origin and one target; anything else the
   * origin does is still checked.
   */
  public static final List<Allowance> ALLOWANCES =
      List.of(
          new Allowance(
              "io.credence.core.crypto.SeededRandom.of(long)",
              "java.security.SecureRandom.getInstance(java.lang.String)",
              "SeededRandom is the seeded factory itself: it asks for SHA1PRNG and seeds it before"
                  + " first use, which makes its output a function of the seed"));

  // ---------------------------------------------------------------------------------------------
  // Determinism: time, randomness, threads, environment, I/O.

  /** No wall clock: time comes from ticks and block timestamps (STYLE 4). */
  public static final ArchRule NO_WALL_CLOCK =
      noClasses()
          .that()
          .resideInAnyPackage(deterministic())
          .should()
          .accessTargetWhere(
              anyOf(
                  "an entry point to the host clock",
                  member(System.class, "currentTimeMillis"),
                  member(System.class, "nanoTime"),
                  describe(
                      "now(..) of a java.time class",
                      t ->
                          t.getOwner().getPackageName().startsWith("java.time")
                              && t.getName().equals("now")),
                  member(Thread.class, "sleep"),
                  member(java.util.concurrent.TimeUnit.class, "sleep"),
                  constructor(java.util.Date.class),
                  member(java.util.Calendar.class, "getInstance"),
                  anyConstructor(java.util.GregorianCalendar.class),
                  member(java.util.TimeZone.class, "getDefault"),
                  member(java.time.ZoneId.class, "systemDefault")))
          .orShould()
          .dependOnClassesThat(
              assignableTo(java.time.Clock.class).or(assignableTo(java.time.InstantSource.class)))
          .because(
              "deterministic modules take time from ticks and block timestamps, never from the"
                  + " host (ARCHITECTURE.md, STYLE.md 4)");

  /** No unseeded randomness: randomness comes from a seed (STYLE 4). */
  public static final ArchRule NO_UNSEEDED_RANDOMNESS =
      noClasses()
          .that()
          .resideInAnyPackage(deterministic())
          .should()
          .accessTargetWhere(
              allowing(
                  anyOf(
                      "an entry point to unseeded randomness",
                      constructor(java.util.Random.class),
                      constructor(java.util.SplittableRandom.class),
                      describe(
                          "new SecureRandom(..) or a static SecureRandom factory",
                          t ->
                              isOwner(t, java.security.SecureRandom.class)
                                  && (t.getName().equals(CONSTRUCTOR)
                                      || t.getName().startsWith("getInstance")
                                      || t.getName().equals("getSeed"))),
                      member(Math.class, "random"),
                      member(StrictMath.class, "random"),
                      member(java.util.UUID.class, "randomUUID"),
                      member(java.util.Collections.class, "shuffle", java.util.List.class),
                      describe(
                          "RandomGenerator.of/getDefault, RandomGeneratorFactory.create()",
                          t -> {
                            // A factory is not random; a generator made without a seed is.
                            boolean isFactory =
                                isOwner(t, java.util.random.RandomGeneratorFactory.class);
                            return t.getOwner().getPackageName().equals("java.util.random")
                                && (isFactory
                                    ? t.getName().equals("create") && parameters(t).isEmpty()
                                    : t.getName().equals("of") || t.getName().equals("getDefault"));
                          }),
                      member(System.class, "identityHashCode"),
                      describe(
                          "CryptoServicesRegistrar.getSecureRandom()",
                          t ->
                              t.getOwner()
                                      .getName()
                                      .equals("org.bouncycastle.crypto.CryptoServicesRegistrar")
                                  && t.getName().equals("getSecureRandom")
                                  && parameters(t).isEmpty()))))
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
          .because(
              "deterministic modules draw randomness from a seed, never from the host (STYLE.md"
                  + " 4); the exceptions are ArchitectureRules.ALLOWANCES, each with its reason");

  /**
   * No threads, no blocking, no concurrency utilities. The whole of java.util.concurrent is out
   * (executors, ForkJoinPool, CompletableFuture, locks, atomics, concurrent collections): each
   * means another thread. A {@code synchronized} monitor is allowed: it starts nothing and lets an
   * adapter's thread read a deterministic object (LruCache, MemoryStore) safely.
   */
  public static final ArchRule NO_THREADS =
      noClasses()
          .that()
          .resideInAnyPackage(deterministic())
          .should()
          .dependOnClassesThat(
              assignableTo(Thread.class)
                  .or(assignableTo(ThreadGroup.class))
                  .or(assignableTo(ThreadLocal.class))
                  .or(assignableTo(java.util.Timer.class))
                  .or(assignableTo(java.util.TimerTask.class))
                  .or(JavaClass.Predicates.resideInAPackage("java.util.concurrent.."))
                  .as("Thread, ThreadGroup, ThreadLocal, Timer(Task) or java.util.concurrent.."))
          .orShould()
          .accessTargetWhere(
              anyOf(
                  "a parallel stream, a parallel array operation or a monitor wait",
                  describe("parallelStream()", t -> t.getName().equals("parallelStream")),
                  describe(
                      "BaseStream.parallel()",
                      t ->
                          t.getOwner().getPackageName().equals("java.util.stream")
                              && t.getName().equals("parallel")),
                  describe(
                      "Arrays.parallel*(..)",
                      t -> isOwner(t, Arrays.class) && t.getName().startsWith("parallel")),
                  describe(
                      "Object.wait/notify/notifyAll",
                      t ->
                          Set.of("wait", "notify", "notifyAll").contains(t.getName())
                              && parameters(t).stream()
                                  .allMatch(p -> p.equals("long") || p.equals("int")))))
          .because(
              "a deterministic module is a state machine driven by events: it never starts a"
                  + " thread, blocks or waits (STYLE.md 3)");

  /** No reading of the host: environment, system properties, processes, host defaults. */
  public static final ArchRule NO_ENVIRONMENT =
      noClasses()
          .that()
          .resideInAnyPackage(deterministic())
          .should()
          .accessTargetWhere(
              anyOf(
                  "an entry point to the host's environment or defaults",
                  member(System.class, "getenv"),
                  member(System.class, "getProperty"),
                  member(System.class, "getProperties"),
                  member(System.class, "setProperty"),
                  member(System.class, "setProperties"),
                  member(System.class, "clearProperty"),
                  member(System.class, "lineSeparator"),
                  member(System.class, "exit"),
                  member(Integer.class, "getInteger"),
                  member(Long.class, "getLong"),
                  member(Boolean.class, "getBoolean"),
                  member(java.util.Locale.class, "getDefault"),
                  member(java.util.Locale.class, "setDefault"),
                  member(java.nio.charset.Charset.class, "defaultCharset"),
                  member(String.class, "format", String.class, Object[].class),
                  member(String.class, "formatted"),
                  member(String.class, "toLowerCase", new Class<?>[0]),
                  member(String.class, "toUpperCase", new Class<?>[0]),
                  member(String.class, "getBytes", new Class<?>[0]),
                  member(String.class, CONSTRUCTOR, byte[].class),
                  member(String.class, CONSTRUCTOR, byte[].class, int.class, int.class)))
          .orShould()
          .dependOnClassesThat(
              assignableTo(Runtime.class)
                  .or(assignableTo(ProcessBuilder.class))
                  .or(assignableTo(Process.class))
                  .or(assignableTo(ProcessHandle.class))
                  .as("java.lang.Runtime, ProcessBuilder, Process or ProcessHandle"))
          .because(
              "the same inputs must give the same bytes on every host: no environment, system"
                  + " properties or processes, Locale.ROOT and explicit charsets (STYLE.md 4)");

  /** No file, socket or console I/O: that is the adapters' job (storage-rocksdb, p2p, api, app). */
  public static final ArchRule NO_IO =
      noClasses()
          .that()
          .resideInAnyPackage(deterministic())
          .should()
          .dependOnClassesThat(
              JavaClass.Predicates.resideInAnyPackage(
                      "java.nio.file..",
                      "java.nio.channels..",
                      "java.net..",
                      "javax.net..",
                      "java.util.logging..")
                  .or(
                      JavaClass.Predicates.simpleNameStartingWith("File")
                          .and(JavaClass.Predicates.resideInAPackage("java.io")))
                  .or(
                      named(
                          java.io.RandomAccessFile.class,
                          java.io.Console.class,
                          java.util.zip.ZipFile.class,
                          java.util.jar.JarFile.class,
                          System.Logger.class))
                  .as(
                      "java.io.File*, RandomAccessFile, Console, ZipFile, JarFile, System.Logger,"
                          + " java.nio.file.., java.nio.channels.., java.net.., javax.net.. or"
                          + " java.util.logging.."))
          .orShould()
          .accessTargetWhere(
              anyOf(
                  "the console, or a stream opened on a file name",
                  member(System.class, "in"),
                  member(System.class, "out"),
                  member(System.class, "err"),
                  member(System.class, "console"),
                  member(System.class, "setIn"),
                  member(System.class, "setOut"),
                  member(System.class, "setErr"),
                  member(System.class, "getLogger"),
                  member(Throwable.class, "printStackTrace", new Class<?>[0]),
                  describe(
                      "new PrintStream/PrintWriter/Formatter(String fileName, ..)",
                      t ->
                          (isOwner(t, java.io.PrintStream.class)
                                  || isOwner(t, java.io.PrintWriter.class)
                                  || isOwner(t, java.util.Formatter.class))
                              && t.getName().equals(CONSTRUCTOR)
                              && !parameters(t).isEmpty()
                              && parameters(t).get(0).equals(String.class.getName()))))
          .because(
              "only storage-rocksdb, p2p, api and app do I/O; deterministic code gets bytes"
                  + " through ports (ARCHITECTURE.md)");

  // ---------------------------------------------------------------------------------------------
  // Module boundaries.

  /** Deterministic code never depends on the adapters' libraries. */
  public static final ArchRule NO_ADAPTER_LIBRARIES =
      noClasses()
          .that()
          .resideInAnyPackage(deterministic())
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.netty..", "org.rocksdb..", "io.javalin..")
          .because("Netty, RocksDB and Javalin belong to p2p, storage-rocksdb and api");

  /** Every class under io.credence belongs to a module of {@link #MODULES}. */
  public static final ArchRule EVERY_CLASS_IN_A_MODULE =
      classes()
          .that()
          .resideInAPackage("io.credence..")
          .should()
          .resideInAnyPackage(MODULES.stream().map(CredenceModule::packages).toArray(String[]::new))
          .because("a new module is added to ArchitectureRules.MODULES with its allowed modules");

  /**
   * The transport may depend on the JDK, core, Netty and BouncyCastle only. It passes while
   * io.credence.p2p does not exist yet.
   */
  public static final ArchRule P2P_ONLY_CORE_NETTY_BOUNCYCASTLE =
      classes()
          .that()
          .resideInAPackage("io.credence.p2p..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "java..",
              "javax..",
              "io.credence.core..",
              "io.credence.p2p..",
              "io.netty..",
              "org.bouncycastle..")
          .because("credence-p2p is the Netty/TLS transport over core (ARCHITECTURE.md)")
          .allowEmptyShould(true);

  /** The module boundary of one module: it depends on no Credence module outside its list. */
  public static ArchRule boundaryOf(CredenceModule module) {
    String[] forbidden =
        MODULES.stream()
            .filter(m -> !m.equals(module) && !module.mayDependOn().contains(m.name()))
            .map(CredenceModule::packages)
            .toArray(String[]::new);
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage(module.packages())
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(forbidden)
            .because(
                "credence-"
                    + module.name()
                    + " may depend on "
                    + (module.mayDependOn().isEmpty() ? "no Credence module" : module.mayDependOn())
                    + " (ARCHITECTURE.md)");
    // The transport is being written on another branch: its rules hold vacuously until it lands.
    return module.name().equals("p2p") ? rule.allowEmptyShould(true) : rule;
  }

  // ---------------------------------------------------------------------------------------------
  // Names (STYLE.md 1 and 2).

  /** Packages named by kind instead of feature. */
  public static final ArchRule NO_KIND_PACKAGES =
      noClasses()
          .that()
          .resideInAPackage("io.credence..")
          .should()
          .resideInAnyPackage(
              "..util..",
              "..common..",
              "..helper..",
              "..impl..",
              "..dto..",
              "..manager..",
              "..model..")
          .because("a package is a feature (STYLE.md 1)");

  /** Class names by kind instead of role. */
  public static final ArchRule NO_KIND_SUFFIXES =
      noClasses()
          .that()
          .resideInAPackage("io.credence..")
          .should()
          .haveSimpleNameEndingWith("Impl")
          .orShould()
          .haveSimpleNameEndingWith("Util")
          .orShould()
          .haveSimpleNameEndingWith("Utils")
          .orShould()
          .haveSimpleNameEndingWith("Helper")
          .orShould()
          .haveSimpleNameEndingWith("Manager")
          .orShould()
          .haveSimpleNameEndingWith("Dto")
          .orShould()
          .haveSimpleNameEndingWith("DTO")
          .because("a class is named for its role, not its kind (STYLE.md 1, 2)");

  // ---------------------------------------------------------------------------------------------
  // Where the rules run.

  /** The five determinism rules and the ban on adapter libraries. */
  public static final List<Rule> DETERMINISM =
      List.of(
          new Rule("noWallClock", NO_WALL_CLOCK),
          new Rule("noUnseededRandomness", NO_UNSEEDED_RANDOMNESS),
          new Rule("noThreads", NO_THREADS),
          new Rule("noEnvironment", NO_ENVIRONMENT),
          new Rule("noIo", NO_IO),
          new Rule("noAdapterLibraries", NO_ADAPTER_LIBRARIES));

  /** The naming rules and module membership, which hold for every module. */
  public static final List<Rule> EVERYWHERE =
      List.of(
          new Rule("noKindPackages", NO_KIND_PACKAGES),
          new Rule("noKindSuffixes", NO_KIND_SUFFIXES),
          new Rule("everyClassInAModule", EVERY_CLASS_IN_A_MODULE));

  /** Every rule, for a check of the whole code base. */
  public static List<Rule> all() {
    List<Rule> rules = new ArrayList<>(DETERMINISM);
    rules.addAll(EVERYWHERE);
    for (CredenceModule m : MODULES) {
      if (m.mayDependOn().size() < MODULES.size() - 1) {
        rules.add(new Rule("boundaryOf" + capitalised(m.name()), boundaryOf(m)));
      }
    }
    rules.add(new Rule("p2pOnlyCoreNettyBouncyCastle", P2P_ONLY_CORE_NETTY_BOUNCYCASTLE));
    return List.copyOf(rules);
  }

  /**
   * One test per rule that concerns the module of {@code anchor} (a main class of the module),
   * checked against the module's own compiled classes only, found where {@code anchor} was loaded
   * from. The module is io.credence.X for the anchor's package io.credence.X(.*).
   */
  public static Stream<DynamicTest> forModule(Class<?> anchor) {
    String[] segments = anchor.getPackageName().split("\\.");
    String name = segments[2];
    CredenceModule module =
        MODULES.stream()
            .filter(m -> m.name().equals(name))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no module io.credence." + name));
    JavaClasses own = importOwnClasses(anchor);
    List<Rule> rules = new ArrayList<>();
    if (DETERMINISTIC.stream().anyMatch(p -> p.startsWith("io.credence." + name + "."))) {
      rules.addAll(DETERMINISM);
    }
    rules.addAll(EVERYWHERE);
    rules.add(new Rule("boundaryOf" + capitalised(name), boundaryOf(module)));
    if (name.equals("p2p")) {
      rules.add(new Rule("p2pOnlyCoreNettyBouncyCastle", P2P_ONLY_CORE_NETTY_BOUNCYCASTLE));
    }
    return rules.stream().map(r -> DynamicTest.dynamicTest(r.name(), () -> r.rule().check(own)));
  }

  /** The classes compiled into the same output folder or jar as {@code anchor}. */
  public static JavaClasses importOwnClasses(Class<?> anchor) {
    Path root;
    try {
      root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the classes of " + anchor.getName(), e);
    }
    JavaClasses classes = new ClassFileImporter().importPath(root);
    // Guards every rule against passing on an empty or wrong import.
    Assertions.assertTrue(classes.contain(anchor), anchor.getName() + " not imported from " + root);
    return classes;
  }

  // ---------------------------------------------------------------------------------------------
  // Predicates.

  private static String[] deterministic() {
    return DETERMINISTIC.toArray(String[]::new);
  }

  private static String capitalised(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /**
   * True if {@code target} is a member of {@code owner}. A call names the class it was made
   * through, so a static method or field reached through a subclass names the subclass ({@code
   * GregorianCalendar.getInstance()}, {@code printStackTrace()} on an {@code Exception}); a
   * constructor call names exactly the class constructed.
   */
  private static boolean isOwner(AccessTarget target, Class<?> owner) {
    return target.getName().equals(CONSTRUCTOR)
        ? target.getOwner().getName().equals(owner.getName())
        : target.getOwner().isAssignableTo(owner);
  }

  /** Parameter type names of a called or referenced method or constructor; empty for fields. */
  private static List<String> parameters(AccessTarget target) {
    if (target instanceof AccessTarget.CodeUnitAccessTarget codeUnit) {
      return codeUnit.getRawParameterTypes().stream()
          .map(JavaClass::getName)
          .collect(Collectors.toList());
    }
    return List.of();
  }

  /** {@code owner.name} whatever the parameters (a method, a field, or every constructor). */
  private static DescribedPredicate<AccessTarget> member(Class<?> owner, String name) {
    return describe(
        owner.getSimpleName() + "." + name, t -> isOwner(t, owner) && t.getName().equals(name));
  }

  /** {@code owner.name} with exactly these parameter types. */
  private static DescribedPredicate<AccessTarget> member(
      Class<?> owner, String name, Class<?>... parameterTypes) {
    List<String> expected = Arrays.stream(parameterTypes).map(Class::getName).toList();
    return describe(
        owner.getSimpleName() + "." + name + expected,
        t ->
            isOwner(t, owner)
                && t.getName().equals(name)
                && t instanceof AccessTarget.CodeUnitAccessTarget
                && parameters(t).equals(expected));
  }

  /** The no-argument constructor of {@code owner}. */
  private static DescribedPredicate<AccessTarget> constructor(Class<?> owner) {
    return member(owner, CONSTRUCTOR, new Class<?>[0]);
  }

  private static DescribedPredicate<AccessTarget> anyConstructor(Class<?> owner) {
    return member(owner, CONSTRUCTOR);
  }

  @SafeVarargs
  private static DescribedPredicate<JavaAccess<?>> anyOf(
      String description, DescribedPredicate<? super AccessTarget>... targets) {
    List<DescribedPredicate<? super AccessTarget>> all = new ArrayList<>();
    for (DescribedPredicate<? super AccessTarget> target : targets) {
      all.add(target);
    }
    return describe(description, access -> all.stream().anyMatch(p -> p.test(access.getTarget())));
  }

  /** {@code banned} except for the accesses listed in {@link #ALLOWANCES}. */
  private static DescribedPredicate<JavaAccess<?>> allowing(
      DescribedPredicate<JavaAccess<?>> banned) {
    Predicate<JavaAccess<?>> allowed =
        access ->
            ALLOWANCES.stream()
                .anyMatch(
                    a ->
                        a.origin().equals(access.getOrigin().getFullName())
                            && a.target().equals(access.getTarget().getFullName()));
    return describe(
        banned.getDescription(), access -> banned.test(access) && !allowed.test(access));
  }

  private static DescribedPredicate<JavaClass> assignableTo(Class<?> type) {
    return JavaClass.Predicates.assignableTo(type);
  }

  private static DescribedPredicate<JavaClass> named(Class<?>... types) {
    Set<String> names = Arrays.stream(types).map(Class::getName).collect(Collectors.toSet());
    return describe(names.toString(), c -> names.contains(c.getName()));
  }
}
