package dev.snapmcp.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The keys {@code serve --http} accepts, kept where several machines share them ({@link SessionStore#httpKeys()}):
 * only each key's SHA-256 hash ({@code sha256:<hex>}, as {@code http-keys.json} keeps it), with an id and a name. The
 * file in the state folder is the default; the PostgreSQL store keeps them in a table. Comparing a presented key with
 * the hashes (in constant time) is the caller's, never the store's.
 */
public interface SharedKeys {

  /** One stored key: never the key itself. */
  record StoredKey(String id, String name, String hash, Instant createdAt) {
    public StoredKey {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(hash, "hash");
      Objects.requireNonNull(createdAt, "createdAt");
      name = name == null ? "" : name;
    }
  }

  /** Every stored key, oldest first. */
  List<StoredKey> keys();

  /** Stores {@code key}. */
  void add(StoredKey key);

  /** Removes the key with this id; false when there is none. */
  boolean remove(String id);

  /** Where the keys are, for people (no password). */
  String location();
}
