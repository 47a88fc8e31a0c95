package dev.cairn.interop.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes BGP messages into a classic pcap file (LINKTYPE_RAW: IPv4 packets) as one TCP stream from
 * 192.0.2.1:40179 to 192.0.2.2:179, one segment per message with consistent sequence numbers and
 * valid IP checksums, so that Wireshark's dissectors read them as a live session would be read.
 */
public final class Pcap {
  private Pcap() {}

  private static final int LINKTYPE_RAW = 101;

  public static void writeBgpStream(Path file, List<byte[]> messages) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer gh = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    gh.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
    gh.putInt(65535).putInt(LINKTYPE_RAW);
    out.write(gh.array());
    int seq = 1000;
    int n = 0;
    for (byte[] m : messages) {
      byte[] pkt = ipv4Tcp(n, seq, m);
      seq += m.length;
      ByteBuffer rh = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
      rh.putInt(1_700_000_000 + n).putInt(0).putInt(pkt.length).putInt(pkt.length);
      out.write(rh.array());
      out.write(pkt);
      n++;
    }
    Files.write(file, out.toByteArray());
  }

  private static byte[] ipv4Tcp(int id, int seq, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(40 + payload.length); // big-endian
    b.put((byte) 0x45).put((byte) 0).putShort((short) (40 + payload.length));
    b.putShort((short) id)
        .putShort((short) 0x4000)
        .put((byte) 64)
        .put((byte) 6)
        .putShort((short) 0);
    b.put(new byte[] {(byte) 192, 0, 2, 1}).put(new byte[] {(byte) 192, 0, 2, 2});
    int sum = 0;
    for (int i = 0; i < 20; i += 2) {
      sum += ((b.get(i) & 0xff) << 8) | (b.get(i + 1) & 0xff);
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    b.putShort(10, (short) ~sum);
    b.position(20);
    b.putShort((short) 40179).putShort((short) 179).putInt(seq).putInt(1);
    b.put((byte) 0x50)
        .put((byte) 0x18)
        .putShort((short) 65535)
        .putShort((short) 0)
        .putShort((short) 0);
    b.put(payload);
    return b.array();
  }
}
