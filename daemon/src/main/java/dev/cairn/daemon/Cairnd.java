package dev.cairn.daemon;

import dev.cairn.cli.ControlServer;
import dev.cairn.config.CairnConfig;
import dev.cairn.config.ConfigException;
import dev.cairn.config.ConfigLoader;
import dev.cairn.config.ControlConfig;
import dev.cairn.daemon.component.ComponentException;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv6Address;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Route;
import dev.cairn.rib.RouteSink;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code cairnd --config FILE}: the daemon. It starts what the file describes ({@link Daemon}), the
 * control socket for the {@code cairn} shell, the Prometheus endpoint, tells systemd when it is
 * ready, reloads on SIGHUP and sends Cease to every neighbor on SIGTERM. {@code --check} validates
 * the file and exits.
 */
public final class Cairnd {
  static {
    // before the first logger: keep logging through shutdown (see LogFormat.Manager)
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", LogFormat.Manager.class.getName());
    }
  }

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
      System.exit(ExitStatus.CONFIG); // systemd does not restart on it
      return;
    }
    if (check) {
      System.out.println(config + ": OK");
      return;
    }
    LogFormat.install(Level.INFO);
    run(config, cfg);
  }

  private static void usage(String problem) {
    if (problem != null) {
      System.err.println("cairnd: " + problem);
    }
    System.err.println("usage: cairnd [--config FILE] [--check]");
    System.exit(problem == null ? ExitStatus.OK : ExitStatus.USAGE);
  }

  /**
   * Connected routes from the interfaces' addresses at start-up (IPv6 link-local left out). The
   * netlink link/address monitor of the FIB issue will keep them current; until then they are read
   * once.
   */
  static void offerConnected(RouteSink rib) {
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
              Route.of(
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

  /** The control socket's settings for {@code c}: its group, and who may change state. */
  static ControlServer.Settings controlSettings(ControlConfig c) throws java.io.IOException {
    return ControlComponent.settings(c);
  }

  static void run(Path configPath, CairnConfig cfg) throws Exception {
    SdNotify notify = SdNotify.fromEnvironment();
    Daemon d;
    try {
      d = Daemon.start(configPath, cfg);
    } catch (RuntimeException e) {
      LOG.severe("cannot start: " + e.getMessage());
      System.exit(ExitStatus.START);
      return;
    }
    Commands commands = Commands.of(d);
    MetricsComponent metrics = new MetricsComponent(d);
    try {
      // the control socket and the metrics endpoint join the daemon's components: a reload
      // moves them too
      d.add(new ControlComponent(commands.tree()));
      d.add(metrics);
    } catch (ComponentException e) {
      LOG.severe(e.getMessage());
      d.stop();
      System.exit(ExitStatus.START);
      return;
    }
    commands.setMetrics(metrics.metrics());
    sun.misc.Signal.handle(
        new sun.misc.Signal("HUP"),
        sig ->
            new Thread(
                    () -> {
                      notify.reloading();
                      Daemon.ReloadResult r = d.reload();
                      LOG.info(
                          "SIGHUP: reload "
                              + (r.ok() ? "done" : "refused or not fully applied (see above)"));
                      notify.ready("reloaded");
                    },
                    "reload")
                .start());
    if (!Startup.ready(d.kernel, notify, System::exit, () -> "running: " + commands.statusLine())) {
      return;
    }
    notify.startWatchdog(d);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  notify.stopping();
                  d.stop();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
  }
}
