package dev.cairn.ospf.spf;

import java.util.List;
import java.util.Set;

/** Exposes {@link GeneratedTopology} and {@link ReferenceSpf} to tests in other packages. */
public final class GeneratedTopologyAccess {
  private final GeneratedTopology t;

  public GeneratedTopologyAccess(int n, int chords, int lans, int lanSize, long seed) {
    t = new GeneratedTopology(n, chords, lans, lanSize, seed);
  }

  public static int rid(int i) {
    return GeneratedTopology.rid(i);
  }

  public static int loopback(int i) {
    return GeneratedTopology.loopback(i);
  }

  public List<int[]> p2p() {
    return t.p2p;
  }

  public int lans() {
    return t.lans;
  }

  public List<int[][]> lanMembers() {
    return t.lanMembers;
  }

  public int lanAddress(int lan) {
    return t.lanAddress[lan];
  }

  /** The reference shortest paths from one root. */
  public Reference reference(int root) {
    ReferenceSpf r = new ReferenceSpf(t, root);
    return new Reference(r);
  }

  /** Reference costs and next hops by router index. */
  public static final class Reference {
    private final ReferenceSpf r;

    Reference(ReferenceSpf r) {
      this.r = r;
    }

    public long cost(int i) {
      return r.dist[i];
    }

    public Set<Hop> hops(int i) {
      return r.hops.get(i);
    }
  }
}
