package dev.cairn.config;

import dev.cairn.net.IpAddress;
import dev.cairn.net.Ipv6Address;
import java.util.Objects;

/** An IP address and TCP port: {@code 127.0.0.1:9179} or {@code [::1]:9179}. */
public record Endpoint(IpAddress address, int port) {
  public Endpoint {
    Objects.requireNonNull(address, "address");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, found " + port);
    }
  }

  /** Parses {@code ADDRESS:PORT}; an IPv6 address is written in brackets. */
  public static Endpoint parse(String text) {
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
        throw new IllegalArgumentException(
            "invalid endpoint '" + text + "' (expected [IPV6]:PORT, e.g. [::1]:9179)");
      }
      host = text.substring(1, close);
      port = text.substring(close + 2);
    } else {
      int colon = text.lastIndexOf(':');
      if (colon < 0 || text.indexOf(':') != colon) {
        throw new IllegalArgumentException(
            "invalid endpoint '"
                + text
                + "' (expected ADDRESS:PORT, e.g. 127.0.0.1:9179 or [::1]:9179)");
      }
      host = text.substring(0, colon);
      port = text.substring(colon + 1);
    }
    IpAddress a = IpAddress.parse(host);
    if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
      throw new IllegalArgumentException(
          "invalid endpoint '" + text + "': port must be a number between 0 and 65535");
    }
    return new Endpoint(a, Integer.parseInt(port));
  }

  @Override
  public String toString() {
    return address instanceof Ipv6Address ? "[" + address + "]:" + port : address + ":" + port;
  }
}
