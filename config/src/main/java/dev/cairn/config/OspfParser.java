package dev.cairn.config;

import dev.cairn.config.OspfConfig.Area;
import dev.cairn.config.OspfConfig.AreaType;
import dev.cairn.config.OspfConfig.Auth;
import dev.cairn.config.OspfConfig.AuthType;
import dev.cairn.config.OspfConfig.Interface;
import dev.cairn.config.OspfConfig.Key;
import dev.cairn.config.OspfConfig.NetworkType;
import dev.cairn.net.Ipv4Address;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** The {@code ospf:} section: areas, interfaces, authentication. */
final class OspfParser {
  static final List<String> INTERFACE_KEYS =
      List.of("name", "cost", "hello", "dead", "priority", "network-type", "passive", "auth");

  private final Ctx ctx;
  private final Map<String, Node> interfacesSeen = new HashMap<>();

  OspfParser(Ctx ctx) {
    this.ctx = ctx;
  }

  static <E extends Enum<E>> Map<String, E> names(
      E[] values, java.util.function.Function<E, String> name) {
    Map<String, E> m = new LinkedHashMap<>();
    for (E e : values) {
      m.put(name.apply(e), e);
    }
    return m;
  }

  OspfConfig parse(Node n) {
    MapReader r =
        ctx.map(
            n,
            "ospf",
            List.of("areas", "redistribute", "redistribute-policy", "max-external-lsas"));
    if (r == null) {
      return null;
    }
    int before = ctx.problems.count();
    List<Area> areas = new ArrayList<>();
    Map<Ipv4Address, Node> seen = new HashMap<>();
    Node an = r.required("areas");
    List<Node> items = an == null ? null : ctx.list(an, "areas");
    for (Node item : items == null ? List.<Node>of() : items) {
      Area a = area(item, seen);
      if (a != null) {
        areas.add(a);
      }
    }
    Set<Protocol> redistribute =
        r.has("redistribute")
            ? ConfigParser.protocols(ctx, r.get("redistribute"), "redistribute", Protocol.OSPF)
            : Set.of();
    java.util.Optional<String> policy = java.util.Optional.empty();
    Node pn = r.get("redistribute-policy");
    if (pn != null) {
      String name = ctx.text(pn, "redistribute-policy");
      if (name != null) {
        ctx.policyRefs.add(new Ctx.PolicyReference(name, pn));
        policy = java.util.Optional.of(name);
      }
    }
    int maxExternal =
        r.int32("max-external-lsas", 0, Integer.MAX_VALUE, OspfConfig.DEFAULT_MAX_EXTERNAL_LSAS);
    return ctx.problems.count() == before
        ? new OspfConfig(areas, redistribute, policy, maxExternal)
        : null;
  }

  private Area area(Node item, Map<Ipv4Address, Node> seen) {
    MapReader r = ctx.map(item, "area", List.of("id", "type", "interfaces"));
    if (r == null) {
      return null;
    }
    Node idn = r.required("id");
    Ipv4Address id = idn == null ? null : ctx.parse(idn, "id", OspfParser::areaId);
    if (id != null) {
      Node first = seen.putIfAbsent(id, idn);
      if (first != null) {
        ctx.error(
            idn, "duplicate area " + id + " (first at line " + ConfigParser.line(first) + ")");
      }
    }
    AreaType type =
        r.choice("type", names(AreaType.values(), AreaType::configName), AreaType.NORMAL);
    if (id != null && id.bits() == 0 && type != AreaType.NORMAL) {
      ctx.error(r.get("type"), "the backbone area 0.0.0.0 cannot be " + type.configName());
    }
    List<Interface> interfaces = new ArrayList<>();
    if (r.has("interfaces")) {
      List<Node> items = ctx.list(r.get("interfaces"), "interfaces");
      for (Node i : items == null ? List.<Node>of() : items) {
        Interface itf = iface(i);
        if (itf != null) {
          interfaces.add(itf);
        }
      }
    }
    return id == null ? null : new Area(id, type, interfaces);
  }

  /** Area ids are dotted quads or plain 32-bit numbers (0 is the backbone). */
  static Ipv4Address areaId(String s) {
    if (s.matches("[0-9]{1,10}")) {
      long v = Long.parseLong(s);
      if (v > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("area id " + s + " is greater than 4294967295");
      }
      return new Ipv4Address((int) v);
    }
    return ConfigParser.ipv4(s);
  }

  private Interface iface(Node item) {
    MapReader r = ctx.map(item, "interface", INTERFACE_KEYS);
    if (r == null) {
      return null;
    }
    Node nn = r.required("name");
    String name = nn == null ? null : ctx.text(nn, "name");
    if (name != null && !name.matches("[A-Za-z0-9_.:@-]{1,15}")) {
      ctx.error(
          nn,
          "interface name '"
              + name
              + "' is not a Linux interface name (1..15 letters, digits, '_', '.', '-', ':', '@')");
      name = null;
    }
    if (name != null) {
      Node first = interfacesSeen.putIfAbsent(name, nn);
      if (first != null) {
        ctx.error(
            nn,
            "duplicate interface " + name + " (first at line " + ConfigParser.line(first) + ")");
      }
    }
    int cost = r.int32("cost", 1, 65535, 10);
    Duration hello =
        r.has("hello")
            ? ConfigParser.wholeSeconds(
                ctx,
                r.get("hello"),
                "hello",
                Duration.ofSeconds(1),
                Duration.ofSeconds(65535),
                Duration.ofSeconds(10))
            : Duration.ofSeconds(10);
    Duration dead = hello.multipliedBy(4);
    Node dn = r.get("dead");
    if (dn != null) {
      Duration d =
          ConfigParser.wholeSeconds(
              ctx, dn, "dead", Duration.ofSeconds(1), Duration.ofSeconds(0xFFFF_FFFFL), null);
      if (d != null && d.compareTo(hello) <= 0) {
        ctx.error(
            dn,
            "dead "
                + Durations.format(d)
                + " must be greater than hello "
                + Durations.format(hello));
      } else if (d != null) {
        dead = d;
      }
    }
    int priority = r.int32("priority", 0, 255, 1);
    NetworkType nt =
        r.choice(
            "network-type",
            names(NetworkType.values(), NetworkType::configName),
            NetworkType.BROADCAST);
    boolean passive = r.bool("passive", false);
    Auth auth = r.has("auth") ? auth(r.get("auth")) : Auth.NONE;
    return name == null || auth == null
        ? null
        : new Interface(name, cost, hello, dead, priority, nt, passive, auth);
  }

  private Auth auth(Node n) {
    MapReader r = ctx.map(n, "auth", List.of("type", "key-id", "key", "keys"));
    if (r == null) {
      return null;
    }
    Node tn = r.required("type");
    AuthType type =
        tn == null ? null : ctx.choice(tn, "type", names(AuthType.values(), AuthType::configName));
    if (type == null) {
      return null;
    }
    switch (type) {
      case NONE:
        for (String k : List.of("key-id", "key", "keys")) {
          if (r.has(k)) {
            ctx.error(r.keyNode(k), "auth type none takes no " + k);
          }
        }
        return Auth.NONE;
      case SIMPLE:
        {
          for (String k : List.of("key-id", "keys")) {
            if (r.has(k)) {
              ctx.error(r.keyNode(k), "auth type simple takes a single key without " + k);
            }
          }
          Node kn = r.required("key");
          String key = kn == null ? null : keyText(kn, 8);
          return key == null ? null : new Auth(type, List.of(new Key(0, key)));
        }
      default:
        {
          int maxLen = type == AuthType.MD5 ? 16 : 64;
          List<Key> keys = new ArrayList<>();
          Map<Integer, Node> ids = new HashMap<>();
          if (r.has("keys")) {
            for (String k : List.of("key-id", "key")) {
              if (r.has(k)) {
                ctx.error(r.keyNode(k), "give either keys or key-id/key, not both");
              }
            }
            List<Node> items = ctx.list(r.get("keys"), "keys");
            if (items != null && items.isEmpty()) {
              ctx.error(r.get("keys"), "keys must not be empty");
            }
            for (Node item : items == null ? List.<Node>of() : items) {
              MapReader kr = ctx.map(item, "key", List.of("key-id", "key"));
              if (kr != null) {
                addKey(kr, maxLen, keys, ids);
              }
            }
          } else {
            addKey(r, maxLen, keys, ids);
          }
          return keys.isEmpty() ? null : new Auth(type, keys);
        }
    }
  }

  private void addKey(MapReader r, int maxLen, List<Key> keys, Map<Integer, Node> ids) {
    Node idn = r.required("key-id");
    Integer id = idn == null ? null : ctx.integer32(idn, "key-id", 0, 255);
    Node kn = r.required("key");
    String key = kn == null ? null : keyText(kn, maxLen);
    if (id == null || key == null) {
      return;
    }
    Node first = ids.putIfAbsent(id, idn);
    if (first != null) {
      ctx.error(
          idn, "duplicate key-id " + id + " (first at line " + ConfigParser.line(first) + ")");
      return;
    }
    keys.add(new Key(id, key));
  }

  private String keyText(Node kn, int maxLen) {
    String key = ctx.text(kn, "key");
    if (key == null) {
      return null;
    }
    int len = key.getBytes(StandardCharsets.UTF_8).length;
    if (len == 0 || len > maxLen) {
      ctx.error(kn, "key must be 1.." + maxLen + " bytes, found " + len);
      return null;
    }
    return key;
  }
}
