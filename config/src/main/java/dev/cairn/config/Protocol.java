package dev.cairn.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** Route sources, as named in {@code kernel.export} and the {@code redistribute} lists. */
public enum Protocol {
  BGP("bgp"),
  OSPF("ospf"),
  STATIC("static"),
  KUBERNETES("kubernetes");

  private final String configName;

  Protocol(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  static Map<String, Protocol> byName() {
    Map<String, Protocol> m = new LinkedHashMap<>();
    for (Protocol p : values()) {
      m.put(p.configName, p);
    }
    return m;
  }

  @Override
  public String toString() {
    return configName;
  }
}
