package dev.cairn.bgp.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.net.IpAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackGroupsTest {

  /**
   * Random chunks (runs of one advert, equal adverts that are different objects, both families):
   * the groups are those of a map from (advert, family) to indices, in first-seen order.
   */
  @Test
  void groupsEqualAdvertsPerFamilyInFirstSeenOrder() {
    Random rnd = new Random(5);
    PackGroups pg = new PackGroups();
    for (int round = 0; round < 200; round++) {
      int n = 1 + rnd.nextInt(round % 10 == 0 ? 5000 : 50);
      pg.reset(n);
      Map<List<Object>, List<Integer>> model = new LinkedHashMap<>();
      Advert a = null;
      int f = 0;
      for (int i = 0; i < n; i++) {
        if (a == null || rnd.nextInt(4) == 0) {
          int med = rnd.nextInt(1 + n / 3);
          f = rnd.nextInt(2);
          // a new object each time: groups compare by value, not identity
          a =
              new Advert(
                  PathAttributes.builder().origin(0).med(med).build(),
                  f == 1 ? IpAddress.parse("2001:db8::1") : null);
        }
        pg.add(a, f, i);
        model.computeIfAbsent(List.of(a, f), k -> new ArrayList<>()).add(i);
      }
      List<List<Object>> keys = new ArrayList<>(model.keySet());
      assertThat(pg.groups()).isEqualTo(keys.size());
      for (int g = 0; g < pg.groups(); g++) {
        assertThat(List.<Object>of(pg.advert(g), pg.family(g))).isEqualTo(keys.get(g));
        List<Integer> members = new ArrayList<>();
        for (int i = pg.first(g); i >= 0; i = pg.next(i)) {
          members.add(i);
        }
        assertThat(members).isEqualTo(model.get(keys.get(g)));
        assertThat(pg.count(g)).isEqualTo(members.size());
      }
      pg.clear();
    }
  }
}
