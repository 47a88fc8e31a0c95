package dev.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A table of bad files, each with the exact {@code FILE:LINE:COLUMN: message} it must produce. */
class BadConfigTest {
  private static final String R = "router-id: 192.0.2.1\n";
  private static final String N =
      R + "bgp:\n  asn: 65001\n  neighbors:\n    - address: 192.0.2.2\n      asn: 65002\n";

  static Stream<Arguments> cases() {
    return Stream.of(
        bad(
            "unknown key with suggestion",
            R + "bgp:\n  asn: 65001\n  neighbours: []\n",
            "c.yaml:4:3: unknown key 'neighbours' in bgp (did you mean 'neighbors'?)"),
        bad(
            "undefined OSPF redistribution policy",
            R + "ospf:\n  redistribute: [static]\n  redistribute-policy: nope\n  areas: []\n",
            "c.yaml:4:24: policy 'nope' is not defined"),
        bad(
            "unknown key without suggestion",
            R + "key: value\n",
            "c.yaml:2:1: unknown key 'key' in the configuration"),
        bad(
            "wrong type",
            R + "bgp:\n  asn: [1]\n",
            "c.yaml:3:8: asn must be a single value, found a list"),
        bad("asn 0", R + "bgp:\n  asn: 0\n", "c.yaml:3:8: ASN 0 is reserved (RFC 7607)"),
        bad(
            "asn too large",
            R + "bgp:\n  asn: 4294967296\n",
            "c.yaml:3:8: ASN 4294967296 is out of range (must be between 1 and 4294967295)"),
        bad(
            "router-id must be IPv4",
            R + "bgp:\n  asn: 1.10\n  router-id: 2001:db8::1\n",
            "c.yaml:4:14: expected an IPv4 address, found '2001:db8::1'"),
        bad(
            "bad address (rib message)",
            "router-id: 192.0.2.300\n",
            "c.yaml:1:12: invalid IPv4 address '192.0.2.300': octet 300 is greater than 255"),
        bad(
            "host bits set (rib message)",
            R + "static:\n  - { prefix: 198.51.100.1/24, via: [192.0.2.254] }\n",
            "c.yaml:3:15: invalid prefix '198.51.100.1/24': host bits are set"
                + " (did you mean 198.51.100.0/24?)"),
        bad(
            "duplicate neighbor",
            R
                + "bgp:\n  asn: 65001\n  neighbors:\n    - { address: 192.0.2.2, asn: 65002 }\n"
                + "    - { address: 192.0.2.2, asn: 65003 }\n",
            "c.yaml:6:18: duplicate neighbor 192.0.2.2 (first at line 5)"),
        bad(
            "duplicate key",
            R + "router-id: 192.0.2.2\n",
            "c.yaml:2:1: duplicate key 'router-id' in the configuration (first at line 1)"),
        bad(
            "undefined policy with suggestion",
            R
                + "bgp:\n  asn: 65001\n  neighbors:\n"
                + "    - { address: 192.0.2.2, asn: 65002, import: defualt-in }\n"
                + "policies:\n  default-in:\n    - action: accept\n",
            "c.yaml:5:49: policy 'defualt-in' is not defined (did you mean 'default-in'?)"),
        bad(
            "hold time 2s",
            N + "      timers: { hold: 2s }\n",
            "c.yaml:7:23: hold must be 0 or between 3s and 65535s, found 2s"),
        bad(
            "hold time above 65535s",
            N + "      timers: { hold: 70000s }\n",
            "c.yaml:7:23: hold must be between 0s and 65535s, found 70000s"),
        bad(
            "hold time not whole seconds",
            N + "      timers: { hold: 1500ms }\n",
            "c.yaml:7:23: hold must be a whole number of seconds, found 1500ms"),
        bad(
            "keepalive greater than hold",
            N + "      timers: { hold: 30s, keepalive: 40s }\n",
            "c.yaml:7:39: keepalive 40s must not be greater than hold 30s"),
        bad(
            "duration without unit",
            N + "      timers: { hold: 90 }\n",
            "c.yaml:7:23: duration '90' needs a unit (did you mean 90s?)"),
        bad(
            "max-paths out of range",
            R + "kernel:\n  ecmp: { max-paths: 300 }\n",
            "c.yaml:3:22: max-paths must be between 1 and 256, found 300"),
        bad(
            "kernel metric 0",
            R + "kernel:\n  metric: 0\n",
            "c.yaml:3:11: metric must be between 1 and 2147483647, found 0"),
        bad(
            "kernel scan-time too short",
            R + "kernel:\n  scan-time: 100ms\n",
            "c.yaml:3:14: scan-time must be between 1s and 1d, found 100ms"),
        bad(
            "ospf cost 0",
            R
                + "ospf:\n  areas:\n    - id: 0.0.0.0\n      interfaces:\n        - { name: eth0, cost: 0 }\n",
            "c.yaml:6:31: cost must be between 1 and 65535, found 0"),
        bad(
            "ospf max-external-lsas negative",
            R + "ospf:\n  max-external-lsas: -1\n  areas: []\n",
            "c.yaml:3:22: max-external-lsas must be between 0 and 2147483647, found -1"),
        bad(
            "invalid regex",
            R + "policies:\n  p:\n    - match: { as-path: \"^(65001\" }\n      action: accept\n",
            "c.yaml:4:25: invalid as-path regex '^(65001': missing closing )"),
        bad(
            "a backreference has no linear-time match",
            R + "policies:\n  p:\n    - match: { as-path: '(65001) \\1' }\n",
            "c.yaml:4:25: invalid as-path regex '(65001) \\1': invalid escape sequence `\\1`"
                + " (RE2 syntax: no backreferences or lookaround)"),
        bad(
            "lookahead neither",
            R + "policies:\n  p:\n    - match: { as-path: \"^(?!65001)\" }\n",
            "c.yaml:4:25: invalid as-path regex '^(?!65001)': invalid or unsupported Perl syntax"
                + " `(?!` (RE2 syntax: no backreferences or lookaround)"),
        bad(
            "large-community-replace with large-community-remove",
            R
                + "policies:\n  p:\n    - set:\n        large-community-remove: [\"1:2:3\"]\n"
                + "        large-community-replace: []\n",
            "c.yaml:6:9: large-community-replace cannot be combined with large-community-add or"
                + " large-community-remove"),
        bad(
            "ext-community-add with a bad value",
            R + "policies:\n  p:\n    - set: { ext-community-add: [\"rt:65001\"] }\n",
            "c.yaml:4:34: invalid extended community 'rt:65001' (expected rt:ADMIN:N or"
                + " soo:ADMIN:N)"),
        bad(
            "YAML syntax error",
            R + "bgp: [\n",
            "c.yaml:3:1: expected the node content, but found '<stream end>'"),
        bad(
            "tab indentation",
            R + "\tbgp: 1\n",
            "c.yaml:2:1: found character '\\t(TAB)' that cannot start any token."
                + " (Do not use \\t(TAB) for indentation)"),
        bad(
            "enum near miss",
            R + "ospf:\n  areas:\n    - id: 0.0.0.0\n      type: nsa\n",
            "c.yaml:5:13: type must be one of normal, stub, nssa, found 'nsa' (did you mean 'nssa'?)"),
        bad(
            "yes is not a boolean here",
            R + "kernel:\n  enabled: yes\n",
            "c.yaml:3:12: enabled must be true or false, found 'yes'"),
        bad(
            "unknown family",
            N + "      families: [ipv4-unicat]\n",
            "c.yaml:7:18: unknown address family 'ipv4-unicat' (expected e.g. ipv4-unicast)"),
        bad(
            "missing router-id",
            "control: { socket: /run/x.sock }\n",
            "c.yaml:1:1: missing required key 'router-id' in the configuration"),
        bad(
            "static next hop of the other family",
            R + "static:\n  - { prefix: 198.51.100.0/24, via: [\"2001:db8::1\"] }\n",
            "c.yaml:3:38: next hop 2001:db8::1 is IPv6 but prefix 198.51.100.0/24 is IPv4"),
        bad(
            "static route without via",
            R + "static:\n  - { prefix: 198.51.100.0/24 }\n",
            "c.yaml:3:5: static route 198.51.100.0/24 needs via or blackhole: true"),
        bad(
            "endpoint without port",
            R + "metrics: { listen: \"127.0.0.1\" }\n",
            "c.yaml:2:20: invalid endpoint '127.0.0.1'"
                + " (expected ADDRESS:PORT, e.g. 127.0.0.1:9179 or [::1]:9179)"),
        bad(
            "dead not greater than hello",
            R
                + "ospf:\n  areas:\n    - id: 0.0.0.0\n      interfaces:\n"
                + "        - { name: eth0, hello: 10s, dead: 10s }\n",
            "c.yaml:6:43: dead 10s must be greater than hello 10s"),
        bad(
            "stub backbone",
            R + "ospf:\n  areas:\n    - id: 0.0.0.0\n      type: stub\n",
            "c.yaml:5:13: the backbone area 0.0.0.0 cannot be stub"),
        bad(
            "route-reflector-client on eBGP",
            R
                + "bgp:\n  asn: 65001\n  neighbors:\n"
                + "    - { address: 192.0.2.2, asn: 65002, route-reflector-client: true }\n",
            "c.yaml:5:65: route-reflector-client needs an iBGP neighbor"
                + " (asn 65002 is not the local asn 65001)"),
        bad(
            "top level is a list",
            "- a\n- b\n",
            "c.yaml:1:1: the configuration must be a mapping, found a list"),
        bad("empty file", "# nothing here\n", "c.yaml:1:1: the configuration file is empty"),
        bad(
            "built-in policy redefined",
            R + "policies:\n  accept-all:\n    - action: accept\n",
            "c.yaml:3:3: policy 'accept-all' is built in and cannot be redefined"),
        bad(
            "missing neighbor address",
            R + "bgp:\n  asn: 65001\n  neighbors:\n    - { asn: 65002 }\n",
            "c.yaml:5:7: missing required key 'address' in neighbor"),
        bad(
            "duplicate OSPF key id",
            R
                + "ospf:\n  areas:\n    - id: 0\n      interfaces:\n        - name: eth0\n"
                + "          auth: { type: md5, keys: [{key-id: 1, key: a}, {key-id: 1, key: b}] }\n",
            "c.yaml:7:67: duplicate key-id 1 (first at line 7)"),
        bad(
            "ebgp-multihop with ttl-security",
            N + "      ttl-security: 1\n      ebgp-multihop: 2\n",
            "c.yaml:8:7: ebgp-multihop and ttl-security cannot be combined"),
        bad(
            "local-address of the other family",
            N + "      local-address: \"2001:db8::1\"\n",
            "c.yaml:7:22: local-address 2001:db8::1 is IPv6 but neighbor 192.0.2.2 is IPv4"),
        bad(
            "community-replace with community-add",
            R + "policies:\n  p:\n    - set: { community-add: [\"1:1\"], community-replace: [] }\n",
            "c.yaml:4:38: community-replace cannot be combined with community-add or"
                + " community-remove"));
  }

  private static Arguments bad(String name, String yaml, String expected) {
    return Arguments.of(name, yaml, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsTheExactError(String name, String yaml, String expected) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "c.yaml"));
    assertThat(e).as("no error for: %s", name).isNotNull();
    assertThat(e.toString()).isEqualTo(expected);
    assertThat(e.errors()).hasSize(1);
  }
}
