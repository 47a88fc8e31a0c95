package dev.cairn.ospf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.net.Ipv4Address;
import dev.cairn.net.Ipv4Prefix;
import dev.cairn.ospf.transport.InMemorySegment;
import dev.cairn.ospf.transport.OspfTransport;
import dev.cairn.ospf.wire.Authentication;
import dev.cairn.ospf.wire.Ipv4;
import dev.cairn.ospf.wire.LsaHeader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The daemon-facing facade built from settings records, with snapshots and counters. */
class OspfInstanceTest {
  static OspfSettings settings(String rid, String key) {
    InterfaceSettings eth0 = InterfaceSettings.broadcast(0, 10).withAuth(md5(key));
    return new OspfSettings(
        Ipv4Address.parse(rid),
        List.of(new AreaSettings(Ipv4Address.parse("0.0.0.0"), false, Map.of("eth0", eth0))),
        100_000);
  }

  static Authentication md5(String key) {
    return Authentication.md5(Authentication.Key.of(1, key));
  }

  static <T> T get(Lab lab, CompletableFuture<T> f) {
    lab.loop.runPending();
    return f.join();
  }

  @Test
  void instancesBuiltFromConfigFormAnAdjacencyAndAnswerQueries() {
    Lab lab = new Lab();
    InMemorySegment seg = lab.segment("198.51.100.0/24");
    Map<String, OspfTransport> a = Map.of("eth0", seg.attach("eth0", 1, lab.loop));
    Map<String, OspfTransport> b = Map.of("eth0", seg.attach("eth0", 2, lab.loop));
    Lab.Sink sa = new Lab.Sink();
    OspfInstance x =
        OspfInstance.create(
            settings("192.0.2.1", "k"), (n, p2p) -> a.get(n), lab.loop, sa, s -> {});
    OspfInstance y =
        OspfInstance.create(
            settings("192.0.2.2", "k"), (n, p2p) -> b.get(n), lab.loop, new Lab.Sink(), s -> {});
    x.start();
    y.start();
    lab.await(
        Duration.ofSeconds(120),
        () -> get(lab, x.neighbors()).stream().anyMatch(n -> n.state() == NeighborState.FULL),
        "Full");
    y.originateExternal(Ipv4Prefix.of(Ipv4.parse("203.0.113.0"), 24), false, 7, null);
    lab.await(Duration.ofSeconds(30), () -> sa.get("203.0.113.0/24") != null, "external");
    assertEquals(10 + 7, sa.get("203.0.113.0/24").metric()); // E1: cost to the ASBR + 7
    List<InterfaceInfo> ifs = get(lab, x.interfaces());
    assertEquals(InterfaceState.BACKUP, ifs.get(0).state());
    assertEquals(Ipv4Address.parse("198.51.100.2"), ifs.get(0).designatedRouter());
    List<LsaHeader> db = get(lab, x.database(Ipv4Address.parse("0.0.0.0")));
    assertEquals(3, db.size()); // two router-LSAs, one network-LSA
    assertEquals(1, get(lab, x.database(null)).size());
    assertEquals(2, get(lab, x.lsdbCount(Ipv4Address.parse("0.0.0.0"), 1)));
    assertTrue(x.spfRuns() > 0);
    assertTrue(get(lab, x.routes()).stream().anyMatch(r -> r.prefix().length() == 24));
    get(lab, y.shutdown());
    lab.await(Duration.ofSeconds(10), () -> sa.get("203.0.113.0/24") == null, "flushed");
  }
}
