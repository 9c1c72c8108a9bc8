package dev.snapmcp.mcp.http;

import dev.snapmcp.core.Json;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;

/**
 * The keys {@code serve --http} accepts as bearer tokens, kept in the state folder's {@value StateFiles#HTTP_KEYS}:
 * only each key's SHA-256 hash, with an id and a name. A key is shown once, when it is made; it is compared in
 * constant time and never logged.
 *
 * <pre>{@code
 * HttpKeys keys = new HttpKeys(stateDir, Clock.systemUTC());
 * HttpKeys.NewKey made = keys.create("laptop");   // made.key(): give it to the client, it is not kept
 * boolean ok = keys.accepts(presentedKey);        // reads the file each time: a revoked key is refused at once
 * keys.revoke(made.info().id());
 * }</pre>
 */
public final class HttpKeys {

  /** What every key starts with: says what it is to a person or a secret scanner that finds one. */
  static final String KEY_PREFIX = "snapmcp_";
  private static final Pattern KEY = Pattern.compile(Pattern.quote(KEY_PREFIX) + "[A-Za-z0-9_-]{43}");
  private static final Pattern ID = Pattern.compile("key_[A-Za-z0-9_-]{8}");
  /** A name is for people: short, one line. */
  static final int NAME_MAX = 64;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final Path file;
  private final Clock clock;

  public HttpKeys(Path stateDir, Clock clock) {
    this.file = StateFiles.httpKeys(Objects.requireNonNull(stateDir, "stateDir"));
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** One stored key as {@code key list} shows it: never the key, only who it is for and when it was made. */
  public record KeyInfo(String id, String name, Instant createdAt) {}

  /** A key just made: {@link #key} is in no file and is shown this once. */
  public record NewKey(KeyInfo info, String key) {}

  /** The file's form: a key's hash beside what {@link KeyInfo} shows. */
  record StoredKey(String id, String name, String hash, Instant createdAt) {
    KeyInfo info() {
      return new KeyInfo(id, name, createdAt);
    }
  }

  record KeyFile(List<StoredKey> keys) {
    KeyFile {
      keys = keys == null ? List.of() : List.copyOf(keys);
    }
  }

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
    StateFiles.updatePrivate(file, text -> {
      List<StoredKey> keys = new ArrayList<>(parse(text).keys());
      keys.add(stored);
      return write(new KeyFile(keys));
    });
    return new NewKey(stored.info(), key);
  }

  /** The stored keys, oldest first. */
  public List<KeyInfo> list() throws IOException {
    return read().keys().stream().map(StoredKey::info).toList();
  }

  /** Removes the key with this id; false when there is none. */
  public boolean revoke(String id) throws IOException {
    boolean[] found = {false};
    StateFiles.updatePrivate(file, text -> {
      KeyFile keys = parse(text);
      List<StoredKey> kept = keys.keys().stream().filter(k -> !k.id().equals(id)).toList();
      found[0] = kept.size() < keys.keys().size();
      return found[0] ? write(new KeyFile(kept)) : text.orElseGet(() -> write(new KeyFile(List.of())));
    });
    return found[0];
  }

  /** Whether any key is stored (a server bound beyond loopback refuses to start without one). */
  public boolean any() throws IOException {
    return !read().keys().isEmpty();
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
    for (StoredKey stored : read().keys()) {
      match |= MessageDigest.isEqual(wanted, stored.hash().getBytes(StandardCharsets.US_ASCII));
    }
    return match;
  }

  /** Whether {@code id} looks like a key's id (so a mistyped one gets a clear error). */
  static boolean isId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  private KeyFile read() throws IOException {
    return parse(StateFiles.readPrivate(file));
  }

  private KeyFile parse(Optional<String> text) {
    if (text.isEmpty() || text.get().isBlank()) {
      return new KeyFile(List.of());
    }
    try {
      KeyFile parsed = Json.mapper().readValue(text.get(), KeyFile.class);
      for (StoredKey key : parsed.keys()) {
        if (key.id() == null || key.hash() == null || !key.hash().startsWith("sha256:")) {
          throw new IllegalStateException(file + " holds a key without an id or a sha256 hash");
        }
      }
      return parsed;
    } catch (JacksonException e) {
      throw new UncheckedIOException(new IOException(file + " is not a valid key file: " + e.getOriginalMessage()));
    }
  }

  private static String write(KeyFile keys) {
    return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(keys) + "\n";
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
