package dev.cairn.config;

import dev.cairn.net.AddressFormatException;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the YAML configuration. SnakeYAML composes the node tree only (no object construction, so
 * no arbitrary types), and this class walks it with every node's position at hand, so that each
 * problem is reported as {@code FILE:LINE:COLUMN: message}. All problems are collected before
 * failing.
 */
public final class ConfigLoader {
  private final String file;
  private final List<Problem> problems = new ArrayList<>();

  private record Problem(int line, int column, String message) {}

  private ConfigLoader(String file) {
    this.file = file;
  }

  public static CairnConfig load(Path path) throws ConfigException, IOException {
    return parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
  }

  public static CairnConfig parse(String text, String fileName) throws ConfigException {
    ConfigLoader l = new ConfigLoader(fileName);
    CairnConfig c = l.read(text);
    if (!l.problems.isEmpty() || c == null) {
      throw new ConfigException(
          l.problems.stream()
              .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
              .map(p -> fileName + ":" + p.line + ":" + p.column + ": " + p.message)
              .toList());
    }
    return c;
  }

  private void error(Node n, String message) {
    Mark m = n.getStartMark();
    problems.add(new Problem(m.getLine() + 1, m.getColumn() + 1, message));
  }

  private CairnConfig read(String text) {
    Node root;
    try {
      LoaderOptions opts = new LoaderOptions();
      opts.setAllowDuplicateKeys(false);
      root = new Yaml(new SafeConstructor(opts)).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark();
      problems.add(
          new Problem(
              m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1, e.getProblem()));
      return null;
    }
    if (root == null) {
      problems.add(new Problem(1, 1, "the file is empty"));
      return null;
    }
    Map<String, Node> top = mapping(root, Set.of("router-id", "bgp"));
    if (top == null) {
      return null;
    }
    Ipv4Address routerId = null;
    if (!top.containsKey("router-id")) {
      error(root, "router-id is required");
    } else {
      IpAddress id = address(top.get("router-id"));
      if (id != null && !(id instanceof Ipv4Address)) {
        error(top.get("router-id"), "router-id must be an IPv4 address");
      } else {
        routerId = (Ipv4Address) id;
      }
    }
    CairnConfig.Bgp bgp = top.containsKey("bgp") ? bgp(top.get("bgp")) : null;
    return problems.isEmpty() ? new CairnConfig(routerId, bgp) : null;
  }

  private CairnConfig.Bgp bgp(Node n) {
    Map<String, Node> m = mapping(n, Set.of("asn", "listen", "multipath", "announce", "neighbors"));
    if (m == null) {
      return null;
    }
    long asn = m.containsKey("asn") ? asn(m.get("asn")) : 0;
    if (!m.containsKey("asn")) {
      error(n, "bgp.asn is required");
    }
    IpAddress listen = IpAddress.parse("::");
    int port = 179;
    if (m.containsKey("listen")) {
      Map<String, Node> l = mapping(m.get("listen"), Set.of("address", "port"));
      if (l != null) {
        if (l.containsKey("address")) {
          listen = address(l.get("address"));
        }
        if (l.containsKey("port")) {
          port = (int) integer(l.get("port"), 0, 65535);
        }
      }
    }
    int ebgp = 1;
    int ibgp = 1;
    boolean relax = false;
    if (m.containsKey("multipath")) {
      Map<String, Node> mp = mapping(m.get("multipath"), Set.of("ebgp", "ibgp", "as-path-relax"));
      if (mp != null) {
        ebgp = mp.containsKey("ebgp") ? (int) integer(mp.get("ebgp"), 1, 256) : 1;
        ibgp = mp.containsKey("ibgp") ? (int) integer(mp.get("ibgp"), 1, 256) : 1;
        relax = mp.containsKey("as-path-relax") && bool(mp.get("as-path-relax"));
      }
    }
    List<IpPrefix> announce = new ArrayList<>();
    if (m.containsKey("announce")) {
      for (Node p : sequence(m.get("announce"))) {
        IpPrefix prefix = prefix(p);
        if (prefix != null) {
          announce.add(prefix);
        }
      }
    }
    List<CairnConfig.Neighbor> neighbors = new ArrayList<>();
    Set<IpAddress> seen = new HashSet<>();
    if (m.containsKey("neighbors")) {
      for (Node nb : sequence(m.get("neighbors"))) {
        CairnConfig.Neighbor x = neighbor(nb);
        if (x != null && !seen.add(x.address())) {
          error(nb, "duplicate neighbor " + x.address());
        } else if (x != null) {
          neighbors.add(x);
        }
      }
    }
    return new CairnConfig.Bgp(asn, listen, port, ebgp, ibgp, relax, announce, neighbors);
  }

  private CairnConfig.Neighbor neighbor(Node n) {
    Map<String, Node> m =
        mapping(
            n,
            Set.of(
                "address",
                "asn",
                "description",
                "password",
                "passive",
                "local-address",
                "timers",
                "import",
                "export"));
    if (m == null) {
      return null;
    }
    if (!m.containsKey("address") || !m.containsKey("asn")) {
      error(n, "a neighbor needs address and asn");
      return null;
    }
    IpAddress address = address(m.get("address"));
    long asn = asn(m.get("asn"));
    Duration hold = Duration.ofSeconds(90);
    Duration keepalive = Duration.ZERO;
    Duration retry = Duration.ofSeconds(5);
    if (m.containsKey("timers")) {
      Map<String, Node> t = mapping(m.get("timers"), Set.of("hold", "keepalive", "connect-retry"));
      if (t != null) {
        if (t.containsKey("hold")) {
          hold = duration(t.get("hold"));
          long s = hold == null ? 0 : hold.toSeconds();
          if (hold != null && (s == 1 || s == 2 || s > 65535)) {
            error(t.get("hold"), "hold time must be 0 or 3..65535 seconds");
          }
        }
        if (t.containsKey("keepalive")) {
          keepalive = duration(t.get("keepalive"));
        }
        if (t.containsKey("connect-retry")) {
          retry = duration(t.get("connect-retry"));
        }
      }
    }
    return new CairnConfig.Neighbor(
        address,
        asn,
        m.containsKey("description") ? string(m.get("description")) : null,
        m.containsKey("password") ? string(m.get("password")) : null,
        m.containsKey("passive") && bool(m.get("passive")),
        m.containsKey("local-address") ? address(m.get("local-address")) : null,
        hold,
        keepalive,
        retry,
        m.containsKey("import") ? policy(m.get("import")) : null,
        m.containsKey("export") ? policy(m.get("export")) : null);
  }

  // ------------------------------------------------------------------ node helpers

  private Map<String, Node> mapping(Node n, Set<String> allowed) {
    if (!(n instanceof MappingNode mn)) {
      error(n, "expected a mapping");
      return null;
    }
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : mn.getValue()) {
      String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
      if (!allowed.contains(key)) {
        String hint = closest(key, allowed);
        error(
            t.getKeyNode(),
            "unknown key '" + key + "'" + (hint != null ? " (did you mean '" + hint + "'?)" : ""));
        continue;
      }
      if (out.put(key, t.getValueNode()) != null) {
        error(t.getKeyNode(), "duplicate key '" + key + "'");
      }
    }
    return out;
  }

  private static String closest(String key, Set<String> allowed) {
    String best = null;
    int bestD = 3;
    for (String a : allowed) {
      int d = distance(key, a);
      if (d < bestD) {
        bestD = d;
        best = a;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private List<Node> sequence(Node n) {
    if (!(n instanceof SequenceNode s)) {
      error(n, "expected a list");
      return List.of();
    }
    return s.getValue();
  }

  private String string(Node n) {
    if (!(n instanceof ScalarNode s)) {
      error(n, "expected a value, not a " + (n instanceof MappingNode ? "mapping" : "list"));
      return null;
    }
    return s.getValue();
  }

  private IpAddress address(Node n) {
    String s = string(n);
    if (s == null) {
      return null;
    }
    try {
      return IpAddress.parse(s);
    } catch (AddressFormatException e) {
      error(n, e.getMessage());
      return null;
    }
  }

  private IpPrefix prefix(Node n) {
    String s = string(n);
    if (s == null) {
      return null;
    }
    try {
      return IpPrefix.parse(s);
    } catch (AddressFormatException e) {
      error(n, e.getMessage());
      return null;
    }
  }

  private long integer(Node n, long min, long max) {
    String s = string(n);
    try {
      long v = Long.parseLong(s);
      if (v < min || v > max) {
        error(n, "value " + v + " is out of range " + min + ".." + max);
      }
      return v;
    } catch (NumberFormatException e) {
      if (s != null) {
        error(n, "'" + s + "' is not a number");
      }
      return min;
    }
  }

  private long asn(Node n) {
    return integer(n, 1, 0xffffffffL);
  }

  private boolean bool(Node n) {
    String s = string(n);
    if ("true".equals(s) || "false".equals(s)) {
      return Boolean.parseBoolean(s);
    }
    if (s != null) {
      error(n, "'" + s + "' is not true or false");
    }
    return false;
  }

  private String policy(Node n) {
    String s = string(n);
    if (s != null && !s.equals("accept-all") && !s.equals("reject-all")) {
      error(
          n,
          "policy '"
              + s
              + "' does not exist (named policies are not implemented yet; use accept-all or reject-all)");
    }
    return s;
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private Duration duration(Node n) {
    String s = string(n);
    if (s == null) {
      return null;
    }
    Matcher m = DURATION.matcher(s);
    if (!m.matches()) {
      error(n, "'" + s + "' is not a duration like 90s, 5m, 500ms or 1h");
      return null;
    }
    long v = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(v);
      case "s" -> Duration.ofSeconds(v);
      case "m" -> Duration.ofMinutes(v);
      default -> Duration.ofHours(v);
    };
  }
}
