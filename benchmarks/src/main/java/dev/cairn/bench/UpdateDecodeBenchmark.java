package dev.cairn.bench;

import dev.cairn.bgp.wire.BgpCodec;
import dev.cairn.bgp.wire.BgpDecodeException;
import dev.cairn.bgp.wire.BgpMessage;
import dev.cairn.bgp.wire.CodecContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * UPDATE decode throughput, reported in prefixes per second on one thread: each invocation decodes
 * one whole message and {@code @OperationsPerInvocation} is the number of prefixes it carries, so
 * JMH's ops/s is prefixes/s.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar UpdateDecode}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class UpdateDecodeBenchmark {
  private static final int MESSAGES = 256;

  private ByteBuf[] packed;
  private ByteBuf[] mixed;
  private int next;

  /** /24 prefixes that fit one 4096-octet UPDATE with ORIGIN, a 1-AS path and NEXT_HOP. */
  static final int PACKED_PREFIXES = 1013;

  /** Prefixes per mixed message. */
  static final int MIXED_PREFIXES = 8;

  @Setup(Level.Trial)
  public void setUp() {
    packed = new ByteBuf[MESSAGES];
    mixed = new ByteBuf[MESSAGES];
    int[] n = new int[1];
    for (int i = 0; i < MESSAGES; i++) {
      packed[i] = direct(UpdateFixtures.packed24(i * PACKED_PREFIXES, 64500 + i % 8, n));
      check(n[0], PACKED_PREFIXES);
      mixed[i] = direct(UpdateFixtures.mixed(i, n));
      check(n[0], MIXED_PREFIXES);
    }
  }

  private static void check(int actual, int expected) {
    if (actual != expected) {
      throw new IllegalStateException("fixture has " + actual + " prefixes, not " + expected);
    }
  }

  private static ByteBuf direct(byte[] b) {
    return Unpooled.directBuffer(b.length).writeBytes(b);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    for (int i = 0; i < MESSAGES; i++) {
      packed[i].release();
      mixed[i].release();
    }
  }

  /** One message packed with /24s. */
  @Benchmark
  @OperationsPerInvocation(PACKED_PREFIXES)
  public void packed24(Blackhole bh) throws BgpDecodeException {
    bh.consume(decode(packed[next++ & (MESSAGES - 1)]));
  }

  /** One realistic mixed message: 8 prefixes, 7 attributes. */
  @Benchmark
  @OperationsPerInvocation(MIXED_PREFIXES)
  public void mixed(Blackhole bh) throws BgpDecodeException {
    bh.consume(decode(mixed[next++ & (MESSAGES - 1)]));
  }

  private static BgpMessage decode(ByteBuf b) throws BgpDecodeException {
    return BgpCodec.decode(b, CodecContext.FOUR_OCTET_AS);
  }
}
