package dev.snapmcp.core;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The file {@link SessionStore#importSessions} reads: the prototype's flat {@code active_sessions.json} or a {@code
 * sessions.json}, parsed by the one codec ({@link DocumentCodec}, which hands the prototype's format to {@link
 * PrototypeFormat}). Every store imports through here and adds the result with {@link DocumentChanges#addImported}.
 */
final class ImportFile {

  private ImportFile() {}

  /**
   * The sessions of {@code source}; IO (also for a file over {@link StateFiles#SESSIONS_MAX_BYTES}, which no store
   * takes), CORRUPT or NEWER_VERSION naming it, with nothing imported.
   */
  static StoreDocument read(Path source) {
    try {
      return DocumentCodec.parse(FileReads.readNamed(source, StateFiles.SESSIONS_MAX_BYTES));
    } catch (FileReads.TooLarge e) {
      throw new StoreException(StoreException.Kind.IO, "cannot import " + source + ": it is " + e.size
          + " bytes, over the store's limit of " + FileReads.describe(StateFiles.SESSIONS_MAX_BYTES)
          + ". Nothing was imported.");
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.IO, "cannot read " + source + ": " + e, e);
    } catch (DocumentCodec.BadDocument bad) {
      throw new StoreException(bad.newerVersion ? StoreException.Kind.NEWER_VERSION : StoreException.Kind.CORRUPT,
          "cannot import " + source + ": " + bad.getMessage() + ". Nothing was imported.");
    }
  }
}
