package dev.cairn.daemon.component;

import dev.cairn.config.OspfConfig;
import dev.cairn.net.Ipv4Address;
import dev.cairn.ospf.AreaSettings;
import dev.cairn.ospf.InterfaceSettings;
import dev.cairn.ospf.OspfSettings;
import dev.cairn.ospf.wire.Authentication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ospf:} section as ospf-core's settings (ospf-core does not know the configuration):
 * areas, interfaces (RFC 2328 C.2, C.3) and authentication keys (D.3).
 */
public final class OspfSettingsMapper {
  private OspfSettingsMapper() {}

  /** The settings of {@code cfg}; NSSA areas are refused (not supported yet). */
  public static OspfSettings settings(Ipv4Address routerId, OspfConfig cfg) {
    List<AreaSettings> areas = new ArrayList<>();
    for (OspfConfig.Area a : cfg.areas()) {
      if (a.type() == OspfConfig.AreaType.NSSA) {
        throw new IllegalArgumentException("area " + a.id() + ": NSSA is not supported yet");
      }
      Map<String, InterfaceSettings> ifs = new LinkedHashMap<>();
      for (OspfConfig.Interface i : a.interfaces()) {
        ifs.put(i.name(), settings(a, i));
      }
      areas.add(new AreaSettings(a.id(), a.type() == OspfConfig.AreaType.STUB, ifs));
    }
    return new OspfSettings(routerId, areas, cfg.maxExternalLsas());
  }

  public static InterfaceSettings settings(OspfConfig.Area a, OspfConfig.Interface i) {
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

  public static Authentication auth(OspfConfig.Auth a) {
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
}
