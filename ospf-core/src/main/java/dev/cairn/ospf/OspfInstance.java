package dev.cairn.ospf;

import dev.cairn.event.EventLoop;
import dev.cairn.net.Ipv4Address;
import dev.cairn.net.Ipv4Prefix;
import dev.cairn.ospf.spf.OspfRoute;
import dev.cairn.ospf.transport.OspfTransport;
import dev.cairn.ospf.wire.LsaHeader;
import dev.cairn.rib.RouteSink;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the daemon constructs: one OSPF instance built from {@link OspfSettings}, a transport per
 * interface, an event loop that owns it and a RouteSink. Every call may come from any thread:
 * commands are posted to the loop, queries answered through a CompletableFuture; the counters are
 * plain getters for the metrics registry.
 */
public final class OspfInstance {

  /** Opens the transport (a raw IP socket in the daemon) of a named interface. */
  public interface TransportFactory {
    OspfTransport open(String interfaceName, boolean pointToPoint);
  }

  private final EventLoop loop;
  private final OspfRouter router;
  private final TransportFactory transports;
  private volatile OspfSettings settings;

  private OspfInstance(
      EventLoop loop, OspfRouter router, TransportFactory transports, OspfSettings settings) {
    this.loop = loop;
    this.router = router;
    this.transports = transports;
    this.settings = settings;
  }

  /** Builds the instance (nothing runs until {@link #start}). */
  public static OspfInstance create(
      OspfSettings settings,
      TransportFactory transports,
      EventLoop loop,
      RouteSink sink,
      Consumer<String> log) {
    OspfRouter r =
        new OspfRouter(
            loop,
            settings.routerId(),
            sink,
            OspfRouter.SpfTimers.DEFAULT,
            System.currentTimeMillis() / 1000,
            log);
    for (AreaSettings a : settings.areas()) {
      r.addArea(a.id(), a.stub(), 1);
    }
    r.setMaxExternalLsas(settings.maxExternalLsas());
    for (AreaSettings a : settings.areas()) {
      for (Map.Entry<String, InterfaceSettings> i : a.interfaces().entrySet()) {
        r.addInterface(transports.open(i.getKey(), i.getValue().pointToPoint()), i.getValue());
      }
    }
    return new OspfInstance(loop, r, transports, settings);
  }

  /** The settings in force (the last applied). */
  public OspfSettings settings() {
    return settings;
  }

  /**
   * Moves to {@code next} in place, as {@link Reconfiguration} says (not for a new router id: that
   * is a new instance). The transports of new interfaces are opened first, here: when one cannot
   * be, this throws and nothing changed. Completes once applied on the loop.
   */
  public CompletableFuture<Reconfiguration> reconfigure(OspfSettings next) {
    Reconfiguration r = Reconfiguration.between(settings, next);
    if (r.restartsInstance()) {
      throw new IllegalArgumentException(r.changes().get(0).what() + " needs a new instance");
    }
    Map<String, OspfTransport> opened = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, InterfaceSettings> e : r.interfacesToOpen().entrySet()) {
        opened.put(e.getKey(), transports.open(e.getKey(), e.getValue().pointToPoint()));
      }
    } catch (RuntimeException e) {
      opened.values().forEach(OspfTransport::close);
      throw e;
    }
    return ask(
        () -> {
          r.apply(router, opened);
          settings = next;
          return r;
        });
  }

  public void start() {
    loop.execute(router::start);
  }

  /** Flushes our LSAs and stops; completes once done on the loop. */
  public CompletableFuture<Void> shutdown() {
    return ask(
        () -> {
          router.shutdown();
          return null;
        });
  }

  /** Redistribution: originates an AS-external-LSA (E1 when {@code type2} is false). */
  public void originateExternal(Ipv4Prefix prefix, boolean type2, int metric, Ipv4Address fwd) {
    loop.execute(() -> router.originateExternal(prefix, type2, metric, fwd, 0));
  }

  /** Reports a link going down or up (from the daemon's link monitor). */
  public void setInterfaceUp(String interfaceName, boolean up) {
    loop.execute(() -> router.setInterfaceUp(interfaceName, up));
  }

  public void withdrawExternal(Ipv4Prefix prefix) {
    loop.execute(() -> router.withdrawExternal(prefix));
  }

  public CompletableFuture<List<NeighborInfo>> neighbors() {
    return ask(router::neighbors);
  }

  public CompletableFuture<List<InterfaceInfo>> interfaces() {
    return ask(router::interfaceInfos);
  }

  /** LSA headers of an area, or of the AS-external LSDB for {@code null}. */
  public CompletableFuture<List<LsaHeader>> database(Ipv4Address area) {
    return ask(() -> router.lsdbHeaders(area));
  }

  public CompletableFuture<List<OspfRoute>> routes() {
    return ask(router::routeTable);
  }

  /** LSAs of one type in an area's LSDB ({@code null}: AS-external). */
  public CompletableFuture<Integer> lsdbCount(Ipv4Address area, int type) {
    return ask(() -> router.lsdbCount(area, type));
  }

  /** Changes the ceiling on the AS-external LSDB (reload of {@code ospf.max-external-lsas}). */
  public void setMaxExternalLsas(int max) {
    loop.execute(() -> router.setMaxExternalLsas(max));
  }

  /** AS-external LSAs of other routers refused at {@code max-external-lsas} so far. */
  public long externalLsasRefused() {
    return router.externalLsasRefused();
  }

  public long spfRuns() {
    return router.spfRuns;
  }

  public Duration lastSpfDuration() {
    return Duration.ofNanos(router.lastSpfNanos);
  }

  private <T> CompletableFuture<T> ask(Supplier<T> q) {
    CompletableFuture<T> f = new CompletableFuture<>();
    loop.execute(
        () -> {
          try {
            f.complete(q.get());
          } catch (RuntimeException e) {
            f.completeExceptionally(e);
          }
        });
    return f;
  }

  /** The underlying router, for in-JVM tests in this module. */
  OspfRouter router() {
    return router;
  }
}
