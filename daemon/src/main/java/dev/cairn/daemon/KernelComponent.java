package dev.cairn.daemon;

import dev.cairn.config.CairnConfig;
import dev.cairn.config.KernelConfig;
import dev.cairn.daemon.component.Component;
import dev.cairn.daemon.component.ComponentException;
import dev.cairn.daemon.component.OnLoop;
import dev.cairn.daemon.component.Reconfig;
import dev.cairn.fib.FibConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The kernel FIB as a component ({@link KernelSync} on its loop). On reload the export list changes
 * in place (the routes of protocols no longer exported leave the kernel, those of newly exported
 * ones enter it), a new table, metric or kind of nexthop group moves cairn's routes there, and the
 * scan interval changes from the next comparison. Turning the kernel on or off and the ECMP width
 * (a setting of the RIB) take a restart of cairnd; a reload reports them as not applied.
 */
final class KernelComponent implements Component<KernelConfig> {
  static final Duration APPLY_TIMEOUT = Duration.ofSeconds(30);

  private final KernelSync sync; // null: the kernel is off

  KernelComponent(KernelSync sync) {
    this.sync = sync;
  }

  @Override
  public String name() {
    return "kernel";
  }

  @Override
  public KernelConfig section(CairnConfig c) {
    return c.kernel();
  }

  @Override
  public CairnConfig withSection(CairnConfig c, KernelConfig k) {
    return c.withKernel(k);
  }

  @Override
  public void start(KernelConfig k) {
    // (KernelSync starts with the RIB, before the protocols offer routes: see Daemon)
  }

  /** What in the move takes a restart of cairnd; empty: nothing. */
  private static List<String> needsRestart(KernelConfig a, KernelConfig b) {
    List<String> out = new ArrayList<>();
    if (a.enabled() != b.enabled()) {
      out.add("kernel.enabled changed: takes a restart of cairnd");
    }
    if (a.maxPaths() != b.maxPaths()) {
      out.add("kernel.max-paths changed: takes a restart of cairnd");
    }
    return out;
  }

  @Override
  public Reconfig plan(KernelConfig a, KernelConfig b) {
    List<String> restart = needsRestart(a, b);
    if (!restart.isEmpty()) {
      return new Reconfig.Restart(List.of("cairnd"), restart);
    }
    List<String> what = new ArrayList<>();
    if (!a.export().equals(b.export())) {
      what.add("kernel export " + names(b) + " (was " + names(a) + ")");
    }
    FibConfig fa = KernelSync.fibConfig(a);
    FibConfig fb = KernelSync.fibConfig(b);
    if (!fa.equals(fb)) {
      what.add(
          "kernel routes moved from table "
              + fa.table()
              + " metric "
              + fa.metric()
              + " to table "
              + fb.table()
              + " metric "
              + fb.metric()
              + (fb.resilient() != null ? " (resilient nexthop groups)" : ""));
    }
    if (!a.scanTime().equals(b.scanTime())) {
      what.add("kernel scan-time " + b.scanTime().toSeconds() + "s");
    }
    if (!a.reconcileAfter().equals(b.reconcileAfter())) {
      what.add(
          "kernel reconcile-after " + b.reconcileAfter().toSeconds() + "s (a start-up setting)");
    }
    if (sync == null) {
      what.add("(the kernel is off: nothing to move)");
    }
    return new Reconfig.Soft(what);
  }

  private static Set<String> names(KernelConfig k) {
    Set<String> out = new TreeSet<>();
    k.export().forEach(p -> out.add(p.configName()));
    return out;
  }

  @Override
  public void apply(KernelConfig a, KernelConfig b, Reconfig plan) throws ComponentException {
    List<String> restart = needsRestart(a, b);
    if (!restart.isEmpty()) {
      throw new ComponentException(name(), String.join("; ", restart));
    }
    if (sync == null) {
      return;
    }
    if (!a.export().equals(b.export())) {
      // the RIB's kernel channel re-filters on its loop: routes of sources that left go out of
      // the kernel as removals, those of sources that joined come in
      sync.setExport(b.export());
    }
    FibConfig fa = KernelSync.fibConfig(a);
    FibConfig fb = KernelSync.fibConfig(b);
    if (!fa.equals(fb)) {
      OnLoop.call(
          name(),
          sync.loop(),
          APPLY_TIMEOUT,
          () -> {
            sync.moveTo(fb);
            return null;
          });
    }
    sync.setScanTime(b.scanTime());
  }

  @Override
  public void stop() {
    // routes stay in the kernel: a restart adopts them
  }
}
