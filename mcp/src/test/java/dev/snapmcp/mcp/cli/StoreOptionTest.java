package dev.snapmcp.mcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.SessionStore;
import dev.snapmcp.core.SessionStore.TokenCheck;
import dev.snapmcp.core.SessionStores;
import dev.snapmcp.core.StateFiles;
import dev.snapmcp.core.testing.TempStateDir;
import dev.snapmcp.testkit.ChildJvm;
import dev.snapmcp.testkit.PostgresServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code --store}: the commands keep their sessions in a real PostgreSQL server when given its URL, and in the state
 * folder's file without it, and the file's way loads no JDBC class at all; a bad URL or an unreachable server gets one
 * clear line that never shows the password.
 */
class StoreOptionTest {

  private final TempStateDir state = TempStateDir.create();

  @AfterEach
  void cleanUp() {
    state.close();
  }

  record Run(int exit, String out, String err) {
    JsonNode json() {
      return Json.mapper().readTree(out);
    }
  }

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--state-dir=" + state.path());
    int exit = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void theCommandsKeepTheirSessionsInPostgresqlWhenGivenItsUrl() throws Exception {
    byte[] suffix = new byte[6];
    new SecureRandom().nextBytes(suffix);
    String url = PostgresServer.shared().url("cli_" + HexFormat.of().formatHex(suffix));
    Run created = run("session", "new", "--json", "--store", url);
    assertEquals(0, created.exit(), created.err());
    String id = created.json().get("id").stringValue();
    String token = created.json().get("token").stringValue();

    Run listed = run("session", "list", "--json", "--store", url);
    assertEquals(0, listed.exit(), listed.err());
    assertTrue(listed.out().contains(id), listed.out());
    Run status = run("status", "--store", url);
    assertTrue(status.out().contains("Store: " + SessionStores.redact(url)), status.out());

    Path prototype = state.path().resolveSibling("active_sessions.json");
    Files.writeString(prototype, "{\"sess_fromtheprototype\": {\"token\": \"t\","
        + " \"created_at\": \"2026-01-01T09:00:00\", \"expires_at\": \"2099-01-01T00:00:00\"}}");
    Run imported = run("session", "import", prototype.toString(), "--store", url);
    assertEquals(0, imported.exit(), imported.err());

    assertFalse(Files.exists(StateFiles.sessions(state.path())), "nothing in the state folder's file");
    try (SessionStore store = SessionStores.open(url, state.path(), Clock.systemUTC())) {
      assertEquals(TokenCheck.VALID, store.verifyToken(id, token));
      assertEquals(TokenCheck.VALID, store.verifyToken("sess_fromtheprototype", "t"));
    }
    try (SessionStore file = SessionStores.open(state.path())) {
      assertEquals(List.of(), file.list(), "and without --store, the file's own sessions");
    }
  }

  @Test
  void httpKeysMadeWithStoreAreTheStoresOnEveryMachine() throws Exception {
    byte[] suffix = new byte[6];
    new SecureRandom().nextBytes(suffix);
    String url = PostgresServer.shared().url("keys_" + HexFormat.of().formatHex(suffix));
    Run made = run("key", "new", "--json", "--name", "lab", "--store", url);
    assertEquals(0, made.exit(), made.err());
    String key = made.json().get("key").stringValue();
    String keyId = made.json().get("id").stringValue();
    assertFalse(Files.exists(StateFiles.httpKeys(state.path())), "no key file in the state folder");

    try (TempStateDir otherMachine = TempStateDir.create();
        dev.snapmcp.mcp.http.HttpKeys there =
            dev.snapmcp.mcp.http.HttpKeys.open(otherMachine.path(), url, Clock.systemUTC())) {
      assertTrue(there.accepts(key), "another node's serve --http accepts the key");
      assertEquals(List.of(keyId), there.list().stream().map(dev.snapmcp.mcp.http.HttpKeys.KeyInfo::id).toList());
      Run listed = run("key", "list", "--json", "--store", url);
      assertTrue(listed.out().contains(keyId), listed.out());
      assertFalse(listed.out().contains(key), "never the key itself");
      Run revoked = run("key", "revoke", keyId, "--store", url);
      assertEquals(0, revoked.exit(), revoked.err());
      assertFalse(there.accepts(key), "revoked everywhere at once");
    }
    Run file = run("key", "list", "--json");
    assertEquals("[]", file.out().strip(), "without --store, the state folder's own keys");
  }

  @Test
  void aBadUrlOrAnUnreachableServerIsOneClearLineWithoutThePassword() {
    Run unknown = run("session", "list", "--store", "mysql://u:secret@localhost/db");
    assertEquals(1, unknown.exit());
    assertTrue(unknown.err().contains("no session store on the class path opens mysql://u:***@localhost/db"),
        unknown.err());
    Run unreachable = run("session", "list", "--store", "postgresql://u:secret@localhost:1/db");
    assertEquals(1, unreachable.exit());
    assertTrue(unreachable.err().startsWith("snap-mcp: cannot connect to the PostgreSQL store"
        + " postgresql://u:***@localhost:1/db"), unreachable.err());
    for (Run r : List.of(unknown, unreachable)) {
      assertFalse(r.err().contains("secret") || r.out().contains("secret"), r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
    }
  }

  @Test
  void theFileStoreLoadsNoJdbcClass() throws Exception {
    Path classLog = state.path().resolveSibling("classes.log");
    try (ChildJvm child = ChildJvm.builder(Main.class)
        .jvmArgs("-Xlog:class+load=info:file=" + classLog)
        .args("session", "new", "--state-dir", state.path().toString())
        .start()) {
      assertEquals(0, child.waitFor(Duration.ofSeconds(60)), child.stderr());
    }
    List<String> loaded = Files.readAllLines(classLog);
    assertTrue(loaded.stream().anyMatch(l -> l.contains("dev.snapmcp.core.FileSessionStore")), "the log is read");
    // (picocli's built-in type converters name a few java.sql API types, loaded with every command since before
    // --store; a driver, once DriverManager looked for one, would show here as org.postgresql)
    for (String prefix : List.of("org.postgresql.", "com.zaxxer.", "org.flywaydb.", "dev.snapmcp.store.postgres.",
        "dev.snapmcp.core.SessionStoreProvider")) {
      assertTrue(loaded.stream().noneMatch(l -> l.contains(" " + prefix)),
          prefix + " loaded: " + loaded.stream().filter(l -> l.contains(" " + prefix)).findFirst().orElse(""));
    }
  }
}
