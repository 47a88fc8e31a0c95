package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlSocketTest {
  @TempDir Path dir;

  @Test
  void execCompleteAndHelpOverTheSocket() throws Exception {
    Path sock = dir.resolve("run/cairn.sock");
    try (ControlServer s = ControlServer.start(sock, CommandTreeTest.tree());
        ControlClient c = ControlClient.connect(sock)) {
      assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
      ControlProtocol.Reply ok = c.exec("sh bgp su json");
      assertTrue(ok.ok());
      assertEquals("summary json", ok.text());
      ControlProtocol.Reply bad = c.exec("show nothing");
      assertFalse(bad.ok());
      assertEquals("% Unknown command: 'nothing' after 'show'\n", bad.text());
      assertEquals(List.of("192.0.2.2", "192.0.2.6", "json"), c.complete("show bgp neighbors "));
      assertEquals("summary", c.help("show bgp s").get(0).word());
      assertEquals("One line per neighbor", c.help("show bgp s").get(0).help());
      Main.Result filtered = Main.execute(c, "show bgp summary | include json");
      assertEquals("", filtered.text());
    }
    assertFalse(Files.exists(sock), "the socket file is removed on close");
  }

  @Test
  void aStaleSocketIsReplacedALiveOneRefused() throws Exception {
    Path sock = dir.resolve("cairn.sock");
    try (ControlServer s = ControlServer.start(sock, CommandTreeTest.tree())) {
      IOException e =
          assertThrows(IOException.class, () -> ControlServer.start(sock, CommandTreeTest.tree()));
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
    }
    Files.createFile(sock); // what a crashed daemon leaves
    try (ControlServer s = ControlServer.start(sock, CommandTreeTest.tree());
        ControlClient c = ControlClient.connect(sock)) {
      assertEquals("reloaded", c.exec("reload").text());
    }
  }

  @Test
  void noDaemonIsAClearError() {
    IOException e =
        assertThrows(IOException.class, () -> ControlClient.connect(dir.resolve("none.sock")));
    assertTrue(e.getMessage().contains("is cairnd running?"), e.getMessage());
  }
}
