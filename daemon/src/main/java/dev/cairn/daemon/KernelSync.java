package dev.cairn.daemon;

import dev.cairn.config.KernelConfig;
import dev.cairn.event.EventLoop;
import dev.cairn.event.ThreadEventLoop;
import dev.cairn.fib.FibConfig;
import dev.cairn.fib.FibWriter;
import dev.cairn.fib.WriterError;
import dev.cairn.kernel.KernelRoutes;
import dev.cairn.kernel.NexthopMessage;
import dev.cairn.rib.Rib;
import dev.cairn.rib.RibChange;
import dev.cairn.rib.Route;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Keeps the kernel in step with the RIB: on its own loop it owns the netlink FIB writer, takes the
 * RIB's best routes of the exported protocols (with their resolved next hops), writes them in
 * batches, retries what failed, and after start-up removes the routes a previous cairnd left that
 * nothing offered again.
 */
final class KernelSync {
  private static final Logger LOG = Logger.getLogger(KernelSync.class.getName());

  private final EventLoop loop = new ThreadEventLoop("fib");
  private final Set<String> export;
  private FibWriter writer;
  private EventLoop.Timer retry;

  private KernelSync(KernelConfig cfg) {
    export = new java.util.HashSet<>();
    cfg.export().forEach(p -> export.add(p.configName()));
  }

  static KernelSync start(KernelConfig cfg, Rib rib) {
    KernelSync k = new KernelSync(cfg);
    k.loop.execute(
        () -> {
          FibConfig fc = FibConfig.defaults().withTable((int) cfg.table());
          if (cfg.resilient().isPresent()) {
            KernelConfig.Resilient r = cfg.resilient().get();
            fc =
                fc.withResilient(
                    new NexthopMessage.Resilient(r.buckets(), (int) r.idleTimer().toSeconds(), 0));
          }
          k.writer = new FibWriter(KernelRoutes.open(), fc);
          int adopted = k.writer.start();
          LOG.info(
              "kernel: table "
                  + cfg.table()
                  + (k.writer.usesNexthopObjects() ? ", nexthop objects" : ", multipath routes")
                  + (k.writer.usesResilientGroups() ? " (resilient)" : "")
                  + ", adopted "
                  + adopted
                  + " routes of a previous run");
          k.loop.schedule(cfg.reconcileAfter(), k::reconcile);
          rib.subscribe(k.loop, k::apply);
        });
    return k;
  }

  private void apply(List<RibChange> changes) {
    for (RibChange c : changes) {
      Route best = c.best();
      if (best != null && export.contains(best.protocol().family())) {
        writer.offer(new Route(c.prefix(), best.protocol(), c.group().nextHops(), best.metric()));
      } else {
        writer.withdraw(c.prefix());
      }
    }
    flush();
  }

  private void flush() {
    report(writer.flush());
    if (!writer.failing().isEmpty() && retry == null) {
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
    report(writer.reconcile());
    LOG.info("kernel: reconciled, " + writer.installedCount() + " routes installed");
  }

  private static void report(List<WriterError> errors) {
    for (WriterError e : errors) {
      LOG.warning("kernel: " + e);
    }
  }
}
