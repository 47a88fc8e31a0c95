package dev.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DecisionConfigTest {
  @Test
  void medOptionsDefaultToDeterministicAndParse() throws ConfigException {
    CairnConfig d = ConfigLoader.parse("router-id: 192.0.2.1\nbgp: { asn: 65001 }\n", "c.yaml");
    assertThat(d.bgp().get().decision()).isEqualTo(BgpConfig.Decision.DEFAULT);
    CairnConfig c =
        ConfigLoader.parse(
            "router-id: 192.0.2.1\n"
                + "bgp:\n"
                + "  asn: 65001\n"
                + "  decision: { always-compare-med: true, deterministic-med: false }\n",
            "c.yaml");
    assertThat(c.bgp().get().decision()).isEqualTo(new BgpConfig.Decision(true, false));
    // the printer writes it back and a changed option is a difference for reload
    assertThat(ConfigLoader.parse(ConfigPrinter.print(c), "p.yaml")).isEqualTo(c);
    assertThat(ConfigDiff.between(d, c).isEmpty()).isFalse();
  }

  @Test
  void unknownDecisionKeyIsAnError() {
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "router-id: 192.0.2.1\nbgp:\n  asn: 1\n  decision: { always-compare: true }\n",
                    "c.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("c.yaml:4:");
  }
}
