package dev.snapmcp.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real child JVM running a {@code main} class from the current classpath (under surefire, the test classpath; in
 * the harness's jar, that jar): the project's one way to start processes, in tests across processes and in the
 * harness's stress runs. Its stdout and stderr are captured line by line by named daemon threads; {@link #kill()} is a
 * kill -9 ({@link Process#destroyForcibly()}); {@link #close()} kills it if it still runs.
 *
 * <pre>{@code
 * try (ChildJvm child = ChildJvm.builder(MyMain.class).args("a", "b").start()) {
 *   child.awaitLine(l -> l.equals("ready"), Duration.ofSeconds(20));
 *   assertEquals(0, child.waitFor(Duration.ofSeconds(30)));
 * }
 * }</pre>
 */
public final class ChildJvm implements AutoCloseable {

  /** JVM flags that make short-lived children start fast on a small machine. */
  public static final List<String> FAST_START =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", "-Xss512k", "-Xshare:auto");

  private final Process process;
  private final String name;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();
  private final Thread stdoutPump;
  private final Thread stderrPump;

  private ChildJvm(Process process, String name) {
    this.process = process;
    this.name = name;
    this.stdoutPump = pump(process.getInputStream(), stdout, name + "-stdout");
    this.stderrPump = pump(process.getErrorStream(), stderr, name + "-stderr");
  }

  public static Builder builder(Class<?> mainClass) {
    return new Builder(mainClass.getName());
  }

  public static Builder builder(String mainClass) {
    return new Builder(mainClass);
  }

  /**
   * The classpath this JVM runs with: under surefire its real test classpath (not its manifest-only booter jar),
   * otherwise {@code java.class.path}.
   */
  public static String testClasspath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  /** The java executable of the running JVM. */
  public static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Starts child JVMs. */
  public static final class Builder {
    private final String mainClass;
    private final List<String> args = new ArrayList<>();
    private final List<String> jvmArgs = new ArrayList<>(FAST_START);
    private final Map<String, String> env = new HashMap<>();
    private String classpath = testClasspath();
    private String name;

    private Builder(String mainClass) {
      this.mainClass = mainClass;
      this.name = mainClass.substring(mainClass.lastIndexOf('.') + 1);
    }

    public Builder args(String... more) {
      args.addAll(List.of(more));
      return this;
    }

    public Builder args(List<String> more) {
      args.addAll(more);
      return this;
    }

    public Builder jvmArgs(String... more) {
      jvmArgs.addAll(List.of(more));
      return this;
    }

    public Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    public Builder classpath(String cp) {
      this.classpath = cp;
      return this;
    }

    /** A name for the child's pump threads and messages. */
    public Builder name(String childName) {
      this.name = childName;
      return this;
    }

    public ChildJvm start() {
      List<String> command = new ArrayList<>();
      command.add(javaExecutable());
      command.addAll(jvmArgs);
      command.add("-cp");
      command.add(classpath);
      command.add(mainClass);
      command.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().putAll(env);
      try {
        return new ChildJvm(pb.start(), name);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + command, e);
      }
    }
  }

  private static Thread pump(InputStream in, List<String> sink, String threadName) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          sink.add(line);
        }
      } catch (IOException ignored) {
        // the process died: what was read is kept
      }
    }, threadName);
    t.setDaemon(true);
    t.start();
    return t;
  }

  public long pid() {
    return process.pid();
  }

  public Process process() {
    return process;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The child's stdin, e.g. to send it commands or close it as a stop signal. */
  public OutputStream stdin() {
    return process.getOutputStream();
  }

  /** Lines printed on stdout so far (a snapshot). After {@link #waitFor}, every line. */
  public List<String> stdoutLines() {
    return List.copyOf(stdout);
  }

  public List<String> stderrLines() {
    return List.copyOf(stderr);
  }

  public String stderr() {
    return String.join("\n", stderr);
  }

  /**
   * Waits until a stdout line matches, returning it. Fails with the child's stderr if the child exits first or the
   * timeout passes.
   */
  public String awaitLine(Predicate<String> matches, Duration timeout) {
    return awaitLine(stdout, "stdout", matches, timeout);
  }

  /** Like {@link #awaitLine} for a line on stderr. */
  public String awaitStderrLine(Predicate<String> matches, Duration timeout) {
    return awaitLine(stderr, "stderr", matches, timeout);
  }

  private String awaitLine(List<String> lines, String which, Predicate<String> matches, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    while (true) {
      List<String> now = List.copyOf(lines);
      for (; seen < now.size(); seen++) {
        if (matches.test(now.get(seen))) {
          return now.get(seen);
        }
      }
      if (!process.isAlive()) {
        joinPumps();
        List<String> all = List.copyOf(lines);
        for (; seen < all.size(); seen++) {
          if (matches.test(all.get(seen))) {
            return all.get(seen);
          }
        }
        throw new AssertionError(name + " exited (" + process.exitValue() + ") before printing the awaited line on "
            + which + "; stdout: " + stdoutLines() + "; stderr: " + stderr());
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(name + " did not print the awaited line on " + which + " within " + timeout
            + "; stdout: " + stdoutLines() + "; stderr: " + stderr());
      }
      try {
        process.waitFor(Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)), TimeUnit.NANOSECONDS); // wakes on exit
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /** Waits for the child to exit and returns its exit code; fails (and kills it) at the timeout. */
  public int waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        kill();
        throw new AssertionError(name + " did not exit within " + timeout + "; stdout: " + stdoutLines()
            + "; stderr: " + stderr());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    joinPumps();
    return process.exitValue();
  }

  /**
   * kill -9, then waits for the process to be gone and for every line it printed. Signals through the process
   * handle: {@code Process.destroyForcibly()} also closes the pipes at once, dropping lines the child had already
   * written but the pumps had not read yet (a stress worker's last acknowledgements).
   */
  public void kill() {
    process.toHandle().destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError(name + " survived kill -9 for 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    joinPumps();
  }

  private void joinPumps() {
    try {
      stdoutPump.join(5_000);
      stderrPump.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  @Override
  public String toString() {
    return name + "[pid " + process.pid() + "]";
  }
}
