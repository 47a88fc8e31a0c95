package dev.cairn.daemon;

import dev.cairn.bgp.fsm.PeerConfig;
import dev.cairn.bgp.rib.DecisionOptions;
import dev.cairn.bgp.speaker.BgpSpeaker;
import dev.cairn.bgp.speaker.Neighbor;
import dev.cairn.bgp.transport.NettyTransport;
import dev.cairn.bgp.wire.Capability;
import dev.cairn.config.CairnConfig;
import dev.cairn.config.ConfigException;
import dev.cairn.config.ConfigLoader;
import dev.cairn.event.ThreadEventLoop;
import dev.cairn.net.Family;
import dev.cairn.net.IpPrefix;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Route;
import dev.cairn.rib.RouteSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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
      System.err.println(e.getMessage());
      System.exit(1);
      return;
    } catch (IOException e) {
      System.err.println(config + ": cannot read: " + e.getMessage());
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

  /** A RIB stand-in until the RIB issue lands: logs what BGP would install. */
  static final class LoggingRib implements RouteSink {
    @Override
    public void offer(Route r) {
      LOG.info("rib: " + r);
    }

    @Override
    public void withdraw(Protocol protocol, IpPrefix prefix) {
      LOG.info("rib: withdraw " + protocol.name().toLowerCase() + " " + prefix);
    }
  }

  static void run(CairnConfig cfg) throws InterruptedException {
    CairnConfig.Bgp b = cfg.bgp();
    if (b == null) {
      LOG.warning("no bgp section: nothing to run yet");
      return;
    }
    ThreadEventLoop loop = new ThreadEventLoop("bgp");
    NettyTransport transport = new NettyTransport(loop, b.listenPort());
    DecisionOptions decision =
        new DecisionOptions(false, true, b.ebgpMaxPaths(), b.ibgpMaxPaths(), b.asPathRelax());
    BgpSpeaker speaker =
        new BgpSpeaker(loop, b.asn(), cfg.routerId(), transport, new LoggingRib(), decision);
    List<Capability> caps =
        List.of(
            Capability.Multiprotocol.of(Family.IPV4_UNICAST),
            Capability.Multiprotocol.of(Family.IPV6_UNICAST),
            new Capability.RouteRefresh(),
            new Capability.FourOctetAs(b.asn()));
    for (CairnConfig.Neighbor n : b.neighbors()) {
      if (n.password() != null) {
        transport.setPassword(n.address(), n.password());
      }
      PeerConfig pc =
          new PeerConfig(
              b.asn(),
              n.asn(),
              cfg.routerId(),
              n.address(),
              n.localAddress(),
              (int) n.holdTime().toSeconds(),
              (int) n.keepalive().toSeconds(),
              n.connectRetry(),
              n.passive(),
              caps,
              java.time.Duration.ofSeconds(1),
              java.time.Duration.ofSeconds(120));
      speaker.addNeighbor(new Neighbor(pc, n.importPolicy(), n.exportPolicy()));
      LOG.info(
          "neighbor "
              + n.address()
              + " AS "
              + n.asn()
              + (n.importPolicy() == null && n.asn() != b.asn()
                  ? " (no import/export policy: no routes exchanged, RFC 8212)"
                  : ""));
    }
    transport.listen(b.listenAddress(), c -> speaker.accept(c));
    LOG.info(
        "BGP AS "
            + b.asn()
            + " router-id "
            + cfg.routerId()
            + " listening on "
            + b.listenAddress()
            + " port "
            + b.listenPort());
    loop.execute(
        () -> {
          speaker.start();
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
