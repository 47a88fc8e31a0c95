package dev.cairn.bench.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A device under test: writes its configuration for a {@link Spec} (eBGP from every feeder with
 * import all / export nothing, eBGP to the receiver with export all, sessions passive, FIB only
 * when the spec asks for it) and starts its processes in the DUT namespace.
 */
interface Dut {
  String name();

  String version();

  /** Whether this daemon can program the kernel in this harness. */
  boolean fib();

  List<Process> start(Netns lab, String ns, Path dir, Spec spec) throws IOException;
}
