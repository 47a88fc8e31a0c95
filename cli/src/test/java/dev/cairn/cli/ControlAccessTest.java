package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may change state over the control socket, decided on injected credentials: principals with
 * chosen ids (the JDK compares them by uid and gid, as it does those of {@code SO_PEERCRED}) and
 * account files of the test's own.
 */
class ControlAccessTest {
  static final UserPrincipalLookupService LOOKUP =
      FileSystems.getDefault().getUserPrincipalLookupService();

  @TempDir Path dir;
  Path group;
  Path passwd;

  static UserPrincipal user(String name) throws Exception {
    return LOOKUP.lookupPrincipalByName(name);
  }

  static GroupPrincipal group(String name) throws Exception {
    return LOOKUP.lookupPrincipalByGroupName(name);
  }

  static ControlAccess.Peer peer(String user, String group) throws Exception {
    return new ControlAccess.Peer(user(user), group(group));
  }

  @BeforeEach
  void files() throws Exception {
    // "adm" (gid 4) is a group of every Debian system; the test's files say who is in it
    group = dir.resolve("group");
    Files.writeString(group, "root:x:0:\nadm:x:4:daemon,sys\nstaff:x:50:bin\nnogroup:x:65534:\n");
    passwd = dir.resolve("passwd");
    Files.writeString(
        passwd,
        "root:x:0:0:root:/root:/bin/bash\n"
            + "daemon:x:1:1::/:/usr/sbin/nologin\n"
            + "bin:x:2:2::/:/usr/sbin/nologin\n"
            + "sync:x:4:4::/bin:/bin/sync\n"
            + "nobody:x:65534:65534::/:/usr/sbin/nologin\n");
  }

  /** Access for a daemon running as uid 4321 ("cairn"), admin group {@code admin}. */
  ControlAccess access(Optional<String> admin) throws Exception {
    return new ControlAccess(LOOKUP, user("4321"), "cairn", admin, group, passwd);
  }

  @Test
  void rootAndTheDaemonsOwnUserMayAlways() throws Exception {
    ControlAccess a = access(Optional.empty());
    assertEquals(new ControlAccess.Decision(true, "root"), a.decide(peer("0", "65534")));
    assertEquals(
        new ControlAccess.Decision(true, "the daemon's user"), a.decide(peer("4321", "65534")));
    assertFalse(a.decide(peer("nobody", "nogroup")).allowed());
    assertFalse(a.decide(null).allowed(), "no credentials: no state changes");
  }

  @Test
  void membersOfTheAdminGroupMayOthersNot() throws Exception {
    ControlAccess a = access(Optional.of("adm"));
    // the process's effective group is the admin group
    assertEquals(new ControlAccess.Decision(true, "group adm"), a.decide(peer("nobody", "adm")));
    // listed in the group's line: a supplementary member
    assertTrue(a.decide(peer("daemon", "nogroup")).allowed());
    assertTrue(a.decide(peer("sys", "nogroup")).allowed());
    // the group is the user's primary one in passwd (sync: gid 4)
    assertTrue(a.decide(peer("sync", "nogroup")).allowed());
    // in another group only
    assertFalse(a.decide(peer("bin", "staff")).allowed());
    assertFalse(a.decide(peer("nobody", "nogroup")).allowed());
    // without an admin group the same members are refused
    assertFalse(access(Optional.empty()).decide(peer("daemon", "nogroup")).allowed());
  }

  @Test
  void aMissingGroupAdmitsNobody() throws Exception {
    ControlAccess a = access(Optional.of("cairn-no-such-group"));
    assertFalse(a.decide(peer("daemon", "nogroup")).allowed());
    assertTrue(a.decide(peer("0", "nogroup")).allowed());
  }

  @Test
  void refusalsSayWhatIsNeededAndTheLogSaysWho() throws Exception {
    assertEquals(
        "root, the daemon's user (cairn) or membership of group adm",
        access(Optional.of("adm")).requirement());
    assertEquals(
        "root, the daemon's user (cairn) (no control.admin-group)",
        access(Optional.empty()).requirement());
    assertEquals(
        "user nobody (uid 65534), group nogroup",
        access(Optional.empty()).describe(peer("nobody", "nogroup")));
    assertEquals(
        "user 4242 (uid 4242), group 4242",
        access(Optional.empty()).describe(new ControlAccess.Peer(user("4242"), group("4242"))));
  }
}
