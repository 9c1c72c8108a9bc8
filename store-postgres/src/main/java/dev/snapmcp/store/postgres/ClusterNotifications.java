package dev.snapmcp.store.postgres;

import dev.snapmcp.core.Cluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's ear on the cluster's channel: a thread with a connection of its own that {@code LISTEN}s and tells the
 * node's {@link Cluster.Listener} what concerns it. When the connection is lost, notifications sent meanwhile are lost
 * with it: once listening again, it tells the node to {@link Cluster.Listener#resync() look at everything again}.
 */
final class ClusterNotifications implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterNotifications.class);
  private static final int WAIT_MS = 500;
  private static final long FIRST_RECONNECT_PAUSE_MS = 20;
  private static final long LONGEST_RECONNECT_PAUSE_MS = 1_000;

  private final Database db;
  private final String channel;
  private final String nodeId;
  private final Cluster.Listener listener;
  private final Thread thread;
  private volatile boolean closed;

  private ClusterNotifications(Database db, String channel, String nodeId, Cluster.Listener listener) {
    this.db = db;
    this.channel = channel;
    this.nodeId = nodeId;
    this.listener = listener;
    this.thread = new Thread(this::listen, "snap-mcp-cluster-listener");
    thread.setDaemon(true);
  }

  static ClusterNotifications start(Database db, String channel, String nodeId, Cluster.Listener listener) {
    ClusterNotifications n = new ClusterNotifications(db, channel, nodeId, listener);
    n.thread.start();
    return n;
  }

  private void listen() {
    long pause = FIRST_RECONNECT_PAUSE_MS;
    while (!closed) {
      try (Connection c = db.dedicatedConnection()) {
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + channel); // a checked plain identifier
        }
        pause = FIRST_RECONNECT_PAUSE_MS;
        tell(listener::resync);
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] got = pg.getNotifications(WAIT_MS);
          if (got != null) {
            for (PGNotification n : got) {
              dispatch(n.getParameter());
            }
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          break;
        }
        LOG.debug("listening on {} stopped ({}); listening again in {} ms", channel, e.getMessage(), pause);
        try {
          Thread.sleep(pause); // a pause before reconnecting, not a wait for data
        } catch (InterruptedException interrupted) {
          break;
        }
        pause = Math.min(pause * 2, LONGEST_RECONNECT_PAUSE_MS);
      }
    }
  }

  private void dispatch(String payload) {
    String[] parts = payload == null ? new String[0] : payload.split(" ");
    if (parts.length == 2 && parts[0].equals("c")) {
      if (parts[1].equals(nodeId)) {
        tell(listener::commandsWaiting);
      }
    } else if (parts.length == 3 && parts[0].equals("o")) {
      tell(() -> listener.outcomeReady(parts[1], parts[2]));
    } else if (parts.length == 3 && parts[0].equals("t")) {
      tell(() -> listener.tabMoved(parts[1], parts[2]));
    } else {
      LOG.debug("ignoring notification '{}' on {}", payload, channel);
    }
  }

  private static void tell(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("a cluster listener failed: {}", e.toString(), e);
    }
  }

  @Override
  public void close() {
    closed = true; // the thread sees it within WAIT_MS and closes its connection
  }
}
