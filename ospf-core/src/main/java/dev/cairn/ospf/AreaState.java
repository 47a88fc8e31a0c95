package dev.cairn.ospf;

import java.util.ArrayList;
import java.util.List;

/** One attached area: its id, whether it is a stub area, its LSDB and its interfaces. */
final class AreaState {
  final int id;
  final boolean stub;
  final int stubDefaultCost;
  final Lsdb lsdb = new Lsdb();
  final List<OspfInterface> interfaces = new ArrayList<>();

  AreaState(int id, boolean stub, int stubDefaultCost) {
    this.id = id;
    this.stub = stub;
    this.stubDefaultCost = stubDefaultCost;
  }

  /** The Options E bit: external routing capability, clear in stub areas. */
  int options() {
    return stub ? 0 : 0x02;
  }
}
