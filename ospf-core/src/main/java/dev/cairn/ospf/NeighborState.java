package dev.cairn.ospf;

/** Neighbor states of RFC 2328 10.1 (Attempt is NBMA only and unused). */
public enum NeighborState {
  DOWN,
  INIT,
  TWO_WAY,
  EX_START,
  EXCHANGE,
  LOADING,
  FULL
}
