package dev.cairn.ospf.spf;

import dev.cairn.ospf.wire.Lsa;
import dev.cairn.ospf.wire.LsaKey;

/** Read access to one LSDB for SPF: usable (not MaxAge) LSAs only. */
public interface LsaLookup {
  Lsa get(LsaKey key);

  /** Every usable LSA of one type. */
  Iterable<Lsa> ofType(int type);
}
