package dev.snapmcp.harness;

import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress bar every long run shows on stderr: operations done of the total, the rate, and the time left. On a
 * terminal it redraws one line; in a log (CI, a pipe) it writes a whole line every two seconds instead of a stream of
 * carriage returns. stdout stays free for the summary.
 */
final class Progress implements AutoCloseable {

  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  /** A bar for {@code total} operations called {@code unit} (e.g. "updates"), titled {@code task}. */
  static Progress start(String task, long total, String unit) {
    boolean terminal = System.console() != null;
    ProgressBarBuilder b = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setUnit(" " + unit, 1)
        .showSpeed()
        .setSpeedUnit(ChronoUnit.SECONDS)
        .setStyle(ProgressBarStyle.ASCII)
        .setMaxRenderedLength(110);
    if (terminal) {
      b.setUpdateIntervalMillis(250);
    } else {
      b.setUpdateIntervalMillis(2_000).setConsumer(new DelegatingProgressBarConsumer(line -> {
        System.err.println(line.strip());
        System.err.flush();
      }, 110));
    }
    return new Progress(b.build());
  }

  /** Sets how many operations are done (monotonic counts only: the bar never goes back). */
  void doneSoFar(long done) {
    if (done > bar.getCurrent()) {
      bar.stepTo(done);
    }
  }

  /** A short note after the bar, e.g. "kills 3". */
  void note(String extra) {
    bar.setExtraMessage(extra);
  }

  @Override
  public void close() {
    bar.close();
  }
}
