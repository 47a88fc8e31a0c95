package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bench.soak.Soak;
import dev.cairn.interop.lab.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The soak test's short mode (issue 18; the long mode is benchmarks/scripts/soak.sh): a neighbor
 * flaps a 100k-prefix table three times while another churns 10% of its 20k prefixes with new
 * attributes, and afterwards cairnd's heap after a full GC, attribute interner, timer queues,
 * Adj-RIBs, RIB and kernel routes and nexthop objects are back at their baseline. cairnd runs with
 * the JVM options it ships with (packaging/jvm.options) and the kernel FIB on.
 */
@Tag("integration")
class SoakIT {

  @Test
  void flapsAndChurnLeaveNothingBehind() throws Exception {
    Tools.requireRoot();
    Tools.require("ip");
    Tools.require("bash");
    Tools.require(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    Path dir = Path.of("target", "soak-it").toAbsolutePath();
    Files.createDirectories(dir);
    StringBuilder jvm = new StringBuilder();
    for (String line : Files.readAllLines(Path.of("..", "packaging", "jvm.options"))) {
      if (!line.isBlank() && !line.strip().startsWith("#")) {
        jvm.append(line.strip()).append(' ');
      }
    }
    List<String> out = new ArrayList<>();
    int status =
        Soak.run(
            Soak.parse(
                new String[] {
                  "--cycles", "3",
                  "--flap-prefixes", "100000",
                  "--churn-prefixes", "20000",
                  "--churn-percent", "10",
                  "--phase-timeout", "300",
                  "--cairnd-jvm", jvm.toString(),
                  "--logs", dir.resolve("logs").toString(),
                  "--out", dir.resolve("report.txt").toString(),
                  "--command", "SoakIT (short mode)"
                }),
            out::add);
    assertThat(status).as(String.join("\n", out)).isZero();
  }
}
