package dev.cairn.cli;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.List;
import java.util.Optional;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Who may change state over the control socket. Anyone who can open the socket (its mode 0660 and
 * its group decide that) may run queries; a command that changes state ({@code clear}, {@code
 * reload}) runs only for root, the daemon's own user, or a member of the configured admin group.
 *
 * <p>The caller is known by the kernel's credentials of the connecting process ({@code
 * SO_PEERCRED}, which the JDK hands out as user and group principals, compared by uid and gid). A
 * member of the admin group is a process whose effective group is that group, or a user listed in
 * the group's line of {@code /etc/group} (supplementary membership), or whose primary group in
 * {@code /etc/passwd} is that group. (Supplementary groups that only a directory service such as
 * LDAP knows are not seen: give such an administrator the group as a local one.)
 */
public final class ControlAccess {
  /** The credentials of the process at the other end of a connection. */
  public record Peer(UserPrincipal user, GroupPrincipal group) {
    /** The credentials of {@code c}'s peer ({@code SO_PEERCRED}). */
    public static Peer of(SocketChannel c) throws IOException {
      UnixDomainPrincipal p = c.getOption(ExtendedSocketOptions.SO_PEERCRED);
      return new Peer(p.user(), p.group());
    }
  }

  /** Whether a caller may change state, and as whom (for the log). */
  public record Decision(boolean allowed, String as) {}

  private final UserPrincipalLookupService lookup;
  private final UserPrincipal self;
  private final String selfName;
  private final Optional<String> adminGroup;
  private final Path groupFile;
  private final Path passwdFile;

  /**
   * Access for a daemon running as {@code self} (named {@code selfName} in messages), with {@code
   * adminGroup} (if any) read from {@code groupFile} and {@code passwdFile}.
   */
  ControlAccess(
      UserPrincipalLookupService lookup,
      UserPrincipal self,
      String selfName,
      Optional<String> adminGroup,
      Path groupFile,
      Path passwdFile) {
    this.lookup = lookup;
    this.self = self;
    this.selfName = selfName;
    this.adminGroup = adminGroup;
    this.groupFile = groupFile;
    this.passwdFile = passwdFile;
  }

  /** Access for this process: its effective user, the system's account files. */
  public static ControlAccess forThisProcess(Optional<String> adminGroup) throws IOException {
    UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
    return new ControlAccess(
        lookup,
        lookup.lookupPrincipalByName(Long.toString(effectiveUid())),
        System.getProperty("user.name", "?"),
        adminGroup,
        Path.of("/etc/group"),
        Path.of("/etc/passwd"));
  }

  /** The same rules with another admin group (a reload). */
  public ControlAccess withAdminGroup(Optional<String> group) {
    return new ControlAccess(lookup, self, selfName, group, groupFile, passwdFile);
  }

  public Optional<String> adminGroup() {
    return adminGroup;
  }

  /** This process's effective uid, from {@code /proc/self/status}. */
  static long effectiveUid() throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("Uid:")) {
        return Long.parseLong(l.substring(4).trim().split("\\s+")[1]);
      }
    }
    throw new IOException("no Uid line in /proc/self/status");
  }

  /** Whether {@code p} may run a command that changes state. */
  public Decision decide(Peer p) {
    if (p == null) {
      return new Decision(false, "an unknown process");
    }
    try {
      if (p.user().equals(lookup.lookupPrincipalByName("0"))) {
        return new Decision(true, "root");
      }
    } catch (IOException e) {
      // no lookup: not root as far as we can tell
    }
    if (p.user().equals(self)) {
      return new Decision(true, "the daemon's user");
    }
    if (adminGroup.isPresent() && inGroup(p, adminGroup.get())) {
      return new Decision(true, "group " + adminGroup.get());
    }
    return new Decision(false, "not an administrator");
  }

  /** What a refused caller is told it needs. */
  public String requirement() {
    return "root, the daemon's user ("
        + selfName
        + ")"
        + adminGroup.map(g -> " or membership of group " + g).orElse(" (no control.admin-group)");
  }

  private boolean inGroup(Peer p, String group) {
    try {
      GroupPrincipal g = lookup.lookupPrincipalByGroupName(group);
      if (g.equals(p.group())) {
        return true; // the process runs with the group as its effective one
      }
    } catch (UserPrincipalNotFoundException e) {
      return false; // no such group: nobody is in it
    } catch (IOException e) {
      // fall back to the files
    }
    String user = p.user().getName();
    String gid = null;
    for (String[] f : entries(groupFile)) {
      if (f.length >= 3 && f[0].equals(group)) {
        gid = f[2];
        if (f.length >= 4 && List.of(f[3].split(",")).contains(user)) {
          return true;
        }
      }
    }
    for (String[] f : entries(passwdFile)) {
      if (f.length >= 4 && f[0].equals(user) && f[3].equals(gid)) {
        return true; // the user's primary group
      }
    }
    return false;
  }

  /** How the log names a caller: {@code user alice (uid 1000), group staff}. */
  public String describe(Peer p) {
    if (p == null) {
      return "an unknown process";
    }
    String user = p.user().getName();
    String uid = user.chars().allMatch(Character::isDigit) ? user : null;
    for (String[] f : uid == null ? entries(passwdFile) : List.<String[]>of()) {
      if (f.length >= 3 && f[0].equals(user)) {
        uid = f[2];
        break;
      }
    }
    return "user " + user + (uid == null ? "" : " (uid " + uid + ")") + ", group " + p.group();
  }

  /** The colon-separated lines of an account file; none when it cannot be read. */
  private static List<String[]> entries(Path file) {
    try {
      return Files.readAllLines(file).stream()
          .filter(l -> !l.startsWith("#") && !l.isBlank())
          .map(l -> l.split(":", -1))
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
