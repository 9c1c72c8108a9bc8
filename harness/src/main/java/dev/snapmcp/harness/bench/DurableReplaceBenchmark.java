package dev.snapmcp.harness.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The baseline: one durable replace of a small file per operation, as any crash-safe store must do per commit: write
 * a temporary file, force it, rename it over the target, force the folder. Written here from the JDK alone (not with
 * core's writer) so it measures the machine, not our code. The content is about the size of the store's document in
 * {@link StoreUpdateBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DurableReplaceBenchmark {

  Path dir;
  Path target;
  byte[] content;
  long n;

  @Setup(Level.Trial)
  public void createFolder() throws IOException {
    dir = Files.createTempDirectory("snap-mcp-baseline-");
    target = dir.resolve("sessions.json");
    content = "{\"format\":\"snap-mcp-sessions\",\"revision\":0,\"padding\":\"%s\"}"
        .formatted("x".repeat(4000)).getBytes(StandardCharsets.UTF_8);
  }

  @TearDown(Level.Trial)
  public void deleteFolder() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }

  @Benchmark
  @Threads(1)
  public Path durableReplace() throws IOException {
    Path temp = dir.resolve("sessions.json." + (n++) + ".tmp");
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
      out.force(true);
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
      folder.force(true);
    }
    return target;
  }
}
