package dev.cairn.interop.lab;

import java.io.File;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * External programs the labs need. On a developer machine a missing tool skips the test; in CI
 * ({@code CI=true}) it fails it, so that a green run always means the interop tests ran.
 */
public final class Tools {
  private Tools() {}

  /** The absolute path of {@code name} on PATH (or the absolute path itself), if present. */
  public static Optional<String> find(String name) {
    if (name.startsWith("/")) {
      return new File(name).canExecute() ? Optional.of(name) : Optional.empty();
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
      File f = new File(dir, name);
      if (f.canExecute()) {
        return Optional.of(f.getAbsolutePath());
      }
    }
    return Optional.empty();
  }

  /** The tool's path; skips the calling test when it is missing, fails it when in CI. */
  public static String require(String name) {
    Optional<String> found = find(name);
    if (found.isEmpty()) {
      String why = name + " is not installed (apt-get install it; .ci/run does)";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(why);
      }
      Assumptions.assumeTrue(false, why);
    }
    return found.get();
  }

  /** Requires root (network namespaces, raw sockets): skip locally, fail in CI. */
  public static void requireRoot() {
    boolean root = "root".equals(System.getProperty("user.name"));
    if (!root) {
      String why = "this test needs root (network namespaces)";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(why);
      }
      Assumptions.assumeTrue(false, why);
    }
  }
}
