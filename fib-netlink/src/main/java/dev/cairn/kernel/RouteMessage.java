package dev.cairn.kernel;

import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/**
 * A route as {@code RTM_NEWROUTE}/{@code RTM_DELROUTE}/{@code RTM_GETROUTE} carry it: the {@code
 * rtmsg} header and the attributes cairn uses. A route points at its next hops in one of three
 * ways: a nexthop object ({@code nhId} &gt; 0), a list of paths ({@code RTA_MULTIPATH}), or a
 * single gateway and/or interface; a blackhole has none.
 *
 * @param dst the destination prefix (0.0.0.0/0 or ::/0 for a default route)
 * @param table the routing table id; ids above 255 travel in {@code RTA_TABLE}
 * @param protocol the {@code rtm_protocol} tag (cairn's own number for its routes)
 * @param scope {@code RT_SCOPE_*}; {@code RT_SCOPE_NOWHERE} on delete matches any
 * @param type {@code RTN_*}; {@code RTN_UNSPEC} on delete matches any
 * @param priority the route metric ({@code RTA_PRIORITY}); 0 = not sent
 * @param oif the outgoing interface index of a single-path route, 0 = none
 * @param nhId the nexthop object id ({@code RTA_NH_ID}), 0 = none
 * @param paths the {@code RTA_MULTIPATH} entries, empty = none
 */
public record RouteMessage(
    IpPrefix dst,
    int table,
    int protocol,
    int scope,
    int type,
    int flags,
    int priority,
    IpAddress gateway,
    int oif,
    int nhId,
    List<Path> paths) {

  /**
   * One {@code rtnexthop} of a multipath route.
   *
   * @param weight 1..256 (sent as {@code rtnh_hops = weight - 1})
   */
  public record Path(IpAddress gateway, int ifindex, int weight, int flags) {}

  public RouteMessage {
    paths = List.copyOf(paths);
  }

  public int family() {
    return Rtnl.family(dst);
  }

  /** Appends this route as one message of {@code msgType} to {@code w}. */
  public void encode(NlWriter w, int msgType, int nlFlags, int seq) {
    w.begin(msgType, nlFlags, seq)
        .u8(family())
        .u8(dst.length())
        .u8(0) // src_len
        .u8(0) // tos
        .u8(table < 256 ? table : Rtnl.RT_TABLE_COMPAT)
        .u8(protocol)
        .u8(scope)
        .u8(type)
        .u32(flags);
    w.attrU32(Rtnl.RTA_TABLE, table);
    if (dst.length() > 0) {
      w.attrAddr(Rtnl.RTA_DST, dst.address());
    }
    if (priority != 0) {
      w.attrU32(Rtnl.RTA_PRIORITY, priority);
    }
    if (nhId != 0) {
      w.attrU32(Rtnl.RTA_NH_ID, nhId);
    }
    if (gateway != null) {
      w.attrAddr(Rtnl.RTA_GATEWAY, gateway);
    }
    if (oif != 0) {
      w.attrU32(Rtnl.RTA_OIF, oif);
    }
    if (!paths.isEmpty()) {
      int nest = w.beginNest(Rtnl.RTA_MULTIPATH);
      for (Path p : paths) {
        int at = w.mark();
        w.u16(0).u8(p.flags()).u8(p.weight() - 1).u32(p.ifindex());
        if (p.gateway() != null) {
          w.attrAddr(Rtnl.RTA_GATEWAY, p.gateway());
        }
        w.patchLen16(at);
      }
      w.endNest(nest);
    }
    w.end();
  }

  /** Decodes an {@code RTM_NEWROUTE} (dump answer or notification). */
  public static RouteMessage decode(NlMessage m) {
    var b = m.buf();
    int p = m.payload();
    int family = b.get(p) & 0xff;
    int dstLen = b.get(p + 1) & 0xff;
    int rtTable = b.get(p + 4) & 0xff;
    int protocol = b.get(p + 5) & 0xff;
    int scope = b.get(p + 6) & 0xff;
    int type = b.get(p + 7) & 0xff;
    int flags = b.getInt(p + 8);
    NlAttrs a = m.attrs(Rtnl.RTMSG_LEN);
    IpAddress dstAddr = a.address(Rtnl.RTA_DST);
    if (dstAddr == null) {
      dstAddr = IpAddress.fromBytes(new byte[family == Rtnl.AF_INET ? 4 : 16]);
    }
    List<Path> paths = new ArrayList<>();
    if (a.has(Rtnl.RTA_MULTIPATH)) {
      int q = a.offset(Rtnl.RTA_MULTIPATH);
      int end = q + a.length(Rtnl.RTA_MULTIPATH);
      while (q + Rtnl.RTNH_LEN <= end) {
        int len = b.getShort(q) & 0xffff;
        if (len < Rtnl.RTNH_LEN || q + len > end) {
          break;
        }
        NlAttrs na = NlAttrs.parse(b, q + Rtnl.RTNH_LEN, q + len);
        paths.add(
            new Path(
                na.address(Rtnl.RTA_GATEWAY),
                b.getInt(q + 4),
                (b.get(q + 3) & 0xff) + 1,
                b.get(q + 2) & 0xff));
        q += Rtnl.align(len);
      }
    }
    return new RouteMessage(
        IpPrefix.of(dstAddr, dstLen),
        a.u32(Rtnl.RTA_TABLE, rtTable),
        protocol,
        scope,
        type,
        flags,
        a.u32(Rtnl.RTA_PRIORITY, 0),
        a.address(Rtnl.RTA_GATEWAY),
        a.u32(Rtnl.RTA_OIF, 0),
        a.u32(Rtnl.RTA_NH_ID, 0),
        paths);
  }
}
