package dev.cairn.config;

import dev.cairn.rib.Source;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Route sources, as named in {@code kernel.export} and the {@code redistribute} lists: the one
 * place where the config's names meet the RIB's {@link Source}s (a channel's export filter is a set
 * of those).
 */
public enum Protocol {
  BGP(Source.BGP),
  OSPF(Source.OSPF),
  STATIC(Source.STATIC),
  KUBERNETES(Source.KUBERNETES);

  private final Source source;

  Protocol(Source source) {
    this.source = source;
  }

  public String configName() {
    return source.configName();
  }

  /** The RIB's source of this name. */
  public Source source() {
    return source;
  }

  /** The RIB's sources of {@code protocols} (an export filter's). */
  public static Set<Source> sources(Set<Protocol> protocols) {
    Set<Source> out = EnumSet.noneOf(Source.class);
    protocols.forEach(p -> out.add(p.source));
    return out;
  }

  static Map<String, Protocol> byName() {
    Map<String, Protocol> m = new LinkedHashMap<>();
    for (Protocol p : values()) {
      m.put(p.configName(), p);
    }
    return m;
  }

  @Override
  public String toString() {
    return configName();
  }
}
