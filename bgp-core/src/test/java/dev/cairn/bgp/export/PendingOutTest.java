package dev.cairn.bgp.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.net.IpPrefix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PendingOutTest {
  static Advert advert(int med) {
    return new Advert(PathAttributes.builder().origin(0).med(med).build(), null);
  }

  /** Random changes to a few thousand prefixes: the latest per prefix, in first-queued order. */
  @Test
  void keepsTheLatestChangePerPrefixInFirstQueuedOrder() {
    Random rnd = new Random(7);
    PendingOut q = new PendingOut();
    for (int round = 0; round < 3; round++) {
      Map<IpPrefix, Advert> model = new LinkedHashMap<>();
      int n = round == 1 ? 50_000 : 300; // the middle round grows and then gives back
      for (int i = 0; i < n; i++) {
        int k = rnd.nextInt(1500); // documentation prefixes: IPv4 /32s and IPv6 /48s
        IpPrefix p =
            IpPrefix.parse(
                k < 256
                    ? "203.0.113." + k + "/32"
                    : k < 512 ? "198.51.100." + (k - 256) + "/32" : "2001:db8:" + k + "::/48");
        Advert a = advert(rnd.nextInt(5));
        q.put(p, a);
        model.put(p, a);
      }
      assertThat(q.size()).isEqualTo(model.size());
      List<IpPrefix> order = new ArrayList<>();
      for (int i = 0; i < q.size(); i++) {
        order.add(q.prefix(i));
        assertThat(q.advert(i)).isSameAs(model.get(q.prefix(i)));
      }
      assertThat(order).containsExactlyElementsOf(model.keySet());
      q.clear();
      assertThat(q.isEmpty()).isTrue();
    }
  }

  /**
   * A neighbor that reads slowly: chunks are taken off the front while changes keep coming. A
   * change to a prefix still waiting replaces it in place; one to a prefix whose change has gone
   * queues anew at the end. Checked against a plain model after every step, through compactions.
   */
  @Test
  void takingChunksOffTheFrontKeepsTheRestInOrder() {
    Random rnd = new Random(11);
    PendingOut q = new PendingOut();
    LinkedHashMap<IpPrefix, Advert> model = new LinkedHashMap<>();
    for (int step = 0; step < 40_000; step++) {
      if (rnd.nextInt(10) == 0) {
        int n = rnd.nextInt(step < 20_000 ? q.size() + 2 : q.size() / 2 + 1); // (then rarely all)
        q.dropFirst(n);
        var it = model.entrySet().iterator();
        for (int i = 0; i < n && it.hasNext(); i++) {
          it.next();
          it.remove();
        }
      } else {
        int k = rnd.nextInt(step < 20_000 ? 3000 : 200); // the second half: a small hot set
        IpPrefix p = IpPrefix.parse("2001:db8:" + Integer.toHexString(k) + "::/48");
        Advert a = advert(rnd.nextInt(5));
        q.put(p, a);
        model.put(p, a); // (a key still present keeps its place, as in the queue)
      }
      IpPrefix probe =
          IpPrefix.parse("2001:db8:" + Integer.toHexString(rnd.nextInt(3000)) + "::/48");
      assertThat(q.contains(probe)).isEqualTo(model.containsKey(probe)); // (taken ones are gone)
      if (step % 97 == 0 || q.size() < 5) {
        assertThat(q.size()).isEqualTo(model.size());
        int i = 0;
        for (Map.Entry<IpPrefix, Advert> e : model.entrySet()) {
          assertThat(q.prefix(i)).isEqualTo(e.getKey());
          assertThat(q.advert(i)).isSameAs(e.getValue());
          i++;
        }
        PendingOut firstThree = new PendingOut();
        model.entrySet().stream().limit(3).forEach(e -> firstThree.put(e.getKey(), e.getValue()));
        assertThat(q.sameFirst(firstThree, 3)).isTrue();
        assertThat(firstThree.sameFirst(q, 3)).isTrue();
        if (model.size() > 3) {
          assertThat(q.sameFirst(firstThree, 4)).isFalse(); // (it has a fourth, the other not)
        }
      }
    }
    // the hot half queued some 18k changes to 200 prefixes: taken ones were compacted away
    assertThat(q.capacity()).isLessThanOrEqualTo(4096);
  }
}
