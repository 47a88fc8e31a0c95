package dev.cairn.bgp.transport;

import dev.cairn.bgp.fsm.Connection;
import dev.cairn.bgp.fsm.Transport;
import dev.cairn.bgp.wire.CodecContext;
import dev.cairn.bgp.wire.Open;
import dev.cairn.event.EventLoop;
import dev.cairn.net.IpAddress;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
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
 * TCP-MD5 signatures per neighbor (RFC 2385) on connecting sockets and on the listening socket. All
 * connection events are posted to the owner's {@link EventLoop}.
 */
public final class NettyTransport implements Transport, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(NettyTransport.class.getName());

  private final EventLoop owner;
  private final int port;
  private final EventLoopGroup group;
  private final boolean epoll;
  private final Map<InetAddress, byte[]> md5 = new ConcurrentHashMap<>();
  private volatile BiFunction<Open, Open, CodecContext> negotiate = NettyTransport::fourOctet;
  private Channel server;

  /**
   * @param port the TCP port of neighbors (and of the listener): 179 in production
   */
  public NettyTransport(EventLoop owner, int port) {
    this.owner = owner;
    this.port = port;
    this.epoll = Epoll.isAvailable();
    this.group = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
    if (!epoll) {
      LOG.log(
          System.Logger.Level.WARNING,
          "epoll unavailable ({0}): NIO without TCP-MD5",
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

  /** Listens on {@code address} (e.g. {@code ::} for all); inbound connections go to acceptor. */
  public void listen(IpAddress address, Consumer<Connection> acceptor) throws InterruptedException {
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    NettyConnection c = new NettyConnection(ch, owner, false, negotiate);
                    ch.pipeline().addLast(new BgpFrameDecoder(), c);
                    owner.execute(() -> acceptor.accept(c));
                  }
                });
    if (epoll && !md5.isEmpty()) {
      b.option(EpollChannelOption.TCP_MD5SIG, Map.copyOf(md5));
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
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
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
            NettyConnection c = new NettyConnection(done.channel(), owner, true, negotiate);
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

  @Override
  public void close() {
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
