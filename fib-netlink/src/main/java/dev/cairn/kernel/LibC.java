package dev.cairn.kernel;

import java.nio.ByteBuffer;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The few libc calls cairn needs for netlink and namespaces, bound through jnr-ffi. Buffers are
 * direct {@link ByteBuffer}s used from position 0. Every call saves {@code errno}; read it with
 * {@link #errno()} on the same thread right after the call.
 */
public interface LibC {

  @SaveError
  int socket(int domain, int type, int protocol);

  @SaveError
  int bind(int fd, @In ByteBuffer addr, int addrlen);

  @SaveError
  int getsockname(int fd, @Out ByteBuffer addr, @In @Out int[] addrlen);

  @SaveError
  @ssize_t
  long send(int fd, @In ByteBuffer buf, @size_t long len, int flags);

  @SaveError
  @ssize_t
  long recv(int fd, @Out ByteBuffer buf, @size_t long len, int flags);

  @SaveError
  int setsockopt(int fd, int level, int optname, @In ByteBuffer optval, int optlen);

  @SaveError
  int getsockopt(int fd, int level, int optname, @Out ByteBuffer optval, @In @Out int[] optlen);

  @SaveError
  int close(int fd);

  @SaveError
  int open(String path, int flags);

  @SaveError
  int setns(int fd, int nstype);

  String strerror(int errnum);

  @SaveError
  @ssize_t
  long sendto(int fd, @In byte[] buf, @size_t long len, int flags, @In byte[] addr, int addrlen);

  @SaveError
  @ssize_t
  long recvmsg(int fd, jnr.ffi.Pointer msghdr, int flags);

  @SaveError
  int if_nametoindex(String name);

  /** The loaded library; loading happens once, on first use. */
  static LibC get() {
    return Holder.LIBC;
  }

  /** {@code errno} of the last call on this thread. */
  static int errno() {
    return jnr.ffi.Runtime.getRuntime(Holder.LIBC).getLastError();
  }

  /** Holds the lazily loaded binding. */
  final class Holder {
    static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");

    private Holder() {}
  }
}
