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

/**
 * UPDATE encode throughput in prefixes per second on one thread: the same messages as {@link
 * UpdateDecodeBenchmark}, decoded once in setup, encoded into a reused direct buffer.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar UpdateEncode}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class UpdateEncodeBenchmark {
  private static final int MESSAGES = 256;

  private BgpMessage[] packed;
  private BgpMessage[] mixed;
  private ByteBuf out;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws BgpDecodeException {
    packed = new BgpMessage[MESSAGES];
    mixed = new BgpMessage[MESSAGES];
    int[] n = new int[1];
    for (int i = 0; i < MESSAGES; i++) {
      packed[i] =
          decode(
              UpdateFixtures.packed24(i * UpdateDecodeBenchmark.PACKED_PREFIXES, 64500 + i % 8, n));
      mixed[i] = decode(UpdateFixtures.mixed(i, n));
    }
    out = Unpooled.directBuffer(8192);
  }

  private static BgpMessage decode(byte[] b) throws BgpDecodeException {
    ByteBuf buf = Unpooled.wrappedBuffer(b);
    try {
      return BgpCodec.decode(buf, CodecContext.FOUR_OCTET_AS);
    } finally {
      buf.release();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    out.release();
  }

  /** One message packed with /24s. */
  @Benchmark
  @OperationsPerInvocation(UpdateDecodeBenchmark.PACKED_PREFIXES)
  public int packed24() {
    out.clear();
    BgpCodec.encode(packed[next++ & (MESSAGES - 1)], CodecContext.FOUR_OCTET_AS, out);
    return out.writerIndex();
  }

  /** One realistic mixed message: 8 prefixes, 7 attributes. */
  @Benchmark
  @OperationsPerInvocation(UpdateDecodeBenchmark.MIXED_PREFIXES)
  public int mixed() {
    out.clear();
    BgpCodec.encode(mixed[next++ & (MESSAGES - 1)], CodecContext.FOUR_OCTET_AS, out);
    return out.writerIndex();
  }
}
