package dev.cairn.daemon;

import dev.cairn.config.OspfConfig;
import dev.cairn.config.Policy;
import dev.cairn.event.ThreadEventLoop;
import dev.cairn.net.IpAddress;
import dev.cairn.net.Ipv4Address;
import dev.cairn.net.Ipv4Prefix;
import dev.cairn.ospf.OspfInstance;
import dev.cairn.ospf.transport.OspfTransport;
import dev.cairn.rib.Rib;
import dev.cairn.rib.RibChange;
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
 * its own loop, a raw socket per configured interface, its routes offered to the RIB, and the RIB's
 * routes of the {@code redistribute} protocols originated as AS-external LSAs (type 2, metric 20).
 */
final class OspfLink implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OspfLink.class.getName());
  static final int EXTERNAL_METRIC = 20;

  final ThreadEventLoop loop = new ThreadEventLoop("ospf");
  final OspfInstance instance;
  private final List<RawOspfTransport> transports = new ArrayList<>();
  private final Set<String> redistribute = new HashSet<>();
  private final Set<Ipv4Prefix> originated = new HashSet<>(); // on the OSPF loop
  private final java.util.function.Predicate<Ipv4Prefix> policy;
  private final OspfConfig cfg;

  private OspfLink(
      OspfConfig cfg, Ipv4Address routerId, Rib rib, java.util.Map<String, Policy> policies) {
    this.cfg = cfg;
    Policy chosen = cfg.redistributePolicy().map(policies::get).orElse(null);
    policy = chosen == null ? x -> true : x -> PolicyCompiler.acceptsPrefix(chosen, x);
    instance = OspfInstance.create(routerId, cfg, this::open, loop, rib, LOG::info);
    cfg.redistribute().forEach(p -> redistribute.add(p.configName()));
    redistribute.remove("ospf");
  }

  static OspfLink start(
      OspfConfig cfg, Ipv4Address routerId, Rib rib, java.util.Map<String, Policy> policies) {
    OspfLink o = new OspfLink(cfg, routerId, rib, policies);
    o.instance.start();
    if (!o.redistribute.isEmpty()) {
      rib.subscribe(o.loop, p -> o.redistribute.contains(p.family()), o::ribChanged);
    }
    LOG.info(
        "ospf: router-id "
            + routerId
            + ", "
            + cfg.areas().size()
            + " areas"
            + (o.redistribute.isEmpty() ? "" : ", redistributing " + o.redistribute));
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

  /** RIB routes of the redistributed protocols become AS-external LSAs (on the OSPF loop). */
  private void ribChanged(List<RibChange> changes) {
    for (RibChange c : changes) {
      if (!(c.prefix() instanceof Ipv4Prefix p)) {
        continue;
      }
      boolean want =
          c.best() != null && redistribute.contains(c.best().protocol().family()) && policy.test(p);
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
