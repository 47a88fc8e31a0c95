// Update packing: a chunk of one neighbor's queued changes into as few UPDATEs as fit, prefixes
// with equal attributes together (RFC 4271 §4.3, §9.2; RFC 4760 MP_REACH/MP_UNREACH for IPv6).
package dev.cairn.bgp.export;

import dev.cairn.bgp.wire.AsPath;
import dev.cairn.bgp.wire.CodecContext;
import dev.cairn.bgp.wire.NlriList;
import dev.cairn.bgp.wire.Update;
import dev.cairn.bgp.wire.UpdatePacker;
import dev.cairn.net.Afi;
import dev.cairn.net.Family;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Packs queued changes into UPDATEs; reuses its grouping arrays (calls do not nest). */
final class Packer {
  private static final System.Logger LOG = System.getLogger(Packer.class.getName());
  private static final Family[] FAMILIES = {Family.IPV4_UNICAST, Family.IPV6_UNICAST};

  private final PackGroups packGroups = new PackGroups();
  private long batches;

  /** How many chunks were packed. */
  long batches() {
    return batches;
  }

  /** Adds the prefix of {@code q}'s {@code i}-th change to {@code b} (IPv4 without an object). */
  private static void add(NlriList.Builder b, PendingOut q, int i) {
    if (q.isV6(i)) {
      b.add(q.prefix(i), 0);
    } else {
      b.addPackedV4(q.packedV4(i), 0);
    }
  }

  /** Packs the {@code max} oldest pending changes of {@code p} and takes them off its queue. */
  List<Update> pack(Outbound p, int max) {
    batches++;
    CodecContext ctx = p.context();
    // per family (IPv4, IPv6): the withdrawals, and the announcements grouped by what is sent
    PendingOut q = p.pending;
    int n = Math.min(max, q.size());
    PackGroups groups = packGroups;
    groups.reset(n);
    int[] withdrawals = new int[2];
    for (int i = 0; i < n; i++) {
      Advert a = q.advert(i);
      int f = q.isV6(i) ? 1 : 0;
      if (a == PendingOut.WITHDRAW) {
        withdrawals[f]++;
      } else {
        groups.add(a, f, i);
      }
    }
    // attributes too long for one UPDATE (an AS_PATH accepted long, prepended): those prefixes are
    // withdrawn from this neighbor instead, never sent malformed (and its Adj-RIB-Out says so)
    boolean[] unfit = groups.unfit(FAMILIES, ctx);
    for (int g = 0; unfit != null && g < groups.groups(); g++) {
      if (unfit[g]) {
        withdrawals[groups.family(g)] += groups.count(g);
        LOG.log(
            System.Logger.Level.WARNING,
            "neighbor {0}: {1} prefixes (first {2}) withdrawn: their attributes do not fit one"
                + " UPDATE (an AS_PATH of {3} ASes)",
            p.address(),
            groups.count(g),
            q.prefix(groups.first(g)),
            Objects.requireNonNullElse(groups.advert(g).attributes().asPath(), AsPath.EMPTY)
                .length());
      }
    }
    List<Update> out = new ArrayList<>();
    for (int f = 0; f < 2; f++) {
      if (withdrawals[f] > 0) {
        NlriList.Builder b = NlriList.builder(f == 0 ? Afi.IPV4 : Afi.IPV6, false, withdrawals[f]);
        for (int i = 0; i < n; i++) {
          if (q.advert(i) == PendingOut.WITHDRAW && q.isV6(i) == (f == 1)) {
            add(b, q, i);
          }
        }
        for (int g = 0; unfit != null && g < groups.groups(); g++) {
          for (int i = groups.first(g); unfit[g] && groups.family(g) == f && i >= 0; ) {
            add(b, q, i);
            p.hold(q.prefix(i), false);
            i = groups.next(i);
          }
        }
        UpdatePacker.withdraw(out, FAMILIES[f], b.build(), ctx);
      }
    }
    for (int f = 0; f < 2; f++) {
      for (int g = 0; g < groups.groups(); g++) {
        if (groups.family(g) != f || (unfit != null && unfit[g])) {
          continue;
        }
        NlriList.Builder b = NlriList.builder(f == 0 ? Afi.IPV4 : Afi.IPV6, false, groups.count(g));
        for (int i = groups.first(g); i >= 0; i = groups.next(i)) {
          add(b, q, i);
        }
        Advert adv = groups.advert(g);
        UpdatePacker.announce(
            out, adv.attributes(), FAMILIES[f], adv.mpNextHop(), null, b.build(), ctx);
      }
    }
    groups.clear();
    q.dropFirst(n);
    return out;
  }
}
