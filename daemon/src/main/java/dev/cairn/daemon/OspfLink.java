package dev.cairn.daemon;

import dev.cairn.config.OspfConfig;
import dev.cairn.config.Policy;
import dev.cairn.event.ThreadEventLoop;
import dev.cairn.net.IpAddress;
import dev.cairn.net.Ipv4Address;
import dev.cairn.net.Ipv4Prefix;
import dev.cairn.ospf.OspfInstance;
import dev.cairn.ospf.transport.OspfTransport;
import dev.cairn.rib.Channel;
import dev.cairn.rib.Rib;
import dev.cairn.rib.RibChange;
import dev.cairn.rib.Source;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The OSPF instance of cairnd, built from the {@code ospf:} section: one {@link OspfInstance} on
 * its own loop, a raw socket per configured interface, its routes offered to the RIB through the
 * OSPF channel, and what that channel exports (the RIB's best IPv4 routes of the {@code
 * redistribute} sources that {@code redistribute-policy} passes) originated as AS-external LSAs
 * (type 2, metric 20).
 */
final class OspfLink implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OspfLink.class.getName());
  static final int EXTERNAL_METRIC = 20;

  final ThreadEventLoop loop = new ThreadEventLoop("ospf");
  final OspfInstance instance;
  private final List<RawOspfTransport> transports = new ArrayList<>();
  private final Channel routes; // the RIB's OSPF channel
  private final Channel.Export export;
  private final Set<Ipv4Prefix> originated = new HashSet<>(); // on the OSPF loop
  private final OspfConfig cfg;

  private OspfLink(
      OspfConfig cfg, Ipv4Address routerId, Rib rib, java.util.Map<String, Policy> policies) {
    this.cfg = cfg;
    routes = rib.channel(Source.OSPF, Channel.Import.ALL);
    export = exportFilter(cfg, policies);
    instance = OspfInstance.create(routerId, cfg, this::open, loop, routes, LOG::info);
  }

  /**
   * The OSPF channel's export filter: the IPv4 routes of the {@code redistribute} sources that the
   * {@code redistribute-policy} accepts (it runs on the RIB's loop: a pure prefix match).
   */
  static Channel.Export exportFilter(OspfConfig cfg, java.util.Map<String, Policy> policies) {
    Policy chosen = cfg.redistributePolicy().map(policies::get).orElse(null);
    return new Channel.Export(
        dev.cairn.config.Protocol.sources(cfg.redistribute()),
        r ->
            r.prefix() instanceof Ipv4Prefix p
                && (chosen == null || PolicyCompiler.acceptsPrefix(chosen, p)));
  }

  static OspfLink start(
      OspfConfig cfg, Ipv4Address routerId, Rib rib, java.util.Map<String, Policy> policies) {
    OspfLink o = new OspfLink(cfg, routerId, rib, policies);
    o.instance.start();
    if (!o.export.sources().isEmpty()) {
      o.routes.export(o.loop, o.export, o::ribChanged);
    }
    LOG.info(
        "ospf: router-id "
            + routerId
            + ", "
            + cfg.areas().size()
            + " areas"
            + (cfg.redistribute().isEmpty() ? "" : ", redistributing " + cfg.redistribute()));
    return o;
  }

  /** The raw socket of one configured interface, with the interface's IPv4 address. */
  private OspfTransport open(String name) {
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
                  pointToPoint(name),
                  loop,
                  LOG::warning);
          transports.add(t);
          LOG.info("ospf: interface " + name + " " + address + "/" + ia.getNetworkPrefixLength());
          return t;
        }
      }
      throw new IllegalArgumentException("interface " + name + " has no IPv4 address");
    } catch (SocketException e) {
      throw new IllegalArgumentException("interface " + name + ": " + e.getMessage(), e);
    }
  }

  private boolean pointToPoint(String ifname) {
    return cfg.areas().stream()
        .flatMap(a -> a.interfaces().stream())
        .anyMatch(
            i ->
                i.name().equals(ifname)
                    && i.networkType() == OspfConfig.NetworkType.POINT_TO_POINT);
  }

  /** Packets dropped on the reader threads, per interface and reason (for the metrics). */
  long packetsDropped(String ifname, dev.cairn.ospf.transport.PacketFilter.Reason reason) {
    long n = 0;
    for (RawOspfTransport t : transports) {
      if (t.name().equals(ifname)) {
        n += t.drops.count(reason);
      }
    }
    return n;
  }

  /** What the OSPF channel exports becomes AS-external LSAs (on the OSPF loop). */
  private void ribChanged(List<RibChange> changes) {
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
    try {
      instance.shutdown().get(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warning("ospf: shutdown: " + e.getMessage());
    }
    transports.forEach(RawOspfTransport::close);
    loop.close();
  }
}
