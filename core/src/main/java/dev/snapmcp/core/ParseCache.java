package dev.snapmcp.core;

import java.util.Arrays;
import java.util.Map;

/**
 * What the last reads and writes made of {@code sessions.json}, so that the next read does as little as the bytes
 * allow. Content addressed, so it can never serve a stale document: every read still reads the file, and only what
 * is byte for byte equal is reused (file metadata such as inode, size and a coarse mtime can repeat across different
 * contents, so they are not trusted).
 *
 * <ul>
 *   <li>Whole documents, the last few, newest first: the same bytes need no second parse. More than one, because a
 *       reader that read the file just before (or while) a commit of this process replaced it holds the previous
 *       content: with a single entry its parse would evict the newer one, and every later reader would parse again.
 *   <li>The sessions of the newest document read or written, each with its JSON: a document another process wrote
 *       is parsed by {@link SlicedParser}, which reuses every session (and history event) whose bytes did not change,
 *       and a commit's {@link DocumentWriter} copies the JSON of the sessions it did not change.
 * </ul>
 *
 * <p>Documents and sessions found here are shared: callers must not change them ({@link StoreDocument#copy()} first).
 * Thread-safe: readers and the committing thread use it at once.
 */
final class ParseCache {

  private static final int SIZE = 4;

  /** A document and the exact file content it came from (or was written as). Never changed once made. */
  private record Parsed(byte[] bytes, StoreDocument doc) {}

  /** The sessions of one revision of the document, by id, with their JSON. Never changed once made. */
  private record Sessions(long revision, Map<String, DocumentWriter.SessionJson> byId) {}

  private volatile Parsed[] entries = new Parsed[0];
  private volatile Sessions sessions = new Sessions(-1, Map.of());

  /** The document parsed from exactly these bytes, or null when they are not among the last few. */
  StoreDocument find(byte[] bytes) {
    for (Parsed p : entries) {
      if (p.bytes().length == bytes.length && Arrays.equals(p.bytes(), bytes)) {
        return p.doc();
      }
    }
    return null;
  }

  /** Parses, reusing the document of exactly the same bytes, or else every session that did not change. */
  StoreDocument parse(byte[] bytes) throws DocumentCodec.BadDocument {
    StoreDocument known = find(bytes);
    if (known != null) {
      return known;
    }
    SlicedParser.Result parsed = SlicedParser.parse(bytes, sessions.byId());
    add(bytes, parsed.doc());
    offer(parsed.doc().revision, parsed.sessions(), false);
    return parsed.doc();
  }

  /** The JSON of the sessions of the newest document read or written, by id: what a write may copy. */
  Map<String, DocumentWriter.SessionJson> sessionJson() {
    return sessions.byId();
  }

  /**
   * Remembers a commit's document before it replaces the file (a commit knows what a parse of its bytes gives before
   * anyone reads them), with the JSON it wrote for each session.
   */
  void written(byte[] bytes, StoreDocument doc, Map<String, DocumentWriter.SessionJson> json) {
    add(bytes, doc);
    offer(doc.revision, json, true);
  }

  /**
   * Keeps the sessions of a newer revision (a reader may finish parsing an older one after a commit), or of any
   * revision a commit wrote: the writer holds the lock, so what it wrote is the newest (even when a damaged file
   * moved aside made the revisions start again).
   */
  private synchronized void offer(long revision, Map<String, DocumentWriter.SessionJson> json, boolean written) {
    if (!json.isEmpty() && (written || revision >= sessions.revision())) {
      sessions = new Sessions(revision, Map.copyOf(json));
    }
  }

  private synchronized void add(byte[] bytes, StoreDocument doc) {
    Parsed p = new Parsed(bytes, doc);
    Parsed[] old = entries;
    Parsed[] next = new Parsed[Math.min(SIZE, old.length + 1)];
    next[0] = p;
    int n = 1;
    for (int i = 0; i < old.length && n < next.length; i++) {
      if (!Arrays.equals(old[i].bytes(), p.bytes())) {
        next[n++] = old[i];
      }
    }
    entries = n == next.length ? next : Arrays.copyOf(next, n);
  }
}
