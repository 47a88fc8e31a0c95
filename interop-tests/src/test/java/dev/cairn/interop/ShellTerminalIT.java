package dev.cairn.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.interop.lab.Lab;
import dev.cairn.interop.lab.Tools;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A person at the real {@code cairn} shell, in a tmux terminal: {@code ?} lists what may come next
 * with help, TAB completes a neighbor address from the daemon's live state, an abbreviated command
 * runs, {@code | include} filters, and {@code exit} leaves.
 */
@Tag("integration")
class ShellTerminalIT {

  @Test
  void helpCompletionAbbreviationAndFilterAtTheKeyboard() throws Exception {
    String tmux = Tools.require("tmux");
    try (Lab lab = new Lab()) {
      int port;
      try (ServerSocket probe = new ServerSocket(0)) {
        port = probe.getLocalPort();
      }
      Path sock = lab.dir().resolve("cairn.sock");
      Path conf = lab.dir().resolve("cairn.yaml");
      Files.writeString(
          conf,
          """
          router-id: 192.0.2.1
          control: { socket: %s }
          metrics: { listen: "127.0.0.1:0" }
          kernel: { enabled: false }
          bgp:
            asn: 65001
            listen: { address: 127.0.0.1, port: %d }
            neighbors:
              - { address: 127.0.0.2, asn: 65002, passive: true }
              - { address: 192.0.2.77, asn: 65077, passive: true, description: far away }
          """
              .formatted(sock, port));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String cp = System.getProperty("java.class.path");
      Path log = lab.dir().resolve("cairnd.log");
      Process cairnd =
          new ProcessBuilder(
                  java, "-cp", cp, "dev.cairn.daemon.Cairnd", "--config", conf.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      String server = "cairn-it-" + ProcessHandle.current().pid();
      try {
        Lab.await(Duration.ofSeconds(30), () -> Lab.read(log), () -> Files.exists(sock));
        Path shell = lab.dir().resolve("shell.sh");
        Files.writeString(
            shell,
            "#!/bin/sh\nexec '"
                + java
                + "' -cp '"
                + cp
                + "' dev.cairn.cli.Main --socket '"
                + sock
                + "'\n");
        shell.toFile().setExecutable(true);
        Lab.run(
            tmux,
            "-L",
            server,
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            "150",
            "-y",
            "50",
            shell.toString());
        Terminal t = new Terminal(tmux, server);
        t.await("the prompt", s -> s.lines().anyMatch(l -> l.matches("\\S+#\\s*")));

        t.keys("show bgp ");
        t.keys("?");
        t.await(
            "help for the words after 'show bgp'",
            s ->
                s.contains("summary")
                    && s.contains("One line per neighbor")
                    && s.contains("neighbors")
                    && s.contains("Neighbor details"));

        t.keys("C-u");
        t.keys("show bgp neighbors 19");
        t.keys("Tab");
        t.await("the neighbor address completed", s -> s.contains("show bgp neighbors 192.0.2.77"));
        t.keys("Enter");
        t.await(
            "the neighbor's details",
            s ->
                s.contains("BGP neighbor is 192.0.2.77, remote AS 65077")
                    && s.contains("Description: far away"));

        t.keys("sh b s");
        t.keys("Enter");
        t.await("show bgp summary, abbreviated", s -> s.contains("Total number of neighbors 2"));

        t.keys("sh b s | i 65077");
        t.keys("Enter");
        t.await("the filtered line", s -> s.lines().anyMatch(l -> l.startsWith("192.0.2.77")));
        String screen = t.screen();
        String filtered = screen.substring(screen.lastIndexOf("| i 65077"));
        assertTrue(
            filtered.lines().noneMatch(l -> l.startsWith("127.0.0.2") || l.contains("Total")),
            "the filter drops the other lines:\n" + filtered);

        t.keys("show nonsense");
        t.keys("Enter");
        t.await("an error that says why", s -> s.contains("% Unknown command: 'nonsense'"));

        t.keys("exit");
        t.keys("Enter");
        Lab.await(
            Duration.ofSeconds(10),
            () -> "the shell did not exit",
            () -> {
              try {
                Process has =
                    new ProcessBuilder(tmux, "-L", server, "has-session", "-t", "t").start();
                has.waitFor();
                return has.exitValue() != 0; // the session ends with its only program
              } catch (Exception e) {
                return false;
              }
            });
      } finally {
        new ProcessBuilder(tmux, "-L", server, "kill-server").start().waitFor();
        cairnd.destroy();
        cairnd.waitFor();
      }
    }
  }

  /** The tmux pane as a screen to type into and read. */
  private record Terminal(String tmux, String server) {
    void keys(String keys) throws Exception {
      List<String> cmd =
          List.of(
              tmux,
              "-L",
              server,
              "send-keys",
              "-t",
              "t",
              keys.equals("Tab") || keys.equals("Enter") || keys.equals("C-u") ? keys : "-l");
      if (cmd.get(cmd.size() - 1).equals("-l")) {
        Lab.run(tmux, "-L", server, "send-keys", "-t", "t", "-l", keys);
      } else {
        Lab.run(cmd.toArray(String[]::new));
      }
    }

    String screen() throws Exception {
      return Lab.run(tmux, "-L", server, "capture-pane", "-p", "-t", "t", "-S", "-100");
    }

    void await(String what, java.util.function.Predicate<String> ok) throws Exception {
      Lab.await(
          Duration.ofSeconds(30),
          () -> {
            try {
              return what + "; screen:\n" + screen();
            } catch (Exception e) {
              return what + ": " + e;
            }
          },
          () -> {
            try {
              return ok.test(screen());
            } catch (Exception e) {
              return false;
            }
          });
    }
  }
}
