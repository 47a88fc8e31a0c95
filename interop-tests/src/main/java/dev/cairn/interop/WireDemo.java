package dev.cairn.interop;

import dev.cairn.bgp.wire.BgpCodec;
import dev.cairn.bgp.wire.BgpDecodeException;
import dev.cairn.bgp.wire.BgpMessage;
import dev.cairn.bgp.wire.Capability;
import dev.cairn.bgp.wire.CodecContext;
import dev.cairn.bgp.wire.Open;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Decodes a recorded BGP session ("SPEAKER HEX" per line, as written by
 * interop-tests/scripts/capture-fixtures.sh with SESSION=FILE) with cairn's codec and prints one
 * line per message. Each direction starts in the plain RFC 4271 context and switches to 4-octet AS
 * numbers once both OPENs advertised the capability, as a session does.
 */
public final class WireDemo {
  private WireDemo() {}

  private static BgpMessage decode(byte[] wire, CodecContext ctx) throws BgpDecodeException {
    ByteBuf buf = Unpooled.wrappedBuffer(wire);
    try {
      return BgpCodec.decode(buf, ctx);
    } finally {
      buf.release();
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: WireDemo SESSION-FILE");
      System.exit(2);
    }
    List<String[]> lines =
        Files.readAllLines(Path.of(args[0])).stream()
            .map(l -> l.split(" ", 3))
            .filter(f -> f.length == 3)
            .toList();
    // first pass: which sessions negotiated 4-octet AS numbers (both OPENs carry capability 65)
    Map<String, Integer> fourOctetOpens = new HashMap<>();
    for (String[] f : lines) {
      byte[] wire = HexFormat.of().parseHex(f[2].trim());
      if (wire.length > 18 && wire[18] == 1) {
        try {
          Open o = (Open) decode(wire, CodecContext.DEFAULT);
          if (o.capability(Capability.FourOctetAs.class).isPresent()) {
            fourOctetOpens.merge(f[1], 1, Integer::sum);
          }
        } catch (BgpDecodeException e) {
          // reported in the second pass
        }
      }
    }
    int decoded = 0;
    int failed = 0;
    for (String[] f : lines) {
      byte[] wire = HexFormat.of().parseHex(f[2].trim());
      CodecContext ctx =
          fourOctetOpens.getOrDefault(f[1], 0) == 2
              ? CodecContext.FOUR_OCTET_AS
              : CodecContext.DEFAULT;
      String who = f[0].equals("bird") ? "BIRD -> FRR " : "FRR  -> BIRD";
      try {
        BgpMessage m = decode(wire, ctx);
        System.out.printf("%s %4d octets  %s%n", who, wire.length, m);
        decoded++;
      } catch (BgpDecodeException e) {
        System.out.printf("%s %4d octets  DECODE ERROR %s%n", who, wire.length, e.error());
        failed++;
      }
    }
    System.out.printf("%d messages decoded by cairn, %d errors%n", decoded, failed);
    if (failed > 0 || decoded == 0) {
      System.exit(1);
    }
  }
}
