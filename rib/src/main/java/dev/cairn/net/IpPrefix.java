package dev.cairn.net;

/**
 * An IPv4 or IPv6 prefix in canonical form (host bits zero). Ordered by family, then address, then
 * length (shorter first), which is the order of a pre-order trie walk.
 */
public sealed interface IpPrefix extends Comparable<IpPrefix> permits Ipv4Prefix, Ipv6Prefix {

  Afi afi();

  int length();

  /** The network address (host bits zero). */
  IpAddress address();

  /** True when {@code a} is inside this prefix; an address of the other family never is. */
  boolean contains(IpAddress a);

  /** True when {@code p} is this prefix or a more specific one inside it. */
  boolean contains(IpPrefix p);

  /**
   * Parses {@code ADDRESS/LENGTH}. Strict: host bits must be zero, because a config line that says
   * 192.0.2.1/24 is usually a mistake the operator wants to hear about.
   */
  static IpPrefix parse(String text) {
    return parse(text, true);
  }

  /** Like {@link #parse(String)} but silently clears host bits. */
  static IpPrefix parseLenient(String text) {
    return parse(text, false);
  }

  private static IpPrefix parse(String text, boolean strict) {
    if (text == null || text.isEmpty()) {
      throw new AddressFormatException("empty prefix");
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new AddressFormatException("invalid prefix '" + text + "': missing '/LENGTH'");
    }
    IpAddress a = IpAddress.parse(text.substring(0, slash));
    String lenText = text.substring(slash + 1);
    int max = a.afi().bits();
    int len;
    if (lenText.isEmpty()
        || lenText.length() > 3
        || !lenText.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new AddressFormatException("invalid prefix '" + text + "': length is not a number");
    }
    len = Integer.parseInt(lenText);
    if (len > max) {
      throw new AddressFormatException(
          "invalid prefix '" + text + "': length " + len + " is greater than " + max);
    }
    IpPrefix p = of(a, len);
    if (strict && !p.address().equals(a)) {
      throw new AddressFormatException(
          "invalid prefix '" + text + "': host bits are set (did you mean " + p + "?)");
    }
    return p;
  }

  /** The prefix of {@code a} with {@code length} bits, host bits cleared. */
  static IpPrefix of(IpAddress a, int length) {
    if (a instanceof Ipv4Address v4) {
      return Ipv4Prefix.of(v4.bits(), length);
    }
    Ipv6Address v6 = (Ipv6Address) a;
    return Ipv6Prefix.of(v6.hi(), v6.lo(), length);
  }

  @Override
  default int compareTo(IpPrefix o) {
    int c = address().compareTo(o.address());
    return c != 0 ? c : Integer.compare(length(), o.length());
  }
}
