package dev.snapmcp.mcp.http;

import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStores;
import dev.snapmcp.core.SharedKeys;
import dev.snapmcp.core.SharedKeys.StoredKey;
import dev.snapmcp.core.StateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The keys {@code serve --http} accepts as bearer tokens, kept in the state folder's {@value StateFiles#HTTP_KEYS}, or,
 * with {@code --store postgresql://…}, in the store every node shares ({@link SharedKeys}): only each key's SHA-256
 * hash, with an id and a name. A key is shown once, when it is made; it is compared in
 * constant time and never logged.
 *
 * <pre>{@code
 * HttpKeys keys = new HttpKeys(stateDir, Clock.systemUTC());
 * HttpKeys.NewKey made = keys.create("laptop");   // made.key(): give it to the client, it is not kept
 * boolean ok = keys.accepts(presentedKey);        // reads the file each time: a revoked key is refused at once
 * keys.revoke(made.info().id());
 * }</pre>
 */
public final class HttpKeys implements AutoCloseable {

  /** What every key starts with: says what it is to a person or a secret scanner that finds one. */
  static final String KEY_PREFIX = "snapmcp_";
  private static final Pattern KEY = Pattern.compile(Pattern.quote(KEY_PREFIX) + "[A-Za-z0-9_-]{43}");
  private static final Pattern ID = Pattern.compile("key_[A-Za-z0-9_-]{8}");
  /** A name is for people: short, one line. */
  static final int NAME_MAX = 64;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final SharedKeys backing;
  private final Clock clock;
  private final AutoCloseable owned;

  /** The keys in {@code stateDir}'s file. */
  public HttpKeys(Path stateDir, Clock clock) {
    this(new FileKeys(StateFiles.httpKeys(Objects.requireNonNull(stateDir, "stateDir"))), clock, null);
  }

  /** The keys {@code shared} keeps (a store's, shared by every node of a cluster). */
  public HttpKeys(SharedKeys shared, Clock clock) {
    this(shared, clock, null);
  }

  private HttpKeys(SharedKeys backing, Clock clock, AutoCloseable owned) {
    this.backing = Objects.requireNonNull(backing, "backing");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.owned = owned;
  }

  /**
   * The keys where {@code storeUrl} keeps them (the store is opened here and closed with the result), or in {@code
   * stateDir}'s file when it is null or the store shares none.
   */
  public static HttpKeys open(Path stateDir, String storeUrl, Clock clock) {
    if (storeUrl == null || storeUrl.isBlank()) {
      return new HttpKeys(stateDir, clock);
    }
    SessionStore store = SessionStores.open(storeUrl, stateDir, clock);
    Optional<SharedKeys> shared = store.httpKeys();
    if (shared.isEmpty()) {
      store.close();
      return new HttpKeys(stateDir, clock);
    }
    return new HttpKeys(shared.get(), clock, store);
  }

  /** Where the keys are, for people. */
  public String location() {
    return backing.location();
  }

  /** One stored key as {@code key list} shows it: never the key, only who it is for and when it was made. */
  public record KeyInfo(String id, String name, Instant createdAt) {}

  /** A key just made: {@link #key} is in no file and is shown this once. */
  public record NewKey(KeyInfo info, String key) {}

  /** Makes a key (256 bits from SecureRandom) named {@code name} (may be null) and stores its hash. */
  public NewKey create(String name) throws IOException {
    String cleanName = name == null || name.isBlank() ? "" : name.strip();
    if (cleanName.length() > NAME_MAX || cleanName.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("a key's name is at most " + NAME_MAX + " characters on one line");
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String key = KEY_PREFIX + BASE64URL.encodeToString(secret);
    byte[] idBytes = new byte[6];
    RANDOM.nextBytes(idBytes);
    StoredKey stored = new StoredKey("key_" + BASE64URL.encodeToString(idBytes), cleanName, hash(key),
        clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    try {
      backing.add(stored);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return new NewKey(info(stored), key);
  }

  /** The stored keys, oldest first. */
  public List<KeyInfo> list() throws IOException {
    return keys().stream().map(HttpKeys::info).toList();
  }

  /** Removes the key with this id; false when there is none. */
  public boolean revoke(String id) throws IOException {
    try {
      return backing.remove(id);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Whether any key is stored (a server bound beyond loopback refuses to start without one). */
  public boolean any() throws IOException {
    return !keys().isEmpty();
  }

  /**
   * Whether {@code presented} is a stored key. Reads the file each time (a few hundred bytes), so a key revoked a
   * moment ago is refused; every stored hash is compared, in constant time, whatever matches.
   */
  public boolean accepts(String presented) throws IOException {
    if (presented == null || !KEY.matcher(presented).matches()) {
      return false;
    }
    byte[] wanted = hash(presented).getBytes(StandardCharsets.US_ASCII);
    boolean match = false;
    for (StoredKey stored : keys()) {
      match |= MessageDigest.isEqual(wanted, stored.hash().getBytes(StandardCharsets.US_ASCII));
    }
    return match;
  }

  /** Whether {@code id} looks like a key's id (so a mistyped one gets a clear error). */
  static boolean isId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  private List<StoredKey> keys() throws IOException {
    try {
      return backing.keys();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static KeyInfo info(StoredKey stored) {
    return new KeyInfo(stored.id(), stored.name(), stored.createdAt());
  }

  /** Closes the store the keys came from, if this opened one. */
  @Override
  public void close() {
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the key store: " + e.getMessage(), e);
      }
    }
  }

  static String hash(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
