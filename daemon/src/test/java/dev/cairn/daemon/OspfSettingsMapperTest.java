package dev.cairn.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cairn.config.OspfConfig;
import dev.cairn.daemon.component.OspfSettingsMapper;
import dev.cairn.net.Ipv4Address;
import dev.cairn.ospf.InterfaceSettings;
import dev.cairn.ospf.OspfSettings;
import dev.cairn.ospf.wire.Authentication;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code ospf:} section as ospf-core's settings (moved here from ospf-core's tests). */
class OspfSettingsMapperTest {
  static OspfConfig config(OspfConfig.AreaType type) {
    OspfConfig.Interface eth0 =
        new OspfConfig.Interface(
            "eth0",
            10,
            Duration.ofSeconds(5),
            Duration.ofSeconds(20),
            3,
            OspfConfig.NetworkType.POINT_TO_POINT,
            false,
            new OspfConfig.Auth(
                OspfConfig.AuthType.MD5,
                List.of(new OspfConfig.Key(1, "a"), new OspfConfig.Key(2, "b"))));
    return new OspfConfig(
        List.of(new OspfConfig.Area(Ipv4Address.parse("0.0.0.1"), type, List.of(eth0))),
        Set.of(),
        java.util.Optional.empty(),
        77);
  }

  @Test
  void everyFieldIsMapped() {
    OspfSettings s =
        OspfSettingsMapper.settings(
            Ipv4Address.parse("192.0.2.1"), config(OspfConfig.AreaType.STUB));
    assertEquals(Ipv4Address.parse("192.0.2.1"), s.routerId());
    assertEquals(77, s.maxExternalLsas());
    assertEquals(true, s.areas().get(0).stub());
    assertEquals(
        new InterfaceSettings(
            1,
            10,
            5,
            20,
            3,
            true,
            false,
            Authentication.md5(Authentication.Key.of(1, "a"), Authentication.Key.of(2, "b"))),
        s.areas().get(0).interfaces().get("eth0"));
  }

  @Test
  void nssaIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            OspfSettingsMapper.settings(
                Ipv4Address.parse("192.0.2.1"), config(OspfConfig.AreaType.NSSA)));
  }
}
