// Netty epoll listener and connector for BGP (RFC 4271 §8; TCP-MD5 RFC 2385; GTSM RFC 5082).
package dev.cairn.bgp.transport;

import dev.cairn.bgp.fsm.Connection;
import dev.cairn.bgp.fsm.Transport;
import dev.cairn.bgp.wire.CodecContext;
import dev.cairn.bgp.wire.Open;
import dev.cairn.event.EventLoop;
import dev.cairn.net.IpAddress;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * BGP over TCP with Netty: epoll where the kernel offers it (NIO otherwise, without TCP-MD5),
 * TCP-MD5 signatures per neighbor (RFC 2385) on connecting sockets and on the listening socket, and
 * each neighbor's {@link TtlPolicy} (the only place cairn sets a BGP socket's TTL). All connection
 * events are posted to the owner's {@link EventLoop}.
 */
public final class NettyTransport implements Transport, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(NettyTransport.class.getName());

  private final EventLoop owner;

  /** What all sessions together may have waiting for the owner (see {@link InboundBudget}). */
  private final InboundBudget budget = new InboundBudget();

  private final int port;
  private final EventLoopGroup group;
  private final boolean epoll;
  private final Map<InetAddress, byte[]> md5 = new ConcurrentHashMap<>();
  private final Map<InetAddress, TtlPolicy> ttl = new ConcurrentHashMap<>();

  // setsockopt levels and names (Linux): the TTL / hop limit we send and the least we accept
  private static final IntegerUnixChannelOption IP_TTL =
      new IntegerUnixChannelOption("IP_TTL", 0, 2);
  private static final IntegerUnixChannelOption IP_MINTTL =
      new IntegerUnixChannelOption("IP_MINTTL", 0, 21);
  private static final IntegerUnixChannelOption IPV6_UNICAST_HOPS =
      new IntegerUnixChannelOption("IPV6_UNICAST_HOPS", 41, 16);
  private static final IntegerUnixChannelOption IPV6_MINHOPCOUNT =
      new IntegerUnixChannelOption("IPV6_MINHOPCOUNT", 41, 73);
  private volatile BiFunction<Open, Open, CodecContext> negotiate = NettyTransport::fourOctet;
  private Channel server;
  private final dev.cairn.event.Health.Reporter io;
  private volatile boolean closing;

  /**
   * @param port the TCP port of neighbors (and of the listener): 179 in production
   */
  public NettyTransport(EventLoop owner, int port) {
    this(owner, port, dev.cairn.event.Health.process());
  }

  /**
   * As {@link #NettyTransport(EventLoop, int)}, reporting to {@code health} as {@code bgp-io}: dead
   * when an I/O thread ends before {@link #close()}; a connection's handler failure is its last
   * error, and an {@link Error} there ends the process.
   */
  public NettyTransport(EventLoop owner, int port, dev.cairn.event.Health health) {
    this.owner = owner;
    this.port = port;
    this.epoll = Epoll.isAvailable();
    this.group = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
    this.io = health.register("bgp-io");
    for (io.netty.util.concurrent.EventExecutor e : group) {
      e.terminationFuture()
          .addListener(
              f -> {
                if (!closing) {
                  io.dead("I/O thread ended" + (f.cause() == null ? "" : ": " + f.cause()));
                }
              });
    }
    if (!epoll) {
      LOG.log(
          System.Logger.Level.WARNING,
          "epoll unavailable ({0}): NIO without TCP-MD5 and TTL settings",
          Epoll.unavailabilityCause());
    }
  }

  private static CodecContext fourOctet(Open local, Open remote) {
    boolean four =
        local.capability(dev.cairn.bgp.wire.Capability.FourOctetAs.class).isPresent()
            && remote.capability(dev.cairn.bgp.wire.Capability.FourOctetAs.class).isPresent();
    return four ? CodecContext.FOUR_OCTET_AS : CodecContext.DEFAULT;
  }

  /** How connections derive their codec context from the two OPENs. */
  public void setNegotiation(BiFunction<Open, Open, CodecContext> f) {
    negotiate = f;
  }

  /** Sets (or with {@code null} removes) the TCP-MD5 key for a neighbor. */
  public void setPassword(IpAddress neighbor, String password) {
    InetAddress a = inet(neighbor);
    if (password == null) {
      md5.remove(a);
    } else {
      md5.put(a, password.getBytes(StandardCharsets.US_ASCII));
    }
    Channel s = server;
    if (s != null && epoll) {
      s.config().setOption(EpollChannelOption.TCP_MD5SIG, Map.copyOf(md5));
    }
  }

  /**
   * Sets (or with {@code null} removes: {@link TtlPolicy#DEFAULT}) the TTL policy of a neighbor:
   * the TTL its sockets send with and the least they accept. Sockets opened later get it; the
   * listening socket answers SYNs with TTL 255 while any neighbor has GTSM.
   */
  public void setTtl(IpAddress neighbor, TtlPolicy policy) {
    if (policy == null) {
      ttl.remove(inet(neighbor));
    } else {
      ttl.put(inet(neighbor), policy);
    }
    Channel s = server;
    if (s != null && epoll) {
      listenerTtl(s.config(), ((InetSocketAddress) s.localAddress()).getAddress());
    }
  }

  /** The policy of the neighbor at {@code remote} (the default for addresses of no neighbor). */
  TtlPolicy ttl(InetAddress remote) {
    return ttl.getOrDefault(remote, TtlPolicy.DEFAULT);
  }

  /**
   * Puts the neighbor's TTL policy on a connection's socket, before anything is sent on it: the
   * connecting socket before its SYN, an accepted one as soon as its remote address tells whose it
   * is (an accepted socket starts with the listening socket's TTL).
   */
  private void applyTtl(Channel ch, InetAddress remote) {
    if (!epoll) {
      return;
    }
    TtlPolicy p = ttl(remote);
    boolean v6 = remote instanceof java.net.Inet6Address;
    ch.config().setOption(v6 ? IPV6_UNICAST_HOPS : IP_TTL, p.sendTtl());
    ch.config().setOption(v6 ? IPV6_MINHOPCOUNT : IP_MINTTL, p.minTtl());
  }

  /**
   * The listening socket's TTL: 255 while a neighbor has GTSM (its SYN-ACK must pass the check).
   */
  private int listenerTtl() {
    return ttl.values().stream().anyMatch(TtlPolicy::gtsm) ? 255 : TtlPolicy.SYSTEM_DEFAULT;
  }

  private void listenerTtl(io.netty.channel.ChannelConfig c, InetAddress bound) {
    int t = listenerTtl();
    c.setOption(IP_TTL, t);
    if (bound instanceof java.net.Inet6Address) {
      c.setOption(IPV6_UNICAST_HOPS, t);
    }
  }

  /**
   * The buffers of BGP sessions: one pooled arena of 1 MB chunks. Sessions read into and encode
   * UPDATEs out of buffers of at most 64 KB, on one I/O thread and the speaker's; Netty's default
   * (two arenas per core, 4 MB chunks each) held 9 MB of native memory through a full-table feed
   * for that.
   */
  static final ByteBufAllocator ALLOCATOR =
      new PooledByteBufAllocator(true, 0, 1, 8192, 7, 256, 64, true);

  /** Listens on {@code address} (e.g. {@code ::} for all); inbound connections go to acceptor. */
  public void listen(IpAddress address, Consumer<Connection> acceptor) throws InterruptedException {
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.ALLOCATOR, ALLOCATOR)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    applyTtl(ch, ch.remoteAddress().getAddress());
                    NettyConnection c = new NettyConnection(ch, owner, false, negotiate, budget);
                    c.onError(t -> handlerFailed(ch, t));
                    ch.pipeline().addLast(new BgpFrameDecoder(), c);
                    owner.execute(() -> acceptor.accept(c));
                  }
                });
    if (epoll && !md5.isEmpty()) {
      b.option(EpollChannelOption.TCP_MD5SIG, Map.copyOf(md5));
    }
    if (epoll) {
      // set before listen(2): a SYN-ACK leaves from the listening socket (see listenerTtl)
      b.option(IP_TTL, listenerTtl());
      if (address instanceof dev.cairn.net.Ipv6Address) {
        b.option(IPV6_UNICAST_HOPS, listenerTtl());
      }
    }
    server = b.bind(new InetSocketAddress(inet(address), port)).sync().channel();
  }

  /** The port the listener is bound to (useful with port 0 in tests). */
  public int boundPort() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  @Override
  public void connect(IpAddress remote, IpAddress local, ConnectCallback callback) {
    connect(remote, port, local, callback);
  }

  /** Connects to a specific port (tests with ephemeral listeners). */
  public void connect(IpAddress remote, int remotePort, IpAddress local, ConnectCallback callback) {
    InetAddress r = inet(remote);
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.ALLOCATOR, ALLOCATOR)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    applyTtl(ch, r);
                    ch.pipeline().addLast(new BgpFrameDecoder());
                  }
                });
    byte[] key = md5.get(r);
    if (epoll && key != null) {
      Map<InetAddress, byte[]> one = new HashMap<>();
      one.put(r, key);
      b.option(EpollChannelOption.TCP_MD5SIG, one);
    }
    ChannelFuture f =
        local == null
            ? b.connect(new InetSocketAddress(r, remotePort))
            : b.connect(
                new InetSocketAddress(r, remotePort), new InetSocketAddress(inet(local), 0));
    f.addListener(
        (ChannelFuture done) -> {
          if (done.isSuccess()) {
            NettyConnection c = new NettyConnection(done.channel(), owner, true, negotiate, budget);
            c.onError(t -> handlerFailed(done.channel(), t));
            done.channel().pipeline().addLast(c);
            owner.execute(() -> callback.connected(c));
          } else {
            String why = String.valueOf(done.cause().getMessage());
            owner.execute(() -> callback.failed(why));
          }
        });
  }

  private static InetAddress inet(IpAddress a) {
    try {
      return InetAddress.getByAddress(a.toBytes());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private void handlerFailed(Channel ch, Throwable t) {
    if (t instanceof Error e) {
      io.fatal(e);
    } else {
      io.error(ch.remoteAddress() + ": " + t);
    }
  }

  /** This transport's I/O threads in {@code show health}. */
  public dev.cairn.event.Health.Status health() {
    return io.status();
  }

  @Override
  public void close() {
    closing = true;
    io.close();
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
