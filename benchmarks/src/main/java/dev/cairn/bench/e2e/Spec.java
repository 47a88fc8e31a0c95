package dev.cairn.bench.e2e;

/**
 * One scenario of the matrix and the lab's addressing. The feeders sit on 192.0.2.0/24
 * (2001:db8:1::/64) with the device under test at .1, the receiver on 198.51.100.0/24
 * (2001:db8:2::/64); router ids come from 203.0.113.0/24. The DUT is AS 65000, feeder k is AS
 * 65101+k, the receiver AS 65200.
 */
record Spec(
    String name,
    String title,
    PrefixSpace family,
    int feeders,
    boolean same,
    boolean fib,
    int n,
    boolean withdraw) {
  static final long DUT_ASN = 65000;
  static final long FEEDER_ASN = 65101;
  static final long RECEIVER_ASN = 65200;
  static final String ROUTER_ID = "203.0.113.1";

  boolean v6() {
    return family == PrefixSpace.IPV6;
  }

  String feeder(int k) {
    return v6() ? "2001:db8:1::" + Integer.toHexString(2 + k) : "192.0.2." + (2 + k);
  }

  String dutFeedSide() {
    return v6() ? "2001:db8:1::1" : "192.0.2.1";
  }

  String dutReceiverSide() {
    return v6() ? "2001:db8:2::1" : "198.51.100.1";
  }

  String receiver() {
    return v6() ? "2001:db8:2::2" : "198.51.100.2";
  }

  String afiSafi() {
    return v6() ? "ipv6-unicast" : "ipv4-unicast";
  }
}
