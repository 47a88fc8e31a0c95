package dev.cairn.interop.peer;

import dev.cairn.interop.lab.Lab;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A {@link RawBgpPeer} running in a lab namespace (its own JVM under {@code ip netns exec}, on the
 * test's class path): the test sends it bytes through stdin and reads its events from its log.
 */
public final class RawPeerProcess {
  private final Process process;
  private final Path log;
  private final OutputStream commands;

  private RawPeerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.commands = process.getOutputStream();
  }

  /**
   * Starts a raw peer in {@code ns} that connects from {@code local} to {@code remote} port 179 as
   * {@code asn}, offering {@code hold} seconds, with the 4-octet AS capability when {@code as4}.
   */
  public static RawPeerProcess start(
      Lab lab, String ns, String local, String remote, long asn, int hold, boolean as4)
      throws IOException {
    Path log = lab.dir().resolve(ns + "-rawpeer-" + local + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        lab.spawn(
            ns,
            log,
            java,
            "-Xmx64m",
            "-cp",
            System.getProperty("java.class.path"),
            RawBgpPeer.class.getName(),
            "--local",
            local,
            "--remote",
            remote,
            "--asn",
            Long.toString(asn),
            "--hold",
            Integer.toString(hold),
            "--as4",
            Boolean.toString(as4));
    return new RawPeerProcess(p, log);
  }

  /** Sends {@code bytes} as they are; returns once the peer says it wrote them. */
  public void send(byte[] bytes) throws IOException, InterruptedException {
    int before = count("SENT ");
    commands.write(("send " + Octets.hex(bytes) + "\n").getBytes(StandardCharsets.US_ASCII));
    commands.flush();
    Lab.await(Duration.ofSeconds(10), this::log, () -> count("SENT ") > before || !alive());
  }

  public String log() {
    return Lab.read(log);
  }

  public void awaitEstablished(Duration max) throws InterruptedException {
    Lab.await(max, this::log, () -> log().contains("ESTABLISHED"));
  }

  /** True while the session is up (no CLOSED, no HOLD-EXPIRED yet). */
  public boolean up() {
    String l = log();
    return l.contains("ESTABLISHED") && !l.contains("CLOSED") && !l.contains("HOLD-EXPIRED");
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** The NOTIFICATIONs received, as hex of the whole messages. */
  public List<String> notifications() {
    return received(Octets.NOTIFICATION);
  }

  /** The UPDATEs received, as hex of the whole messages. */
  public List<String> updates() {
    return received(Octets.UPDATE);
  }

  private List<String> received(int type) {
    String prefix = "RECV " + type + " ";
    return log()
        .lines()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()))
        .toList();
  }

  private int count(String what) {
    return (int) log().lines().filter(l -> l.startsWith(what)).count();
  }

  /** Ends the session (the socket closes without a NOTIFICATION). */
  public void close() throws IOException {
    try {
      commands.write("close\n".getBytes(StandardCharsets.US_ASCII));
      commands.flush();
    } catch (IOException e) {
      // already gone
    }
  }
}
