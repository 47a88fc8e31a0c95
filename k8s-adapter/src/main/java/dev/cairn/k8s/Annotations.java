package dev.cairn.k8s;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The per-service annotations cairn reads (documented in k8s-adapter/README.md). A value that does
 * not parse is logged and that annotation is ignored; the service is still handled.
 */
final class Annotations {
  private static final Logger LOG = Logger.getLogger(Annotations.class.getName());

  static final String ADVERTISE = "cairn.dev/advertise";
  static final String COMMUNITIES = "cairn.dev/communities";
  static final String LARGE_COMMUNITIES = "cairn.dev/large-communities";
  static final String ADDRESS_KINDS = "cairn.dev/address-kinds";

  private Annotations() {}

  static String get(Map<String, String> a, String key) {
    return a == null ? null : a.get(key);
  }

  /** {@code cairn.dev/advertise: "false"} opts the service out. */
  static boolean advertise(Map<String, String> a, String source) {
    String v = get(a, ADVERTISE);
    if (v == null || v.equals("true")) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    LOG.warning(source + ": " + ADVERTISE + " must be true or false, not '" + v + "': ignored");
    return true;
  }

  /** {@code "65000:100,65000:200"} or well-known names; null when absent or invalid. */
  static List<Integer> communities(Map<String, String> a, String source) {
    String v = get(a, COMMUNITIES);
    List<Integer> out = new ArrayList<>();
    if (v == null || v.isBlank()) {
      return out;
    }
    try {
      for (String c : v.split(",")) {
        String t = c.trim();
        int colon = t.indexOf(':');
        if (colon < 0) {
          throw new IllegalArgumentException("'" + t + "' is not ASN:VALUE");
        }
        long hi = Long.parseLong(t.substring(0, colon));
        long lo = Long.parseLong(t.substring(colon + 1));
        if (hi < 0 || hi > 0xffff || lo < 0 || lo > 0xffff) {
          throw new IllegalArgumentException("'" + t + "' has a part above 65535");
        }
        out.add((int) (hi << 16 | lo));
      }
      return out;
    } catch (IllegalArgumentException e) {
      LOG.warning(source + ": " + COMMUNITIES + " '" + v + "': " + e.getMessage() + ": ignored");
      return new ArrayList<>();
    }
  }

  /** {@code "65000:1:2,..."}; empty when absent or invalid. */
  static List<long[]> largeCommunities(Map<String, String> a, String source) {
    String v = get(a, LARGE_COMMUNITIES);
    List<long[]> out = new ArrayList<>();
    if (v == null || v.isBlank()) {
      return out;
    }
    try {
      for (String c : v.split(",")) {
        String[] p = c.trim().split(":");
        if (p.length != 3) {
          throw new IllegalArgumentException("'" + c.trim() + "' is not GLOBAL:LOCAL1:LOCAL2");
        }
        long[] t = new long[3];
        for (int i = 0; i < 3; i++) {
          t[i] = Long.parseLong(p[i]);
          if (t[i] < 0 || t[i] > 0xffffffffL) {
            throw new IllegalArgumentException("'" + c.trim() + "' has a part above 4294967295");
          }
        }
        out.add(t);
      }
      return out;
    } catch (IllegalArgumentException e) {
      LOG.warning(
          source + ": " + LARGE_COMMUNITIES + " '" + v + "': " + e.getMessage() + ": ignored");
      return new ArrayList<>();
    }
  }

  /**
   * {@code "cluster-ip,load-balancer-ip"} narrows which addresses of the service are announced;
   * null means all that the configuration allows.
   */
  static Set<Advertisement.Kind> kinds(Map<String, String> a, String source) {
    String v = get(a, ADDRESS_KINDS);
    if (v == null || v.isBlank()) {
      return null;
    }
    Set<Advertisement.Kind> out = EnumSet.noneOf(Advertisement.Kind.class);
    for (String k : v.split(",")) {
      switch (k.trim()) {
        case "cluster-ip" -> out.add(Advertisement.Kind.CLUSTER_IP);
        case "external-ip" -> out.add(Advertisement.Kind.EXTERNAL_IP);
        case "load-balancer-ip" -> out.add(Advertisement.Kind.LOAD_BALANCER_IP);
        default -> {
          LOG.warning(
              source
                  + ": "
                  + ADDRESS_KINDS
                  + " '"
                  + k.trim()
                  + "' is not cluster-ip, external-ip or load-balancer-ip: ignored");
          return null;
        }
      }
    }
    return out;
  }
}
