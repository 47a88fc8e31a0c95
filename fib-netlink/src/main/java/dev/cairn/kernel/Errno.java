package dev.cairn.kernel;

/** Linux errno values cairn acts on, and their names for messages. */
public final class Errno {
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int ESRCH = 3;
  public static final int EINTR = 4;
  public static final int EAGAIN = 11;
  public static final int ENOMEM = 12;
  public static final int EBUSY = 16;
  public static final int EEXIST = 17;
  public static final int ENODEV = 19;
  public static final int EINVAL = 22;
  public static final int ENOSPC = 28;
  public static final int ERANGE = 34;
  public static final int EMSGSIZE = 90;
  public static final int EOPNOTSUPP = 95;
  public static final int EAFNOSUPPORT = 97;
  public static final int ENOBUFS = 105;
  public static final int ENETUNREACH = 101;
  public static final int EHOSTUNREACH = 113;

  private Errno() {}

  /** A symbolic name for the common ones ({@code ENETUNREACH}), otherwise {@code errno N}. */
  public static String name(int errno) {
    return switch (errno) {
      case EPERM -> "EPERM";
      case ENOENT -> "ENOENT";
      case ESRCH -> "ESRCH";
      case EINTR -> "EINTR";
      case EAGAIN -> "EAGAIN";
      case ENOMEM -> "ENOMEM";
      case EBUSY -> "EBUSY";
      case EEXIST -> "EEXIST";
      case ENODEV -> "ENODEV";
      case EINVAL -> "EINVAL";
      case ENOSPC -> "ENOSPC";
      case ERANGE -> "ERANGE";
      case EMSGSIZE -> "EMSGSIZE";
      case EOPNOTSUPP -> "EOPNOTSUPP";
      case EAFNOSUPPORT -> "EAFNOSUPPORT";
      case ENOBUFS -> "ENOBUFS";
      case ENETUNREACH -> "ENETUNREACH";
      case EHOSTUNREACH -> "EHOSTUNREACH";
      default -> "errno " + errno;
    };
  }

  static String describe(int errno) {
    return name(errno);
  }
}
