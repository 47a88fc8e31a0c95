package dev.cairn.bench;

import dev.cairn.bgp.wire.AttributeInterner;
import dev.cairn.bgp.wire.BgpCodec;
import dev.cairn.bgp.wire.BgpDecodeException;
import dev.cairn.bgp.wire.CodecContext;
import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.bgp.wire.Update;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where to intern an UPDATE's attributes, per UPDATE (nanoseconds, mixed UPDATEs of 8 prefixes and
 * 256 distinct attribute sets, all seen before: the steady state of a session). The I/O threads'
 * side (decode, with or without interning) and the speaker loop's side (interning what arrives):
 *
 * <ul>
 *   <li>{@code ioDecodeOnly} + {@code loopInternDecoded}: the I/O thread only decodes, the loop
 *       interns each decoded set (a probe and a full {@code equals}) — the choice made;
 *   <li>{@code ioDecodeLocalIntern} + {@code loopInternCanonical}: each I/O thread interns into a
 *       table of its own, the loop canonicalises again (a probe and an identity hit);
 *   <li>{@code ioDecodeSharedIntern}: one table shared by the I/O threads under a lock, as before
 *       (uncontended here: one thread).
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar InternBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InternBenchmark {
  private static final int MESSAGES = 256;

  private ByteBuf[] mixed;
  private PathAttributes[] decoded; // fresh decodes: equal to the canonical sets, not the same
  private PathAttributes[] canonical;
  private final AttributeInterner local = new AttributeInterner();
  private final AttributeInterner loop = new AttributeInterner();
  private final AttributeInterner shared = new AttributeInterner();
  private final Object lock = new Object();
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws BgpDecodeException {
    mixed = new ByteBuf[MESSAGES];
    decoded = new PathAttributes[MESSAGES];
    canonical = new PathAttributes[MESSAGES];
    int[] n = new int[1];
    for (int i = 0; i < MESSAGES; i++) {
      byte[] b = UpdateFixtures.mixed(i, n);
      mixed[i] = Unpooled.directBuffer(b.length).writeBytes(b);
      canonical[i] = loop.intern(decode(mixed[i]));
      local.intern(canonical[i]);
      shared.intern(canonical[i]);
      decoded[i] = decode(mixed[i]);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    for (ByteBuf b : mixed) {
      b.release();
    }
  }

  private static PathAttributes decode(ByteBuf b) throws BgpDecodeException {
    PathAttributes a =
        ((Update) BgpCodec.decode(b.duplicate(), CodecContext.FOUR_OCTET_AS)).attributes();
    return a;
  }

  @Benchmark
  public PathAttributes ioDecodeOnly() throws BgpDecodeException {
    return decode(mixed[next++ & (MESSAGES - 1)]);
  }

  @Benchmark
  public PathAttributes ioDecodeLocalIntern() throws BgpDecodeException {
    return local.intern(decode(mixed[next++ & (MESSAGES - 1)]));
  }

  @Benchmark
  public PathAttributes ioDecodeSharedIntern() throws BgpDecodeException {
    PathAttributes a = decode(mixed[next++ & (MESSAGES - 1)]);
    synchronized (lock) {
      return shared.intern(a);
    }
  }

  @Benchmark
  public PathAttributes loopInternDecoded() {
    return loop.intern(decoded[next++ & (MESSAGES - 1)]);
  }

  @Benchmark
  public PathAttributes loopInternCanonical() {
    return loop.intern(canonical[next++ & (MESSAGES - 1)]);
  }
}
