package dev.cairn.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.cli.ControlServer;
import dev.cairn.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reload applies the control socket's groups at once; a new socket path waits for a restart. */
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
  void groupsApplyAtOnceASocketPathAtTheNextStart() throws Exception {
    Path sock = dir.resolve("c.sock");
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, config(sock, ", group: nogroup"));
    Daemon d = Daemon.start(file, ConfigLoader.load(file));
    ControlServer control =
        ControlServer.start(Cairnd.controlSettings(d.config().control()), Commands.of(d).tree());
    d.onControlChange = c -> Cairnd.controlChanged(control, c);
    try {
      assertEquals("nogroup", group(sock));
      Files.writeString(file, config(sock, ", group: adm, admin-group: staff"));
      Daemon.ReloadResult r = d.reload();
      assertTrue(r.ok(), r.text());
      assertEquals("control group adm, admin group staff applied\n", r.text());
      assertEquals("adm", group(sock), "the socket file has the new group");

      Files.writeString(file, config(dir.resolve("other.sock"), ", group: adm"));
      r = d.reload();
      assertEquals("section control changed: applied at the next restart of cairnd\n", r.text());
    } finally {
      control.close();
      d.stop();
      d.bgpLoop.close();
      d.ribLoop.close();
    }
  }

  static String group(Path p) throws Exception {
    return Files.readAttributes(p, PosixFileAttributes.class).group().getName();
  }
}
