package dev.cairn.daemon;

import dev.cairn.bgp.fsm.PeerConfig;
import dev.cairn.bgp.rib.DecisionOptions;
import dev.cairn.bgp.speaker.BgpSpeaker;
import dev.cairn.bgp.speaker.Neighbor;
import dev.cairn.bgp.speaker.RoutePolicy;
import dev.cairn.bgp.transport.NettyTransport;
import dev.cairn.bgp.wire.Capability;
import dev.cairn.config.BgpConfig;
import dev.cairn.config.CairnConfig;
import dev.cairn.config.ConfigException;
import dev.cairn.config.ConfigLoader;
import dev.cairn.config.NeighborConfig;
import dev.cairn.config.Policy;
import dev.cairn.config.StaticRoute;
import dev.cairn.event.ThreadEventLoop;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;
import dev.cairn.net.Ipv6Address;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Rib;
import dev.cairn.rib.RibChange;
import dev.cairn.rib.Route;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code cairnd --config FILE}: the daemon. Today it runs the BGP speaker from the {@code bgp:}
 * section; the RIB, the kernel FIB, the shell, metrics and the other protocols are wired here as
 * their issues land. {@code --check} validates the file and exits.
 */
public final class Cairnd {
  private static final Logger LOG = Logger.getLogger(Cairnd.class.getName());

  private Cairnd() {}

  public static void main(String[] args) throws Exception {
    Path config = Path.of("/etc/cairn/cairn.yaml");
    boolean check = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--config", "-c" -> {
          if (i + 1 >= args.length) {
            usage("--config needs a file");
          }
          config = Path.of(args[++i]);
        }
        case "--check" -> check = true;
        case "--help", "-h" -> usage(null);
        default -> usage("unknown argument " + args[i]);
      }
    }
    CairnConfig cfg;
    try {
      cfg = ConfigLoader.load(config);
    } catch (ConfigException e) {
      System.err.println(e);
      System.exit(1);
      return;
    }
    if (check) {
      System.out.println(config + ": OK");
      return;
    }
    LogFormat.install(Level.INFO);
    run(cfg);
  }

  private static void usage(String problem) {
    if (problem != null) {
      System.err.println("cairnd: " + problem);
    }
    System.err.println("usage: cairnd [--config FILE] [--check]");
    System.exit(problem == null ? 0 : 2);
  }

  /**
   * Connected routes from the interfaces' addresses at start-up (IPv6 link-local left out). The
   * netlink link/address monitor of the FIB issue will keep them current; until then they are read
   * once.
   */
  static void offerConnected(Rib rib) {
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nif.isUp()) {
          continue;
        }
        for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
          IpAddress a = IpAddress.fromBytes(ia.getAddress().getAddress());
          if (a instanceof Ipv6Address v6 && v6.isLinkLocal()) {
            continue;
          }
          rib.offer(
              new Route(
                  IpPrefix.of(a, ia.getNetworkPrefixLength()),
                  Protocol.CONNECTED,
                  List.of(new NextHop(null, nif.getName())),
                  0));
        }
      }
    } catch (SocketException e) {
      LOG.warning("cannot list interfaces: " + e.getMessage());
    }
  }

  static Rib startRib(CairnConfig cfg) {
    ThreadEventLoop ribLoop = new ThreadEventLoop("rib");
    Rib rib = new Rib(ribLoop, cfg.kernel().maxPaths());
    offerConnected(rib);
    for (StaticRoute r : cfg.staticRoutes()) {
      List<NextHop> hops = r.blackhole() ? List.of() : r.via().stream().map(NextHop::via).toList();
      rib.offer(new Route(r.prefix(), Protocol.STATIC, hops, 0));
    }
    rib.subscribe(ribLoop, changes -> changes.forEach(c -> LOG.info("rib: " + c)));
    if (cfg.kernel().enabled()) {
      KernelSync.start(cfg.kernel(), rib);
    } else {
      LOG.info("kernel: disabled, routes stay in the RIB");
    }
    return rib;
  }

  static void run(CairnConfig cfg) throws InterruptedException {
    if (cfg.bgp().isEmpty()) {
      LOG.warning("no bgp section: nothing to run yet");
      return;
    }
    BgpConfig b = cfg.bgp().get();
    Map<String, RoutePolicy> policies = new HashMap<>();
    policies.put(Policy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL);
    policies.put(Policy.REJECT_ALL, RoutePolicy.REJECT_ALL);
    for (Policy p : cfg.policies().values()) {
      try {
        PolicyCompiler.checkCompilable(p);
      } catch (RuntimeException e) {
        LOG.severe("policy " + p.name() + ": " + e.getMessage());
        System.exit(1);
      }
      policies.put(p.name(), PolicyCompiler.compile(p));
    }
    Ipv4Address routerId = cfg.bgpRouterId();
    ThreadEventLoop loop = new ThreadEventLoop("bgp");
    NettyTransport transport = new NettyTransport(loop, b.listen().port());
    DecisionOptions decision =
        new DecisionOptions(
            b.decision().alwaysCompareMed(),
            b.decision().deterministicMed(),
            b.multipath().ebgp(),
            b.multipath().ibgp(),
            b.multipath().asPathRelax());
    Rib rib = startRib(cfg);
    BgpSpeaker speaker = new BgpSpeaker(loop, b.asn(), routerId, transport, rib, decision);
    speaker.setResolver(rib);
    Set<String> redistribute = new HashSet<>();
    b.redistribute().forEach(p -> redistribute.add(p.configName()));
    redistribute.remove("bgp"); // BGP's own routes are already in BGP
    if (!redistribute.isEmpty()) {
      // the RIB's best routes of those protocols are offered to BGP's export policies
      rib.subscribe(
          loop,
          changes -> {
            for (RibChange c : changes) {
              boolean offered =
                  c.best() != null && redistribute.contains(c.best().protocol().family());
              speaker.redistribute(c.prefix(), offered);
            }
          });
    }
    b.clusterId().ifPresent(speaker::setClusterId);
    speaker.setGracefulRestart(b.gracefulRestart().enabled());
    for (NeighborConfig n : b.neighbors()) {
      n.password().ifPresent(p -> transport.setPassword(n.address(), p));
      n.ttlSecurity().ifPresent(hops -> transport.setTtlSecurity(n.address(), hops));
      List<Capability> caps = new ArrayList<>();
      n.families().forEach(f -> caps.add(Capability.Multiprotocol.of(f)));
      caps.add(new Capability.RouteRefresh());
      caps.add(new Capability.FourOctetAs(b.asn()));
      if (b.gracefulRestart().enabled()) {
        // helper: we keep a restarting neighbor's routes; our own forwarding state is not kept
        caps.add(
            new Capability.GracefulRestart(
                false,
                false,
                (int) b.gracefulRestart().restartTime().toSeconds(),
                n.families().stream()
                    .map(
                        f ->
                            new Capability.GracefulRestartFamily(
                                f.afi().code(), f.safi().code(), false))
                    .toList()));
      }
      PeerConfig pc =
          new PeerConfig(
              b.asn(),
              n.asn(),
              routerId,
              n.address(),
              n.localAddress().orElse(null),
              (int) n.timers().hold().toSeconds(),
              (int) n.timers().keepalive().toSeconds(),
              n.timers().connectRetry(),
              n.passive(),
              caps,
              Duration.ofSeconds(1),
              Duration.ofSeconds(120));
      speaker.addNeighbor(
          new Neighbor(
              pc,
              n.importPolicy().map(policies::get).orElse(null),
              n.exportPolicy().map(policies::get).orElse(null),
              n.routeReflectorClient(),
              n.maxPrefixes().map(NeighborConfig.MaxPrefixes::limit).orElse(0L),
              n.maxPrefixes().flatMap(NeighborConfig.MaxPrefixes::restart).orElse(null),
              n.nextHopSelf()));
      LOG.info(
          "neighbor "
              + n.address()
              + " AS "
              + n.asn()
              + (n.importPolicy().isEmpty() && n.asn() != b.asn()
                  ? " (no import/export policy: no routes exchanged, RFC 8212)"
                  : ""));
    }
    transport.listen(b.listen().address(), c -> speaker.accept(c));
    LOG.info(
        "BGP AS "
            + b.asn()
            + " router-id "
            + routerId
            + " listening on "
            + b.listen().address()
            + " port "
            + b.listen().port());
    loop.execute(
        () -> {
          speaker.start();
          for (NeighborConfig n : b.neighbors()) {
            if (n.shutdown()) {
              speaker.shutdown(n.address(), n.shutdownMessage().orElse("administratively down"));
            }
          }
          b.announce().forEach(speaker::announce);
        });
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping: Cease to every neighbor");
                  CountDownLatch sent = new CountDownLatch(1);
                  loop.execute(
                      () -> {
                        speaker.stop("cairnd is shutting down");
                        sent.countDown();
                      });
                  try {
                    // the NOTIFICATIONs are queued on the I/O thread now; its graceful shutdown
                    // in transport.close() writes them before the sockets close
                    sent.await(2, java.util.concurrent.TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  transport.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
  }
}
