package dev.snapmcp.mcp.setup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * {@code snap-mcp setup}: plans the change to one client's config file (adding the server "snap" that runs the
 * launcher's {@code serve}), applies it, or looks over every known client. Planning reads and checks only; applying
 * writes the file (after a backup) and nothing else.
 */
public final class Setup {

  /** What applying a plan does to the "snap" entry. */
  public enum Outcome {
    /** The file had no "snap": it gets one (the file is created if need be). */
    ADD,
    /** "snap" is snap-mcp run from elsewhere (a moved or second checkout): its command (and args) now point here. */
    UPDATE,
    /** "snap" was another server; {@code --force} replaces it. */
    REPLACE,
    /** Already set up: nothing to write. */
    UNCHANGED
  }

  /**
   * The change to {@code file}: its text {@code before} (null when it does not exist yet) and {@code after};
   * {@code previous} says what the old "snap" ran, when there was one, and {@code command} what the new one runs.
   */
  public record Plan(Client client, Path file, String before, String after, Outcome outcome, String previous,
      String command) {

    public boolean changes() {
      return outcome != Outcome.UNCHANGED;
    }

    /** The change as a unified diff (empty when nothing changes). */
    public String diff() {
      return UnifiedDiff.of(before == null ? "" : before, after, before == null ? "/dev/null" : file.toString(),
          file.toString());
    }
  }

  /** One client as {@code setup --list} shows it. */
  public record Found(Client client, Path config, boolean found, List<String> evidence, String status) {}

  private static final String BOM = "\uFEFF";

  private final Platform platform;
  private final Clock clock;

  public Setup(Platform platform, Clock clock) {
    this.platform = platform;
    this.clock = clock;
  }

  /** The file setup edits for {@code client}: the user-wide one, or the one in {@code project} when given. */
  public Path configFile(Client client, Path project) {
    if (project == null) {
      return client.userConfig(platform);
    }
    return client.projectConfig(project).orElseThrow(() -> new SetupException(client.displayName()
        + " has no per-project config file; run setup without --project."));
  }

  /**
   * What setup would do to {@code client}'s config. A "snap" entry that is not snap-mcp's is replaced only with
   * {@code force}: it is someone else's server and the name is the user's to give. {@link SetupException} (nothing
   * changed) for an unreadable or invalid file.
   */
  public Plan plan(Client client, Path project, Path launcher, boolean force) {
    Path file = configFile(client, project);
    String before = ConfigFile.read(file).orElse(null);
    String text = before == null ? "" : before;
    String body = withoutBom(text); // a byte-order mark is kept, and kept out of the parsers' way
    String bom = text.substring(0, text.length() - body.length());
    ConfigDocument doc = ConfigDocument.parse(client, file, body);
    ServerEntry want = new ServerEntry(launcher.toString(), client.entryType);
    JsonNode existing = doc.existing();
    Outcome outcome;
    String after;
    if (existing == null) {
      outcome = Outcome.ADD;
      after = doc.add(want.tree());
    } else if (want.isSetUpBy(existing)) {
      outcome = Outcome.UNCHANGED;
      after = body;
    } else if (ServerEntry.isSnapMcp(existing)) {
      outcome = Outcome.UPDATE;
      after = doc.update(want.tree(), want.fixes(existing));
    } else if (force) {
      outcome = Outcome.REPLACE;
      after = doc.replace(want.tree());
    } else {
      throw new SetupException(file + " already has a server named \"" + ServerEntry.NAME + "\" that runs '"
          + ServerEntry.describe(existing) + "', which is not snap-mcp; nothing was changed. Run setup again with "
          + "--force to replace it (a backup is kept), or rename that server first.");
    }
    if (outcome != Outcome.UNCHANGED) {
      verify(client, file, after, want);
    }
    return new Plan(client, file, before, bom + after, outcome,
        existing == null ? null : ServerEntry.describe(existing), want.describe());
  }

  /** Writes the plan (a backup of the old file first); returns the backup, if a file was replaced. */
  public Optional<Path> apply(Plan plan) {
    if (!plan.changes()) {
      return Optional.empty();
    }
    return ConfigFile.write(plan.file(), plan.before(), plan.after(), clock.instant(), clock.getZone());
  }

  /** Every known client: whether it is on this machine and whether snap-mcp is set up in its user-wide config. */
  public List<Found> scan(Path launcher) {
    List<Found> all = new ArrayList<>();
    for (Client client : Client.values()) {
      Path config = client.userConfig(platform);
      List<String> evidence = new ArrayList<>();
      boolean configExists = Files.isRegularFile(config);
      if (configExists) {
        evidence.add("config");
      }
      Path home = client.homeDir(platform);
      if (Files.isDirectory(home) && !home.equals(platform.home())) {
        evidence.add(home.startsWith(platform.home()) ? "~/" + platform.home().relativize(home) : home.toString());
      }
      for (String program : client.programs()) {
        platform.onPath(program).ifPresent(p -> evidence.add(program + " on PATH"));
      }
      all.add(new Found(client, config, !evidence.isEmpty(), List.copyOf(evidence),
          configExists ? status(client, config, launcher) : evidence.isEmpty() ? "-" : "not set up"));
    }
    return all;
  }

  private static String status(Client client, Path config, Path launcher) {
    JsonNode existing;
    try {
      String text = ConfigFile.read(config).orElse("");
      existing = ConfigDocument.parse(client, config, withoutBom(text)).existing();
    } catch (SetupException e) {
      return "cannot use its config (see: snap-mcp setup " + client.id() + " --dry-run)";
    }
    ServerEntry want = new ServerEntry(launcher.toString(), client.entryType);
    if (existing == null) {
      return "not set up";
    }
    if (want.isSetUpBy(existing)) {
      return "set up";
    }
    return ServerEntry.isSnapMcp(existing) ? "set up elsewhere: " + ServerEntry.describe(existing)
        : "\"snap\" is another server: " + ServerEntry.describe(existing);
  }

  private static String withoutBom(String text) {
    return text.startsWith(BOM) ? text.substring(BOM.length()) : text;
  }

  /** The edited text must parse and hold the wanted entry; otherwise the user gets the entry to add by hand. */
  private static void verify(Client client, Path file, String after, ServerEntry want) {
    JsonNode got;
    try {
      got = ConfigDocument.parse(client, file, after).existing();
    } catch (SetupException e) {
      got = null;
    }
    if (!want.isSetUpBy(got)) {
      throw new SetupException("setup could not edit " + file + " safely; nothing was changed. Add this to it by "
          + "hand:" + System.lineSeparator() + ConfigDocument.parse(client, file, "").add(want.tree()));
    }
  }
}
