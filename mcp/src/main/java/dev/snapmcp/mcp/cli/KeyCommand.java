package dev.snapmcp.mcp.cli;

import dev.snapmcp.core.Json;
import dev.snapmcp.mcp.http.HttpKeys;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code snap-mcp key new|list|revoke}: the keys a client of {@code serve --http} sends as its bearer token. */
@Command(
    name = "key",
    mixinStandardHelpOptions = true,
    description = {
      "Make, list and revoke the keys for 'serve --http' (Authorization: Bearer KEY).",
      "A key is needed when serve --http listens beyond loopback; on loopback it is optional."
    },
    subcommands = {KeyCommand.New.class, KeyCommand.ListKeys.class, KeyCommand.Revoke.class})
final class KeyCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The keys where {@code --store} keeps them (every node of a cluster shares them), else the state folder's file. */
  static HttpKeys keys(StateDirOption state) {
    return HttpKeys.open(state.resolve(), state.storeUrl(), Clock.systemUTC());
  }

  @Command(name = "new", mixinStandardHelpOptions = true,
      description = "Make a key and print it (shown only this once: only its hash is kept).")
  static final class New implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StateDirOption state;

    @Option(names = "--name", paramLabel = "NAME", description = "Who or what the key is for (shown by 'key list').")
    String name;

    @Option(names = "--json", description = "Print one JSON object: id, name, createdAt, key.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      HttpKeys.NewKey made;
      String where;
      try (HttpKeys keys = keys(state)) {
        made = keys.create(name);
        where = keys.location();
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("id", made.info().id());
        o.put("name", made.info().name());
        o.put("createdAt", made.info().createdAt().toString());
        o.put("key", made.key());
        out.println(o);
      } else {
        out.println(made.key());
        spec.commandLine().getErr().println("Key " + made.info().id() + " made; copy it now, it is not shown again "
            + "(only its hash is kept in " + where + "). A client sends it as 'Authorization: Bearer KEY'.");
        spec.commandLine().getErr().flush();
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the keys: id, name, when made.")
  static final class ListKeys implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StateDirOption state;

    @Option(names = "--json", description = "Print a JSON array of {id, name, createdAt}.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      List<HttpKeys.KeyInfo> all;
      try (HttpKeys keys = keys(state)) {
        all = keys.list();
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ArrayNode array = Json.mapper().createArrayNode();
        all.forEach(k -> array.addObject().put("id", k.id()).put("name", k.name())
            .put("createdAt", k.createdAt().toString()));
        out.println(array);
      } else if (all.isEmpty()) {
        out.println("No keys. Make one with 'snap-mcp key new --name NAME'.");
      } else {
        out.printf("%-12s  %-20s  %s%n", "ID", "CREATED", "NAME");
        all.forEach(k -> out.printf("%-12s  %-20s  %s%n", k.id(), k.createdAt(), k.name()));
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke a key: a running serve --http refuses it from its next request on.")
  static final class Revoke implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StateDirOption state;

    @Parameters(paramLabel = "ID", description = "The key's id (key_…, from 'snap-mcp key list').")
    String id;

    @Override
    public Integer call() throws Exception {
      try (HttpKeys keys = keys(state)) {
        if (!keys.revoke(id)) {
          throw new CliErrors.CliFailure("no key " + id + " in " + keys.location() + " (see 'snap-mcp key list')");
        }
      }
      spec.commandLine().getOut().println("Revoked " + id + ".");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
