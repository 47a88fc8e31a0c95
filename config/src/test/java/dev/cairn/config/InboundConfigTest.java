package dev.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.net.IpAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The inbound checks of issue 17: enforce-first-as, max-as-path-length (bgp and neighbor),
 * drop-unknown-attributes and the max-prefixes warning threshold; parsed, printed, diffed.
 */
class InboundConfigTest {
  static final String YAML =
      String.join(
          "\n",
          "router-id: 192.0.2.1",
          "bgp:",
          "  asn: 65000",
          "  max-as-path-length: 100",
          "  neighbors:",
          "    - address: 192.0.2.2",
          "      asn: 65002",
          "      enforce-first-as: false",
          "      max-as-path-length: 0",
          "      drop-unknown-attributes: true",
          "      max-prefixes: { limit: 1000, warning-threshold: 80, restart: 5m }",
          "    - { address: 192.0.2.3, asn: 65003, max-prefixes: 500 }",
          "    - { address: 192.0.2.4, asn: 65000 }",
          "");

  static CairnConfig parse(String y) throws ConfigException {
    return ConfigLoader.parse(y, "in.yaml");
  }

  @Test
  void theKeysParseAndDefaultsAreSafe() throws Exception {
    BgpConfig b = parse(YAML).bgp().orElseThrow();
    assertThat(b.maxAsPathLength()).isEqualTo(100);
    NeighborConfig rs = b.neighbors().get(0);
    assertThat(rs.inbound()).isEqualTo(new NeighborConfig.Inbound(false, OptionalInt.of(0), true));
    assertThat(rs.maxPrefixes())
        .contains(new NeighborConfig.MaxPrefixes(1000, Optional.of(Duration.ofMinutes(5)), 80));
    assertThat(b.maxAsPathLength(rs)).isZero(); // the neighbor's own: no limit
    NeighborConfig plain = b.neighbors().get(1);
    assertThat(plain.inbound()).isEqualTo(NeighborConfig.Inbound.DEFAULT);
    assertThat(plain.inbound().enforceFirstAs()).isTrue();
    assertThat(plain.inbound().dropUnknownAttributes()).isFalse();
    assertThat(plain.maxPrefixes().orElseThrow().warningThreshold()).isEqualTo(75);
    assertThat(b.maxAsPathLength(plain)).isEqualTo(100); // the speaker's
    BgpConfig d = parse("router-id: 192.0.2.1\nbgp: { asn: 65000 }\n").bgp().orElseThrow();
    assertThat(d.maxAsPathLength()).isEqualTo(255);
  }

  @Test
  void badValuesAreReportedWithFileLineAndColumn() {
    String yaml =
        String.join(
            "\n",
            "router-id: 192.0.2.1",
            "bgp:",
            "  asn: 65000",
            "  max-as-path-length: -1",
            "  neighbors:",
            "    - address: 192.0.2.2",
            "      asn: 65002",
            "      enforce-first-as: maybe",
            "      max-prefixes: { limit: 10, warning-threshold: 101 }",
            "    - address: 192.0.2.4",
            "      asn: 65000",
            "      enforce-first-as: true",
            "      drop-unknown-attribute: true",
            "");
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
    assertThat(e.toString())
        .isEqualTo(
            String.join(
                "\n",
                "in.yaml:4:23: max-as-path-length must be between 0 and 65535, found -1",
                "in.yaml:8:25: enforce-first-as must be true or false, found 'maybe'",
                "in.yaml:9:53: warning-threshold must be between 1 and 100, found 101",
                "in.yaml:12:7: enforce-first-as applies to eBGP neighbors only",
                "in.yaml:13:7: unknown key 'drop-unknown-attribute' in neighbor"
                    + " (did you mean 'drop-unknown-attributes'?)"));
  }

  @Test
  void thePrinterPrintsThemAndTheyParseBackEqual() throws Exception {
    CairnConfig c = parse(YAML);
    String printed = ConfigPrinter.print(c);
    assertThat(printed)
        .contains("max-as-path-length: 100")
        .contains("enforce-first-as: false")
        .contains("max-as-path-length: 0")
        .contains("drop-unknown-attributes: true")
        .contains("warning-threshold: 80");
    assertThat(ConfigLoader.parse(printed, "printed.yaml")).isEqualTo(c);
  }

  /** They change what the neighbor's routes must pass: a route refresh, not a session reset. */
  @Test
  void changingThemAsksForTheRoutesAgainWithoutAReset() throws Exception {
    CairnConfig before = parse(YAML);
    CairnConfig after =
        parse(
            YAML.replace("enforce-first-as: false", "enforce-first-as: true")
                .replace("drop-unknown-attributes: true", "drop-unknown-attributes: false")
                .replace("  max-as-path-length: 100", "  max-as-path-length: 50"));
    ConfigDiff d = ConfigDiff.between(before, after);
    assertThat(d.sections()).isEmpty();
    ConfigDiff.NeighborChange rs = d.neighbor(IpAddress.parse("192.0.2.2")).orElseThrow();
    assertThat(rs.reset()).isFalse();
    assertThat(rs.softIn()).isTrue();
    assertThat(rs.reasons()).containsExactly("enforce-first-as", "drop-unknown-attributes");
    // the speaker-wide limit reaches the neighbors without their own
    ConfigDiff.NeighborChange plain = d.neighbor(IpAddress.parse("192.0.2.3")).orElseThrow();
    assertThat(plain.reset()).isFalse();
    assertThat(plain.softIn()).isTrue();
    assertThat(plain.reasons()).containsExactly("max-as-path-length");
    // the warning threshold applies live
    ConfigDiff w =
        ConfigDiff.between(
            before, parse(YAML.replace("warning-threshold: 80", "warning-threshold: 90")));
    ConfigDiff.NeighborChange n = w.neighbor(IpAddress.parse("192.0.2.2")).orElseThrow();
    assertThat(n.reset()).isFalse();
    assertThat(n.softIn()).isFalse();
    assertThat(n.reasons()).containsExactly("max-prefixes");
  }
}
