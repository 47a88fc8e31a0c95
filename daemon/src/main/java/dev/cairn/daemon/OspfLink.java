package dev.cairn.daemon;

import dev.cairn.config.OspfConfig;
import dev.cairn.event.ThreadEventLoop;
import dev.cairn.net.IpAddress;
import dev.cairn.net.Ipv4Address;
import dev.cairn.net.Ipv4Prefix;
import dev.cairn.ospf.InterfaceSettings;
import dev.cairn.ospf.OspfRouter;
import dev.cairn.ospf.wire.Authentication;
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
 * The OSPF instance of cairnd, built from the {@code ospf:} section: one {@link OspfRouter} on its
 * own loop, a raw socket per configured interface, its routes offered to the RIB, and the RIB's
 * routes of the {@code redistribute} protocols originated as AS-external LSAs (type 2, metric 20).
 */
final class OspfLink implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OspfLink.class.getName());
  static final int EXTERNAL_METRIC = 20;

  final ThreadEventLoop loop = new ThreadEventLoop("ospf");
  final OspfRouter router;
  private final List<RawOspfTransport> transports = new ArrayList<>();
  private final Set<String> redistribute = new HashSet<>();
  private final Set<Ipv4Prefix> originated = new HashSet<>(); // on the OSPF loop

  private OspfLink(OspfConfig cfg, Ipv4Address routerId, Rib rib) {
    router =
        new OspfRouter(
            loop,
            routerId,
            rib,
            OspfRouter.SpfTimers.DEFAULT,
            System.currentTimeMillis() / 1000,
            LOG::info);
    cfg.redistribute().forEach(p -> redistribute.add(p.configName()));
    redistribute.remove("ospf");
  }

  static OspfLink start(OspfConfig cfg, Ipv4Address routerId, Rib rib) {
    OspfLink o = new OspfLink(cfg, routerId, rib);
    Daemon.on(
        o.loop,
        () -> {
          for (OspfConfig.Area a : cfg.areas()) {
            if (a.type() == OspfConfig.AreaType.NSSA) {
              LOG.warning("ospf: area " + a.id() + " is NSSA, which cairn does not do yet: normal");
            }
            o.router.addArea(a.id(), a.type() == OspfConfig.AreaType.STUB, 1);
            for (OspfConfig.Interface i : a.interfaces()) {
              o.addInterface(a.id(), i);
            }
          }
          o.router.start();
          return null;
        });
    if (!o.redistribute.isEmpty()) {
      rib.subscribe(o.loop, o::ribChanged);
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

  private void addInterface(Ipv4Address area, OspfConfig.Interface i) {
    try {
      NetworkInterface nif = NetworkInterface.getByName(i.name());
      if (nif == null) {
        LOG.warning("ospf: no interface " + i.name() + ": skipped");
        return;
      }
      InterfaceAddress v4 = null;
      for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
        if (ia.getAddress().getAddress().length == 4) {
          v4 = ia;
          break;
        }
      }
      if (v4 == null) {
        LOG.warning("ospf: interface " + i.name() + " has no IPv4 address: skipped");
        return;
      }
      Ipv4Address address = (Ipv4Address) IpAddress.fromBytes(v4.getAddress().getAddress());
      RawOspfTransport t =
          RawOspfTransport.open(i.name(), address, v4.getNetworkPrefixLength(), nif.getMTU(), loop);
      transports.add(t);
      InterfaceSettings s =
          new InterfaceSettings(
              area.bits(),
              i.cost(),
              (int) i.hello().toSeconds(),
              (int) i.dead().toSeconds(),
              i.priority(),
              i.networkType() == OspfConfig.NetworkType.POINT_TO_POINT,
              i.passive(),
              auth(i.auth()));
      router.addInterface(t, s);
      LOG.info(
          "ospf: interface "
              + i.name()
              + " "
              + address
              + "/"
              + v4.getNetworkPrefixLength()
              + " in area "
              + area
              + ", cost "
              + i.cost());
    } catch (SocketException | RuntimeException e) {
      LOG.warning("ospf: interface " + i.name() + ": " + e.getMessage());
    }
  }

  static Authentication auth(OspfConfig.Auth a) {
    List<Authentication.Key> keys = new ArrayList<>();
    for (OspfConfig.Key k : a.keys()) {
      keys.add(Authentication.Key.of(k.keyId(), k.key()));
    }
    Authentication.Key[] ks = keys.toArray(new Authentication.Key[0]);
    return switch (a.type()) {
      case NONE -> Authentication.NULL;
      case SIMPLE -> Authentication.simple(a.keys().isEmpty() ? "" : a.keys().get(0).key());
      case MD5 -> Authentication.md5(ks);
      case HMAC_SHA_256 -> Authentication.hmac(Authentication.Type.HMAC_SHA_256, ks);
    };
  }

  /** RIB routes of the redistributed protocols become AS-external LSAs (on the OSPF loop). */
  private void ribChanged(List<RibChange> changes) {
    for (RibChange c : changes) {
      if (!(c.prefix() instanceof Ipv4Prefix p)) {
        continue;
      }
      boolean want = c.best() != null && redistribute.contains(c.best().protocol().family());
      if (want && originated.add(p)) {
        router.originateExternal(p, true, EXTERNAL_METRIC, null, 0);
      } else if (!want && originated.remove(p)) {
        router.withdrawExternal(p);
      }
    }
  }

  /** Flushes our LSAs (premature aging) so neighbors do not keep routes through us. */
  @Override
  public void close() {
    try {
      Daemon.on(
          loop,
          () -> {
            router.shutdown();
            return null;
          });
    } catch (RuntimeException e) {
      LOG.warning("ospf: shutdown: " + e.getMessage());
    }
    transports.forEach(RawOspfTransport::close);
    loop.close();
  }
}
