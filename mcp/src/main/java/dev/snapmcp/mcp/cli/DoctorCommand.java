package dev.snapmcp.mcp.cli;

import dev.snapmcp.bridge.protocol.Protocol;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code snap-mcp doctor}: diagnoses the setup, one line per check. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Checks the state folder, the session store, the bridge and its port, the extension and Snap!,",
      "one line each: ok, or FAIL with the fix. Exits 1 when a check fails."
    })
final class DoctorCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--port", description = "The bridge's port (default ${DEFAULT-VALUE}).")
  int port = Protocol.DEFAULT_PORT;

  @Mixin StateDirOption stateDir;

  @Override
  public Integer call() {
    int failures = new Doctor(stateDir.resolve(), stateDir.storeUrl(), port, Clock.systemUTC(),
        spec.commandLine().getOut()).run();
    return failures == 0 ? 0 : 1;
  }
}
