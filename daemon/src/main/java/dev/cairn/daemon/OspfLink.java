package dev.cairn.daemon;

import dev.cairn.config.OspfConfig;
import dev.cairn.config.Policy;
import dev.cairn.daemon.component.OspfComponent;
import dev.cairn.daemon.component.OspfSettingsMapper;
import dev.cairn.event.EventLoop;
import dev.cairn.event.ThreadEventLoop;
import dev.cairn.net.IpAddress;
import dev.cairn.net.Ipv4Address;
import dev.cairn.net.Ipv4Prefix;
import dev.cairn.ospf.OspfInstance;
import dev.cairn.ospf.OspfSettings;
import dev.cairn.ospf.transport.OspfTransport;
import dev.cairn.rib.Channel;
import dev.cairn.rib.Rib;
import dev.cairn.rib.RibChange;
import dev.cairn.rib.Source;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The OSPF instance of cairnd, built from the {@code ospf:} section: one {@link OspfInstance} on
 * its own loop, a raw socket per configured interface, its routes offered to the RIB through the
 * OSPF channel, and what that channel exports (the RIB's best IPv4 routes of the {@code
 * redistribute} sources that {@code redistribute-policy} passes) originated as AS-external LSAs
 * (type 2, metric 20).
 */
final class OspfLink implements OspfComponent.Instances.Running {
  private static final Logger LOG = Logger.getLogger(OspfLink.class.getName());
  static final int EXTERNAL_METRIC = 20;

  /** Opens an interface's transport for an instance on {@code loop}: raw sockets in cairnd. */
  interface Transports {
    OspfTransport open(String name, boolean pointToPoint, EventLoop loop);
  }

  /**
   * Waits for a task posted to the instance's loop: on cairnd's thread loops a bounded wait, on a
   * virtual loop in tests running it.
   */
  interface Await {
    void await(CompletableFuture<?> f) throws Exception;
  }

  /** Waits up to 10 s. */
  static final Await BOUNDED = f -> f.get(10, TimeUnit.SECONDS);

  /** Raw IP sockets on the named interfaces. */
  static final Transports RAW = OspfLink::openRaw;

  final EventLoop loop;
  final OspfInstance instance;
  // opened on the reload thread, read by the metrics: a list of a few, rarely written
  private final List<OspfTransport> transports = new CopyOnWriteArrayList<>();
  private final Channel routes; // the RIB's OSPF channel
  private final Channel.Export export;
  private final Set<Ipv4Prefix> originated = new HashSet<>(); // on the OSPF loop
  private volatile boolean closed;
  private final Await await;

  private OspfLink(
      OspfSettings settings,
      OspfConfig cfg,
      Policy redistributePolicy,
      Rib rib,
      EventLoop loop,
      Transports opener,
      Await await) {
    this.loop = loop;
    this.await = await;
    routes = rib.channel(Source.OSPF, Channel.Import.ALL);
    export = exportFilter(cfg, redistributePolicy);
    instance =
        OspfInstance.create(
            settings,
            (name, p2p) -> {
              OspfTransport t = opener.open(name, p2p, loop);
              transports.add(t);
              return t;
            },
            loop,
            routes,
            LOG::info);
  }

  /**
   * The OSPF channel's export filter: the IPv4 routes of the {@code redistribute} sources that the
   * {@code redistribute-policy} accepts (it runs on the RIB's loop: a pure prefix match).
   */
  static Channel.Export exportFilter(OspfConfig cfg, java.util.Map<String, Policy> policies) {
    return exportFilter(cfg, cfg.redistributePolicy().map(policies::get).orElse(null));
  }

  private static Channel.Export exportFilter(OspfConfig cfg, Policy chosen) {
    return new Channel.Export(
        dev.cairn.config.Protocol.sources(cfg.redistribute()),
        r ->
            r.prefix() instanceof Ipv4Prefix p
                && (chosen == null || PolicyCompiler.acceptsPrefix(chosen, p)));
  }

  /** cairnd's OSPF: its own thread, raw sockets; started. */
  static OspfLink start(
      OspfConfig cfg, Ipv4Address routerId, Rib rib, Map<String, Policy> policies) {
    OspfSettings settings = OspfSettingsMapper.settings(routerId, cfg);
    Policy p = cfg.redistributePolicy().map(policies::get).orElse(null);
    ThreadEventLoop loop = new ThreadEventLoop("ospf");
    try {
      OspfLink o = create(settings, cfg, p, rib, loop, RAW, BOUNDED);
      o.start();
      return o;
    } catch (RuntimeException e) {
      loop.close();
      throw e;
    }
  }

  /** Builds the instance, opening its transports; nothing runs until {@link #start}. */
  static OspfLink create(
      OspfSettings settings,
      OspfConfig cfg,
      Policy redistributePolicy,
      Rib rib,
      EventLoop loop,
      Transports opener,
      Await await) {
    return new OspfLink(settings, cfg, redistributePolicy, rib, loop, opener, await);
  }

  /**
   * How the OSPF component builds instances: each on a loop from {@code loops} (closed with the
   * instance when it can be), its interfaces opened by {@code transports}.
   */
  static OspfComponent.Instances instances(
      Rib rib, Supplier<EventLoop> loops, Transports transports, Await await) {
    return section -> {
      OspfConfig cfg = section.ospf().orElseThrow();
      OspfSettings settings = OspfSettingsMapper.settings(section.routerId(), cfg);
      EventLoop loop = loops.get();
      try {
        OspfLink o =
            create(
                settings,
                cfg,
                section.redistributePolicy().orElse(null),
                rib,
                loop,
                transports,
                await);
        o.start();
        return o;
      } catch (RuntimeException e) {
        if (loop instanceof AutoCloseable c) {
          closeQuietly(c);
        }
        throw e;
      }
    };
  }

  /** cairnd's instances: a thread each, raw sockets. */
  static OspfComponent.Instances instances(Rib rib) {
    return instances(rib, () -> new ThreadEventLoop("ospf"), RAW, BOUNDED);
  }

  @Override
  public void reconfigure(OspfSettings next) {
    CompletableFuture<?> f = instance.reconfigure(next);
    try {
      await.await(f);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the ospf loop did not answer in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  void start() {
    instance.start();
    if (!export.sources().isEmpty()) {
      // no unsubscribe in the RIB: a closed link's export stops acting on changes
      routes.export(loop, export, this::ribChanged);
    }
    OspfSettings s = instance.settings();
    LOG.info(
        "ospf: router-id "
            + s.routerId()
            + ", "
            + s.areas().size()
            + " areas"
            + (export.sources().isEmpty() ? "" : ", redistributing " + export.sources()));
  }

  /** The raw socket of one configured interface, with the interface's IPv4 address. */
  private static OspfTransport openRaw(String name, boolean pointToPoint, EventLoop loop) {
    try {
      NetworkInterface nif = NetworkInterface.getByName(name);
      if (nif == null) {
        throw new IllegalArgumentException("no interface " + name);
      }
      for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
        if (ia.getAddress().getAddress().length == 4) {
          Ipv4Address address = (Ipv4Address) IpAddress.fromBytes(ia.getAddress().getAddress());
          RawOspfTransport t =
              RawOspfTransport.open(
                  null,
                  name,
                  address,
                  ia.getNetworkPrefixLength(),
                  nif.getMTU(),
                  pointToPoint,
                  loop,
                  LOG::warning);
          LOG.info("ospf: interface " + name + " " + address + "/" + ia.getNetworkPrefixLength());
          return t;
        }
      }
      throw new IllegalArgumentException("interface " + name + " has no IPv4 address");
    } catch (SocketException e) {
      throw new IllegalArgumentException("interface " + name + ": " + e.getMessage(), e);
    }
  }

  /** Packets dropped on the reader threads, per interface and reason (for the metrics). */
  long packetsDropped(String ifname, dev.cairn.ospf.transport.PacketFilter.Reason reason) {
    long n = 0;
    for (OspfTransport t : transports) {
      if (t instanceof RawOspfTransport r && r.name().equals(ifname)) {
        n += r.drops.count(reason);
      }
    }
    return n;
  }

  /** What the OSPF channel exports becomes AS-external LSAs (on the OSPF loop). */
  private void ribChanged(List<RibChange> changes) {
    if (closed) {
      return;
    }
    for (RibChange c : changes) {
      if (!(c.prefix() instanceof Ipv4Prefix p)) {
        continue; // (the export filter passes IPv4 routes only: removals of others)
      }
      boolean want = !c.removed();
      if (want && originated.add(p)) {
        instance.originateExternal(p, true, EXTERNAL_METRIC, null);
      } else if (!want && originated.remove(p)) {
        instance.withdrawExternal(p);
      }
    }
  }

  /** Flushes our LSAs (premature aging) so neighbors do not keep routes through us. */
  @Override
  public void close() {
    closed = true;
    try {
      await.await(instance.shutdown());
    } catch (Exception e) {
      LOG.warning("ospf: shutdown: " + e.getMessage());
    }
    transports.forEach(OspfTransport::close);
    if (loop instanceof AutoCloseable c) {
      closeQuietly(c);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.warning("ospf: loop: " + e.getMessage());
    }
  }
}
