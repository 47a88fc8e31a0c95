package dev.cairn.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The text and JSON of the commands whose state a test in this JVM cannot make live (OSPF needs raw
 * sockets, {@code show fib} netlink): their view records built from made-up reports ({@link
 * Samples}) and rendered, byte for byte as cairn has always printed them, and valid against their
 * schemas.
 */
class ViewRenderingTest {
  static OspfViews.Database database() {
    return new OspfViews.Database(
        List.of(
            new OspfViews.AreaLsas("0.0.0.0", OspfCommands.lsas(Samples.lsas(0))),
            new OspfViews.AreaLsas("0.0.0.1", OspfCommands.lsas(Samples.lsas(1)))),
        OspfCommands.lsas(Samples.lsas(2)),
        100,
        3);
  }

  @Test
  void ospfNeighbors() throws Exception {
    OspfViews.Neighbors v = OspfCommands.neighbors(Samples.ospfNeighbors());
    assertThat(OspfText.neighbors(v))
        .isEqualTo(
            """
        Neighbor ID     Pri State      Address         Interface    DR              BDR           \s
        192.0.2.2         1 FULL       192.0.2.2       eth0         192.0.2.1       192.0.2.2     \s
        192.0.2.9         0 TWO_WAY    198.51.100.9    eth1         null            null          \s
        """);
    assertThat(Json.write(v))
        .isEqualTo(
            "{\"neighbors\":[{\"router-id\":\"192.0.2.2\",\"address\":\"192.0.2.2\",\"interface\":\"eth0\",\"priority\":1,\"state\":\"FULL\",\"dr\":\"192.0.2.1\",\"bdr\":\"192.0.2.2\",\"retransmissions\":0,\"requests\":0},{\"router-id\":\"192.0.2.9\",\"address\":\"198.51.100.9\",\"interface\":\"eth1\",\"priority\":0,\"state\":\"TWO_WAY\",\"dr\":null,\"bdr\":null,\"retransmissions\":3,\"requests\":2}]}\n");
    assertThat(JsonSchemas.check("ospf-neighbor", Json.write(v))).isEmpty();
  }

  @Test
  void ospfInterfaces() throws Exception {
    OspfViews.Interfaces v = OspfCommands.interfaces(Samples.ospfInterfaces());
    assertThat(OspfText.interfaces(v))
        .isEqualTo(
            """
        eth0 is DR, address 192.0.2.1/24, area 0.0.0.0, cost 10
          DR 192.0.2.1, BDR 192.0.2.2, 1 neighbors, 1 adjacent
        lo is WAITING, address 203.0.113.1/32, area 0.0.0.1, cost 1, passive
          DR null, BDR null, 0 neighbors, 0 adjacent
        """);
    assertThat(Json.write(v))
        .isEqualTo(
            "{\"interfaces\":[{\"name\":\"eth0\",\"area\":\"0.0.0.0\",\"address\":\"192.0.2.1/24\",\"state\":\"DR\",\"dr\":\"192.0.2.1\",\"bdr\":\"192.0.2.2\",\"cost\":10,\"passive\":false,\"neighbors\":1,\"adjacencies\":1,\"dropped-packets\":0},{\"name\":\"lo\",\"area\":\"0.0.0.1\",\"address\":\"203.0.113.1/32\",\"state\":\"WAITING\",\"dr\":null,\"bdr\":null,\"cost\":1,\"passive\":true,\"neighbors\":0,\"adjacencies\":0,\"dropped-packets\":7}]}\n");
    assertThat(JsonSchemas.check("ospf-interface", Json.write(v))).isEmpty();
  }

  @Test
  void ospfRoutes() throws Exception {
    OspfViews.Routes v = OspfCommands.routes(Samples.ospfRoutes());
    assertThat(OspfText.routes(v))
        .isEqualTo(
            """
        198.51.100.0/24      ospf-intra-area        20  Hop[interfaceName=eth0, gateway=-1073741310], Hop[interfaceName=eth1, gateway=-1073741309]
        203.0.113.0/24       ospf-external-2        20  Hop[interfaceName=eth0, gateway=-1073741310]
        """);
    assertThat(Json.write(v))
        .isEqualTo(
            "{\"routes\":[{\"prefix\":\"198.51.100.0/24\",\"type\":\"ospf-intra-area\",\"cost\":20,\"type2-cost\":0,\"next-hops\":[\"Hop[interfaceName=eth0, gateway=-1073741310]\",\"Hop[interfaceName=eth1, gateway=-1073741309]\"]},{\"prefix\":\"203.0.113.0/24\",\"type\":\"ospf-external-2\",\"cost\":30,\"type2-cost\":20,\"next-hops\":[\"Hop[interfaceName=eth0, gateway=-1073741310]\"]}]}\n");
    assertThat(JsonSchemas.check("ospf-route", Json.write(v))).isEmpty();
  }

  @Test
  void ospfDatabase() throws Exception {
    OspfViews.Database v = database();
    assertThat(OspfText.database(v))
        .isEqualTo(
            """
        Area 0.0.0.0
          Type Link ID         ADV Router        Age Seq#     \s
          1    205.43.113.236  192.0.2.1          12 0x80000001
          2    192.0.2.2       192.0.2.2        3600 0x80000010
        Area 0.0.0.1
          Type Link ID         ADV Router        Age Seq#     \s
          1    205.43.113.236  192.0.2.1          12 0x80000002
          2    192.0.2.2       192.0.2.2        3600 0x80000010
        AS external (max-external-lsas 100, 3 new ones refused)
          Type Link ID         ADV Router        Age Seq#     \s
          1    205.43.113.236  192.0.2.1          12 0x80000003
          2    192.0.2.2       192.0.2.2        3600 0x80000010
        """);
    assertThat(Json.write(v))
        .isEqualTo(
            "{\"areas\":[{\"area\":\"0.0.0.0\",\"lsas\":[{\"type\":1,\"link-state-id\":\"205.43.113.236\",\"advertising-router\":\"192.0.2.1\",\"age\":12,\"sequence\":\"0x80000001\"},{\"type\":2,\"link-state-id\":\"192.0.2.2\",\"advertising-router\":\"192.0.2.2\",\"age\":3600,\"sequence\":\"0x80000010\"}]},{\"area\":\"0.0.0.1\",\"lsas\":[{\"type\":1,\"link-state-id\":\"205.43.113.236\",\"advertising-router\":\"192.0.2.1\",\"age\":12,\"sequence\":\"0x80000002\"},{\"type\":2,\"link-state-id\":\"192.0.2.2\",\"advertising-router\":\"192.0.2.2\",\"age\":3600,\"sequence\":\"0x80000010\"}]}],\"external\":[{\"type\":1,\"link-state-id\":\"205.43.113.236\",\"advertising-router\":\"192.0.2.1\",\"age\":12,\"sequence\":\"0x80000003\"},{\"type\":2,\"link-state-id\":\"192.0.2.2\",\"advertising-router\":\"192.0.2.2\",\"age\":3600,\"sequence\":\"0x80000010\"}]}\n");
    assertThat(JsonSchemas.check("ospf-database", Json.write(v))).isEmpty();
  }

  @Test
  void fibWithDifferences() throws Exception {
    RouteViews.Fib v = FibCommands.view(Samples.fib(false));
    assertThat(RouteText.fib(v))
        .isEqualTo(
            """
        Kernel table 100, protocol 186, multipath routes
        3 routes wanted, 3 in the kernel

          198.51.100.0/24          via 192.0.2.2, via 192.0.2.3
        ! 203.0.113.0/24           via 192.0.2.2, eth0
        ! 192.0.2.128/25           blackhole

        Differences:
          missing from the kernel: 192.0.2.128/25
          missing from the kernel: 203.0.113.0/24
          in the kernel, not in the RIB: 192.0.2.64/26
          failing: 203.0.113.0/24: 203.0.113.0/24: EINVAL (Invalid argument) [attempt 3]
        1 routes adopted from a previous run await reconciliation
        Last repair: 198.51.100.0/24 at 2026-12-08T00:00:00Z (route deleted by someone else)
        """);
    assertThat(Json.write(v))
        .isEqualTo(
            "{\"table\":100,\"protocol\":186,\"nexthop-objects\":false,\"routes-wanted\":3,\"routes-in-kernel\":3,\"missing\":[\"192.0.2.128/25\",\"203.0.113.0/24\"],\"unexpected\":[\"192.0.2.64/26\"],\"adopted\":[\"192.0.2.32/27\"],\"failing\":[\"203.0.113.0/24: 203.0.113.0/24: EINVAL (Invalid argument) [attempt 3]\"],\"last-repair\":{\"time\":\"2026-12-08T00:00:00Z\",\"prefix\":\"198.51.100.0/24\",\"reason\":\"route deleted by someone else\"},\"routes\":[{\"prefix\":\"198.51.100.0/24\",\"protocol\":\"ebgp\",\"next-hops\":[{\"gateway\":\"192.0.2.2\",\"interface\":null},{\"gateway\":\"192.0.2.3\",\"interface\":null}],\"in-kernel\":true},{\"prefix\":\"203.0.113.0/24\",\"protocol\":\"ospf-external-2\",\"next-hops\":[{\"gateway\":\"192.0.2.2\",\"interface\":\"eth0\"}],\"in-kernel\":false},{\"prefix\":\"192.0.2.128/25\",\"protocol\":\"static\",\"next-hops\":[],\"in-kernel\":false}]}\n");
    assertThat(JsonSchemas.check("fib", Json.write(v))).isEmpty();
  }

  @Test
  void fibInAgreement() throws Exception {
    RouteViews.Fib v = FibCommands.view(Samples.fib(true));
    assertThat(RouteText.fib(v))
        .isEqualTo(
            """
        Kernel table 254, protocol 186, nexthop objects
        3 routes wanted, 3 in the kernel

          198.51.100.0/24          via 192.0.2.2, via 192.0.2.3
          203.0.113.0/24           via 192.0.2.2, eth0
          192.0.2.128/25           blackhole

        The kernel agrees with the RIB.
        """);
    assertThat(Json.write(v))
        .isEqualTo(
            "{\"table\":254,\"protocol\":186,\"nexthop-objects\":true,\"routes-wanted\":3,\"routes-in-kernel\":3,\"missing\":[],\"unexpected\":[],\"adopted\":[],\"failing\":[],\"last-repair\":null,\"routes\":[{\"prefix\":\"198.51.100.0/24\",\"protocol\":\"ebgp\",\"next-hops\":[{\"gateway\":\"192.0.2.2\",\"interface\":null},{\"gateway\":\"192.0.2.3\",\"interface\":null}],\"in-kernel\":true},{\"prefix\":\"203.0.113.0/24\",\"protocol\":\"ospf-external-2\",\"next-hops\":[{\"gateway\":\"192.0.2.2\",\"interface\":\"eth0\"}],\"in-kernel\":true},{\"prefix\":\"192.0.2.128/25\",\"protocol\":\"static\",\"next-hops\":[],\"in-kernel\":true}]}\n");
    assertThat(JsonSchemas.check("fib", Json.write(v))).isEmpty();
  }
}
