package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.interop.lab.Lab;
import dev.cairn.interop.lab.Tools;
import dev.cairn.kernel.RawIpSocket;
import dev.cairn.ospf.wire.Authentication;
import dev.cairn.ospf.wire.DecodeException;
import dev.cairn.ospf.wire.Lsa;
import dev.cairn.ospf.wire.PacketBody;
import dev.cairn.ospf.wire.PacketCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * cairn's OSPF codec against live traffic it did not write: FRR (zebra + ospfd) and BIRD form an
 * adjacency on a bridged segment while a raw socket on a third port records every multicast OSPF
 * packet; each one must decode (checksum, lengths, every LSA with its Fletcher checksum) and
 * re-encode to the same bytes, and the capture must hold Hellos, LS Updates and LS Acks from both
 * daemons carrying router and network LSAs (the rest travel unicast during the exchange).
 */
@Tag("integration")
class OspfCaptureIT {

  @Test
  void everyPacketFrrAndBirdSendDecodes() throws Exception {
    Tools.requireRoot();
    Tools.require("bird");
    Tools.require("/usr/lib/frr/ospfd");
    try (Lab lab = new Lab()) {
      String s = lab.namespace("s"); // the segment: a bridge, and the listener
      String f = lab.namespace("f");
      String b = lab.namespace("b");
      lab.exec(s, "ip", "link", "add", "seg", "type", "bridge");
      lab.exec(s, "ip", "addr", "add", "192.0.2.9/24", "dev", "seg");
      lab.exec(s, "ip", "link", "set", "seg", "up");
      String[][] ends = {{f, "192.0.2.2"}, {b, "192.0.2.3"}};
      for (int i = 0; i < 2; i++) {
        lab.exec(
            s,
            "ip",
            "link",
            "add",
            "p" + i,
            "type",
            "veth",
            "peer",
            "name",
            "e" + i,
            "netns",
            ends[i][0]);
        lab.exec(s, "ip", "link", "set", "p" + i, "master", "seg");
        lab.exec(s, "ip", "link", "set", "p" + i, "up");
        lab.exec(ends[i][0], "ip", "addr", "add", ends[i][1] + "/24", "dev", "e" + i);
        lab.exec(ends[i][0], "ip", "link", "set", "e" + i, "up");
      }
      List<byte[]> packets = new ArrayList<>();
      List<String> sources = new ArrayList<>();
      try (RawIpSocket listen = RawIpSocket.open(s, "seg", RawIpSocket.IPPROTO_OSPF)) {
        listen.join(RawIpSocket.ALL_SPF_ROUTERS);
        listen.join(RawIpSocket.ALL_D_ROUTERS);
        listen.start(
            p -> {
              synchronized (packets) {
                packets.add(p.payload());
                sources.add(p.source().toString());
              }
            });
        new OspfFrrIT()
            .frrDaemons(
                lab,
                f,
                """
                hostname frr
                interface e0
                 ip ospf hello-interval 1
                 ip ospf dead-interval 4
                router ospf
                 ospf router-id 192.0.2.2
                 redistribute connected
                 network 192.0.2.0/24 area 0
                """);
        lab.bird(
            b,
            """
            router id 192.0.2.3;
            protocol device {}
            protocol static svc { ipv4; route 203.0.113.0/24 blackhole; }
            protocol ospf v2 core {
              ipv4 { import all; export where proto = "svc"; };
              area 0 { interface "e1" { type broadcast; hello 1; dead 4; }; };
            }
            """);
        Lab.await(
            Duration.ofSeconds(60),
            () -> kinds(packets, sources).toString(),
            () ->
                kinds(packets, sources)
                    .containsAll(
                        Set.of(
                            "192.0.2.2 LsUpdate",
                            "192.0.2.3 LsUpdate",
                            "192.0.2.2 LsAck",
                            "192.0.2.3 LsAck",
                            "192.0.2.2 Hello",
                            "192.0.2.3 Hello",
                            "lsa 1",
                            "lsa 2")));
      }
      synchronized (packets) {
        for (byte[] p : packets) {
          PacketCodec.Decoded d = PacketCodec.decode(p, Authentication.NULL);
          byte[] again = PacketCodec.encode(d.packet(), Authentication.NULL, 0);
          assertThat(again).as("re-encoded %s", d.packet().body()).isEqualTo(p);
        }
      }
      Path dir = lab.dir();
      assertThat(dir).exists();
    }
  }

  /** "SOURCE KIND" of every packet, plus "lsa TYPE" of every LSA updates carried. */
  static Set<String> kinds(List<byte[]> packets, List<String> sources) {
    Set<String> out = new TreeSet<>();
    synchronized (packets) {
      for (int i = 0; i < packets.size(); i++) {
        try {
          PacketBody body = PacketCodec.decode(packets.get(i), Authentication.NULL).packet().body();
          out.add(sources.get(i) + " " + body.getClass().getSimpleName());
          if (body instanceof PacketBody.LsUpdate u) {
            for (Lsa l : u.lsas()) {
              out.add("lsa " + l.header().type());
            }
          }
        } catch (DecodeException e) {
          out.add("ERROR " + e.getMessage());
        }
      }
    }
    return out;
  }
}
