package dev.snapmcp.mcp.setup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Reading a client's config file and writing its new text safely: a backup first (same mode as the original), the new
 * text through a temporary file in the same folder moved over the old one (never half a file), the original's mode
 * kept, a symbolic link followed (a dotfiles manager's link stays a link), and a file that changed meanwhile (the
 * client saved it) left alone. A file setup creates gets the user's normal permissions.
 */
final class ConfigFile {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private ConfigFile() {}

  /** The file's text, or empty when it does not exist; {@link SetupException} when it cannot be read as UTF-8. */
  static Optional<String> read(Path file) {
    if (Files.isDirectory(file)) {
      throw new SetupException(file + " is a folder, not a config file; move it away and run setup again.");
    }
    try {
      return Optional.of(decode(Files.readAllBytes(file)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (AccessDeniedException e) {
      throw new SetupException("cannot read " + file + ": permission denied. Nothing was changed.");
    } catch (CharacterCodingException e) {
      throw new SetupException(file + " is not UTF-8 text; nothing was changed.");
    } catch (IOException e) {
      throw new SetupException("cannot read " + file + ": " + e.getMessage() + ". Nothing was changed.", e);
    }
  }

  /**
   * Writes {@code after} to {@code file}, which held {@code before} (null: it did not exist). Returns the backup of
   * the old file, if there was one.
   */
  static Optional<Path> write(Path file, String before, String after, Instant now, ZoneId zone) {
    byte[] bytes = after.getBytes(StandardCharsets.UTF_8);
    try {
      if (before == null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return Optional.empty();
      }
      Path target = file.toRealPath();
      Path backup = backupName(target, now, zone);
      Files.copy(target, backup, StandardCopyOption.COPY_ATTRIBUTES);
      Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
      try {
        Set<PosixFilePermission> mode = mode(target);
        if (mode != null) {
          Files.setPosixFilePermissions(tmp, mode);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
          ByteBuffer buffer = ByteBuffer.wrap(bytes);
          while (buffer.hasRemaining()) {
            ch.write(buffer);
          }
          ch.force(true);
        }
        if (!Arrays.equals(Files.readAllBytes(target), before.getBytes(StandardCharsets.UTF_8))) {
          Files.deleteIfExists(backup);
          throw new SetupException(file + " changed while setup ran (did the client save it?); nothing was "
              + "written. Run setup again.");
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return Optional.of(backup);
    } catch (FileAlreadyExistsException e) {
      throw new SetupException(file + " appeared while setup ran (did the client create it?); nothing was written. "
          + "Run setup again.");
    } catch (AccessDeniedException e) {
      throw new SetupException("cannot write " + e.getFile() + ": permission denied. " + file + " is unchanged.");
    } catch (IOException e) {
      throw new SetupException("cannot write " + file + ": " + e + ". It is unchanged.", e);
    }
  }

  /** {@code FILE.bak-20260101-120000}, or with {@code -2}, {@code -3} … when setup ran twice in a second. */
  private static Path backupName(Path target, Instant now, ZoneId zone) {
    String base = target.getFileName() + ".bak-" + STAMP.format(now.atZone(zone));
    Path candidate = target.resolveSibling(base);
    for (int n = 2; Files.exists(candidate); n++) {
      candidate = target.resolveSibling(base + "-" + n);
    }
    return candidate;
  }

  private static Set<PosixFilePermission> mode(Path file) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    return view == null ? null : view.readAttributes().permissions();
  }

  private static String decode(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
  }
}
