package dev.snapmcp.mcp.tools;

import dev.snapmcp.core.StoreException;
import dev.snapmcp.core.TeachMode;
import dev.snapmcp.core.TeachSettings;
import dev.snapmcp.core.TeachWatch;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The teacher's mode as this process enforces it (issue 15). Every call is checked against the mode of the session it
 * acts on (read fresh from {@code teach.json}: a change made by {@code snap-mcp teach} holds for the next call), and
 * {@code tools/list} shows what the listed mode allows: the mode of the one connected session, or the machine-wide
 * mode. A damaged {@code teach.json} is enforced as {@code observe} (closed, not open) until it is fixed.
 * Listeners hear when the listed tools change (from a folder watch, not a polling loop).
 */
public final class Teaching implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Teaching.class);

  private final TeachWatch watch;
  private final SnapTabs tabs;
  private final List<Runnable> listChanged = new CopyOnWriteArrayList<>();
  private volatile TeachMode lastListed;

  /** @param tabs finds the one connected session when per-session modes exist (null: never asks) */
  public Teaching(Path stateDir, SnapTabs tabs) {
    this.watch = new TeachWatch(stateDir);
    this.tabs = tabs;
  }

  /** Starts watching {@code teach.json}; listeners are told when the listed mode changes. */
  public void start() {
    lastListed = listedMode();
    watch.onChange(this::changed);
    watch.start();
  }

  /** Runs {@code listener} whenever {@code tools/list} would now answer differently. */
  public void onListChanged(Runnable listener) {
    listChanged.add(listener);
  }

  /** The settings, or a locked-down stand-in when the file is damaged. */
  TeachSettings settings() {
    try {
      return watch.current();
    } catch (StoreException e) {
      LOG.warn("{}; enforcing observe mode until it is fixed", e.getMessage());
      return TeachSettings.DEFAULT.withMode(null, TeachMode.OBSERVE);
    }
  }

  /** The mode a call naming {@code session} (or none) acts under. */
  TeachMode modeFor(String session) {
    TeachSettings settings = settings();
    if (session == null && !settings.sessions().isEmpty()) {
      session = onlyConnected();
    }
    return settings.modeOf(session);
  }

  /** The mode {@code tools/list} shows. */
  public TeachMode listedMode() {
    return modeFor(null);
  }

  /** Whether {@code tools/list} shows the tool of this name now. */
  public Predicate<String> listed() {
    TeachMode mode = listedMode();
    return name -> ModePolicy.allows(mode, name);
  }

  /** Refuses a call the mode does not allow, with what the assistant may do instead. */
  void check(String tool, ToolCall call) {
    TeachMode mode = modeFor(call.session());
    if (!ModePolicy.allows(mode, tool)) {
      throw new ToolError(ToolErrorCode.NOT_ALLOWED_IN_MODE, ModePolicy.refusal(mode, tool), null);
    }
  }

  private String onlyConnected() {
    if (tabs == null) {
      return null;
    }
    try {
      return tabs.target(null, Caller.internal("teach")).session();
    } catch (ToolError e) {
      return null; // none or several connected: the machine-wide mode
    }
  }

  private void changed() {
    TeachMode now = listedMode();
    if (now != lastListed) {
      LOG.info("teacher's mode is now {} (was {}): telling clients the tool list changed", now.wire(),
          lastListed == null ? "?" : lastListed.wire());
      lastListed = now;
      listChanged.forEach(Runnable::run);
    }
  }

  @Override
  public void close() {
    watch.close();
  }
}
