package dev.cairn.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.bgp.fsm.SessionState;
import dev.cairn.bgp.speaker.BgpSpeaker;
import dev.cairn.cli.CommandException;
import dev.cairn.config.CairnConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reload applies only the difference: sessions stay up, policies change softly, bad files bounce.
 */
class ReloadTest {
  @TempDir Path dir;

  static BgpSpeaker.NeighborDetail neighbor(Daemon d) {
    return d.onBgp(d.speaker::neighbors).get(0);
  }

  @Test
  void policyChangeKeepsTheSessionAndBadFilesChangeNothing() throws Exception {
    try (TwoDaemons lab = new TwoDaemons(dir, "accept-all")) {
      TwoDaemons.await(
          Duration.ofSeconds(30),
          () -> neighbor(lab.a).toString(),
          () -> neighbor(lab.a).prefixesAccepted() == 2);
      long establishedAt = neighbor(lab.a).establishedAtNanos();

      // a file with an error: the answer names FILE:LINE:COLUMN, nothing changes
      String good = Files.readString(lab.configA);
      Files.writeString(lab.configA, good.replace("asn: 65002,", "asn: 65002, hold: 3s,"));
      CairnConfig before = lab.a.config();
      CommandException bad = assertThrows(CommandException.class, () -> lab.run("reload"));
      assertTrue(
          bad.getMessage().contains(lab.configA + ":9:"), "error with file and line: " + bad);
      assertTrue(bad.getMessage().contains("running configuration stays"), bad.getMessage());
      assertEquals(before, lab.a.config());

      // the import policy changes: soft reconfiguration, the session stays up
      Files.writeString(lab.configA, TwoDaemons.configA(lab.port(), "only-documentation-1"));
      String answer = lab.run("reload");
      assertTrue(answer.contains("neighbor 127.0.0.2 updated in place"), answer);
      assertTrue(answer.contains("route refresh requested"), answer);
      TwoDaemons.await(
          Duration.ofSeconds(30),
          () -> neighbor(lab.a).toString(),
          () -> neighbor(lab.a).prefixesAccepted() == 1);
      BgpSpeaker.NeighborDetail after = neighbor(lab.a);
      assertEquals(SessionState.ESTABLISHED, after.state());
      assertEquals(establishedAt, after.establishedAtNanos(), "the session was not reset");
      assertEquals(0, after.flaps());
      String rx = lab.run("show bgp neighbors 127.0.0.2 received-routes");
      assertTrue(rx.contains("198.51.100.0/24") && !rx.contains("203.0.113.0/24"), rx);

      // back to accept-all: the refresh brings the route back, still without a reset
      Files.writeString(lab.configA, good);
      lab.run("reload");
      TwoDaemons.await(
          Duration.ofSeconds(30),
          () -> neighbor(lab.a).toString(),
          () -> neighbor(lab.a).prefixesAccepted() == 2);
      assertEquals(establishedAt, neighbor(lab.a).establishedAtNanos());
      assertEquals("configuration unchanged\n", lab.run("reload"));
    }
  }

  /**
   * The input checks of issue 17 reach the speaker: a reload that changes them asks the neighbor
   * for its routes again without a reset, and the max-prefixes warning shows.
   */
  @Test
  void inputChecksApplyOnReloadWithoutAReset() throws Exception {
    try (TwoDaemons lab = new TwoDaemons(dir, "accept-all")) {
      TwoDaemons.await(
          Duration.ofSeconds(30),
          () -> neighbor(lab.a).toString(),
          () -> neighbor(lab.a).prefixesAccepted() == 2);
      long establishedAt = neighbor(lab.a).establishedAtNanos();
      String good = Files.readString(lab.configA);
      Files.writeString(
          lab.configA,
          good.replace(
              "description: the other daemon,",
              "description: the other daemon, enforce-first-as: false,"
                  + " max-prefixes: { limit: 4, warning-threshold: 50 },"));
      String answer = lab.run("reload");
      assertTrue(
          answer.contains(
              "neighbor 127.0.0.2 updated in place (enforce-first-as, max-prefixes), route refresh"
                  + " requested"),
          answer);
      TwoDaemons.await(
          Duration.ofSeconds(30),
          () -> neighbor(lab.a).toString(),
          () -> neighbor(lab.a).maxPrefixWarning());
      String shown = lab.run("show bgp neighbors 127.0.0.2");
      assertTrue(shown.contains("Maximum prefixes 4, warning at 50 % (threshold reached)"), shown);
      String json = lab.run("show bgp neighbors 127.0.0.2 json");
      assertTrue(json.contains("\"warning\": true") || json.contains("\"warning\":true"), json);
      assertEquals(establishedAt, neighbor(lab.a).establishedAtNanos(), "no reset");
      assertEquals(0, neighbor(lab.a).flaps());
    }
  }

  @Test
  void neighborsComeAndGoStaticRoutesFollow() throws Exception {
    try (TwoDaemons lab = new TwoDaemons(dir, "accept-all")) {
      String good = Files.readString(lab.configA);
      String more =
          good.replace(
                  "policies:", "    - { address: 127.0.0.3, asn: 65003, passive: true }\npolicies:")
              .replace(
                  "  - { prefix: 192.0.2.128/25, via: [127.0.0.2] }",
                  "  - { prefix: 198.51.100.128/25, blackhole: true }");
      Files.writeString(lab.configA, more);
      String answer = lab.run("reload");
      assertTrue(answer.contains("neighbor 127.0.0.3 added"), answer);
      assertTrue(answer.contains("static 192.0.2.128/25 removed"), answer);
      assertTrue(answer.contains("static 198.51.100.128/25 installed"), answer);
      assertTrue(lab.run("show bgp summary").contains("127.0.0.3"));
      TwoDaemons.await(
          Duration.ofSeconds(10),
          () -> ShowCommandsTest.class.getName(),
          () -> {
            try {
              return lab.run("show ip route").contains("198.51.100.128/25 [1/0] blackhole")
                  && !lab.run("show ip route").contains("192.0.2.128/25");
            } catch (Exception e) {
              return false;
            }
          });
      Files.writeString(lab.configA, good);
      answer = lab.run("reload");
      assertTrue(answer.contains("neighbor 127.0.0.3 removed"), answer);
      assertFalse(lab.run("show bgp summary").contains("127.0.0.3"));
    }
  }
}
