package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.interop.lab.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README's first command: {@code bin/cairn-lab demo} brings up cairnd on a gateway and two
 * nodes, the gateway's kernel holds one ECMP route to the VIP through both nodes, pings from a
 * client reach both nodes, and {@code bin/cairn-lab down} removes every namespace.
 */
@Tag("integration")
class DemoLabIT {

  static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void demoShowsTheEcmpRouteAndBothNodesAnswer() throws Exception {
    Tools.requireRoot();
    Tools.require("ping");
    String script = Path.of("..", "bin", "cairn-lab").toAbsolutePath().normalize().toString();
    try {
      String out = run(script, "demo");
      assertThat(out)
          .contains("B>* 203.0.113.10/32 [20/0] via 192.0.2.2, via 192.0.2.6")
          .contains("nexthop via 192.0.2.2 dev to-n1")
          .contains("nexthop via 192.0.2.6 dev to-n2")
          .containsPattern("192\\.0\\.2\\.2\\s+65011 .* 2 ");
      Matcher m = Pattern.compile("n(\\d) answered (\\d+) echo requests").matcher(out);
      int nodes = 0;
      int total = 0;
      while (m.find()) {
        nodes++;
        assertThat(Integer.parseInt(m.group(2))).as("node %s answered", m.group(1)).isPositive();
        total += Integer.parseInt(m.group(2));
      }
      assertThat(nodes).isEqualTo(2);
      assertThat(total).isEqualTo(13);
      assertThat(run(script, "shell", "gw", "show", "bgp", "summary", "json"))
          .contains("\"state\":\"Established\"");
    } finally {
      run(script, "down");
    }
    assertThat(run("ip", "netns", "list")).doesNotContain("cairnlab-");
  }
}
