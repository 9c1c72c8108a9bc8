package dev.snapmcp.core;

import java.util.Arrays;

/**
 * The documents last read or written, keyed by their exact bytes: the same bytes need no second parse. Content
 * addressed, so it can never serve a stale document: every read still reads the file, and only a byte-for-byte equal
 * content is answered from here (file metadata such as inode, size and a coarse mtime can repeat across different
 * contents, so they are not trusted).
 *
 * <p>It keeps the last few parses, newest first. More than one, because a reader that read the file just before (or
 * while) a commit of this process replaced it holds the previous content: with a single entry its parse would evict
 * the newer one, and every later reader would parse again. Documents found here are shared: callers must not change
 * them ({@link StoreDocument#copy()} first).
 */
final class ParseCache {

  private static final int SIZE = 4;

  /** A document and the exact file content it came from (or was written as). Never changed once made. */
  private record Parsed(byte[] bytes, StoreDocument doc) {}

  private volatile Parsed[] entries = new Parsed[0];

  /** The document parsed from exactly these bytes, or null when they are not among the last few. */
  StoreDocument find(byte[] bytes) {
    for (Parsed p : entries) {
      if (p.bytes().length == bytes.length && Arrays.equals(p.bytes(), bytes)) {
        return p.doc();
      }
    }
    return null;
  }

  /** Parses, or reuses the document of exactly the same bytes. */
  StoreDocument parse(byte[] bytes) throws DocumentCodec.BadDocument {
    StoreDocument known = find(bytes);
    if (known != null) {
      return known;
    }
    StoreDocument doc = DocumentCodec.parse(bytes);
    add(bytes, doc);
    return doc;
  }

  /** Remembers what a parse of {@code bytes} gives (a commit knows it before anyone reads the file). */
  synchronized void add(byte[] bytes, StoreDocument doc) {
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
