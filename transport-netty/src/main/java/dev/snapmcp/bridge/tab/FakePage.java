package dev.snapmcp.bridge.tab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * The page behind a {@link FakeBrowser}'s sockets, which outlives them as a real Snap! tab outlives its extension's
 * WebSockets: what its relay remembers of the commands it ran ({@code docs/protocol.md}, "The tab's relay"). A command
 * whose id the page already answered is answered again from memory without running (the last {@link #REMEMBERED}
 * ids); one still running is answered once, when it finishes, on whichever socket is the page's then. Share one page
 * between the fake browsers that stand for one tab reconnecting ({@link FakeBrowserBuilder#page}).
 */
public final class FakePage {

  /** How many answered ids the page remembers, as the extension's relay does. */
  public static final int REMEMBERED = 32;

  private final Map<String, ObjectNode> answered = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, ObjectNode> eldest) {
      return size() > REMEMBERED;
    }
  };
  private final List<String> running = new ArrayList<>();
  private final List<String> ran = new ArrayList<>();
  private Consumer<ObjectNode> socket;

  /** The ids of the commands the page ran (each once, whatever was re-sent), oldest first. */
  public synchronized List<String> ran() {
    return List.copyOf(ran);
  }

  /** What to do with a command frame: run it (true), or nothing as it is answered from memory or still running. */
  synchronized boolean shouldRun(String id, Consumer<ObjectNode> replyTo) {
    socket = replyTo;
    ObjectNode known = answered.get(id);
    if (known != null) {
      replyTo.accept(known);
      return false;
    }
    if (running.contains(id)) {
      return false;
    }
    running.add(id);
    ran.add(id);
    return true;
  }

  /** The socket answers go to from now on (the newest connection). */
  synchronized void connected(Consumer<ObjectNode> replyTo) {
    socket = replyTo;
  }

  /** A command finished: remembered, and answered on the page's current socket. */
  void finished(String id, ObjectNode result) {
    Consumer<ObjectNode> to;
    synchronized (this) {
      running.remove(id);
      answered.put(id, result);
      to = socket;
    }
    if (to != null) {
      to.accept(result);
    }
  }

  /** A command that will never be answered (a {@link FakeBrowser.Reply#none()}): it stays running. */
  synchronized void abandoned(String id) {
    // Kept in `running`: a re-send of it is not run again, as the real relay would not run it twice.
  }
}
