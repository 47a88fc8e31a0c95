package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandTreeTest {
  static CommandTree tree() {
    CommandTree t = new CommandTree();
    CommandTree.Node show = t.root().keyword("show", "Show running state");
    CommandTree.Node bgp = show.keyword("bgp", "BGP information");
    bgp.keyword("summary", "One line per neighbor")
        .jsonAction(inv -> "summary" + (inv.json() ? " json" : ""));
    CommandTree.Node nb =
        bgp.keyword("neighbors", "Neighbor details").jsonAction(inv -> "all neighbors");
    CommandTree.Node addr =
        nb.value(
                "ADDR",
                "Neighbor address",
                w -> w.matches("[0-9.]+"),
                () -> List.of("192.0.2.2", "192.0.2.6"))
            .jsonAction(inv -> "neighbor " + inv.value("ADDR"));
    addr.keyword("received-routes", "Routes accepted from it").jsonAction(inv -> "rx");
    addr.keyword("advertised-routes", "Routes sent to it").jsonAction(inv -> "tx");
    show.keyword("bfd", "not really");
    t.root().keyword("reload", "Re-read the configuration").action(inv -> "reloaded");
    return t;
  }

  @Test
  void uniquePrefixesAbbreviate() throws Exception {
    CommandTree t = tree();
    assertEquals("summary", t.execute("sh bgp s"));
    assertEquals("summary json", t.execute("sh bg su j"));
    assertEquals("neighbor 192.0.2.2", t.execute("show bgp n 192.0.2.2"));
    assertEquals("rx", t.execute("sh bg n 192.0.2.2 r"));
    assertEquals("reloaded", t.execute("rel"));
  }

  @Test
  void ambiguousUnknownAndIncompleteAreExplained() {
    CommandTree t = tree();
    CommandException amb = assertThrows(CommandException.class, () -> t.execute("show b"));
    assertEquals("% Ambiguous command: 'b' could be bgp, bfd", amb.getMessage());
    CommandException unk = assertThrows(CommandException.class, () -> t.execute("show bgp nope"));
    assertEquals("% Unknown command: 'nope' after 'show bgp'", unk.getMessage());
    CommandException inc = assertThrows(CommandException.class, () -> t.execute("show bgp"));
    assertTrue(inc.getMessage().startsWith("% Incomplete command: 'show bgp'"));
  }

  @Test
  void completesKeywordsAndLiveValues() {
    CommandTree t = tree();
    assertEquals(List.of("bfd", "bgp"), t.complete("show b"));
    assertEquals(List.of("192.0.2.2", "192.0.2.6", "json"), t.complete("sh bgp neighbors "));
    assertEquals(List.of("192.0.2.6"), t.complete("sh bgp neighbors 192.0.2.6"));
    assertEquals(List.of("advertised-routes"), t.complete("show bgp neighbors 192.0.2.2 a"));
    assertTrue(t.complete("show nope ").isEmpty());
  }

  @Test
  void helpListsWhatMayComeNext() {
    CommandTree t = tree();
    List<CommandTree.Help> h = t.help("show bgp neighbors ");
    assertEquals("ADDR", h.get(0).word());
    assertEquals("Neighbor address", h.get(0).help());
    assertTrue(h.stream().anyMatch(x -> x.word().equals("json")));
    assertTrue(h.stream().anyMatch(x -> x.word().equals("<cr>")));
    assertFalse(t.help("show ").stream().anyMatch(x -> x.word().equals("<cr>")));
  }

  @Test
  void filterKeepsOrDropsLines() throws Exception {
    OutputFilter.Split s = OutputFilter.split("show bgp summary | inc Estab");
    assertEquals("show bgp summary", s.command());
    assertEquals("b Estab\n", s.filter().apply("a Idle\nb Estab\n"));
    assertEquals(
        "a Idle\n", OutputFilter.split("x | ex Estab").filter().apply("a Idle\nb Estab\n"));
    assertThrows(CommandException.class, () -> OutputFilter.split("x | grep y"));
  }
}
