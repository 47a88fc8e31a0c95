package dev.cairn.arch;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.Set;

/**
 * The rules of DESIGN.md sections 2 and 3 as ArchUnit rules over every module's main classes, with
 * their exceptions named here and nowhere else.
 */
final class DesignRules {
  private DesignRules() {}

  static final String[] JDK = {"java..", "javax.."};
  static final String[] RIB = {"dev.cairn.net..", "dev.cairn.rib..", "dev.cairn.event.."};

  /** The main classes plus the forbidden fixtures (packages named archfixture in these tests). */
  static JavaClasses productionAndFixtures() {
    return new ClassFileImporter()
        .withImportOption(
            loc ->
                ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(loc)
                    || loc.contains("/archfixture/"))
        .importPackages("dev.cairn");
  }

  // --- section 2: modules ---

  /** A protocol module never imports another protocol, the daemon, the FIB or the shell. */
  static ArchRule protocolApart(String protocol, String... alsoForbidden) {
    List<String> others = new java.util.ArrayList<>();
    for (String p :
        List.of("dev.cairn.bgp..", "dev.cairn.ospf..", "dev.cairn.bfd..", "dev.cairn.k8s..")) {
      if (!p.equals(protocol)) {
        others.add(p);
      }
    }
    others.addAll(
        List.of("dev.cairn.daemon..", "dev.cairn.fib..", "dev.cairn.kernel..", "dev.cairn.cli.."));
    others.addAll(List.of(alsoForbidden));
    return noClasses()
        .that()
        .resideInAPackage(protocol)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(others.toArray(String[]::new))
        .because("protocols meet only in the RIB (DESIGN 2)");
  }

  /** bgp-core and ospf-core do not see the configuration either: the daemon maps it. */
  static final ArchRule BGP_APART = protocolApart("dev.cairn.bgp..", "dev.cairn.config..");

  static final ArchRule OSPF_APART = protocolApart("dev.cairn.ospf..", "dev.cairn.config..");

  /** bfd/ is in the design and not built yet: the rule waits for it. */
  static final ArchRule BFD_APART =
      protocolApart("dev.cairn.bfd..", "dev.cairn.config..").allowEmptyShould(true);

  /** The Kubernetes adapter reads config (its table row says so). */
  static final ArchRule K8S_APART = protocolApart("dev.cairn.k8s..");

  static final ArchRule RIB_JDK_ONLY =
      classes()
          .that()
          .resideInAnyPackage(RIB)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(concat(JDK, RIB))
          .because("rib depends on the JDK only (DESIGN 2)");

  static final ArchRule CONFIG_LAYER =
      noClasses()
          .that()
          .resideInAPackage("dev.cairn.config..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.cairn.bgp..",
              "dev.cairn.ospf..",
              "dev.cairn.bfd..",
              "dev.cairn.k8s..",
              "dev.cairn.fib..",
              "dev.cairn.kernel..",
              "dev.cairn.daemon..",
              "dev.cairn.cli..")
          .because("config depends on rib and snakeyaml (DESIGN 2)");

  static final ArchRule FIB_LAYER =
      noClasses()
          .that()
          .resideInAnyPackage("dev.cairn.fib..", "dev.cairn.kernel..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.cairn.bgp..",
              "dev.cairn.ospf..",
              "dev.cairn.bfd..",
              "dev.cairn.k8s..",
              "dev.cairn.config..",
              "dev.cairn.daemon..",
              "dev.cairn.cli..")
          .because("fib-netlink depends on rib and jnr-ffi (DESIGN 2)");

  static final ArchRule CLI_ALONE =
      noClasses()
          .that()
          .resideInAPackage("dev.cairn.cli..")
          .should()
          .dependOnClassesThat(
              describe(
                  "are cairn classes outside dev.cairn.cli",
                  c ->
                      c.getPackageName().startsWith("dev.cairn.")
                          && !c.getPackageName().startsWith("dev.cairn.cli")))
          .because("the shell depends on the JDK and JLine (DESIGN 2)");

  static final ArchRule ONLY_THE_DAEMON_WIRES =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.cairn.daemon..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.cairn.daemon..")
          .because("the daemon is the only place that wires modules together (DESIGN 2)");

  /** Packages (each one a slice) form no cycle. */
  static final ArchRule NO_PACKAGE_CYCLES =
      slices().matching("dev.cairn.(**)").should().beFreeOfCycles();

  /**
   * One logging API: the modules log through System.Logger (the JDK's, which the daemon routes to
   * java.util.logging and formats with LogFormat); java.util.logging is the daemon's own, and no
   * module prints to stderr or stdout. The shell (its user's terminal) is exempt from the latter.
   */
  static final ArchRule ONE_LOGGING_API =
      noClasses()
          .that()
          .resideOutsideOfPackages("dev.cairn.daemon..", "dev.cairn.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("java.util.logging..")
          .orShould()
          .accessField(System.class, "err")
          .orShould()
          .accessField(System.class, "out")
          .because("one logging API across modules (issue 19)");

  static final ArchRule CLI_LOGS_WITH_SYSTEM_LOGGER =
      noClasses()
          .that()
          .resideInAPackage("dev.cairn.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("java.util.logging..")
          .because("one logging API across modules (issue 19)");

  // --- section 3: one owner, no locks on routing state ---

  /**
   * Classes in routing packages allowed a lock for now, each with its reason. Not exceptions by
   * design: dev.cairn.event (the loops themselves hand tasks between threads) and the transport
   * packages of bgp and ospf (the I/O threads' side), which the predicate leaves out.
   */
  static final Set<String> LOCK_EXCEPTIONS = Set.of(); // none since the interner moved

  /** Where routing state lives: the RIB, BGP (all but its Netty transport), OSPF (all but its). */
  static final DescribedPredicate<JavaClass> ROUTING_STATE =
      describe(
          "hold routing state",
          c ->
              (c.getPackageName().startsWith("dev.cairn.rib")
                      || c.getPackageName().startsWith("dev.cairn.bgp")
                      || c.getPackageName().startsWith("dev.cairn.ospf"))
                  && !c.getPackageName().startsWith("dev.cairn.bgp.transport")
                  && !c.getPackageName().startsWith("dev.cairn.ospf.transport")
                  && !LOCK_EXCEPTIONS.contains(c.getName().replaceAll("\\$.*", "")));

  static final DescribedPredicate<JavaClass> LOCK_OR_CONCURRENT_COLLECTION =
      describe(
          "are locks or concurrent collections",
          c ->
              c.getPackageName().equals("java.util.concurrent.locks")
                  || (c.getPackageName().equals("java.util.concurrent")
                      && (c.getSimpleName().startsWith("Concurrent")
                          || c.getSimpleName().startsWith("CopyOnWrite")
                          || c.getSimpleName().endsWith("BlockingQueue")
                          || c.getSimpleName().endsWith("BlockingDeque"))));

  static final ArchRule NO_LOCKS_ON_ROUTING_STATE =
      noClasses()
          .that(ROUTING_STATE)
          .should()
          .dependOnClassesThat(LOCK_OR_CONCURRENT_COLLECTION)
          .orShould()
          .callMethodWhere(
              describe(
                  "Collections.synchronized*",
                  call ->
                      call.getTargetOwner().isEquivalentTo(java.util.Collections.class)
                          && call.getName().startsWith("synchronized")))
          .because("one owner per piece of state, no locks on routing state (DESIGN 3)");

  static final ArchRule NO_SYNCHRONIZED_METHODS_ON_ROUTING_STATE =
      noMethods()
          .that()
          .areDeclaredInClassesThat(ROUTING_STATE)
          .should()
          .haveModifier(JavaModifier.SYNCHRONIZED)
          .because("one owner per piece of state, no locks on routing state (DESIGN 3)");

  /** Source folders of routing state, for the synchronized-block scan (ArchUnit cannot see one). */
  static final List<String> ROUTING_SOURCES =
      List.of(
          "rib/src/main/java/dev/cairn/rib",
          "bgp-core/src/main/java/dev/cairn/bgp",
          "ospf-core/src/main/java/dev/cairn/ospf");

  static String[] concat(String[] a, String[] b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
