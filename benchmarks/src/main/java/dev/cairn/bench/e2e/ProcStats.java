package dev.cairn.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory and CPU of a daemon's process tree, read from /proc: resident set (VmRSS), peak resident
 * set (VmHWM) and user+system CPU time (utime+stime of /proc/PID/stat), summed over the given
 * processes and their descendants.
 */
public final class ProcStats {
  private static final double TICKS = 100.0; // USER_HZ on Linux

  public final long rssKb;
  public final long hwmKb;
  public final double cpuSeconds;

  private ProcStats(long rssKb, long hwmKb, double cpuSeconds) {
    this.rssKb = rssKb;
    this.hwmKb = hwmKb;
    this.cpuSeconds = cpuSeconds;
  }

  public static ProcStats of(List<Process> roots) {
    List<Long> pids = new ArrayList<>();
    for (Process p : roots) {
      pids.add(p.pid());
      p.descendants().forEach(h -> pids.add(h.pid()));
    }
    long rss = 0;
    long hwm = 0;
    long ticks = 0;
    for (long pid : pids) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
          if (line.startsWith("VmRSS:")) {
            rss += kb(line);
          } else if (line.startsWith("VmHWM:")) {
            hwm += kb(line);
          }
        }
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
      } catch (IOException | RuntimeException e) {
        // the process went away between listing and reading
      }
    }
    return new ProcStats(rss, hwm, ticks / TICKS);
  }

  private static long kb(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }

  /**
   * Routes in the main IPv4 FIB of the network namespace of {@code pid}, from fib_triestat (cheap:
   * the kernel counts, nothing is dumped).
   */
  public static long ipv4Routes(long pid) {
    try {
      boolean main = false;
      for (String line :
          Files.readAllLines(Path.of("/proc", Long.toString(pid), "net/fib_triestat"))) {
        if (line.startsWith("Main:")) {
          main = true;
        } else if (!line.startsWith("\t") && !line.startsWith(" ")) {
          main = false;
        } else if (main && line.trim().startsWith("Prefixes:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
