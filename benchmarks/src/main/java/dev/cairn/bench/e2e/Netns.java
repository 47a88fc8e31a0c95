package dev.cairn.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark run's namespaces, veths and processes. {@link #close()} kills every process it
 * started (and their descendants) and deletes every namespace, whatever happened before. Names
 * start with {@code e2e<pid>} so that the driving script can sweep leftovers of a killed run.
 */
public final class Netns implements AutoCloseable {
  private static int seq;

  final String tag;
  private final List<String> namespaces = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  public Netns() {
    tag = "e2e" + ProcessHandle.current().pid() + "n" + (++seq);
  }

  public String namespace(String name) throws IOException, InterruptedException {
    String ns = tag + name;
    run("ip", "netns", "add", ns);
    namespaces.add(ns);
    run("ip", "-n", ns, "link", "set", "lo", "up");
    return ns;
  }

  /** A veth pair between two namespaces with the given addresses (comma-separated) on each end. */
  public void link(String nsA, String addrsA, String nsB, String addrsB)
      throws IOException, InterruptedException {
    String a = "ve" + (ProcessHandle.current().pid() % 100000) + "x" + (++seq);
    String b = a + "p";
    run("ip", "link", "add", a, "type", "veth", "peer", "name", b);
    run("ip", "link", "set", "dev", a, "netns", nsA);
    run("ip", "link", "set", "dev", b, "netns", nsB);
    for (String addr : addrsA.split(",")) {
      run("ip", "-n", nsA, "addr", "add", addr, "dev", a, "nodad");
    }
    for (String addr : addrsB.split(",")) {
      run("ip", "-n", nsB, "addr", "add", addr, "dev", b, "nodad");
    }
    run("ip", "-n", nsA, "link", "set", a, "up");
    run("ip", "-n", nsB, "link", "set", b, "up");
  }

  /** Starts {@code cmd} in {@code ns}, output to {@code log} (or to a pipe when log is null). */
  public Process spawn(String ns, Path log, List<String> cmd) throws IOException {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    full.addAll(cmd);
    ProcessBuilder pb = new ProcessBuilder(full);
    if (log != null) {
      pb.redirectErrorStream(true).redirectOutput(log.toFile());
    } else {
      pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    }
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  public static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
    return out;
  }

  /** Output of a command, whatever its exit status. */
  public static String output(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (String ns : namespaces) {
      for (String pid : output("ip", "netns", "pids", ns).split("\\s+")) {
        if (!pid.isBlank()) {
          ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
      output("ip", "netns", "del", ns);
    }
  }
}
