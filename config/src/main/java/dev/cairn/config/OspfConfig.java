package dev.cairn.config;

import dev.cairn.net.Ipv4Address;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * OSPFv2 (RFC 2328): areas with their interfaces, what is redistributed into OSPF, and the ceiling
 * on the AS-external LSDB ({@code max-external-lsas}, default {@link #DEFAULT_MAX_EXTERNAL_LSAS}).
 */
public record OspfConfig(
    List<Area> areas,
    Set<Protocol> redistribute,
    Optional<String> redistributePolicy,
    int maxExternalLsas) {
  /** Far above what a gateway redistributes (thousands), far below a full table (~1M). */
  public static final int DEFAULT_MAX_EXTERNAL_LSAS = 100_000;

  public OspfConfig {
    areas = List.copyOf(areas);
    redistribute = Set.copyOf(redistribute);
    Objects.requireNonNull(redistributePolicy, "redistributePolicy");
    if (maxExternalLsas < 0) {
      throw new IllegalArgumentException("maxExternalLsas " + maxExternalLsas);
    }
  }

  /** With the default ceiling on AS-external LSAs. */
  public OspfConfig(
      List<Area> areas, Set<Protocol> redistribute, Optional<String> redistributePolicy) {
    this(areas, redistribute, redistributePolicy, DEFAULT_MAX_EXTERNAL_LSAS);
  }

  /** Without a redistribution policy: every route of the {@code redistribute} protocols. */
  public OspfConfig(List<Area> areas, Set<Protocol> redistribute) {
    this(areas, redistribute, Optional.empty());
  }

  /** This configuration with another {@code max-external-lsas}. */
  public OspfConfig withMaxExternalLsas(int max) {
    return new OspfConfig(areas, redistribute, redistributePolicy, max);
  }

  public enum AreaType {
    NORMAL("normal"),
    STUB("stub"),
    NSSA("nssa");

    private final String configName;

    AreaType(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }
  }

  public enum NetworkType {
    BROADCAST("broadcast"),
    POINT_TO_POINT("point-to-point");

    private final String configName;

    NetworkType(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }
  }

  public enum AuthType {
    NONE("none"),
    SIMPLE("simple"),
    MD5("md5"),
    HMAC_SHA_256("hmac-sha-256");

    private final String configName;

    AuthType(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }
  }

  /** An area; the backbone (0.0.0.0) is always {@code normal}. */
  public record Area(Ipv4Address id, AreaType type, List<Interface> interfaces) {
    public Area {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(type, "type");
      interfaces = List.copyOf(interfaces);
    }
  }

  /**
   * An OSPF interface. Defaults: cost 10, hello 10 s, dead 4 × hello, priority 1, broadcast, not
   * passive, no authentication.
   */
  public record Interface(
      String name,
      int cost,
      Duration hello,
      Duration dead,
      int priority,
      NetworkType networkType,
      boolean passive,
      Auth auth) {
    public Interface {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(hello, "hello");
      Objects.requireNonNull(dead, "dead");
      Objects.requireNonNull(networkType, "networkType");
      Objects.requireNonNull(auth, "auth");
    }
  }

  /**
   * Interface authentication. {@code simple} has one key without an id; {@code md5} (RFC 2328 D.3)
   * and {@code hmac-sha-256} (RFC 5709) may have several keys for rollover.
   */
  public record Auth(AuthType type, List<Key> keys) {
    public static final Auth NONE = new Auth(AuthType.NONE, List.of());

    public Auth {
      Objects.requireNonNull(type, "type");
      keys = List.copyOf(keys);
    }
  }

  /** A key; {@code toString} hides the secret. */
  public record Key(int keyId, String key) {
    public Key {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
      return "Key[keyId=" + keyId + ", key=<redacted>]";
    }
  }
}
