package dev.cairn.fib;

import dev.cairn.kernel.NexthopMessage;
import dev.cairn.kernel.Rtnl;
import java.time.Duration;

/**
 * How the FIB writer programs the kernel.
 *
 * @param table routing table id (254 = main); ids above 255 are fine
 * @param protocol the {@code rtm_protocol}/{@code nh_protocol} tag on everything cairn installs,
 *     and how it recognises its own routes after a restart
 * @param metric the kernel route metric ({@code RTA_PRIORITY}) of every cairn route; the RIB has
 *     already picked one route per prefix
 * @param useNexthopObjects program routes through shared nexthop groups when the kernel has them
 *     (5.3+); otherwise, or when false, {@code RTA_MULTIPATH}
 * @param resilient resilient group parameters (kernel 5.13+), or null for hash-threshold groups
 * @param firstNexthopId the lowest nexthop object id cairn allocates (ids are per namespace and
 *     shared with other daemons; ids in use are skipped)
 * @param minBackoff first retry delay of a failed operation; it doubles up to {@code maxBackoff}
 */
public record FibConfig(
    int table,
    int protocol,
    int metric,
    boolean useNexthopObjects,
    NexthopMessage.Resilient resilient,
    int firstNexthopId,
    Duration minBackoff,
    Duration maxBackoff) {

  /**
   * cairn's route protocol number. 222 is free in the kernel's {@code rtnetlink.h} list, in
   * iproute2's {@code rt_protos} and in FRR's block (186..198, which grows upward); packaging
   * should install {@code /etc/iproute2/rt_protos.d/cairn.conf} with "222 cairn".
   */
  public static final int RTPROT_CAIRN = 222;

  public FibConfig {
    if (table <= 0 || table == Rtnl.RT_TABLE_LOCAL) {
      throw new IllegalArgumentException("table " + table + " cannot hold cairn routes");
    }
    if (protocol <= 4 || protocol > 255) {
      throw new IllegalArgumentException("route protocol " + protocol + " is out of 5..255");
    }
    if (firstNexthopId <= 0) {
      throw new IllegalArgumentException("nexthop ids start at 1");
    }
  }

  /** Main table, protocol 222, metric 20, nexthop objects, no resilience, backoff 1 s..60 s. */
  public static FibConfig defaults() {
    return new FibConfig(
        Rtnl.RT_TABLE_MAIN,
        RTPROT_CAIRN,
        20,
        true,
        null,
        0x0CA10000,
        Duration.ofSeconds(1),
        Duration.ofSeconds(60));
  }

  public FibConfig withTable(int t) {
    return new FibConfig(
        t, protocol, metric, useNexthopObjects, resilient, firstNexthopId, minBackoff, maxBackoff);
  }

  public FibConfig withNexthopObjects(boolean use) {
    return new FibConfig(
        table, protocol, metric, use, resilient, firstNexthopId, minBackoff, maxBackoff);
  }

  public FibConfig withResilient(NexthopMessage.Resilient r) {
    return new FibConfig(
        table, protocol, metric, useNexthopObjects, r, firstNexthopId, minBackoff, maxBackoff);
  }

  public FibConfig withMetric(int m) {
    return new FibConfig(
        table, protocol, m, useNexthopObjects, resilient, firstNexthopId, minBackoff, maxBackoff);
  }

  public FibConfig withBackoff(Duration min, Duration max) {
    return new FibConfig(
        table, protocol, metric, useNexthopObjects, resilient, firstNexthopId, min, max);
  }
}
