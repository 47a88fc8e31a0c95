package dev.cairn.arch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN 2 (module and package dependencies) and 3 (no locks on routing state) hold for every
 * module's main classes; and each rule fails on a class that breaks it (the fixtures in the
 * archfixture packages of these tests).
 */
class ArchitectureTest {
  static JavaClasses main;
  static JavaClasses withFixtures;

  @BeforeAll
  static void load() {
    withFixtures = DesignRules.productionAndFixtures();
    main =
        withFixtures.that(
            com.tngtech.archunit.base.DescribedPredicate.describe(
                "are no fixtures", c -> !c.getPackageName().contains("archfixture")));
    // a rule over no classes passes: make sure every module was found
    for (String c :
        List.of(
            "dev.cairn.rib.Rib",
            "dev.cairn.bgp.speaker.BgpSpeaker",
            "dev.cairn.ospf.OspfRouter",
            "dev.cairn.fib.FibWriter",
            "dev.cairn.config.CairnConfig",
            "dev.cairn.k8s.KubernetesAdapter",
            "dev.cairn.cli.Shell",
            "dev.cairn.daemon.Daemon")) {
      assertTrue(main.contain(c), c + " not imported");
    }
  }

  static void holds(ArchRule rule) {
    rule.check(main);
  }

  /** The rule reports {@code fixture} (and only fixtures) on the classes with the fixtures. */
  static void catches(ArchRule rule, String fixture) {
    EvaluationResult r = rule.evaluate(withFixtures);
    assertTrue(r.hasViolation(), rule.getDescription() + " did not fail on " + fixture);
    List<String> details = r.getFailureReport().getDetails();
    assertTrue(
        details.stream().anyMatch(d -> d.contains(fixture)),
        rule.getDescription() + " did not name " + fixture + ": " + details);
    assertFalse(
        details.stream().anyMatch(d -> !d.contains("archfixture")),
        "violations outside the fixtures: " + details);
  }

  @Test
  void protocolsNeverImportEachOtherTheDaemonOrTheFib() {
    holds(DesignRules.BGP_APART);
    holds(DesignRules.OSPF_APART);
    holds(DesignRules.BFD_APART);
    holds(DesignRules.K8S_APART);
    catches(DesignRules.OSPF_APART, "OspfReadsConfig");
    catches(DesignRules.K8S_APART, "AdapterReachesIntoTheDaemon");
  }

  @Test
  void ospfCoreDoesNotSeeTheConfiguration() {
    EvaluationResult r = DesignRules.OSPF_APART.evaluate(withFixtures);
    assertTrue(
        r.getFailureReport().getDetails().stream()
            .anyMatch(
                d -> d.contains("OspfReadsConfig") && d.contains("dev.cairn.config.OspfConfig")));
  }

  @Test
  void theRibDependsOnTheJdkOnly() {
    holds(DesignRules.RIB_JDK_ONLY);
    catches(DesignRules.RIB_JDK_ONLY, "RibLeavesTheJdk");
  }

  @Test
  void configFibAndShellKeepToTheirLayer() {
    holds(DesignRules.CONFIG_LAYER);
    holds(DesignRules.FIB_LAYER);
    holds(DesignRules.CLI_ALONE);
  }

  @Test
  void onlyTheDaemonDependsOnTheDaemon() {
    holds(DesignRules.ONLY_THE_DAEMON_WIRES);
    catches(DesignRules.ONLY_THE_DAEMON_WIRES, "AdapterReachesIntoTheDaemon");
  }

  @Test
  void packagesFormNoCycle() {
    holds(DesignRules.NO_PACKAGE_CYCLES);
    catches(DesignRules.NO_PACKAGE_CYCLES, "archfixture.cycle");
  }

  @Test
  void modulesLogThroughOneApi() {
    holds(DesignRules.ONE_LOGGING_API);
    holds(DesignRules.CLI_LOGS_WITH_SYSTEM_LOGGER);
    catches(DesignRules.ONE_LOGGING_API, "KernelPrintsAndUsesJul");
    String report =
        String.join(
            "\n",
            DesignRules.ONE_LOGGING_API.evaluate(withFixtures).getFailureReport().getDetails());
    assertTrue(
        report.contains("java.util.logging.Logger") && report.contains("System.err"), report);
  }

  @Test
  void routingStateTakesNoLocks() {
    holds(DesignRules.NO_LOCKS_ON_ROUTING_STATE);
    holds(DesignRules.NO_SYNCHRONIZED_METHODS_ON_ROUTING_STATE);
    catches(DesignRules.NO_LOCKS_ON_ROUTING_STATE, "RibTakesLocks");
    catches(DesignRules.NO_SYNCHRONIZED_METHODS_ON_ROUTING_STATE, "RibTakesLocks.offer");
    EvaluationResult r = DesignRules.NO_LOCKS_ON_ROUTING_STATE.evaluate(withFixtures);
    String report = String.join("\n", r.getFailureReport().getDetails());
    for (String what : List.of("ReentrantLock", "ConcurrentHashMap", "synchronizedMap")) {
      assertTrue(report.contains(what), what + " not reported:\n" + report);
    }
  }
}
