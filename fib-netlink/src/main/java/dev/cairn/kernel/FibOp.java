package dev.cairn.kernel;

/**
 * One kernel change in a batch: install/replace or delete a route or a nexthop object. Sets are
 * sent with {@code NLM_F_CREATE|NLM_F_REPLACE} so that they are idempotent.
 */
public sealed interface FibOp {

  /** Appends the netlink message for this operation. */
  void encode(NlWriter w, int seq);

  record SetRoute(RouteMessage route) implements FibOp {
    @Override
    public void encode(NlWriter w, int seq) {
      route.encode(
          w, Rtnl.RTM_NEWROUTE, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_CREATE | Rtnl.NLM_F_REPLACE, seq);
    }
  }

  record DeleteRoute(RouteMessage route) implements FibOp {
    @Override
    public void encode(NlWriter w, int seq) {
      route.encode(w, Rtnl.RTM_DELROUTE, Rtnl.NLM_F_REQUEST, seq);
    }
  }

  record SetNexthop(NexthopMessage nexthop) implements FibOp {
    @Override
    public void encode(NlWriter w, int seq) {
      nexthop.encode(
          w, Rtnl.RTM_NEWNEXTHOP, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_CREATE | Rtnl.NLM_F_REPLACE, seq);
    }
  }

  record DeleteNexthop(int id) implements FibOp {
    @Override
    public void encode(NlWriter w, int seq) {
      w.begin(Rtnl.RTM_DELNEXTHOP, Rtnl.NLM_F_REQUEST, seq).u8(0).u8(0).u8(0).u8(0).u32(0);
      w.attrU32(Rtnl.NHA_ID, id).end();
    }
  }
}
