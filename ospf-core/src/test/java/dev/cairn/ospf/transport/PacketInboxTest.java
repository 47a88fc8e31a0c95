package dev.cairn.ospf.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.event.VirtualEventLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bounded hand-off into the loop: full means refused, order kept, one drain task at a time. */
class PacketInboxTest {
  @Test
  void refusesBeyondCapacityAndDeliversInOrder() {
    VirtualEventLoop loop = new VirtualEventLoop();
    PacketInbox inbox = new PacketInbox(loop, 300);
    List<Integer> got = new ArrayList<>();
    inbox.setReceiver((src, p) -> got.add(src));
    int refused = 0;
    for (int i = 0; i < 1000; i++) {
      if (!inbox.offer(i, new byte[0])) {
        refused++;
      }
    }
    assertEquals(700, refused);
    assertEquals(300, inbox.size());
    loop.runPending();
    assertEquals(300, got.size());
    for (int i = 0; i < 300; i++) {
      assertEquals(i, got.get(i));
    }
    // room again once the loop drained it
    assertTrue(inbox.offer(1000, new byte[0]));
    loop.runPending();
    assertEquals(1000, got.get(300));
    assertFalse(got.size() > 301);
  }
}
