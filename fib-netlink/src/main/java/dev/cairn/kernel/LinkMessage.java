package dev.cairn.kernel;

/**
 * The parts of an {@code RTM_NEWLINK} cairn uses: interface index, name and flags.
 *
 * @param flags {@code IFF_*} ({@code IFF_UP} = 1)
 */
public record LinkMessage(int index, String name, int flags) {

  public boolean isUp() {
    return (flags & Rtnl.IFF_UP) != 0;
  }

  public static LinkMessage decode(NlMessage m) {
    var b = m.buf();
    int p = m.payload();
    return new LinkMessage(
        b.getInt(p + 4), m.attrs(Rtnl.IFINFOMSG_LEN).string(Rtnl.IFLA_IFNAME), b.getInt(p + 8));
  }
}
