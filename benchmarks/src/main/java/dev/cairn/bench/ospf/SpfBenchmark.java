package dev.cairn.bench.ospf;

import dev.cairn.ospf.spf.LocalInterface;
import dev.cairn.ospf.spf.LsaLookup;
import dev.cairn.ospf.spf.Spf;
import dev.cairn.ospf.wire.Lsa;
import dev.cairn.ospf.wire.LsaBody;
import dev.cairn.ospf.wire.LsaBody.RouterLink;
import dev.cairn.ospf.wire.LsaBody.RouterLsa;
import dev.cairn.ospf.wire.LsaHeader;
import dev.cairn.ospf.wire.LsaKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A full OSPF routing table calculation (RFC 2328 16.1 with ECMP next hops) on a generated area of
 * {@code routers} routers: a ring plus 1.5 random point-to-point chords per router, costs 1..3
 * (many equal-cost paths), a loopback /32 and a /30 stub per link end, i.e. about 3.5 stub prefixes
 * per router. One operation is one SPF from one root.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SpfBenchmark -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SpfBenchmark {
  @Param({"1000", "10000"})
  int routers;

  private LsaLookup lookup;
  private List<LocalInterface> rootInterfaces;
  private final int root = rid(0);

  static int rid(int i) {
    return 0xc0000000 | (i + 1);
  }

  @Setup
  public void setup() {
    Random rnd = new Random(1);
    List<List<RouterLink>> links = new ArrayList<>();
    for (int i = 0; i < routers; i++) {
      links.add(new ArrayList<>());
    }
    rootInterfaces = new ArrayList<>();
    Set<Long> used = new HashSet<>();
    int linkNo = 0;
    int wanted = routers + routers * 3 / 2;
    int made = 0;
    for (int k = 0; made < wanted; k++) {
      int a = k < routers ? k : rnd.nextInt(routers);
      int b = k < routers ? (k + 1) % routers : rnd.nextInt(routers);
      if (a == b || !used.add(Math.min(a, b) * 1_000_000L + Math.max(a, b))) {
        continue;
      }
      made++;
      int net = 0x0a000000 + 4 * linkNo++;
      int ca = 1 + rnd.nextInt(3);
      int cb = 1 + rnd.nextInt(3);
      links.get(a).add(new RouterLink(rid(b), net + 1, LsaBody.LINK_P2P, ca));
      links.get(a).add(new RouterLink(net, 0xfffffffc, LsaBody.LINK_STUB, ca));
      links.get(b).add(new RouterLink(rid(a), net + 2, LsaBody.LINK_P2P, cb));
      links.get(b).add(new RouterLink(net, 0xfffffffc, LsaBody.LINK_STUB, cb));
      if (a == 0) {
        rootInterfaces.add(new LocalInterface("p" + linkNo, 0, net + 1, 0xfffffffc));
      }
      if (b == 0) {
        rootInterfaces.add(new LocalInterface("p" + linkNo, 0, net + 2, 0xfffffffc));
      }
    }
    Map<LsaKey, Lsa> db = new HashMap<>();
    List<Lsa> routerLsas = new ArrayList<>();
    for (int i = 0; i < routers; i++) {
      links.get(i).add(new RouterLink(0xcb000000 | (i + 1), 0xffffffff, LsaBody.LINK_STUB, 0));
      Lsa l =
          Lsa.build(0, 2, rid(i), rid(i), LsaHeader.INITIAL_SEQ, new RouterLsa(0, links.get(i)));
      db.put(l.key(), l);
      routerLsas.add(l);
    }
    lookup =
        new LsaLookup() {
          @Override
          public Lsa get(LsaKey key) {
            return db.get(key);
          }

          @Override
          public Iterable<Lsa> ofType(int type) {
            return type == 1 ? routerLsas : List.of();
          }
        };
  }

  @Benchmark
  public Spf.Result spf() {
    return Spf.compute(root, List.of(new Spf.AreaInput(0, lookup)), null, rootInterfaces);
  }
}
