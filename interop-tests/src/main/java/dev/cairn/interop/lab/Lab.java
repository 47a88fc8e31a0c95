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
    String a = "v" + SEQ.incrementAndGet() + "a";
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
