package dev.cairn.ospf;

import dev.cairn.config.OspfConfig;
import dev.cairn.event.EventLoop;
import dev.cairn.net.Ipv4Address;
import dev.cairn.net.Ipv4Prefix;
import dev.cairn.ospf.spf.OspfRoute;
import dev.cairn.ospf.transport.OspfTransport;
import dev.cairn.ospf.wire.Authentication;
import dev.cairn.ospf.wire.LsaHeader;
import dev.cairn.rib.RouteSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the daemon constructs: one OSPF instance built from the parsed {@code ospf:} config, a
 * transport per interface, an event loop that owns it and a RouteSink. Every call may come from any
 * thread: commands are posted to the loop, queries answered through a CompletableFuture; the
 * counters are plain getters for the metrics registry.
 */
public final class OspfInstance {

  /** Opens the transport (a raw IP socket in the daemon) of a named interface. */
  public interface TransportFactory {
    OspfTransport open(String interfaceName);
  }

  private final EventLoop loop;
  private final OspfRouter router;
  private final OspfConfig config;

  private OspfInstance(EventLoop loop, OspfRouter router, OspfConfig config) {
    this.loop = loop;
    this.router = router;
    this.config = config;
  }

  /**
   * Builds the instance (nothing runs until {@link #start}). NSSA areas are not supported and are
   * refused.
   */
  public static OspfInstance create(
      Ipv4Address routerId,
      OspfConfig config,
      TransportFactory transports,
      EventLoop loop,
      RouteSink sink,
      Consumer<String> log) {
    OspfRouter r =
        new OspfRouter(
            loop,
            routerId,
            sink,
            OspfRouter.SpfTimers.DEFAULT,
            System.currentTimeMillis() / 1000,
            log);
    for (OspfConfig.Area a : config.areas()) {
      if (a.type() == OspfConfig.AreaType.NSSA) {
        throw new IllegalArgumentException("area " + a.id() + ": NSSA is not supported yet");
      }
      r.addArea(a.id(), a.type() == OspfConfig.AreaType.STUB, 1);
    }
    r.setMaxExternalLsas(config.maxExternalLsas());
    for (OspfConfig.Area a : config.areas()) {
      for (OspfConfig.Interface i : a.interfaces()) {
        r.addInterface(transports.open(i.name()), settings(a, i));
      }
    }
    return new OspfInstance(loop, r, config);
  }

  static InterfaceSettings settings(OspfConfig.Area a, OspfConfig.Interface i) {
    return new InterfaceSettings(
        a.id().bits(),
        i.cost(),
        (int) i.hello().toSeconds(),
        (int) i.dead().toSeconds(),
        i.priority(),
        i.networkType() == OspfConfig.NetworkType.POINT_TO_POINT,
        i.passive(),
        auth(i.auth()));
  }

  static Authentication auth(OspfConfig.Auth a) {
    List<Authentication.Key> keys = new ArrayList<>();
    for (OspfConfig.Key k : a.keys()) {
      keys.add(Authentication.Key.of(k.keyId(), k.key()));
    }
    switch (a.type()) {
      case SIMPLE:
        return Authentication.simple(a.keys().get(0).key());
      case MD5:
        return new Authentication(Authentication.Type.MD5, keys);
      case HMAC_SHA_256:
        return new Authentication(Authentication.Type.HMAC_SHA_256, keys);
      default:
        return Authentication.NULL;
    }
  }

  public OspfConfig config() {
    return config;
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
