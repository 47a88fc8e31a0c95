package dev.cairn.bgp.speaker;

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
}
