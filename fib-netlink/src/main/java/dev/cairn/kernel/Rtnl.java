package dev.cairn.kernel;

/**
 * Constants from the Linux UAPI headers ({@code linux/netlink.h}, {@code linux/rtnetlink.h}, {@code
 * linux/nexthop.h}, {@code linux/if_link.h}, {@code sys/socket.h}) that cairn uses. Values are ABI
 * and never change.
 */
public final class Rtnl {
  private Rtnl() {}

  // sockets
  public static final int AF_UNSPEC = 0;
  public static final int AF_INET = 2;
  public static final int AF_INET6 = 10;
  public static final int AF_NETLINK = 16;
  public static final int SOCK_RAW = 3;
  public static final int SOCK_CLOEXEC = 0x80000;
  public static final int NETLINK_ROUTE = 0;
  public static final int SOL_SOCKET = 1;
  public static final int SO_SNDBUF = 7;
  public static final int SO_RCVBUF = 8;
  public static final int SO_RCVTIMEO = 20;
  public static final int SO_SNDBUFFORCE = 32;
  public static final int SO_RCVBUFFORCE = 33;
  public static final int SOL_NETLINK = 270;
  public static final int NETLINK_ADD_MEMBERSHIP = 1;
  public static final int NETLINK_DROP_MEMBERSHIP = 2;
  public static final int NETLINK_CAP_ACK = 10;
  public static final int NETLINK_EXT_ACK = 11;
  public static final int NETLINK_GET_STRICT_CHK = 12;
  public static final int MSG_DONTWAIT = 0x40;
  public static final int O_RDONLY = 0;
  public static final int O_CLOEXEC = 0x80000;
  public static final int CLONE_NEWNET = 0x40000000;

  // rtnetlink multicast groups (numbers for NETLINK_ADD_MEMBERSHIP)
  public static final int RTNLGRP_LINK = 1;
  public static final int RTNLGRP_IPV4_IFADDR = 5;
  public static final int RTNLGRP_IPV4_ROUTE = 7;
  public static final int RTNLGRP_IPV6_IFADDR = 9;
  public static final int RTNLGRP_IPV6_ROUTE = 11;
  public static final int RTNLGRP_NEXTHOP = 32;

  // nlmsghdr
  public static final int NLMSG_HDRLEN = 16;
  public static final int NLMSG_NOOP = 1;
  public static final int NLMSG_ERROR = 2;
  public static final int NLMSG_DONE = 3;
  public static final int NLMSG_OVERRUN = 4;
  public static final int NLM_F_REQUEST = 0x1;
  public static final int NLM_F_MULTI = 0x2;
  public static final int NLM_F_ACK = 0x4;
  public static final int NLM_F_DUMP_INTR = 0x10;
  public static final int NLM_F_DUMP = 0x300;
  public static final int NLM_F_REPLACE = 0x100;
  public static final int NLM_F_EXCL = 0x200;
  public static final int NLM_F_CREATE = 0x400;
  public static final int NLM_F_CAPPED = 0x100;
  public static final int NLM_F_ACK_TLVS = 0x200;
  public static final int NLMSGERR_ATTR_MSG = 1;
  public static final int NLMSGERR_ATTR_OFFS = 2;

  // message types
  public static final int RTM_NEWLINK = 16;
  public static final int RTM_DELLINK = 17;
  public static final int RTM_GETLINK = 18;
  public static final int RTM_NEWROUTE = 24;
  public static final int RTM_DELROUTE = 25;
  public static final int RTM_GETROUTE = 26;
  public static final int RTM_NEWNEXTHOP = 104;
  public static final int RTM_DELNEXTHOP = 105;
  public static final int RTM_GETNEXTHOP = 106;

  // ifinfomsg / IFLA
  public static final int IFINFOMSG_LEN = 16;
  public static final int IFLA_IFNAME = 3;
  public static final int IFLA_MTU = 4;
  public static final int IFLA_OPERSTATE = 16;
  public static final int IFF_UP = 0x1;
  public static final int IFF_RUNNING = 0x40;

  // ifaddrmsg / IFA
  public static final int RTM_NEWADDR = 20;
  public static final int RTM_DELADDR = 21;
  public static final int RTM_GETADDR = 22;
  public static final int IFADDRMSG_LEN = 8;
  public static final int IFA_ADDRESS = 1;
  public static final int IFA_LOCAL = 2;
  public static final int IFA_LABEL = 3;

  // rtmsg / RTA
  public static final int RTMSG_LEN = 12;
  public static final int RTA_DST = 1;
  public static final int RTA_OIF = 4;
  public static final int RTA_GATEWAY = 5;
  public static final int RTA_PRIORITY = 6;
  public static final int RTA_PREFSRC = 7;
  public static final int RTA_MULTIPATH = 9;
  public static final int RTA_TABLE = 15;
  public static final int RTA_VIA = 18;
  public static final int RTA_NH_ID = 30;
  public static final int RTNH_LEN = 8;
  public static final int RTNH_F_DEAD = 1;
  public static final int RTNH_F_ONLINK = 4;
  public static final int RTNH_F_LINKDOWN = 16;
  public static final int RTN_UNSPEC = 0;
  public static final int RTN_UNICAST = 1;
  public static final int RTN_LOCAL = 2;
  public static final int RTN_BLACKHOLE = 6;
  public static final int RTN_UNREACHABLE = 7;
  public static final int RT_SCOPE_UNIVERSE = 0;
  public static final int RT_SCOPE_LINK = 253;
  public static final int RT_SCOPE_HOST = 254;
  public static final int RT_SCOPE_NOWHERE = 255;
  public static final int RT_TABLE_UNSPEC = 0;
  public static final int RT_TABLE_COMPAT = 252;
  public static final int RT_TABLE_MAIN = 254;
  public static final int RT_TABLE_LOCAL = 255;

  // nhmsg / NHA
  public static final int NHMSG_LEN = 8;
  public static final int NHA_ID = 1;
  public static final int NHA_GROUP = 2;
  public static final int NHA_GROUP_TYPE = 3;
  public static final int NHA_BLACKHOLE = 4;
  public static final int NHA_OIF = 5;
  public static final int NHA_GATEWAY = 6;
  public static final int NHA_RES_GROUP = 12;
  public static final int NHA_RES_GROUP_BUCKETS = 1;
  public static final int NHA_RES_GROUP_IDLE_TIMER = 2;
  public static final int NHA_RES_GROUP_UNBALANCED_TIMER = 3;
  public static final int NEXTHOP_GRP_TYPE_MPATH = 0;
  public static final int NEXTHOP_GRP_TYPE_RES = 1;

  /** Netlink attributes and messages are padded to 4 bytes. */
  public static int align(int n) {
    return (n + 3) & ~3;
  }

  /** The address family number of an address ({@code AF_INET} or {@code AF_INET6}). */
  public static int family(dev.cairn.net.IpAddress a) {
    return a instanceof dev.cairn.net.Ipv4Address ? AF_INET : AF_INET6;
  }

  /** The address family number of a prefix. */
  public static int family(dev.cairn.net.IpPrefix p) {
    return p instanceof dev.cairn.net.Ipv4Prefix ? AF_INET : AF_INET6;
  }
}
