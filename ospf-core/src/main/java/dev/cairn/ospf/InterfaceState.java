package dev.cairn.ospf;

/** Interface states of RFC 2328 9.1 (NBMA's Loopback aside). */
public enum InterfaceState {
  DOWN,
  WAITING,
  POINT_TO_POINT,
  DR_OTHER,
  BACKUP,
  DR
}
