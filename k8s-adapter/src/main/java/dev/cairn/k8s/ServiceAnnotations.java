package dev.cairn.k8s;

import dev.cairn.config.Community;
import dev.cairn.config.LargeCommunity;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-service options read from annotations (documented in the module README). An invalid value is
 * logged and that one annotation ignored; parsing never throws.
 *
 * @param advertise false: the service is not announced at all
 * @param communities standard communities to attach
 * @param largeCommunities large communities to attach
 * @param kinds the service address kinds to announce (the config's {@code advertise} still applies
 *     on top)
 */
public record ServiceAnnotations(
    boolean advertise,
    List<Long> communities,
    List<LargeCommunity> largeCommunities,
    Set<Kind> kinds) {

  public static final String ADVERTISE = "cairn.dev/advertise";
  public static final String COMMUNITIES = "cairn.dev/communities";
  public static final String LARGE_COMMUNITIES = "cairn.dev/large-communities";
  public static final String ADDRESS_KINDS = "cairn.dev/address-kinds";

  private static final System.Logger LOG = System.getLogger(ServiceAnnotations.class.getName());
  private static final Set<Kind> SERVICE_KINDS =
      EnumSet.of(Kind.CLUSTER_IP, Kind.EXTERNAL_IP, Kind.LOAD_BALANCER_IP);

  public ServiceAnnotations {
    communities = List.copyOf(communities);
    largeCommunities = List.copyOf(largeCommunities);
    kinds = Set.copyOf(kinds);
  }

  /**
   * Options from {@code annotations} (may be null); {@code source} only names the service in logs.
   */
  public static ServiceAnnotations parse(Map<String, String> annotations, String source) {
    return parse(annotations, source, why -> log(source, why));
  }

  /**
   * As {@link #parse(Map, String)}, handing each complaint ({@code ignoring annotation KEY="VALUE":
   * why}) to {@code invalid} instead of the log.
   */
  static ServiceAnnotations parse(
      Map<String, String> annotations, String source, java.util.function.Consumer<String> invalid) {
    Map<String, String> a = annotations == null ? Map.of() : annotations;
    boolean advertise = true;
    List<Long> communities = List.of();
    List<LargeCommunity> large = List.of();
    Set<Kind> kinds = SERVICE_KINDS;
    String v = a.get(ADVERTISE);
    if (v != null) {
      String t = v.trim().toLowerCase();
      if (t.equals("false")) {
        advertise = false;
      } else if (!t.equals("true")) {
        invalid.accept(complaint(ADVERTISE, v, "expected true or false"));
      }
    }
    v = a.get(COMMUNITIES);
    if (v != null) {
      try {
        communities = parseCommunities(v);
      } catch (IllegalArgumentException e) {
        invalid.accept(complaint(COMMUNITIES, v, e.getMessage()));
      }
    }
    v = a.get(LARGE_COMMUNITIES);
    if (v != null) {
      try {
        large = parseLargeCommunities(v);
      } catch (IllegalArgumentException e) {
        invalid.accept(complaint(LARGE_COMMUNITIES, v, e.getMessage()));
      }
    }
    v = a.get(ADDRESS_KINDS);
    if (v != null) {
      try {
        kinds = parseKinds(v);
      } catch (IllegalArgumentException e) {
        invalid.accept(complaint(ADDRESS_KINDS, v, e.getMessage()));
      }
    }
    return new ServiceAnnotations(advertise, communities, large, kinds);
  }

  /** {@code "65000:100,no-export"} to values ({@code 65000<<16|100}, ...). */
  static List<Long> parseCommunities(String text) {
    List<Long> out = new ArrayList<>();
    for (String item : items(text)) {
      out.add(Community.parse(item).value());
    }
    return out;
  }

  /** {@code "65000:1:2,65000:1:3"}. */
  static List<LargeCommunity> parseLargeCommunities(String text) {
    List<LargeCommunity> out = new ArrayList<>();
    for (String item : items(text)) {
      out.add(LargeCommunity.parse(item));
    }
    return out;
  }

  /** {@code "cluster-ip,external-ip,load-balancer"}. */
  static Set<Kind> parseKinds(String text) {
    Set<Kind> out = EnumSet.noneOf(Kind.class);
    for (String item : items(text)) {
      switch (item.toLowerCase()) {
        case "cluster-ip":
          out.add(Kind.CLUSTER_IP);
          break;
        case "external-ip":
          out.add(Kind.EXTERNAL_IP);
          break;
        case "load-balancer":
        case "load-balancer-ip":
          out.add(Kind.LOAD_BALANCER_IP);
          break;
        default:
          throw new IllegalArgumentException(
              "unknown address kind '" + item + "' (cluster-ip, external-ip, load-balancer)");
      }
    }
    return out;
  }

  private static List<String> items(String text) {
    List<String> out = new ArrayList<>();
    for (String s : text.split(",", -1)) {
      String t = s.trim();
      if (t.isEmpty()) {
        throw new IllegalArgumentException("empty list item");
      }
      out.add(t);
    }
    return out;
  }

  private static String complaint(String key, String value, String why) {
    return "ignoring annotation " + key + "=\"" + value + "\": " + why;
  }

  private static void log(String source, String what) {
    LOG.log(System.Logger.Level.WARNING, "service {0}: {1}", source, what);
  }
}
