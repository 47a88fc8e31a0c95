package dev.cairn.daemon;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.net.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the BGP {@code show} commands show, as immutable values taken from the speaker on its loop:
 * {@link BgpText} renders them for people, {@link Json} as the JSON of docs/cli.md (components
 * become kebab-case keys in this order; {@code @JsonIgnore} marks what only the text shows).
 */
final class BgpViews {
  private BgpViews() {}

  /** {@code show bgp summary}. */
  record Summary(String routerId, long localAs, List<SummaryRow> neighbors) {}

  /** One neighbor's line of the summary. */
  record SummaryRow(
      String address,
      long remoteAs,
      String state,
      long uptimeSeconds,
      long prefixesAccepted,
      long prefixesAdvertised,
      long messagesReceived,
      long messagesSent) {}

  /** {@code show bgp neighbors [ADDR]}. */
  record Neighbors(List<Neighbor> neighbors) {}

  /** One neighbor in detail. */
  record Neighbor(
      String address,
      long remoteAs,
      String type,
      String description,
      String state,
      long uptimeSeconds,
      String lastError,
      int flaps,
      String remoteRouterId,
      int holdTime,
      List<String> families,
      boolean routeReflectorClient,
      String importPolicy,
      String exportPolicy,
      Prefixes prefixes,
      InputErrors inputErrors,
      Messages messages,
      /** whether the neighbor has a configuration (a mesh peer's is made from the API) */
      @JsonIgnore boolean configured) {}

  /** A neighbor's prefix counts and limit ({@code max} and its warning absent with no limit). */
  record Prefixes(
      long accepted,
      long advertised,
      long announcementsReceived,
      int changesQueued,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long max,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer warningThresholdPercent,
      @JsonInclude(JsonInclude.Include.NON_NULL) Boolean warning) {}

  /** RFC 7606 findings in a neighbor's UPDATEs, and unknown attributes dropped. */
  record InputErrors(long treatAsWithdraw, long attributeDiscard, long unknownAttributesDropped) {}

  /** Messages per kind ({@code open}, {@code update}, ...), in the order of the kinds. */
  record Messages(Map<String, Long> received, Map<String, Long> sent) {}

  /**
   * A path's attributes (interned, immutable): the JSON spells them out member by member, computed
   * as they are written; the text is their one-line form ({@link #text}).
   */
  @JsonPropertyOrder({
    "origin",
    "as-path",
    "med",
    "local-pref",
    "communities",
    "large-communities",
    "extended-communities",
    "originator-id",
    "cluster-list"
  })
  record Attributes(@JsonIgnore PathAttributes source) {
    String text() {
      return source.toString();
    }

    @JsonProperty
    String origin() {
      int o = source.origin();
      return o < 0 ? null : o == 0 ? "igp" : o == 1 ? "egp" : "incomplete";
    }

    @JsonProperty
    String asPath() {
      return source.asPath() == null ? "" : source.asPath().toString();
    }

    @JsonProperty
    Long med() {
      return source.med() < 0 ? null : source.med();
    }

    @JsonProperty
    Long localPref() {
      return source.localPref() < 0 ? null : source.localPref();
    }

    @JsonProperty
    List<String> communities() {
      return list(source.communities());
    }

    @JsonProperty
    List<String> largeCommunities() {
      return list(source.largeCommunities());
    }

    @JsonProperty
    List<String> extendedCommunities() {
      return list(source.extendedCommunities());
    }

    @JsonProperty
    String originatorId() {
      return source.originatorId() == null ? null : source.originatorId().toString();
    }

    @JsonProperty
    List<String> clusterList() {
      List<String> cl = new ArrayList<>();
      for (int i = 0; i < source.clusterListLength(); i++) {
        cl.add(new Ipv4Address(source.clusterId(i)).toString());
      }
      return cl;
    }

    /** "[a b c]" → [a, b, c]; null → []. */
    private static List<String> list(Object bracketed) {
      if (bracketed == null) {
        return List.of();
      }
      String s = bracketed.toString();
      s = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
      return s.isBlank() ? List.of() : List.of(s.trim().split(" "));
    }
  }

  /** One path of the Loc-RIB (or of an Adj-RIB-In). */
  record Path(
      String from,
      String nextHop,
      boolean best,
      boolean multipath,
      boolean stale,
      boolean nextHopReachable,
      long igpMetric,
      @JsonUnwrapped Attributes attributes) {}

  /** {@code show bgp ipv4|ipv6}: the head of the table; its rows are {@link Route}s. */
  record TableHead(String family) {}

  /** One prefix of the table with its paths, best marked. */
  record Route(String prefix, List<Path> paths) {}

  /** {@code show bgp neighbors ADDR received-routes|advertised-routes}: the head of the list. */
  record AdjRibHead(String neighbor, String direction) {}

  /** One route received from a neighbor (after import policy). */
  record Received(@JsonUnwrapped Path path, String prefix) {}

  /**
   * One route sent to a neighbor (after export policy); {@code mpNextHop} is the IPv6 next hop of
   * MP_REACH_NLRI, null for IPv4.
   */
  record Advertised(
      String prefix,
      String nextHop,
      @JsonUnwrapped Attributes attributes,
      @JsonIgnore String mpNextHop) {}
}
