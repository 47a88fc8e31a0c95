package dev.cairn.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.cli.ControlClient;
import dev.cairn.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload applies the control socket's groups in place (connections stay); a new socket path
 * starts the control server there, and the old socket goes once the reload has answered.
 */
class ControlReloadTest {
  @TempDir Path dir;

  static String config(Path sock, String control) {
    return """
        router-id: 192.0.2.1
        kernel: { enabled: false }
        control: { socket: %s%s }
        """
        .formatted(sock, control);
  }

  @Test
  void groupsApplyInPlaceASocketPathMovesTheServer() throws Exception {
    Path sock = dir.resolve("c.sock");
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, config(sock, ", group: nogroup"));
    Daemon d = Daemon.start(file, ConfigLoader.load(file));
    d.add(new ControlComponent(Commands.of(d).tree()));
    try (ControlClient client = ControlClient.connect(sock)) {
      assertEquals("nogroup", group(sock));
      assertTrue(client.exec("show version").ok());

      // the groups change over the socket itself: the same connection goes on
      Files.writeString(file, config(sock, ", group: adm, admin-group: staff"));
      var r = client.exec("reload");
      assertTrue(r.ok(), r.text());
      assertTrue(r.text().contains("control: soft\n"), r.text());
      assertTrue(r.text().contains("  control group adm, admin group staff applied\n"), r.text());
      assertEquals("adm", group(sock), "the socket file has the new group");
      assertTrue(client.exec("show version").ok(), "the connection stayed");
      assertEquals("adm", d.config().control().group());

      // a new path: a server there, the old socket gone a moment after the answer
      Path other = dir.resolve("other.sock");
      Files.writeString(file, config(other, ", group: adm"));
      r = client.exec("reload");
      assertTrue(r.ok(), r.text());
      assertTrue(r.text().contains("control: restart of control socket\n"), r.text());
      try (ControlClient moved = ControlClient.connect(other)) {
        assertTrue(moved.exec("show version").ok());
      }
      TwoDaemons.await(
          Duration.ofSeconds(20), () -> sock + " still there", () -> !Files.exists(sock));
      assertFalse(Files.exists(sock));
      assertEquals(other, d.config().controlSocket());
    } finally {
      d.stop();
      d.bgpLoop.close();
      d.ribLoop.close();
    }
  }

  static String group(Path p) throws Exception {
    return Files.readAttributes(p, PosixFileAttributes.class).group().getName();
  }
}
