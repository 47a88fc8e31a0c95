package dev.cairn.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The event lines of a feeder or receiver process: the latest line per first word, every {@code
 * FAIL} line, all copied to a log file; and a way to send it commands.
 */
public final class Events {
  private final Process process;
  private final Map<String, String> latest = new ConcurrentHashMap<>();
  public final List<String> failures = new CopyOnWriteArrayList<>();

  public Events(Process process, Path log) throws IOException {
    this.process = process;
    PrintWriter w = new PrintWriter(Files.newBufferedWriter(log), true);
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  w.println(line);
                  String key = line.split(" ", 2)[0];
                  latest.put(key, line);
                  if (key.equals("FAIL")) {
                    failures.add(line);
                  }
                }
              } catch (IOException e) {
                // process gone
              } finally {
                w.close();
              }
            },
            "events-" + log.getFileName());
    t.setDaemon(true);
    t.start();
  }

  /** The latest line starting with {@code key}, or null. */
  public String get(String key) {
    return latest.get(key);
  }

  /** The n-th word (0 = the key) of the latest {@code key} line as a long, or -1. */
  public long word(String key, int n) {
    String l = latest.get(key);
    if (l == null) {
      return -1;
    }
    String[] w = l.split(" ");
    return n < w.length ? Long.parseLong(w[n]) : -1;
  }

  public boolean alive() {
    return process.isAlive();
  }

  public void send(String cmd) throws IOException {
    process.getOutputStream().write((cmd + "\n").getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().flush();
  }

  /** Waits for a {@code key} line; returns false on timeout, failure or process exit. */
  public boolean await(String key, long timeoutNanos) throws InterruptedException {
    long end = System.nanoTime() + timeoutNanos;
    while (latest.get(key) == null) {
      if (System.nanoTime() > end || !failures.isEmpty() || !process.isAlive()) {
        return latest.get(key) != null;
      }
      Thread.sleep(20);
    }
    return true;
  }
}
