package dev.cairn.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A throwaway network namespace for kernel tests: a veth pair with both ends inside (veth0 with
 * 192.0.2.1/24 and 2001:db8::1/64, veth1 up with 192.0.2.254/24), so gateways on 192.0.2.0/24 and
 * 2001:db8::/64 are on-link. Test code only drives {@code ip} to set up and observe; the code under
 * test never shells out. Close it in a finally block / @AfterEach.
 */
public final class NetnsLab implements AutoCloseable {
  public final String name;

  public NetnsLab() {
    this.name = "cairn-t" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
    ip("netns", "add", name);
    try {
      ipn("link", "set", "lo", "up");
      ipn("link", "add", "veth0", "type", "veth", "peer", "name", "veth1");
      ipn("addr", "add", "192.0.2.1/24", "dev", "veth0");
      ipn("addr", "add", "2001:db8::1/64", "dev", "veth0", "nodad");
      ipn("addr", "add", "192.0.2.254/24", "dev", "veth1");
      ipn("link", "set", "veth0", "up");
      ipn("link", "set", "veth1", "up");
      // gateways resolve at once: permanent neighbours
      for (String gw : List.of("192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5")) {
        ipn("neigh", "replace", gw, "lladdr", "02:00:00:00:00:0" + gw.charAt(8), "dev", "veth0");
      }
      ipn("-6", "neigh", "replace", "2001:db8::2", "lladdr", "02:00:00:00:01:02", "dev", "veth0");
      ipn("-6", "neigh", "replace", "2001:db8::3", "lladdr", "02:00:00:00:01:03", "dev", "veth0");
      waitFor(
          Duration.ofSeconds(10),
          () -> ipn("-6", "route", "show", "2001:db8::/64").contains("veth0"),
          "IPv6 connected route on veth0");
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Runs {@code ip -n NAME args...} and returns stdout; fails on a non-zero exit. */
  public String ipn(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "-n";
    all[1] = name;
    System.arraycopy(args, 0, all, 2, args.length);
    return ip(all);
  }

  public static String ip(String... args) {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "ip";
    System.arraycopy(args, 0, cmd, 1, args.length);
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timeout: " + String.join(" ", cmd));
      }
      String s = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed: " + s);
      }
      return s;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Polls {@code cond} every 20 ms until true or the timeout passes. */
  public static void waitFor(Duration timeout, BooleanSupplier cond, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    try {
      ip("netns", "del", name);
    } catch (RuntimeException e) {
      System.err.println("could not delete namespace " + name + ": " + e.getMessage());
    }
  }
}
