package dev.snapmcp.core;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a teacher set, as {@code teach.json} holds it: the machine-wide mode, modes for single sessions (which override
 * it), the lock's passphrase (null: not locked) and how many days the teacher's log keeps its records.
 *
 * @param mode the mode of every session without its own
 * @param sessions session id to that session's own mode
 * @param lock the passphrase that changing a mode needs, or null
 * @param logRetentionDays how long the log keeps a record (1 to 3650)
 */
public record TeachSettings(TeachMode mode, Map<String, TeachMode> sessions, Passphrase lock, int logRetentionDays) {

  public static final int DEFAULT_RETENTION_DAYS = 30;
  public static final TeachSettings DEFAULT = new TeachSettings(TeachMode.BUILD, Map.of(), null, DEFAULT_RETENTION_DAYS);

  public TeachSettings {
    Objects.requireNonNull(mode, "mode");
    sessions = Map.copyOf(sessions);
    if (logRetentionDays < 1 || logRetentionDays > 3650) {
      throw new IllegalArgumentException("the log's retention must be 1 to 3650 days, not " + logRetentionDays);
    }
  }

  /** The mode in force for {@code session} (null: the machine-wide one). */
  public TeachMode modeOf(String session) {
    TeachMode own = session == null ? null : sessions.get(session);
    return own == null ? mode : own;
  }

  public boolean locked() {
    return lock != null;
  }

  /** These settings with {@code session}'s mode set ({@code session} null: the machine-wide mode). */
  public TeachSettings withMode(String session, TeachMode newMode) {
    if (session == null) {
      return new TeachSettings(newMode, sessions, lock, logRetentionDays);
    }
    Map<String, TeachMode> changed = new TreeMap<>(sessions);
    changed.put(session, newMode);
    return new TeachSettings(mode, changed, lock, logRetentionDays);
  }

  /** Without {@code session}'s own mode: it follows the machine-wide one again. */
  public TeachSettings withoutSession(String session) {
    Map<String, TeachMode> changed = new TreeMap<>(sessions);
    changed.remove(session);
    return new TeachSettings(mode, changed, lock, logRetentionDays);
  }

  public TeachSettings withLock(Passphrase newLock) {
    return new TeachSettings(mode, sessions, newLock, logRetentionDays);
  }

  public TeachSettings withRetention(int days) {
    return new TeachSettings(mode, sessions, lock, days);
  }
}
