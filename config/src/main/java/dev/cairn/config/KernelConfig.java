package dev.cairn.config;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What cairn does to the Linux FIB.
 *
 * @param enabled false keeps cairn from touching the kernel (route-reflector or lab use)
 * @param table routing table id; 254 is {@code main}
 * @param maxPaths ECMP width of installed routes, 1..256
 * @param resilient resilient nexthop groups (buckets, idle timer); absent: plain groups
 * @param export which protocols' best routes are installed
 * @param reconcileAfter how long routes left by a previous cairnd stay in the kernel, waiting to be
 *     offered again by the protocols, before the ones that were not are removed
 * @param metric the kernel route metric ({@code RTA_PRIORITY}) of cairn's routes; another routing
 *     daemon in the same table (FRR's zebra installs at 20) needs a different one, as the kernel
 *     keeps one route per table, prefix and metric
 * @param scanTime how often the whole table is compared with the kernel (the safety net behind the
 *     route notifications)
 */
public record KernelConfig(
    boolean enabled,
    long table,
    int maxPaths,
    Optional<Resilient> resilient,
    Set<Protocol> export,
    Duration reconcileAfter,
    int metric,
    Duration scanTime) {

  /** The default reconcile time: protocols have usually converged within a minute. */
  public static final Duration RECONCILE_AFTER = Duration.ofSeconds(60);

  /** The default route metric of cairn's routes. */
  public static final int METRIC = 20;

  /** The default interval of the full comparison with the kernel. */
  public static final Duration SCAN_TIME = Duration.ofSeconds(60);

  public KernelConfig(
      boolean enabled,
      long table,
      int maxPaths,
      Optional<Resilient> resilient,
      Set<Protocol> export,
      Duration reconcileAfter) {
    this(enabled, table, maxPaths, resilient, export, reconcileAfter, METRIC, SCAN_TIME);
  }

  public KernelConfig(
      boolean enabled,
      long table,
      int maxPaths,
      Optional<Resilient> resilient,
      Set<Protocol> export) {
    this(enabled, table, maxPaths, resilient, export, RECONCILE_AFTER);
  }

  public static final long TABLE_MAIN = 254;
  public static final long TABLE_LOCAL = 255;
  public static final long TABLE_DEFAULT = 253;

  public static final KernelConfig DEFAULT =
      new KernelConfig(true, TABLE_MAIN, 16, Optional.empty(), EnumSet.allOf(Protocol.class));

  public KernelConfig {
    Objects.requireNonNull(resilient, "resilient");
    Objects.requireNonNull(reconcileAfter, "reconcileAfter");
    Objects.requireNonNull(scanTime, "scanTime");
    export = Set.copyOf(export);
  }

  /** Resilient nexthop group parameters (kernel 5.13+). */
  public record Resilient(int buckets, Duration idleTimer) {
    public static final Resilient DEFAULT = new Resilient(128, Duration.ofSeconds(120));

    public Resilient {
      Objects.requireNonNull(idleTimer, "idleTimer");
    }
  }
}
