package dev.cairn.config;

import dev.cairn.net.Afi;
import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** The {@code bgp:} section: speaker settings and neighbors. */
final class BgpParser {
  static final List<String> KEYS =
      List.of(
          "asn",
          "router-id",
          "listen",
          "multipath",
          "decision",
          "redistribute",
          "announce",
          "route-reflector",
          "graceful-restart",
          "max-as-path-length",
          "neighbors");

  static final List<String> NEIGHBOR_KEYS =
      List.of(
          "address",
          "asn",
          "description",
          "password",
          "families",
          "route-reflector-client",
          "next-hop-self",
          "passive",
          "local-address",
          "ttl-security",
          "ebgp-multihop",
          "timers",
          "max-prefixes",
          "import",
          "export",
          "shutdown",
          "enforce-first-as",
          "max-as-path-length",
          "drop-unknown-attributes");

  /** The longest {@code max-as-path-length}: more ASes than fit in a 65,535-octet UPDATE. */
  static final int MAX_AS_PATH_LENGTH = 65535;

  /** Linux TCP_MD5SIG_MAXKEYLEN. */
  static final int MAX_PASSWORD = 80;

  private final Ctx ctx;

  BgpParser(Ctx ctx) {
    this.ctx = ctx;
  }

  BgpConfig parse(Node n) {
    MapReader r = ctx.map(n, "bgp", KEYS);
    if (r == null) {
      return null;
    }
    Node asnNode = r.required("asn");
    Long asn = asnNode == null ? null : ctx.parse(asnNode, "asn", Asn::parse);
    Optional<Ipv4Address> routerId = r.optParse("router-id", ConfigParser::ipv4);
    MapReader l = r.map("listen", List.of("address", "port"));
    Endpoint d = BgpConfig.DEFAULT_LISTEN;
    Endpoint listen =
        new Endpoint(
            l.parse("address", IpAddress::parse, d.address()), l.int32("port", 1, 65535, d.port()));
    MapReader m = r.map("multipath", List.of("ebgp", "ibgp", "as-path-relax"));
    BgpConfig.Multipath md = BgpConfig.Multipath.DEFAULT;
    BgpConfig.Multipath multipath =
        new BgpConfig.Multipath(
            m.int32("ebgp", 1, 256, md.ebgp()),
            m.int32("ibgp", 1, 256, md.ibgp()),
            m.bool("as-path-relax", md.asPathRelax()));
    MapReader dr = r.map("decision", List.of("always-compare-med", "deterministic-med"));
    BgpConfig.Decision decision =
        new BgpConfig.Decision(
            dr.bool("always-compare-med", BgpConfig.Decision.DEFAULT.alwaysCompareMed()),
            dr.bool("deterministic-med", BgpConfig.Decision.DEFAULT.deterministicMed()));
    Set<Protocol> redistribute =
        r.has("redistribute")
            ? ConfigParser.protocols(ctx, r.get("redistribute"), "redistribute", Protocol.BGP)
            : Set.of();
    List<IpPrefix> announce = r.has("announce") ? announce(r.get("announce")) : List.of();
    Optional<Ipv4Address> clusterId =
        r.map("route-reflector", List.of("cluster-id")).optParse("cluster-id", ConfigParser::ipv4);
    MapReader g = r.map("graceful-restart", List.of("enabled", "restart-time"));
    BgpConfig.GracefulRestart gd = BgpConfig.GracefulRestart.DEFAULT;
    BgpConfig.GracefulRestart gr =
        new BgpConfig.GracefulRestart(
            g.bool("enabled", gd.enabled()), restartTime(g, gd.restartTime()));
    OptionalInt maxAsPath = optInt(r, "max-as-path-length", 0, MAX_AS_PATH_LENGTH);
    List<NeighborConfig> neighbors = new ArrayList<>();
    if (r.has("neighbors")) {
      Map<IpAddress, Node> seen = new HashMap<>();
      List<Node> items = ctx.list(r.get("neighbors"), "neighbors");
      for (Node item : items == null ? List.<Node>of() : items) {
        NeighborConfig nc = neighbor(item, asn == null ? 0 : asn, seen);
        if (nc != null) {
          neighbors.add(nc);
        }
      }
    }
    if (asn == null) {
      return null;
    }
    return new BgpConfig(
        asn,
        routerId,
        listen,
        multipath,
        redistribute,
        announce,
        clusterId,
        gr,
        neighbors,
        decision,
        maxAsPath.orElse(BgpConfig.DEFAULT_MAX_AS_PATH_LENGTH));
  }

  private Duration restartTime(MapReader g, Duration dflt) {
    Node n = g.get("restart-time");
    return n == null
        ? dflt
        : ConfigParser.wholeSeconds(
            ctx, n, "restart-time", Duration.ofSeconds(1), Duration.ofSeconds(4095), dflt);
  }

  private List<IpPrefix> announce(Node n) {
    List<IpPrefix> out = new ArrayList<>();
    Map<IpPrefix, Node> seen = new HashMap<>();
    List<Node> items = ctx.list(n, "announce");
    for (Node i : items == null ? List.<Node>of() : items) {
      IpPrefix p = ctx.parse(i, "announce", IpPrefix::parse);
      if (p == null) {
        continue;
      }
      Node first = seen.putIfAbsent(p, i);
      if (first != null) {
        ctx.error(
            i, "duplicate announce " + p + " (first at line " + ConfigParser.line(first) + ")");
      } else {
        out.add(p);
      }
    }
    return out;
  }

  private NeighborConfig neighbor(Node item, long localAsn, Map<IpAddress, Node> seen) {
    MapReader r = ctx.map(item, "neighbor", NEIGHBOR_KEYS);
    if (r == null) {
      return null;
    }
    int before = ctx.problems.count();
    Node an = r.required("address");
    IpAddress address = an == null ? null : ctx.parse(an, "address", IpAddress::parse);
    if (address != null) {
      Node first = seen.putIfAbsent(address, an);
      if (first != null) {
        ctx.error(
            an,
            "duplicate neighbor " + address + " (first at line " + ConfigParser.line(first) + ")");
      }
    }
    Node asnNode = r.required("asn");
    Long asn = asnNode == null ? null : ctx.parse(asnNode, "asn", Asn::parse);
    boolean ibgp = asn != null && asn == localAsn;
    Optional<String> description = r.optString("description");
    Optional<String> password = r.optString("password");
    if (password.isPresent()
        && password.get().getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD) {
      ctx.error(r.get("password"), "password must be at most " + MAX_PASSWORD + " bytes");
    } else if (password.isPresent() && password.get().isEmpty()) {
      ctx.error(r.get("password"), "password must not be empty (remove the key for no password)");
    }
    List<Family> families = families(r, address);
    boolean rrClient = r.bool("route-reflector-client", false);
    if (rrClient && asn != null && !ibgp) {
      ctx.error(
          r.get("route-reflector-client"),
          "route-reflector-client needs an iBGP neighbor (asn "
              + asn
              + " is not the local asn "
              + localAsn
              + ")");
    }
    boolean nextHopSelf = r.bool("next-hop-self", false);
    boolean passive = r.bool("passive", false);
    Optional<IpAddress> local = r.optParse("local-address", IpAddress::parse);
    if (local.isPresent() && address != null && local.get().afi() != address.afi()) {
      ctx.error(
          r.get("local-address"),
          "local-address "
              + local.get()
              + " is "
              + ConfigParser.name(local.get().afi())
              + " but neighbor "
              + address
              + " is "
              + ConfigParser.name(address.afi()));
    }
    OptionalInt ttl = optInt(r, "ttl-security", 1, 254);
    OptionalInt multihop = optInt(r, "ebgp-multihop", 1, 255);
    if (multihop.isPresent() && ttl.isPresent()) {
      ctx.error(r.keyNode("ebgp-multihop"), "ebgp-multihop and ttl-security cannot be combined");
    } else if (multihop.isPresent() && ibgp) {
      ctx.error(r.keyNode("ebgp-multihop"), "ebgp-multihop applies to eBGP neighbors only");
    }
    NeighborConfig.Timers timers = timers(r);
    Optional<NeighborConfig.MaxPrefixes> maxPrefixes =
        r.has("max-prefixes") ? Ctx.opt(maxPrefixes(r.get("max-prefixes"))) : Optional.empty();
    Optional<String> importPolicy = policyRef(r, "import");
    Optional<String> exportPolicy = policyRef(r, "export");
    boolean shutdown = false;
    Optional<String> message = Optional.empty();
    Node sn = r.get("shutdown");
    if (sn != null) {
      if (sn instanceof org.yaml.snakeyaml.nodes.MappingNode) {
        MapReader s = ctx.map(sn, "shutdown", List.of("enabled", "message"));
        shutdown = s.bool("enabled", true);
        message = s.optString("message");
        if (message.isPresent() && message.get().getBytes(StandardCharsets.UTF_8).length > 255) {
          ctx.error(s.get("message"), "shutdown message must be at most 255 bytes (RFC 9003)");
        }
      } else {
        Boolean b = ctx.bool(sn, "shutdown");
        shutdown = b != null && b;
      }
    }
    NeighborConfig.Inbound inbound = inbound(r, ibgp);
    if (ctx.problems.count() != before || address == null || asn == null) {
      return null;
    }
    return new NeighborConfig(
        address,
        asn,
        description,
        password,
        families,
        rrClient,
        nextHopSelf,
        passive,
        local,
        ttl,
        multihop,
        timers,
        maxPrefixes,
        importPolicy,
        exportPolicy,
        shutdown,
        message,
        inbound);
  }

  /** enforce-first-as, max-as-path-length, drop-unknown-attributes. */
  private NeighborConfig.Inbound inbound(MapReader r, boolean ibgp) {
    NeighborConfig.Inbound d = NeighborConfig.Inbound.DEFAULT;
    boolean firstAs = r.bool("enforce-first-as", d.enforceFirstAs());
    if (r.has("enforce-first-as") && ibgp) {
      ctx.error(r.keyNode("enforce-first-as"), "enforce-first-as applies to eBGP neighbors only");
    }
    OptionalInt maxAsPath = optInt(r, "max-as-path-length", 0, MAX_AS_PATH_LENGTH);
    boolean drop = r.bool("drop-unknown-attributes", d.dropUnknownAttributes());
    return new NeighborConfig.Inbound(firstAs, maxAsPath, drop);
  }

  private OptionalInt optInt(MapReader r, String key, int min, int max) {
    Node n = r.get(key);
    if (n == null) {
      return OptionalInt.empty();
    }
    Integer v = ctx.integer32(n, key, min, max);
    return v == null ? OptionalInt.empty() : OptionalInt.of(v);
  }

  private List<Family> families(MapReader r, IpAddress address) {
    if (!r.has("families")) {
      return address != null && address.afi() == Afi.IPV6
          ? List.of(Family.IPV6_UNICAST)
          : List.of(Family.IPV4_UNICAST);
    }
    List<Family> out = new ArrayList<>();
    List<Node> items = ctx.list(r.get("families"), "families");
    if (items == null) {
      return out;
    }
    if (items.isEmpty()) {
      ctx.error(r.get("families"), "families must not be empty");
    }
    for (Node i : items) {
      Family f = ctx.parse(i, "families", Family::parse);
      if (f != null && out.contains(f)) {
        ctx.error(i, "duplicate family " + f);
      } else if (f != null) {
        out.add(f);
      }
    }
    return out;
  }

  private NeighborConfig.Timers timers(MapReader n) {
    NeighborConfig.Timers d = NeighborConfig.Timers.DEFAULT;
    MapReader r = n.map("timers", List.of("hold", "keepalive", "connect-retry"));
    Duration hold = d.hold();
    Node hn = r.get("hold");
    if (hn != null) {
      Duration h =
          ConfigParser.wholeSeconds(
              ctx, hn, "hold", Duration.ZERO, Duration.ofSeconds(65535), null);
      if (h != null && h.getSeconds() > 0 && h.getSeconds() < 3) {
        ctx.error(hn, "hold must be 0 or between 3s and 65535s, found " + Durations.format(h));
      } else if (h != null) {
        hold = h;
      }
    }
    Duration keepalive = Duration.ofSeconds(hold.getSeconds() / 3);
    Node kn = r.get("keepalive");
    if (kn != null) {
      Duration k =
          ConfigParser.wholeSeconds(
              ctx, kn, "keepalive", Duration.ZERO, Duration.ofSeconds(65535), null);
      if (k != null && !hold.isZero() && k.compareTo(hold) > 0) {
        ctx.error(
            kn,
            "keepalive "
                + Durations.format(k)
                + " must not be greater than hold "
                + Durations.format(hold));
      } else if (k != null) {
        keepalive = k;
      }
    }
    Duration retry =
        r.has("connect-retry")
            ? ConfigParser.wholeSeconds(
                ctx,
                r.get("connect-retry"),
                "connect-retry",
                Duration.ofSeconds(1),
                Duration.ofSeconds(65535),
                d.connectRetry())
            : d.connectRetry();
    return new NeighborConfig.Timers(hold, keepalive, retry);
  }

  private NeighborConfig.MaxPrefixes maxPrefixes(Node n) {
    if (n instanceof org.yaml.snakeyaml.nodes.MappingNode) {
      MapReader r = ctx.map(n, "max-prefixes", List.of("limit", "restart", "warning-threshold"));
      Node ln = r.required("limit");
      Long limit = ln == null ? null : ctx.integer(ln, "limit", 1, Asn.MAX);
      Optional<Duration> restart = Optional.empty();
      if (r.has("restart")) {
        restart =
            Ctx.opt(
                ConfigParser.wholeSeconds(
                    ctx,
                    r.get("restart"),
                    "restart",
                    Duration.ofSeconds(1),
                    Duration.ofDays(7),
                    null));
      }
      int warning =
          r.int32(
              "warning-threshold", 1, 100, NeighborConfig.MaxPrefixes.DEFAULT_WARNING_THRESHOLD);
      return limit == null ? null : new NeighborConfig.MaxPrefixes(limit, restart, warning);
    }
    Long limit = ctx.integer(n, "max-prefixes", 1, Asn.MAX);
    return limit == null ? null : new NeighborConfig.MaxPrefixes(limit, Optional.empty());
  }

  private Optional<String> policyRef(MapReader r, String key) {
    Node n = r.get(key);
    if (n == null) {
      return Optional.empty();
    }
    String name = ctx.text(n, key);
    if (name == null) {
      return Optional.empty();
    }
    ctx.policyRefs.add(new Ctx.PolicyReference(name, n));
    return Optional.of(name);
  }
}
