package dev.cairn.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Fixed examples: exact error messages for bad text, and RFC 5952 canonical spellings. */
class AddressExamplesTest {

  @ParameterizedTest(name = "address \"{0}\"")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          ""                    | empty address
          192.0.2.256           | invalid IPv4 address '192.0.2.256': octet 256 is greater than 255
          192.0.2               | invalid IPv4 address '192.0.2': expected four octets, found 3
          192.0.2.01            | invalid IPv4 address '192.0.2.01': octet with a leading zero is ambiguous
          1.2.3.4.5             | invalid IPv4 address '1.2.3.4.5': more than four octets
          1.2.3.4.              | invalid IPv4 address '1.2.3.4.': more than four octets
          1.2.3.                | invalid IPv4 address '1.2.3.': missing octet
          .1.2.3                | invalid IPv4 address '.1.2.3': unexpected '.'
          1..2.3                | invalid IPv4 address '1..2.3': unexpected '.'
          1.2.3.0004            | invalid IPv4 address '1.2.3.0004': octet has more than three digits
          1.2.3.4x              | invalid IPv4 address '1.2.3.4x': unexpected 'x'
          " 1.2.3.4"            | invalid IPv4 address ' 1.2.3.4': unexpected ' '
          1.2.3.-4              | invalid IPv4 address '1.2.3.-4': unexpected '-'
          1.2.3.٤               | invalid IPv4 address '1.2.3.٤': unexpected '٤'
          2001:db8::1::2        | invalid IPv6 address '2001:db8::1::2': more than one '::'
          2001:db8:0:0:0:0:0:0:1 | invalid IPv6 address '2001:db8:0:0:0:0:0:0:1': more than eight groups
          2001:db8:0:0:0:0:1    | invalid IPv6 address '2001:db8:0:0:0:0:1': expected eight groups, found 7
          1:2:3:4::5:6:7:8      | invalid IPv6 address '1:2:3:4::5:6:7:8': '::' stands for no group
          :2001:db8::1          | invalid IPv6 address ':2001:db8::1': a single leading ':'
          2001:db8::1:          | invalid IPv6 address '2001:db8::1:': trailing ':'
          :::                   | invalid IPv6 address ':::': unexpected ':'
          2001:db8:::1          | invalid IPv6 address '2001:db8:::1': unexpected ':'
          2001:db8::g           | invalid IPv6 address '2001:db8::g': unexpected 'g'
          2001:db8::12345       | invalid IPv6 address '2001:db8::12345': group has more than four hex digits
          fe80::1%eth0          | invalid IPv6 address 'fe80::1%eth0': unexpected '%'
          2001:db8::１            | invalid IPv6 address '2001:db8::１': unexpected '１'
          2001:db8::ａ            | invalid IPv6 address '2001:db8::ａ': unexpected 'ａ'
          ::ffff:192.0.2.256    | invalid IPv6 address '::ffff:192.0.2.256': octet 256 is greater than 255
          ::ffff:192.0.2        | invalid IPv6 address '::ffff:192.0.2': expected four octets, found 3
          ::1.2.3.4:5           | invalid IPv6 address '::1.2.3.4:5': unexpected ':'
          1:2:3:4:5:6:7:1.2.3.4 | invalid IPv6 address '1:2:3:4:5:6:7:1.2.3.4': IPv4 tail leaves no room
          1:2:3:4:5:6::1.2.3.4  | invalid IPv6 address '1:2:3:4:5:6::1.2.3.4': '::' stands for no group
          192.0.2.1:179         | invalid IPv6 address '192.0.2.1:179': unexpected ':'
          """)
  void badAddressesNameTheProblem(String text, String message) {
    assertThatThrownBy(() -> IpAddress.parse(text))
        .isInstanceOf(AddressFormatException.class)
        .hasMessage(message);
  }

  @Test
  void nullAddressIsEmpty() {
    assertThatThrownBy(() -> IpAddress.parse(null))
        .isInstanceOf(AddressFormatException.class)
        .hasMessage("empty address");
  }

  @ParameterizedTest(name = "prefix \"{0}\"")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          ""                 | empty prefix
          192.0.2.0          | invalid prefix '192.0.2.0': missing '/LENGTH'
          192.0.2.1/24       | invalid prefix '192.0.2.1/24': host bits are set (did you mean 192.0.2.0/24?)
          2001:db8::1/32     | invalid prefix '2001:db8::1/32': host bits are set (did you mean 2001:db8::/32?)
          192.0.2.0/33       | invalid prefix '192.0.2.0/33': length 33 is greater than 32
          2001:db8::/129     | invalid prefix '2001:db8::/129': length 129 is greater than 128
          192.0.2.0/         | invalid prefix '192.0.2.0/': length is not a number
          192.0.2.0/-1       | invalid prefix '192.0.2.0/-1': length is not a number
          192.0.2.0/+24      | invalid prefix '192.0.2.0/+24': length is not a number
          192.0.2.0/24/8     | invalid prefix '192.0.2.0/24/8': length is not a number
          192.0.2.0/1000     | invalid prefix '192.0.2.0/1000': length is not a number
          192.0.2.0/２４       | invalid prefix '192.0.2.0/２４': length is not a number
          "192.0.2.0/24 "    | invalid prefix '192.0.2.0/24 ': length is not a number
          /24                | empty address
          192.0.2.256/24     | invalid IPv4 address '192.0.2.256': octet 256 is greater than 255
          2001:db8::g/32     | invalid IPv6 address '2001:db8::g': unexpected 'g'
          """)
  void badPrefixesNameTheProblem(String text, String message) {
    assertThatThrownBy(() -> IpPrefix.parse(text))
        .isInstanceOf(AddressFormatException.class)
        .hasMessage(message);
  }

  @Test
  void nullPrefixIsEmpty() {
    assertThatThrownBy(() -> IpPrefix.parse(null))
        .isInstanceOf(AddressFormatException.class)
        .hasMessage("empty prefix");
  }

  @Test
  void lenientParseClearsHostBits() {
    assertThat(IpPrefix.parseLenient("192.0.2.1/24")).isEqualTo(IpPrefix.parse("192.0.2.0/24"));
    assertThat(IpPrefix.parseLenient("2001:db8::1/32")).hasToString("2001:db8::/32");
    assertThatThrownBy(() -> IpPrefix.parseLenient("192.0.2.0/33"))
        .hasMessage("invalid prefix '192.0.2.0/33': length 33 is greater than 32");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          2001:db8:0:0:1:0:0:1                    | 2001:db8::1:0:0:1
          2001:0db8::0001                         | 2001:db8::1
          2001:db8:0:1:1:1:1:1                    | 2001:db8:0:1:1:1:1:1
          2001:db8:0:0:0:0:2:1                    | 2001:db8::2:1
          2001:DB8:0:0:0:0:2:1                    | 2001:db8::2:1
          2001:0DB8:0000:0000:0000:0000:0002:0001 | 2001:db8::2:1
          2001:0:0:1:0:0:0:1                      | 2001:0:0:1::1
          2001:db8:0:0:1:0:0:0                    | 2001:db8:0:0:1::
          2001:db8::                              | 2001:db8::
          0:0:0:0:0:0:0:0                         | ::
          ::                                      | ::
          ::1                                     | ::1
          0:0:0:0:0:0:0:1                         | ::1
          1::                                     | 1::
          1:0:2:0:3:0:4:0                         | 1:0:2:0:3:0:4:0
          fe80::1                                 | fe80::1
          ::0.0.0.1                               | ::1
          64:ff9b::192.0.2.33                     | 64:ff9b::c000:221
          """)
  void ipv6FormatsPerRfc5952(String text, String canonical) {
    assertThat(IpAddress.parse(text)).hasToString(canonical);
    assertThat(IpAddress.parse(canonical)).isEqualTo(IpAddress.parse(text));
  }

  /**
   * Documented choice: cairn prints IPv4-mapped addresses in plain hex groups, not in the mixed
   * notation RFC 5952 §5 recommends, so every IPv6 address has one spelling. Both are accepted.
   */
  @Test
  void ipv4MappedAddressFormatsAsHexGroups() {
    IpAddress mapped = IpAddress.parse("::ffff:192.0.2.1");
    assertThat(mapped).isInstanceOf(Ipv6Address.class).hasToString("::ffff:c000:201");
    assertThat(mapped).isEqualTo(IpAddress.parse("::ffff:c000:201"));
    assertThat(mapped).isEqualTo(new Ipv6Address(0, 0x0000_ffff_c000_0201L));
    assertThat(mapped).isNotEqualTo(IpAddress.parse("192.0.2.1"));
  }

  @Test
  void linkLocal() {
    assertThat(((Ipv6Address) IpAddress.parse("fe80::1")).isLinkLocal()).isTrue();
    assertThat(((Ipv6Address) IpAddress.parse("febf:ffff::1")).isLinkLocal()).isTrue();
    assertThat(((Ipv6Address) IpAddress.parse("fec0::1")).isLinkLocal()).isFalse();
    assertThat(((Ipv6Address) IpAddress.parse("fe7f::1")).isLinkLocal()).isFalse();
    assertThat(((Ipv6Address) IpAddress.parse("2001:db8::1")).isLinkLocal()).isFalse();
  }

  @Test
  void ipv4Examples() {
    assertThat(IpAddress.parse("0.0.0.0")).isEqualTo(Ipv4Address.ANY);
    assertThat(IpAddress.parse("255.255.255.255")).isEqualTo(new Ipv4Address(-1));
    assertThat(IpAddress.parse("192.0.2.1")).isEqualTo(new Ipv4Address(0xc0000201));
    assertThat(new Ipv4Address(0xc0000201)).hasToString("192.0.2.1");
    assertThat(IpAddress.parse("10.0.0.0").compareTo(IpAddress.parse("192.0.2.1"))).isNegative();
    assertThat(IpAddress.parse("128.0.0.0").compareTo(IpAddress.parse("127.255.255.255")))
        .isPositive();
    assertThat(IpAddress.parse("255.255.255.255").compareTo(IpAddress.parse("::"))).isNegative();
  }

  @Test
  void prefixExamples() {
    Ipv4Prefix p = (Ipv4Prefix) IpPrefix.parse("192.0.2.0/24");
    assertThat(p.pack()).isEqualTo(0xc0_00_02_00_18L);
    assertThat(Ipv4Prefix.unpack(0xc0_00_02_00_18L)).isEqualTo(p);
    assertThat(Ipv4Prefix.packedBits(p.pack())).isEqualTo(0xc0000200);
    assertThat(Ipv4Prefix.packedLength(p.pack())).isEqualTo(24);
    assertThat(Ipv4Prefix.mask(24)).isEqualTo(0xffffff00);
    assertThat(Ipv4Prefix.mask(0)).isZero();
    assertThat(Ipv4Prefix.mask(32)).isEqualTo(-1);
    assertThat(IpPrefix.parse("0.0.0.0/0").contains(IpAddress.parse("255.255.255.255"))).isTrue();
    assertThat(IpPrefix.parse("0.0.0.0/0").contains(IpAddress.parse("::"))).isFalse();
    assertThat(IpPrefix.parse("::/0").contains(IpPrefix.parse("0.0.0.0/0"))).isFalse();
    assertThat(IpPrefix.parse("::/0").contains(IpPrefix.parse("2001:db8::/32"))).isTrue();
    assertThat(IpPrefix.parse("2001:db8::/32").contains(IpAddress.parse("2001:db9::"))).isFalse();
    assertThat(IpPrefix.parse("2001:db8::1/128")).hasToString("2001:db8::1/128");
    assertThat(IpPrefix.parse("2001:db8::/64").contains(IpPrefix.parse("2001:db8::/65"))).isTrue();
    assertThat(IpPrefix.parse("2001:db8::/65").contains(IpPrefix.parse("2001:db8::/64"))).isFalse();
    assertThat(Ipv6Prefix.maskHi(64)).isEqualTo(-1L);
    assertThat(Ipv6Prefix.maskLo(64)).isZero();
    assertThat(Ipv6Prefix.maskLo(65)).isEqualTo(Long.MIN_VALUE);
    assertThat(Ipv6Prefix.maskLo(128)).isEqualTo(-1L);
  }

  @Test
  void constructorsRejectNonCanonicalValues() {
    assertThatThrownBy(() -> new Ipv4Prefix(0xc0000201, 24))
        .hasMessage("IPv4 prefix has host bits set: use Ipv4Prefix.of");
    assertThatThrownBy(() -> new Ipv4Prefix(0, 33))
        .hasMessage("IPv4 prefix length 33 is out of 0..32");
    assertThatThrownBy(() -> Ipv4Prefix.of(0, -1))
        .hasMessage("IPv4 prefix length -1 is out of 0..32");
    assertThatThrownBy(() -> new Ipv6Prefix(0, 1, 64))
        .hasMessage("IPv6 prefix has host bits set: use Ipv6Prefix.of");
    assertThatThrownBy(() -> Ipv6Prefix.of(0, 0, 129))
        .hasMessage("IPv6 prefix length 129 is out of 0..128");
    assertThatThrownBy(() -> Ipv4Prefix.unpack(1L << 40))
        .isInstanceOf(AddressFormatException.class)
        .hasMessage("packed IPv4 prefix 0x10000000000 has bits above bit 39");
    assertThatThrownBy(() -> Ipv4Prefix.unpack(33))
        .hasMessage("IPv4 prefix length 33 is out of 0..32");
  }

  @Test
  void bytesAndBitsExamples() {
    assertThatThrownBy(() -> IpAddress.fromBytes(new byte[5]))
        .isInstanceOf(AddressFormatException.class)
        .hasMessage("an address has 4 or 16 bytes, not 5");
    assertThat(IpAddress.fromBytes(new byte[] {(byte) 192, 0, 2, 1})).hasToString("192.0.2.1");
    IpAddress v4 = IpAddress.parse("128.0.0.1");
    assertThat(v4.bit(0)).isTrue();
    assertThat(v4.bit(1)).isFalse();
    assertThat(v4.bit(31)).isTrue();
    assertThatThrownBy(() -> v4.bit(32)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> v4.bit(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    IpAddress v6 = IpAddress.parse("8000::1");
    assertThat(v6.bit(0)).isTrue();
    assertThat(v6.bit(64)).isFalse();
    assertThat(v6.bit(127)).isTrue();
    assertThatThrownBy(() -> v6.bit(128)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void familyNames() {
    assertThat(Family.parse("ipv4-unicast")).isEqualTo(Family.IPV4_UNICAST);
    assertThat(Family.IPV6_UNICAST).hasToString("ipv6-unicast");
    assertThat(Family.fromCodes(2, 1)).isEqualTo(Family.IPV6_UNICAST);
    assertThat(Family.fromCodes(3, 1)).isNull();
    assertThatThrownBy(() -> Family.parse("ipv4-flowspec"))
        .isInstanceOf(AddressFormatException.class)
        .hasMessage("unknown address family 'ipv4-flowspec' (expected e.g. ipv4-unicast)");
  }
}
