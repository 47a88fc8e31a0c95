package dev.cairn.daemon;

import dev.cairn.config.KernelConfig;
import dev.cairn.event.EventLoop;
import dev.cairn.event.ThreadEventLoop;
import dev.cairn.fib.FibConfig;
import dev.cairn.fib.FibWriter;
import dev.cairn.fib.WriterError;
import dev.cairn.kernel.KernelRoutes;
import dev.cairn.kernel.NexthopMessage;
import dev.cairn.kernel.RouteWatch;
import dev.cairn.rib.Channel;
import dev.cairn.rib.Rib;
import dev.cairn.rib.RibChange;
import dev.cairn.rib.Route;
import dev.cairn.rib.Source;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Keeps the kernel in step with the RIB: on its own loop it owns the netlink FIB writer, takes what
 * the RIB's kernel channel exports (the best routes of the {@code kernel.export} sources, with
 * their resolved next hops), writes them in batches, retries what failed, and after start-up
 * removes the routes a previous cairnd left that nothing offered again. It watches the kernel too:
 * route and nexthop notifications (a {@link RouteWatch}) are handed to the writer's {@link
 * dev.cairn.fib.KernelDrift}, which puts back within a moment what something else deleted or
 * changed, and every {@code kernel.scan-time} the whole table is compared.
 */
final class KernelSync {
  private static final Logger LOG = Logger.getLogger(KernelSync.class.getName());

  private final EventLoop loop = new ThreadEventLoop("fib");
  private final Channel channel; // the RIB's kernel channel: its export filter is kernel.export
  private FibWriter writer;
  private dev.cairn.kernel.Kernel kernel;
  private FibConfig fibConfig;
  private EventLoop.Timer retry;
  private EventLoop.Timer repairSoon;
  private AutoCloseable watch;
  private final java.util.concurrent.CompletableFuture<Integer> started =
      new java.util.concurrent.CompletableFuture<>();

  /** How the kernel side is reached: netlink in production; tests hand in kernels that fail. */
  interface Netlink {
    dev.cairn.kernel.Kernel open();

    AutoCloseable watch(int table, RouteWatch.Listener listener);

    Netlink REAL =
        new Netlink() {
          @Override
          public dev.cairn.kernel.Kernel open() {
            return KernelRoutes.open();
          }

          @Override
          public AutoCloseable watch(int table, RouteWatch.Listener listener) {
            return RouteWatch.start(null, table, listener);
          }
        };
  }

  private volatile LastRepair lastRepair;
  private volatile Duration scanTime;
  private Netlink
      netlink; // on the FIB loop: how the kernel was opened, for the watch of a moved table
  private boolean reconciled;

  /** The last route put back, for {@code show fib}. */
  record LastRepair(java.time.Instant time, dev.cairn.net.IpPrefix prefix, String reason) {}

  /** Notifications are acted on this long after the first: the echoes of a batch come first. */
  private static final Duration REPAIR_DELAY = Duration.ofMillis(100);

  private KernelSync(Rib rib) {
    channel = rib.channel(Source.KERNEL, Channel.Import.ALL);
  }

  /** The writer's settings for {@code cfg}: table, metric, resilient groups. */
  static FibConfig fibConfig(KernelConfig cfg) {
    FibConfig fc = FibConfig.defaults().withTable((int) cfg.table()).withMetric(cfg.metric());
    if (cfg.resilient().isPresent()) {
      KernelConfig.Resilient r = cfg.resilient().get();
      fc =
          fc.withResilient(
              new NexthopMessage.Resilient(r.buckets(), (int) r.idleTimer().toSeconds(), 0));
    }
    return fc;
  }

  static KernelSync start(KernelConfig cfg, Rib rib) {
    return start(cfg, rib, Netlink.REAL);
  }

  /**
   * Opens netlink, adopts the kernel's table and follows the RIB, on the FIB loop; {@link
   * #started()} says when that is done, or why it failed.
   */
  static KernelSync start(KernelConfig cfg, Rib rib, Netlink netlink) {
    KernelSync k = new KernelSync(rib);
    k.scanTime = cfg.scanTime();
    k.loop.execute(
        () -> {
          try {
            k.open(cfg, netlink);
          } catch (RuntimeException e) {
            if (k.watch != null) {
              try {
                k.watch.close();
              } catch (Exception ignored) {
                // closing what failed to start
              }
            }
            k.started.completeExceptionally(e);
          }
        });
    return k;
  }

  /**
   * The number of routes of a previous run adopted once netlink is open and the table read; fails
   * with why it could not be (cairnd then exits, see {@link Startup}).
   */
  java.util.concurrent.CompletableFuture<Integer> started() {
    return started;
  }

  private void open(KernelConfig cfg, Netlink netlink) {
    this.netlink = netlink;
    FibConfig fc = fibConfig(cfg);
    kernel = netlink.open();
    fibConfig = fc;
    writer = new FibWriter(kernel, fc);
    writer.drift().onRepair(this::repaired);
    // watch before reading the kernel: nothing changed in between goes unseen
    watch = netlink.watch(fc.table(), new Watcher());
    int adopted = writer.start();
    LOG.info(
        "kernel: table "
            + cfg.table()
            + (writer.usesNexthopObjects() ? ", nexthop objects" : ", multipath routes")
            + (writer.usesResilientGroups() ? " (resilient)" : "")
            + ", adopted "
            + adopted
            + " routes of a previous run");
    loop.schedule(cfg.reconcileAfter(), this::reconcile);
    scanEvery();
    channel.export(loop, exportFilter(cfg.export()), this::apply);
    started.complete(adopted);
  }

  private final io.micrometer.core.instrument.Timer batch =
      io.micrometer.core.instrument.Timer.builder("cairn.fib.batch")
          .description("Time to write one batch of route changes to the kernel")
          .register(Metrics.REGISTRY);
  private final io.micrometer.core.instrument.Counter operations =
      io.micrometer.core.instrument.Counter.builder("cairn.fib.operations")
          .description("Route changes handed to the kernel writer")
          .register(Metrics.REGISTRY);
  private final io.micrometer.core.instrument.Counter errors =
      io.micrometer.core.instrument.Counter.builder("cairn.fib.errors")
          .description("Kernel writes that failed (they are retried)")
          .register(Metrics.REGISTRY);

  /** The kernel channel's export filter: the best routes of {@code export}'s sources. */
  static Channel.Export exportFilter(Set<dev.cairn.config.Protocol> export) {
    return Channel.Export.of(dev.cairn.config.Protocol.sources(export));
  }

  /**
   * A new {@code kernel.export} (a reload): the routes of sources no longer listed leave the
   * kernel, those of sources now listed are installed.
   */
  void setExport(Set<dev.cairn.config.Protocol> export) {
    channel.setExport(exportFilter(export));
  }

  private void apply(List<RibChange> changes) {
    operations.increment(changes.size());
    for (RibChange c : changes) {
      Route best = c.best();
      if (best != null) {
        List<dev.cairn.rib.NextHop> hops = c.group().nextHops();
        // the RIB's route itself when it forwards through its group's hops (most do): a full
        // table is then not held a second time, as copies, in the writer's desired state
        writer.offer(
            best.nextHops().equals(hops)
                ? best
                : Route.of(c.prefix(), best.protocol(), hops, best.metric()));
      } else {
        writer.withdraw(c.prefix());
      }
    }
    flush();
  }

  /** Hands the route watch's notifications to the writer's loop. */
  private final class Watcher implements RouteWatch.Listener {
    @Override
    public void events(List<RouteWatch.Event> events) {
      loop.execute(() -> noted(events));
    }

    @Override
    public void overrun() {
      loop.execute(
          () -> {
            LOG.warning(
                "kernel: route notifications were lost (ENOBUFS), reading the kernel again");
            writer.requestResync("resync");
            flush();
          });
    }
  }

  private void noted(List<RouteWatch.Event> events) {
    for (RouteWatch.Event e : events) {
      if (e.route() != null) {
        writer.drift().route(e.route(), e.deleted());
      } else {
        writer.drift().nexthop(e.nexthop(), e.deleted());
      }
    }
    if (writer.drift().pending() && repairSoon == null) {
      repairSoon =
          loop.schedule(
              REPAIR_DELAY,
              () -> {
                repairSoon = null;
                writer.drift().repair();
                flush();
              });
    }
  }

  private void repaired(dev.cairn.fib.KernelDrift.Repair r) {
    io.micrometer.core.instrument.Counter.builder("cairn.fib.repairs")
        .description("Routes found lost or changed in the kernel and written again, by reason")
        .tag("reason", r.reason())
        .register(Metrics.REGISTRY)
        .increment();
    lastRepair = new LastRepair(java.time.Instant.now(), r.prefix(), r.reason());
    LOG.info("kernel: repairing " + r.prefix() + " (" + r.reason() + ")");
  }

  private void scanEvery() {
    loop.schedule(
        scanTime,
        () -> {
          report(writer.scan());
          flush();
          scanEvery();
        });
  }

  private void flush() {
    long t0 = System.nanoTime();
    List<WriterError> failed = writer.flush();
    batch.record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
    errors.increment(failed.size());
    report(failed);
    if (writer.nextRetryNanos() != Long.MAX_VALUE && retry == null) {
      long wait = Math.max(0, writer.nextRetryNanos() - System.nanoTime());
      retry =
          loop.schedule(
              Duration.ofNanos(wait),
              () -> {
                retry = null;
                flush();
              });
    }
  }

  private void reconcile() {
    reconciled = true;
    int stale = writer.adopted().size(); // (a route offered again leaves the adopted set)
    LOG.info(
        "kernel: reconciling, "
            + stale
            + " routes of a previous run that nothing offered again are removed");
    report(writer.reconcile());
    LOG.info("kernel: reconciled, " + writer.installedCount() + " routes installed");
  }

  private static void report(List<WriterError> errors) {
    for (WriterError e : errors) {
      LOG.warning("kernel: " + e);
    }
  }

  /** An interface appeared or changed: the writer learns its index (retries become due). */
  void linkChanged(int ifindex, String name) {
    loop.execute(
        () -> {
          if (writer != null) {
            writer.linkChanged(ifindex, name);
            flush();
          }
        });
  }

  /**
   * The kernel removed the routes and nexthops through a deleted interface: the writer re-reads the
   * kernel so its view matches, and puts back (or keeps retrying) what the RIB still wants.
   */
  void linkRemoved(int ifindex, String name) {
    loop.execute(
        () -> {
          if (writer != null) {
            LOG.info("kernel: interface " + name + " deleted, reading the kernel's routes again");
            report(writer.linkRemoved(ifindex, name));
          }
        });
  }

  /**
   * An interface went down or came back: the kernel drops the routes through a link that goes down
   * (and refused them while it was down), so the writer re-reads the kernel and installs again what
   * the RIB still wants.
   */
  void linkStateChanged(String name, boolean usable) {
    loop.execute(
        () -> {
          if (writer != null) {
            LOG.info(
                "kernel: interface "
                    + name
                    + (usable ? " up" : " down")
                    + ", reading the kernel's routes again");
            report(writer.resync());
            flush();
          }
        });
  }

  EventLoop loop() {
    return loop;
  }

  // ------------------------------------------------------------------ reload

  /** How often the whole table is compared (a reload changes it from the next comparison). */
  void setScanTime(Duration every) {
    scanTime = every;
  }

  /**
   * Moves cairn's routes to the kernel table, metric or nexthop-group kind of {@code next}, on this
   * loop: they are deleted where they are, then written with the new settings by a new writer
   * (which adopts what a previous cairnd left in the new table, as at start).
   */
  void moveTo(FibConfig next) {
    List<Route> desired = writer.desired();
    desired.forEach(r -> writer.withdraw(r.prefix()));
    report(writer.flush());
    if (watch != null) {
      try {
        watch.close();
      } catch (Exception e) {
        LOG.warning("kernel: closing the route watch of table " + fibConfig.table() + ": " + e);
      }
    }
    writer = new FibWriter(kernel, next);
    writer.drift().onRepair(this::repaired);
    watch = netlink.watch(next.table(), new Watcher());
    fibConfig = next;
    int adopted = writer.start();
    desired.forEach(writer::offer);
    flush();
    if (reconciled) {
      report(writer.reconcile()); // (else the reconcile timer of the start still comes)
    }
    LOG.info(
        "kernel: "
            + desired.size()
            + " routes moved to table "
            + next.table()
            + " metric "
            + next.metric()
            + (adopted > 0 ? ", " + adopted + " found there adopted" : ""));
  }

  /** {@code show fib}: what cairn wants in the kernel against what the kernel holds. */
  record FibView(
      int table,
      int protocol,
      boolean nexthopObjects,
      List<Route> desired,
      java.util.Set<dev.cairn.net.IpPrefix> inKernel,
      java.util.Map<dev.cairn.net.IpPrefix, WriterError> failing,
      java.util.Set<dev.cairn.net.IpPrefix> adopted,
      LastRepair lastRepair) {}

  /** Reads the kernel's routes of cairn's protocol and table. Call on {@link #loop()}. */
  FibView view() {
    java.util.Set<dev.cairn.net.IpPrefix> in = new java.util.TreeSet<>();
    if (kernel != null) {
      for (dev.cairn.kernel.RouteMessage m : kernel.dumpRoutes(0)) {
        if (m.protocol() == fibConfig.protocol() && m.table() == fibConfig.table()) {
          in.add(m.dst());
        }
      }
    }
    return new FibView(
        fibConfig == null ? 0 : fibConfig.table(),
        fibConfig == null ? 0 : fibConfig.protocol(),
        writer != null && writer.usesNexthopObjects(),
        writer == null ? List.of() : writer.desired(),
        in,
        writer == null ? java.util.Map.of() : java.util.Map.copyOf(writer.failing()),
        writer == null ? java.util.Set.of() : java.util.Set.copyOf(writer.adopted()),
        lastRepair);
  }
}
