package dev.snapmcp.store.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on loopback between a store and a real PostgreSQL server that a test uses to cut the network at exact
 * moments: every connection at once, new connections while it is {@link #refuse refusing}, or one transaction's
 * {@code COMMIT} (the store's URL carries {@code prepareThreshold=0}, so pgjdbc sends the statement's text each time
 * and the proxy can see it): either before the server gets it, or after the server got it and before its answer
 * comes back, the one moment when the client cannot know whether it committed.
 */
final class CuttingProxy implements AutoCloseable {

  /** What to do to the next {@code COMMIT} a client sends. */
  enum CommitCut {
    /** Cut the connection without passing it on: the server sees the client go in mid-transaction and rolls back. */
    BEFORE_THE_SERVER,
    /** Pass it on, then cut the connection as the server's answer comes back: the server committed. */
    BEFORE_THE_ANSWER
  }

  private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket listening;
  private final InetSocketAddress server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean refusing;
  private final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
  private volatile CommitCut armed;
  private final CountDownLatch commitCut = new CountDownLatch(1);

  private CuttingProxy(InetSocketAddress server) throws IOException {
    this.server = server;
    this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "cutting-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  /** A proxy to the server {@code jdbcUrl} ({@code jdbc:postgresql://host:port/…}) names. */
  static CuttingProxy to(String jdbcUrl) {
    String hostPort = jdbcUrl.substring("jdbc:postgresql://".length()).split("/", 2)[0];
    int colon = hostPort.lastIndexOf(':');
    try {
      return new CuttingProxy(colon < 0 ? new InetSocketAddress(hostPort, 5432)
          : new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return listening.getLocalPort();
  }

  /** Cuts every connection through the proxy now. */
  void cutAll() {
    sockets.forEach(CuttingProxy::closeQuietly);
    sockets.clear();
  }

  /** While true, new connections are accepted and closed at once, as a server that is down would. */
  void refuse(boolean on) {
    refusing = on;
  }

  /** How many connections were refused so far. */
  int refused() {
    return refused.get();
  }

  /** Cuts the next {@code COMMIT} as {@code how} says (once). */
  void cutNextCommit(CommitCut how) {
    armed = how;
  }

  /** Whether a commit was cut within {@code timeout}. */
  boolean awaitCommitCut(long timeout, TimeUnit unit) throws InterruptedException {
    return commitCut.await(timeout, unit);
  }

  private void accept() {
    while (!listening.isClosed()) {
      try {
        Socket client = listening.accept();
        if (refusing) {
          client.close();
          refused.incrementAndGet();
          continue;
        }
        Socket upstream = new Socket(server.getAddress(), server.getPort());
        sockets.add(client);
        sockets.add(upstream);
        Link link = new Link(client, upstream);
        start(() -> link.pump(client, upstream, true), "cutting-proxy-up");
        start(() -> link.pump(upstream, client, false), "cutting-proxy-down");
      } catch (IOException e) {
        // closed, or one connection failed: the client sees a connection error
      }
    }
  }

  /** One client's two directions, and whether its commit's answer is to be cut. */
  private final class Link {
    private final Socket client;
    private final Socket upstream;
    private volatile boolean cutAtAnswer;

    Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void pump(Socket from, Socket to, boolean fromClient) {
      byte[] buffer = new byte[65536];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          if (fromClient && armed != null && contains(buffer, n, COMMIT)) {
            CommitCut how = armed;
            armed = null;
            if (how == CommitCut.BEFORE_THE_SERVER) {
              cut();
              commitCut.countDown();
              return;
            }
            cutAtAnswer = true; // before passing it on: the answer cannot come back first
          } else if (!fromClient && cutAtAnswer) {
            cut();
            commitCut.countDown();
            return;
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed: close the other
      }
      cut();
    }

    private void cut() {
      closeQuietly(client);
      closeQuietly(upstream);
    }
  }

  private static boolean contains(byte[] buffer, int length, byte[] what) {
    outer:
    for (int i = 0; i + what.length <= length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (buffer[i + j] != what[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static void start(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() {
    try {
      listening.close();
    } catch (IOException ignored) {
      // nothing to release
    }
    cutAll();
  }
}
