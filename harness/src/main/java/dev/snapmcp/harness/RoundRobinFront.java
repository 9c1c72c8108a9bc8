package dev.snapmcp.harness;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The classroom's load-balancing front: a plain TCP proxy on a loopback port that hands each new connection to the
 * next node in turn (round robin), skipping a node that refuses the connection (a killed node), and then copies bytes
 * both ways until either side closes. It knows nothing of WebSockets or HTTP, as HAProxy in {@code mode tcp} would
 * not. Netty is already a dependency, so it needs no extra package and runs wherever the tests run.
 */
final class RoundRobinFront implements AutoCloseable {

  private final List<Integer> backends;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicLongArray accepted;
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final Channel server;

  /** Starts listening on a free loopback port in front of the nodes listening on {@code backendPorts}. */
  RoundRobinFront(List<Integer> backendPorts) {
    this.backends = List.copyOf(backendPorts);
    this.accepted = new AtomicLongArray(backends.size());
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel inbound) {
            inbound.pipeline().addLast(new Inbound());
          }
        })
        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).syncUninterruptibly().channel();
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** How many connections each node was handed, in the order of the ports given. */
  long[] accepted() {
    long[] out = new long[backends.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = accepted.get(i);
    }
    return out;
  }

  /** One client connection: connect to a node (the next in turn, or the one after when it refuses), then relay. */
  private final class Inbound extends ChannelInboundHandlerAdapter {
    private Channel outbound;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      connect(ctx.channel(), next.getAndIncrement(), backends.size());
    }

    private void connect(Channel inbound, int turn, int triesLeft) {
      int index = Math.floorMod(turn, backends.size());
      new Bootstrap().group(inbound.eventLoop()).channel(NioSocketChannel.class)
          .option(ChannelOption.TCP_NODELAY, true)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2_000)
          .handler(new Relay(inbound))
          .connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), backends.get(index)))
          .addListener((ChannelFutureListener) f -> {
            if (f.isSuccess() && !inbound.isActive()) {
              f.channel().close(); // the client left while we connected
            } else if (f.isSuccess()) {
              accepted.incrementAndGet(index);
              outbound = f.channel();
              inbound.config().setAutoRead(true);
              inbound.read();
            } else if (triesLeft > 1 && inbound.isActive()) {
              connect(inbound, turn + 1, triesLeft - 1);
            } else {
              inbound.close();
            }
          });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      outbound.writeAndFlush(msg).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      closeOnFlush(outbound);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /** The node's side of one connection: everything it sends goes back to the client. */
  private static final class Relay extends ChannelInboundHandlerAdapter {
    private final Channel inbound;

    Relay(Channel inbound) {
      this.inbound = inbound;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      inbound.writeAndFlush(msg).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      closeOnFlush(inbound);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private static void closeOnFlush(Channel channel) {
    if (channel != null && channel.isActive()) {
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
