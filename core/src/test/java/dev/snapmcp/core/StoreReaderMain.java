package dev.snapmcp.core;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A child process that reads {@code sessions.json} as fast as it can, without any lock, and checks every read is a
 * whole, valid document whose revision never goes back. Stops when {@code STOP_FILE} exists; prints {@code reads N
 * distinct M}, or {@code BAD ...} and exits 3 on the first torn or invalid read.
 */
public final class StoreReaderMain {

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]).resolve("sessions.json");
    Path stop = Path.of(args[1]);
    long reads = 0;
    long distinct = 0;
    long lastRevision = -1;
    System.out.println("reading");
    while (!Files.exists(stop)) {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        continue;
      }
      reads++;
      StoreDocument doc;
      try {
        doc = DocumentCodec.parse(bytes);
      } catch (DocumentCodec.BadDocument bad) {
        System.out.println("BAD " + bad.getMessage() + " after " + reads + " reads: " + new String(bytes));
        System.exit(3);
        return;
      }
      if (doc.revision < lastRevision) {
        System.out.println("BAD revision went back from " + lastRevision + " to " + doc.revision);
        System.exit(3);
      }
      if (doc.revision != lastRevision) {
        distinct++;
      }
      lastRevision = doc.revision;
    }
    System.out.println("reads " + reads + " distinct " + distinct);
  }
}
