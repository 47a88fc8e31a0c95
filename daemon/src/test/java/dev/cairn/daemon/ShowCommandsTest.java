package dev.cairn.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.cli.CommandException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code show ... json} against its documented schema (docs/cli-json.md), with real content:
 * two daemons in this JVM with an Established session and routes.
 */
class ShowCommandsTest {
  @TempDir static Path dir;
  static TwoDaemons lab;

  @BeforeAll
  static void up() throws Exception {
    lab = new TwoDaemons(dir, "accept-all");
    TwoDaemons.await(
        Duration.ofSeconds(30),
        () -> run("show bgp neighbors"),
        () -> run("show bgp neighbors 127.0.0.2").contains("BGP state = Established"));
    TwoDaemons.await(
        Duration.ofSeconds(30),
        () -> run("show ip route"),
        () -> run("show ip route").contains("203.0.113.0/24"));
  }

  static String run(String line) {
    try {
      return lab.run(line);
    } catch (Exception e) {
      return e.toString();
    }
  }

  @AfterAll
  static void down() {
    lab.close();
  }

  static void conforms(String schema, String command) throws Exception {
    String out = lab.run(command);
    List<String> problems = JsonSchemas.check(schema, out);
    assertTrue(problems.isEmpty(), command + " -> " + out + "\n" + problems);
  }

  @Test
  void everyJsonConformsToItsSchema() throws Exception {
    conforms("version", "show version json");
    conforms("running-config", "show running-config json");
    conforms("interfaces", "show interfaces json");
    conforms("interfaces", "show interfaces lo json");
    conforms("bgp-summary", "show bgp summary json");
    conforms("bgp-neighbors", "show bgp neighbors json");
    conforms("bgp-neighbors", "show bgp neighbors 127.0.0.2 json");
    conforms("bgp-received-routes", "show bgp neighbors 127.0.0.2 received-routes json");
    conforms("bgp-advertised-routes", "show bgp neighbors 127.0.0.2 advertised-routes json");
    conforms("bgp-table", "show bgp ipv4 json");
    conforms("bgp-table", "show bgp ipv4 203.0.113.0/24 json");
    conforms("bgp-table", "show bgp ipv6 json");
    conforms("ip-route", "show ip route json");
    conforms("ip-route", "show ip route 192.0.2.128/25 json");
    conforms("ip-route", "show ipv6 route json");
  }

  /** Every command that takes {@code json}, its words with values as placeholders, and schema. */
  static final Map<String, String> SCHEMAS =
      Map.ofEntries(
          Map.entry("show version", "version"),
          Map.entry("show health", "health"),
          Map.entry("show running-config", "running-config"),
          Map.entry("show interfaces", "interfaces"),
          Map.entry("show interfaces NAME", "interfaces"),
          Map.entry("show fib", "fib"),
          Map.entry("show kubernetes", "kubernetes"),
          Map.entry("show bgp summary", "bgp-summary"),
          Map.entry("show bgp neighbors", "bgp-neighbors"),
          Map.entry("show bgp neighbors ADDR", "bgp-neighbors"),
          Map.entry("show bgp neighbors ADDR received-routes", "bgp-received-routes"),
          Map.entry("show bgp neighbors ADDR advertised-routes", "bgp-advertised-routes"),
          Map.entry("show bgp ipv4", "bgp-table"),
          Map.entry("show bgp ipv4 PREFIX", "bgp-table"),
          Map.entry("show bgp ipv6", "bgp-table"),
          Map.entry("show bgp ipv6 PREFIX", "bgp-table"),
          Map.entry("show ip route", "ip-route"),
          Map.entry("show ip route PREFIX", "ip-route"),
          Map.entry("show ipv6 route", "ip-route"),
          Map.entry("show ipv6 route PREFIX", "ip-route"),
          Map.entry("show ip ospf neighbor", "ospf-neighbor"),
          Map.entry("show ip ospf interface", "ospf-interface"),
          Map.entry("show ip ospf database", "ospf-database"),
          Map.entry("show ip ospf route", "ospf-route"));

  /**
   * What this lab cannot show (no OSPF, no kernel FIB, no Kubernetes, no IPv6 BGP route): their
   * schemas are checked with made-up content in {@link ViewRenderingTest} and, live, in
   * KubernetesDaemonTest and the interop tests.
   */
  static final Set<String> NOT_IN_THIS_LAB =
      Set.of(
          "show fib",
          "show kubernetes",
          "show bgp ipv6 PREFIX",
          "show ip ospf neighbor",
          "show ip ospf interface",
          "show ip ospf database",
          "show ip ospf route");

  /** A word that a value placeholder accepts, from this lab's state. */
  static String sample(String placeholder, String pattern) {
    return switch (placeholder) {
      case "ADDR" -> "127.0.0.2";
      case "NAME" -> "lo";
      case "PREFIX" ->
          pattern.contains("ipv6")
              ? (pattern.contains("bgp") ? "2001:db8::/32" : "::1/128")
              : (pattern.contains("bgp") ? "203.0.113.0/24" : "192.0.2.128/25");
      default -> throw new AssertionError("no sample for " + placeholder);
    };
  }

  /** Walks the grammar from {@code line}: every command that takes {@code json}, as patterns. */
  static void jsonCommands(String line, String pattern, Map<String, String> out) {
    for (dev.cairn.cli.CommandTree.Help h : lab.ca.tree().help(line.isEmpty() ? "" : line + " ")) {
      String w = h.word();
      if (w.equals("json")) {
        out.put(pattern, line);
      } else if (!w.equals("<cr>")) {
        boolean value = w.equals(w.toUpperCase()) && Character.isLetter(w.charAt(0));
        String word = value ? sample(w, pattern + " " + w) : w;
        jsonCommands(
            (line.isEmpty() ? "" : line + " ") + word,
            (pattern.isEmpty() ? "" : pattern + " ") + w,
            out);
      }
    }
  }

  @Test
  void everyJsonCommandHasASchemaAndConformsToIt() throws Exception {
    Map<String, String> commands = new java.util.TreeMap<>();
    jsonCommands("", "", commands);
    assertEquals(new java.util.TreeSet<>(SCHEMAS.keySet()), commands.keySet());
    // every schema file is some command's
    java.io.File dir =
        new java.io.File(JsonSchemas.class.getResource("/dev/cairn/daemon/schema/").toURI());
    Set<String> files = new java.util.TreeSet<>();
    for (String f : dir.list()) {
      files.add(f.replace(".json", ""));
    }
    assertEquals(files, new java.util.TreeSet<>(SCHEMAS.values()));
    for (Map.Entry<String, String> c : commands.entrySet()) {
      if (NOT_IN_THIS_LAB.contains(c.getKey())) {
        assertThrows(CommandException.class, () -> lab.run(c.getValue() + " json"), c.getKey());
      } else {
        conforms(SCHEMAS.get(c.getKey()), c.getValue() + " json");
      }
    }
  }

  @SuppressWarnings("unchecked")
  @Test
  void theSchemaCheckRejectsMalformedOutput() throws Exception {
    String good = lab.run("show bgp neighbors 127.0.0.2 json");
    assertEquals(List.of(), JsonSchemas.check("bgp-neighbors", good));
    java.util.function.Function<java.util.function.Consumer<Map<String, Object>>, String> bad =
        change -> {
          Map<String, Object> top = (Map<String, Object>) Json.parse(good);
          change.accept(((List<Map<String, Object>>) top.get("neighbors")).get(0));
          return Json.write(top);
        };
    // a required member missing, one too many, a wrong type, a value out of its enum or range
    assertProblem(bad.apply(n -> n.remove("remote-as")), "remote-as");
    assertProblem(bad.apply(n -> n.put("uptime", 5)), "uptime");
    assertProblem(bad.apply(n -> n.put("flaps", "none")), "flaps");
    assertProblem(bad.apply(n -> n.put("state", "Up")), "state");
    assertProblem(
        bad.apply(n -> ((Map<String, Object>) n.get("prefixes")).put("changes-queued", -1)),
        "changes-queued");
    assertProblem(bad.apply(n -> ((Map<String, Object>) n.get("messages")).remove("sent")), "sent");
    // and the text of a table is no JSON table at all
    assertProblem(Json.write(List.of(lab.run("show bgp ipv4"))), "");
  }

  static void assertProblem(String json, String about) throws Exception {
    List<String> problems = JsonSchemas.check("bgp-neighbors", json);
    assertTrue(
        !problems.isEmpty() && problems.stream().anyMatch(p -> p.contains(about)),
        json + " -> " + problems);
  }

  @SuppressWarnings("unchecked")
  @Test
  void jsonCarriesTheRealState() throws Exception {
    Map<String, Object> sum = (Map<String, Object>) Json.parse(lab.run("sh b su j"));
    assertEquals(65001L, sum.get("local-as"));
    Map<String, Object> n = ((List<Map<String, Object>>) sum.get("neighbors")).get(0);
    assertEquals("127.0.0.2", n.get("address"));
    assertEquals("Established", n.get("state"));
    assertEquals(2L, n.get("prefixes-accepted"));

    Map<String, Object> t = (Map<String, Object>) Json.parse(lab.run("show bgp ipv4 json"));
    List<Map<String, Object>> routes = (List<Map<String, Object>>) t.get("routes");
    assertEquals(
        List.of("198.51.100.0/24", "203.0.113.0/24"),
        routes.stream().map(r -> r.get("prefix")).toList());
    Map<String, Object> p = ((List<Map<String, Object>>) routes.get(0).get("paths")).get(0);
    assertEquals(true, p.get("best"));
    assertEquals("127.0.0.2", p.get("from"));
    assertEquals("65002", p.get("as-path"));
    assertEquals("igp", p.get("origin"));

    // the RIB: the BGP route and the static one, whose gateway is on loopback
    Map<String, Object> rib = (Map<String, Object>) Json.parse(lab.run("show ip route json"));
    List<Map<String, Object>> prefixes = (List<Map<String, Object>>) rib.get("prefixes");
    Map<String, Object> bgp =
        prefixes.stream().filter(x -> x.get("prefix").equals("203.0.113.0/24")).findFirst().get();
    Map<String, Object> sel = ((List<Map<String, Object>>) bgp.get("routes")).get(0);
    assertEquals("ebgp", sel.get("protocol"));
    assertEquals(20L, sel.get("distance"));
    assertEquals(true, sel.get("selected"));

    Map<String, Object> adv =
        (Map<String, Object>)
            Json.parse(lab.run("show bgp neighbors 127.0.0.2 advertised-routes json"));
    assertEquals("advertised", adv.get("direction"));
    assertTrue(((List<?>) adv.get("routes")).isEmpty(), "nothing to send back to the origin AS");
  }

  @Test
  void textOutputsReadLikeARouter() throws Exception {
    String sum = lab.run("show bgp summary");
    assertTrue(sum.contains("BGP router identifier 192.0.2.1, local AS number 65001"), sum);
    assertTrue(
        sum.matches(
            "(?s).*127\\.0\\.0\\.2\\s+65002\\s+\\d+\\s+\\d+\\s+\\d\\d:\\d\\d:\\d\\d\\s+2\\s.*"),
        sum);
    String rib = lab.run("show ip route 203.0.113.0/24");
    assertTrue(rib.contains("B>* 203.0.113.0/24 [20/0] via 127.0.0.2"), rib);
    String nb = lab.run("show bgp neighbors 127.0.0.2");
    assertTrue(nb.contains("Description: the other daemon"), nb);
    assertTrue(nb.contains("BGP state = Established, up for"), nb);
    String table = lab.run("show bgp ipv4 198.51.100.0/24");
    assertTrue(table.contains("*>  from 127.0.0.2"), table);
  }

  @Test
  void errorsAreClear() {
    CommandException e =
        assertThrows(CommandException.class, () -> lab.run("show bgp neighbors 192.0.2.99"));
    assertEquals("% No such neighbor: 192.0.2.99", e.getMessage());
    e = assertThrows(CommandException.class, () -> lab.run("show fib"));
    assertTrue(e.getMessage().contains("kernel FIB is disabled"), e.getMessage());
    e = assertThrows(CommandException.class, () -> lab.run("show ip route 10.0.0.0/8"));
    assertEquals("% Network not in table: 10.0.0.0/8", e.getMessage());
  }

  @Test
  void completionOffersLiveNeighborsAndPrefixes() {
    assertEquals(List.of("127.0.0.2", "json"), lab.ca.tree().complete("show bgp neighbors "));
    assertTrue(lab.ca.tree().complete("show ip route 20").contains("203.0.113.0/24"));
    assertEquals(List.of("127.0.0.2"), lab.ca.tree().complete("clear bgp 1"));
    assertEquals(List.of("lo"), lab.ca.tree().complete("show interfaces l"));
  }
}
