package dev.cairn.interop.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A network-namespace lab: namespaces joined by veth pairs with documentation addresses, and
 * processes (cairnd, bird, bgpd, ...) running inside them. {@link #close()} kills every process and
 * deletes every namespace it made, whatever happened before. Namespace names carry the JVM's pid so
 * that parallel runs do not collide.
 */
public final class Lab implements AutoCloseable {
  private static final AtomicInteger SEQ = new AtomicInteger();

  private final String tag =
      "c" + (ProcessHandle.current().pid() % 100000) + "x" + SEQ.incrementAndGet();
  private final List<String> namespaces = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final Path dir;

  public Lab() throws IOException {
    Tools.requireRoot();
    Tools.require("ip");
    dir = Files.createTempDirectory("cairn-lab-");
  }

  /** Scratch directory for configs, sockets and logs of this lab. */
  public Path dir() {
    return dir;
  }

  /** Creates a namespace and returns its full name. */
  public String namespace(String name) throws IOException, InterruptedException {
    String ns = tag + "-" + name;
    run("ip", "netns", "add", ns);
    namespaces.add(ns);
    run("ip", "-n", ns, "link", "set", "lo", "up");
    return ns;
  }

  /** A veth pair between two namespaces, with one IPv4 and one IPv6 address on each end. */
  public void link(String nsA, String addrsA, String nsB, String addrsB)
      throws IOException, InterruptedException {
    // veth pairs are made in the root namespace first: their names carry the lab's tag too
    String a = tag + "v" + SEQ.incrementAndGet() + "a";
    String b = a.substring(0, a.length() - 1) + "b";
    run("ip", "link", "add", a, "type", "veth", "peer", "name", b);
    run("ip", "link", "set", "dev", a, "netns", nsA);
    run("ip", "link", "set", "dev", b, "netns", nsB);
    addresses(nsA, a, addrsA);
    addresses(nsB, b, addrsB);
    run("ip", "-n", nsA, "link", "set", a, "up");
    run("ip", "-n", nsB, "link", "set", b, "up");
  }

  private void addresses(String ns, String dev, String addrs)
      throws IOException, InterruptedException {
    for (String addr : addrs.split(",")) {
      if (addr.contains(":")) {
        run("ip", "-n", ns, "addr", "add", addr.trim(), "dev", dev, "nodad");
      } else {
        run("ip", "-n", ns, "addr", "add", addr.trim(), "dev", dev);
      }
    }
  }

  /** Starts a long-running process in {@code ns}; stdout and stderr go to {@code log}. */
  public Process spawn(String ns, Path log, String... cmd) throws IOException {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    full.addAll(List.of(cmd));
    Process p =
        new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.add(p);
    return p;
  }

  /**
   * Starts cairnd in {@code ns} with {@code yaml} as its configuration, on the classpath of the
   * running tests; returns the file its log goes to.
   */
  public Path cairnd(String ns, String yaml) throws IOException {
    Path conf = dir.resolve(ns + "-cairn.yaml");
    if (!yaml.contains("control:")) {
      // namespaces share the file system: each cairnd gets its own control socket
      yaml = "control: { socket: " + controlSocket(ns) + " }\n" + yaml;
    }
    Files.writeString(conf, yaml);
    Path log = dir.resolve(ns + "-cairnd.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    spawn(
        ns,
        log,
        java,
        "-cp",
        System.getProperty("java.class.path"),
        "dev.cairn.daemon.Cairnd",
        "--config",
        conf.toString());
    return log;
  }

  /** The control socket of the cairnd that {@link #cairnd} started in {@code ns}. */
  public Path controlSocket(String ns) {
    return dir.resolve(ns + "-cairn.sock");
  }

  /** The configuration file of the cairnd that {@link #cairnd} started in {@code ns}. */
  public Path cairnConfig(String ns) {
    return dir.resolve(ns + "-cairn.yaml");
  }

  /**
   * Runs {@code cairn COMMAND} against the cairnd of {@code ns} (the shell's one-shot mode, on the
   * classpath of the running tests); returns its output, stdout then stderr.
   */
  public String cairn(String ns, String... command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    full.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    full.add("-cp");
    full.add(System.getProperty("java.class.path"));
    full.add("dev.cairn.cli.Main");
    full.add("--socket");
    full.add(controlSocket(ns).toString());
    full.addAll(List.of(command));
    return output(full);
  }

  /** {@link #exec} that returns the error text instead of throwing (for polling). */
  public String execSafe(String ns, String... cmd) {
    try {
      return exec(ns, cmd);
    } catch (IOException | InterruptedException e) {
      return e.toString();
    }
  }

  /** {@link #cairn} that returns the error text instead of throwing (for polling). */
  public String cairnSafe(String ns, String... command) {
    try {
      return cairn(ns, command);
    } catch (IOException | InterruptedException e) {
      return e.toString();
    }
  }

  /** FRR's bgpd, standalone (no zebra), so that several run side by side. */
  public static final String BGPD = "/usr/lib/frr/bgpd";

  /**
   * Starts FRR bgpd in {@code ns} with {@code config}; its files (pid, vty socket for {@code vtysh
   * --vty_socket DIR}) go to the returned directory. {@code run} tells restarts apart.
   */
  public Path frrBgpd(String ns, String config, String run) throws IOException {
    Path d = dir.resolve(ns + "-frr");
    Files.createDirectories(d);
    Path conf = d.resolve("bgpd.conf");
    Files.writeString(conf, config);
    lastBgpd =
        spawn(
            ns,
            d.resolve("bgpd-" + run + ".out"),
            BGPD,
            "-Z",
            "-n",
            "-S",
            "-f",
            conf.toString(),
            "-i",
            d.resolve("bgpd.pid").toString(),
            "-z",
            d.resolve("zserv.api").toString(),
            "--vty_socket",
            d.toString(),
            "-P",
            "0");
    return d;
  }

  private Process lastBgpd;

  /** Every process started so far, in order. */
  public List<Process> spawned() {
    return List.copyOf(processes);
  }

  /** The bgpd process started last by {@link #frrBgpd}. */
  public Process lastBgpd() {
    return lastBgpd;
  }

  /** BIRD in {@code ns} with {@code config}; returns its control socket for {@code birdc -s}. */
  public Path bird(String ns, String config) throws IOException {
    Path conf = dir.resolve(ns + "-bird.conf");
    Files.writeString(conf, config);
    Path sock = dir.resolve(ns + "-bird.ctl");
    lastBird =
        spawn(
            ns,
            dir.resolve(ns + "-bird.log"),
            "bird",
            "-f",
            "-c",
            conf.toString(),
            "-s",
            sock.toString());
    return sock;
  }

  private Process lastBird;

  /** The bird process started last by {@link #bird}. */
  public Process lastBird() {
    return lastBird;
  }

  /** A file's text, or "" while it does not exist yet (logs, for polling). */
  public static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** Runs a command in {@code ns} to completion and returns its output (stdout and stderr). */
  public String exec(String ns, String... cmd) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    full.addAll(List.of(cmd));
    return output(full);
  }

  /** Runs a command (outside any namespace) and fails when it fails. */
  public static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
    return out;
  }

  private static String output(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  /** Polls {@code ok} every 100 ms until it holds; fails with {@code what} after {@code max}. */
  public static void await(Duration max, Supplier<String> what, BooleanSupplier ok)
      throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!ok.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + max + ": " + what.get());
      }
      Thread.sleep(100);
    }
  }

  /** Sends a signal to a process started with {@link #spawn} (through its child: the daemon). */
  public static void signal(Process p, String signal) throws IOException, InterruptedException {
    for (ProcessHandle h : p.descendants().toList()) {
      run("kill", "-" + signal, Long.toString(h.pid()));
    }
    run("kill", "-" + signal, Long.toString(p.pid()));
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (String ns : namespaces) {
      try {
        // processes that forked themselves away (bird -f is not used; belt and braces)
        output(List.of("ip", "netns", "pids", ns))
            .lines()
            .filter(l -> !l.isBlank())
            .forEach(
                pid ->
                    ProcessHandle.of(Long.parseLong(pid.trim()))
                        .ifPresent(ProcessHandle::destroyForcibly));
        output(List.of("ip", "netns", "del", ns));
      } catch (IOException | InterruptedException e) {
        // keep deleting the others
      }
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a leftover temp directory is harmless
    }
  }
}
