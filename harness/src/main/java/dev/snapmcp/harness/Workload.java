package dev.snapmcp.harness;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Which session each update goes to: update {@code seq} of worker {@code w} goes to one of the {@code hot} sessions
 * (all workers contend on them) with probability {@code hotShare}, else to the worker's own cold session. The choice is
 * a pure function of (seed, worker, seq), so the coordinator knows where an update that was in flight when its
 * worker was killed may have landed.
 */
record Workload(List<String> hot, List<String> cold, double hotShare, long seed) {

  Workload {
    hot = List.copyOf(hot);
    cold = List.copyOf(cold);
    if (hot.isEmpty() || hotShare < 0 || hotShare > 1) {
      throw new IllegalArgumentException("a workload needs hot sessions and a share in [0, 1]");
    }
  }

  String sessionFor(int worker, long seq) {
    SplittableRandom r = new SplittableRandom(seed ^ (worker * 0x9E3779B97F4A7C15L) ^ (seq * 0xC2B2AE3D27D4EB4FL));
    return r.nextDouble() < hotShare || cold.isEmpty() ? hot.get(r.nextInt(hot.size())) : cold.get(worker);
  }

  /** The tag an update leaves in the session's history: which worker, which of its updates. */
  static String tag(int worker, long seq) {
    return "w" + worker + ":" + seq;
  }

  /** As worker arguments: {@code HOT_SHARE SEED HOT_IDS(comma) COLD_IDS(comma)}. */
  List<String> asArgs() {
    return List.of(Double.toString(hotShare), Long.toString(seed), String.join(",", hot), String.join(",", cold));
  }

  static Workload fromArgs(List<String> args) {
    return new Workload(List.of(args.get(2).split(",")), args.get(3).isEmpty() ? List.of()
        : List.of(args.get(3).split(",")), Double.parseDouble(args.get(0)), Long.parseLong(args.get(1)));
  }
}
