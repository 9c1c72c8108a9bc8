package dev.snapmcp.mcp.http;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.SharedKeys;
import dev.snapmcp.core.StateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;

/**
 * The keys in the state folder's {@code http-keys.json} (mode 0600, changed under its lock, never through a symbolic
 * link): {@code {"keys":[{"id","name","hash","createdAt"}]}}. I/O failures surface as {@link UncheckedIOException}.
 */
final class FileKeys implements SharedKeys {

  private final Path file;

  FileKeys(Path file) {
    this.file = file;
  }

  record KeyFile(List<StoredKey> keys) {
    KeyFile {
      keys = keys == null ? List.of() : List.copyOf(keys);
    }
  }

  @Override
  public List<StoredKey> keys() {
    try {
      return parse(StateFiles.readPrivate(file)).keys();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void add(StoredKey key) {
    try {
      StateFiles.updatePrivate(file, text -> {
        List<StoredKey> keys = new ArrayList<>(parse(text).keys());
        keys.add(key);
        return write(new KeyFile(keys));
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean remove(String id) {
    boolean[] found = {false};
    try {
      StateFiles.updatePrivate(file, text -> {
        KeyFile keys = parse(text);
        List<StoredKey> kept = keys.keys().stream().filter(k -> !k.id().equals(id)).toList();
        found[0] = kept.size() < keys.keys().size();
        return found[0] ? write(new KeyFile(kept)) : text.orElseGet(() -> write(new KeyFile(List.of())));
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found[0];
  }

  @Override
  public String location() {
    return file.toString();
  }

  private KeyFile parse(Optional<String> text) {
    if (text.isEmpty() || text.get().isBlank()) {
      return new KeyFile(List.of());
    }
    try {
      KeyFile parsed = Json.mapper().readValue(text.get(), KeyFile.class);
      for (StoredKey key : parsed.keys()) {
        if (key.hash() == null || !key.hash().startsWith("sha256:")) {
          throw new IllegalStateException(file + " holds a key without an id or a sha256 hash");
        }
      }
      return parsed;
    } catch (JacksonException | NullPointerException e) {
      String why = e instanceof JacksonException j ? j.getOriginalMessage() : "a key without an id or a sha256 hash";
      throw new UncheckedIOException(new IOException(file + " is not a valid key file: " + why));
    }
  }

  private static String write(KeyFile keys) {
    return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(keys) + "\n";
  }
}
