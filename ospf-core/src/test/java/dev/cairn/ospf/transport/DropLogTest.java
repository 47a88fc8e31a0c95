package dev.cairn.ospf.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.ospf.transport.PacketFilter.Reason;
import dev.cairn.ospf.wire.Ipv4;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every drop is counted; the log gets the first per source and reason, then a line a minute. */
class DropLogTest {
  long now;
  List<String> lines = new ArrayList<>();
  DropLog d = new DropLog("eth0", lines::add, () -> now);

  @Test
  void aFloodFromOneSourceLogsOnceAMinute() {
    int src = Ipv4.parse("198.51.100.7");
    for (int i = 0; i < 100_000; i++) {
      d.drop(Reason.TTL, src);
      now += 1_000_000; // 1000 packets a second for 100 s
    }
    assertEquals(100_000, d.count(Reason.TTL));
    assertEquals(0, d.count(Reason.DESTINATION));
    assertEquals(2, lines.size(), lines.toString()); // the first, one summary at 60 s
    assertTrue(lines.get(0).contains("198.51.100.7 (ttl)"), lines.get(0));
    assertTrue(lines.get(1).contains("198.51.100.7 ttl x"), lines.get(1));
  }

  @Test
  void manySourcesAreBoundedAndSummed() {
    for (int i = 0; i < 10_000; i++) {
      d.drop(Reason.SOURCE_SUBNET, Ipv4.parse("203.0.113.0") + i);
      d.drop(Reason.SOURCE_SUBNET, Ipv4.parse("203.0.113.0") + i);
    }
    assertEquals(DropLog.MAX_SOURCES, lines.size());
    now += DropLog.SUMMARY_NANOS;
    d.drop(Reason.DESTINATION, Ipv4.parse("203.0.113.0"));
    assertEquals(DropLog.MAX_SOURCES + 1, lines.size());
    String summary = lines.get(lines.size() - 1);
    assertTrue(
        summary.contains("dropped 19745 packets") && summary.contains("other sources x"), summary);
    assertEquals(20_000, d.count(Reason.SOURCE_SUBNET));
  }
}
