package dev.cairn.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.net.Family;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed UPDATEs get exactly the handling of RFC 7606 (and RFC 4271 §6.3 where RFC 7606 keeps
 * it): treat-as-withdraw, attribute discard, or a session reset with the prescribed NOTIFICATION
 * code, subcode and data.
 */
class Rfc7606Test {
  static final String ORIGIN = "40010100";
  static final String AS_PATH = "40020602010000fbf0";
  static final String NEXT_HOP = "400304c0000201";
  static final String BASE = ORIGIN + AS_PATH + NEXT_HOP;
  static final String NLRI = "18c63364"; // 198.51.100.0/24
  static final String MP_REACH_V6 =
      "800e1c000201" + "10" + "20010db8000000000000000000000001" + "00" + "3020010db80001";

  /** An UPDATE message from hex parts: withdrawn routes, path attributes, NLRI. */
  static byte[] update(String withdrawn, String attrs, String nlri) {
    HexFormat h = HexFormat.of();
    byte[] w = h.parseHex(withdrawn);
    byte[] a = h.parseHex(attrs);
    byte[] n = h.parseHex(nlri);
    int len = 19 + 2 + w.length + 2 + a.length + n.length;
    byte[] out = new byte[len];
    java.util.Arrays.fill(out, 0, 16, (byte) 0xff);
    out[16] = (byte) (len >>> 8);
    out[17] = (byte) len;
    out[18] = 2;
    int i = 19;
    out[i++] = (byte) (w.length >>> 8);
    out[i++] = (byte) w.length;
    System.arraycopy(w, 0, out, i, w.length);
    i += w.length;
    out[i++] = (byte) (a.length >>> 8);
    out[i++] = (byte) a.length;
    System.arraycopy(a, 0, out, i, a.length);
    i += a.length;
    System.arraycopy(n, 0, out, i, n.length);
    return out;
  }

  static Stream<Arguments> softErrors() {
    return Stream.of(
        // name, attributes, action, subcode, data (hex)
        Arguments.of(
            "ORIGIN length 2",
            "4001020000" + AS_PATH + NEXT_HOP,
            ErrorAction.TREAT_AS_WITHDRAW,
            ErrorCodes.ATTRIBUTE_LENGTH_ERROR,
            "4001020000"),
        Arguments.of(
            "ORIGIN value 3",
            "40010103" + AS_PATH + NEXT_HOP,
            ErrorAction.TREAT_AS_WITHDRAW,
            ErrorCodes.INVALID_ORIGIN_ATTRIBUTE,
            "40010103"),
        Arguments.of(
            "missing NEXT_HOP",
            ORIGIN + AS_PATH,
            ErrorAction.TREAT_AS_WITHDRAW,
            ErrorCodes.MISSING_WELL_KNOWN_ATTRIBUTE,
            "03"),
        Arguments.of(
            "missing ORIGIN",
            AS_PATH + NEXT_HOP,
            ErrorAction.TREAT_AS_WITHDRAW,
            ErrorCodes.MISSING_WELL_KNOWN_ATTRIBUTE,
            "01"),
        Arguments.of(
            "ORIGIN flagged optional",
            "c0010100" + AS_PATH + NEXT_HOP,
            ErrorAction.TREAT_AS_WITHDRAW,
            ErrorCodes.ATTRIBUTE_FLAGS_ERROR,
            "c0010100"),
        Arguments.of(
            "AS_PATH segment runs past the attribute",
            ORIGIN + "4002060202" + "0000fbf0" + NEXT_HOP,
            ErrorAction.TREAT_AS_WITHDRAW,
            ErrorCodes.MALFORMED_AS_PATH,
            "40020602020000fbf0"),
        Arguments.of(
            "AS_PATH empty segment",
            ORIGIN + "4002020200" + NEXT_HOP,
            ErrorAction.TREAT_AS_WITHDRAW,
            ErrorCodes.MALFORMED_AS_PATH,
            "4002020200"),
        Arguments.of(
            "AS_PATH unknown segment type",
            ORIGIN + "400206" + "05010000fbf0" + NEXT_HOP,
            ErrorAction.TREAT_AS_WITHDRAW,
            ErrorCodes.MALFORMED_AS_PATH,
            "40020605010000fbf0"),
        Arguments.of(
            "AS_PATH confederation segment after a sequence",
            ORIGIN + "40020c" + "02010000fbf0" + "03010000fdf2" + NEXT_HOP,
            ErrorAction.TREAT_AS_WITHDRAW,
            ErrorCodes.MALFORMED_AS_PATH,
            "40020c02010000fbf003010000fdf2"),
        Arguments.of(
            "NEXT_HOP 0.0.0.0",
            ORIGIN + AS_PATH + "40030400000000",
            ErrorAction.TREAT_AS_WITHDRAW,
            ErrorCodes.INVALID_NEXT_HOP_ATTRIBUTE,
            "40030400000000"),
        Arguments.of(
            "NEXT_HOP length 5",
            ORIGIN + AS_PATH + "400305c000020100",
            ErrorAction.TREAT_AS_WITHDRAW,
            ErrorCodes.ATTRIBUTE_LENGTH_ERROR,
            "400305c000020100"),
        Arguments.of(
            "MED length 2",
            BASE + "80040200ff",
            ErrorAction.TREAT_AS_WITHDRAW,
            ErrorCodes.ATTRIBUTE_LENGTH_ERROR,
            "80040200ff"),
        Arguments.of(
            "LOCAL_PREF length 3",
            BASE + "400503000064",
            ErrorAction.TREAT_AS_WITHDRAW,
            ErrorCodes.ATTRIBUTE_LENGTH_ERROR,
            "400503000064"),
        Arguments.of(
            "COMMUNITIES length 3",
            BASE + "c00803fbf000",
            ErrorAction.TREAT_AS_WITHDRAW,
            ErrorCodes.ATTRIBUTE_LENGTH_ERROR,
            "c00803fbf000"),
        Arguments.of(
            "LARGE_COMMUNITY length 8",
            BASE + "c020080000fbf000000001",
            ErrorAction.TREAT_AS_WITHDRAW,
            ErrorCodes.ATTRIBUTE_LENGTH_ERROR,
            "c020080000fbf000000001"),
        Arguments.of(
            "EXTENDED_COMMUNITIES length 4",
            BASE + "c0100400020001",
            ErrorAction.TREAT_AS_WITHDRAW,
            ErrorCodes.ATTRIBUTE_LENGTH_ERROR,
            "c0100400020001"),
        Arguments.of(
            "CLUSTER_LIST length 0",
            BASE + "800a00",
            ErrorAction.TREAT_AS_WITHDRAW,
            ErrorCodes.ATTRIBUTE_LENGTH_ERROR,
            "800a00"),
        Arguments.of(
            "last attribute overruns the attribute list",
            BASE + "c0080800000001",
            ErrorAction.TREAT_AS_WITHDRAW,
            ErrorCodes.MALFORMED_ATTRIBUTE_LIST,
            ""),
        Arguments.of(
            "attribute header cut short",
            BASE + "c008",
            ErrorAction.TREAT_AS_WITHDRAW,
            ErrorCodes.MALFORMED_ATTRIBUTE_LIST,
            ""),
        Arguments.of(
            "ATOMIC_AGGREGATE with a value",
            BASE + "40060101",
            ErrorAction.ATTRIBUTE_DISCARD,
            ErrorCodes.ATTRIBUTE_LENGTH_ERROR,
            "40060101"),
        Arguments.of(
            "AGGREGATOR length 5",
            BASE + "c00705fbf0c00002",
            ErrorAction.ATTRIBUTE_DISCARD,
            ErrorCodes.ATTRIBUTE_LENGTH_ERROR,
            "c00705fbf0c00002"),
        Arguments.of(
            "duplicate ORIGIN",
            BASE + "40010102",
            ErrorAction.ATTRIBUTE_DISCARD,
            ErrorCodes.MALFORMED_ATTRIBUTE_LIST,
            ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("softErrors")
  void softErrorsAreHandledAsTheRfcSays(
      String name, String attrs, ErrorAction action, int subcode, String data)
      throws BgpDecodeException {
    Update u = (Update) Wire.decode(update("", attrs, NLRI), CodecContext.FOUR_OCTET_AS);
    assertThat(u.errors()).hasSize(1);
    WireError e = u.errors().get(0);
    assertThat(e.action()).isEqualTo(action);
    assertThat(e.code()).isEqualTo(ErrorCodes.UPDATE_MESSAGE_ERROR);
    assertThat(e.subcode()).isEqualTo(subcode);
    assertThat(HexFormat.of().formatHex(e.data())).isEqualTo(data);
    if (action == ErrorAction.TREAT_AS_WITHDRAW) {
      assertThat(u.treatAsWithdraw()).isTrue();
      assertThat(u.attributes()).isNull();
      assertThat(u.nlri().isEmpty()).isTrue();
      assertThat(u.withdrawn()).isEqualTo(FixtureTest.nlri4("198.51.100.0/24"));
    } else {
      assertThat(u.treatAsWithdraw()).isFalse();
      assertThat(u.nlri()).isEqualTo(FixtureTest.nlri4("198.51.100.0/24"));
      assertThat(u.attributes().origin()).isZero(); // the first ORIGIN wins over a duplicate
      assertThat(u.attributes().atomicAggregate()).isFalse();
      assertThat(u.attributes().aggregator()).isNull();
    }
  }

  static Stream<Arguments> sessionResets() {
    String mpBadNh = "800e0a000201" + "05" + "2001db8000" + "00"; // IPv6 with a 5-octet next hop
    return Stream.of(
        // name, message, subcode, data
        Arguments.of(
            "prefix length 33 in NLRI",
            update("", BASE, "21c633640000"),
            ErrorCodes.INVALID_NETWORK_FIELD,
            ""),
        Arguments.of(
            "NLRI prefix runs past the message",
            update("", BASE, "18c633"),
            ErrorCodes.INVALID_NETWORK_FIELD,
            ""),
        Arguments.of(
            "withdrawn prefix runs past its field",
            update("18c633", BASE, NLRI),
            ErrorCodes.INVALID_NETWORK_FIELD,
            ""),
        Arguments.of(
            "total attribute length overruns the message",
            withAttrLength(update("", BASE, ""), 0x40),
            ErrorCodes.MALFORMED_ATTRIBUTE_LIST,
            ""),
        Arguments.of(
            "withdrawn routes length overruns the message",
            withWithdrawnLength(update("", BASE, NLRI), 0x100),
            ErrorCodes.MALFORMED_ATTRIBUTE_LIST,
            ""),
        Arguments.of(
            "MP_REACH_NLRI with a 5-octet IPv6 next hop",
            update("", mpBadNh + ORIGIN + AS_PATH, ""),
            ErrorCodes.OPTIONAL_ATTRIBUTE_ERROR,
            mpBadNh),
        Arguments.of(
            "MP_REACH_NLRI twice",
            update("", MP_REACH_V6 + MP_REACH_V6 + ORIGIN + AS_PATH, ""),
            ErrorCodes.MALFORMED_ATTRIBUTE_LIST,
            ""),
        Arguments.of(
            "MP_REACH_NLRI flagged transitive",
            update("", "c0" + MP_REACH_V6.substring(2) + ORIGIN + AS_PATH, ""),
            ErrorCodes.ATTRIBUTE_FLAGS_ERROR,
            "c0" + MP_REACH_V6.substring(2)),
        Arguments.of(
            "unrecognized well-known attribute",
            update("", BASE + "40c80100", NLRI),
            ErrorCodes.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE,
            "40c80100"),
        Arguments.of(
            "attribute list overrun after MP_REACH_NLRI",
            update("", MP_REACH_V6 + ORIGIN + AS_PATH + "c00808000000", ""),
            ErrorCodes.MALFORMED_ATTRIBUTE_LIST,
            ""));
  }

  static byte[] withAttrLength(byte[] m, int len) {
    int at = 19 + 2 + ((m[19] & 0xff) << 8 | (m[20] & 0xff));
    m[at] = (byte) (len >>> 8);
    m[at + 1] = (byte) len;
    return m;
  }

  static byte[] withWithdrawnLength(byte[] m, int len) {
    m[19] = (byte) (len >>> 8);
    m[20] = (byte) len;
    return m;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sessionResets")
  void sessionResetsCarryTheNotification(String name, byte[] wire, int subcode, String data) {
    WireError e = Wire.decodeError(wire, CodecContext.FOUR_OCTET_AS).error();
    assertThat(e.action()).isEqualTo(ErrorAction.SESSION_RESET);
    assertThat(e.code()).isEqualTo(ErrorCodes.UPDATE_MESSAGE_ERROR);
    assertThat(e.subcode()).isEqualTo(subcode);
    assertThat(HexFormat.of().formatHex(e.data())).isEqualTo(data);
    Notification n = e.toNotification();
    assertThat(n.code()).isEqualTo(3);
    assertThat(n.subcode()).isEqualTo(subcode);
  }

  @Test
  void unknownOptionalNonTransitiveAttributeIsQuietlyIgnored() throws BgpDecodeException {
    Update u =
        (Update) Wire.decode(update("", BASE + "80c802abcd", NLRI), CodecContext.FOUR_OCTET_AS);
    assertThat(u.errors()).isEmpty();
    assertThat(u.attributes().unknown()).isEmpty();
    assertThat(u.nlri().size()).isEqualTo(1);
  }

  @Test
  void unknownOptionalTransitiveAttributeGetsThePartialBit() throws BgpDecodeException {
    Update u =
        (Update) Wire.decode(update("", BASE + "c0c802abcd", NLRI), CodecContext.FOUR_OCTET_AS);
    assertThat(u.attributes().unknown()).hasSize(1);
    assertThat(u.attributes().unknown().get(0).flags()).isEqualTo(0xe0);
    byte[] again = Wire.encode(u, CodecContext.FOUR_OCTET_AS);
    assertThat(HexFormat.of().formatHex(again)).contains("e0c802abcd");
  }

  @Test
  void treatAsWithdrawMovesMpReachPrefixesToMpUnreach() throws BgpDecodeException {
    Update u =
        (Update)
            Wire.decode(
                update("", MP_REACH_V6 + "40010107" + AS_PATH, ""), CodecContext.FOUR_OCTET_AS);
    assertThat(u.treatAsWithdraw()).isTrue();
    assertThat(u.mpReach()).isNull();
    assertThat(u.mpUnreach().family()).isEqualTo(Family.IPV6_UNICAST);
    assertThat(u.mpUnreach().withdrawn()).isEqualTo(FixtureTest.nlri6("2001:db8:1::/48"));
  }

  @Test
  void attributeErrorsWithoutNlriOnlyWithdrawWhatWasWithdrawn() throws BgpDecodeException {
    Update u =
        (Update)
            Wire.decode(update("18cb0071", "40010109" + AS_PATH, ""), CodecContext.FOUR_OCTET_AS);
    assertThat(u.treatAsWithdraw()).isTrue();
    assertThat(u.withdrawn()).isEqualTo(FixtureTest.nlri4("203.0.113.0/24"));
  }

  @Test
  void malformedAs4PathFromAnOldSpeakerIsDiscardedAndAsPathKept() throws BgpDecodeException {
    String as2 = "400204020" + "1fbf0"; // AS_PATH 2-octet: SEQUENCE 64496
    String as4Bad = "c0110603010000fbf0"; // AS4_PATH with a CONFED_SEQUENCE: malformed
    Update u =
        (Update)
            Wire.decode(update("", ORIGIN + as2 + NEXT_HOP + as4Bad, NLRI), CodecContext.DEFAULT);
    assertThat(u.attributes().asPath()).isEqualTo(AsPath.sequence(64496));
    assertThat(u.errors())
        .singleElement()
        .extracting(WireError::action)
        .isEqualTo(ErrorAction.ATTRIBUTE_DISCARD);
  }

  @Test
  void as4PathMergesBehindTheOldSpeakersOwnAses() throws BgpDecodeException {
    // an OLD speaker (65000) prepended itself to a path that a NEW speaker sent with AS4_PATH
    String as2 = "400208020" + "3fde8fbf05ba0"; // 65000 64496 23456
    String as4 = "c0110a02020000fbf0fa56ea00"; // 64496 4200000000
    Update u =
        (Update) Wire.decode(update("", ORIGIN + as2 + NEXT_HOP + as4, NLRI), CodecContext.DEFAULT);
    assertThat(u.attributes().asPath()).isEqualTo(AsPath.sequence(65000, 64496, 4200000000L));
  }
}
