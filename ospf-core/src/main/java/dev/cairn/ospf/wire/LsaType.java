package dev.cairn.ospf.wire;

/** LS type codes of RFC 2328 A.4.1 (types 1 to 5). */
public final class LsaType {
  public static final int ROUTER = 1;
  public static final int NETWORK = 2;
  public static final int SUMMARY_NETWORK = 3;
  public static final int SUMMARY_ASBR = 4;
  public static final int AS_EXTERNAL = 5;

  private LsaType() {}
}
