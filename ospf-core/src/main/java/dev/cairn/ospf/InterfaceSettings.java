package dev.cairn.ospf;

import dev.cairn.ospf.wire.Authentication;

/**
 * One OSPF interface's settings (RFC 2328 C.3); intervals in seconds.
 *
 * @param pointToPoint point-to-point network type, else broadcast
 * @param passive announced as a stub network, no hellos sent or accepted
 */
public record InterfaceSettings(
    int areaId,
    int cost,
    int helloInterval,
    int deadInterval,
    int priority,
    boolean pointToPoint,
    boolean passive,
    Authentication auth) {

  public static InterfaceSettings broadcast(int areaId, int cost) {
    return new InterfaceSettings(areaId, cost, 10, 40, 1, false, false, Authentication.NULL);
  }

  public static InterfaceSettings pointToPoint(int areaId, int cost) {
    return new InterfaceSettings(areaId, cost, 10, 40, 1, true, false, Authentication.NULL);
  }

  public InterfaceSettings withPriority(int p) {
    return new InterfaceSettings(
        areaId, cost, helloInterval, deadInterval, p, pointToPoint, passive, auth);
  }

  public InterfaceSettings withAuth(Authentication a) {
    return new InterfaceSettings(
        areaId, cost, helloInterval, deadInterval, priority, pointToPoint, passive, a);
  }

  public InterfaceSettings withPassive(boolean p) {
    return new InterfaceSettings(
        areaId, cost, helloInterval, deadInterval, priority, pointToPoint, p, auth);
  }
}
