package dev.snapmcp.bridge.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.snapmcp.core.Json;
import dev.snapmcp.core.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The copies of the Java facts outside Java agree with them: the extension's generated {@code constants.js}, its
 * {@code manifest.json}, the op error codes its scripts use, and the error-code tables of {@code docs/protocol.md}.
 * Reads the repository's files from this module's folder.
 */
class ExtensionCopiesTest {

  /** {@code -Dsnapmcp.writeConstants=true} writes {@code extension/constants.js} instead of comparing it. */
  private static final String WRITE = "snapmcp.writeConstants";

  private static final String REGENERATE =
      "mvn -q -B -ntp -o -pl transport-netty -am verify -Dtest=ExtensionCopiesTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -D" + WRITE + "=true";

  /** Where a script names an op error: {@code new OpError('code', …)} or an answer's {@code error: {code: 'code'}}. */
  private static final Pattern OP_ERROR =
      Pattern.compile("OpError\\(\\s*['\"]([a-z_]+)['\"]|\\berror\\s*:\\s*\\{\\s*code\\s*:\\s*['\"]([a-z_]+)['\"]");

  private static final Path ROOT = repositoryRoot();

  private static Path repositoryRoot() {
    Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    Path root = module.getParent();
    if (root == null || !Files.isRegularFile(root.resolve("extension/manifest.json"))) {
      throw new IllegalStateException("run from transport-netty's folder inside the repository (found " + module + ")");
    }
    return root;
  }

  @Test
  void constantsJsIsWhatTheJavaDefinitionsRender() throws IOException {
    Path file = ROOT.resolve(ExtensionConstants.FILE);
    String expected = ExtensionConstants.javaScript();
    if (Boolean.getBoolean(WRITE)) {
      Files.writeString(file, expected, StandardCharsets.UTF_8);
      return;
    }
    String actual = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    if (!actual.equals(expected)) {
      fail(ExtensionConstants.FILE + " differs from the Java definitions (" + firstDifference(expected, actual)
          + "). It is generated: do not edit it; change the Java (dev.snapmcp.bridge.protocol, the parent pom's"
          + " snap-mcp.version) and write it again with\n  " + REGENERATE + "\nExpected:\n" + expected);
    }
  }

  @Test
  void theManifestAgrees() throws IOException, NoSuchAlgorithmException {
    JsonNode manifest = Json.mapper().readTree(Files.readString(ROOT.resolve("extension/manifest.json")));
    assertEquals(Version.CURRENT, manifest.path("version").asString(),
        "extension/manifest.json's version must be the parent pom's snap-mcp.version");
    assertEquals(Protocol.SNAP_MATCHES, strings(manifest.path("host_permissions")),
        "extension/manifest.json's host_permissions must be Protocol.SNAP_MATCHES");
    assertFalse(manifest.path("content_scripts").isEmpty(), "the manifest has content scripts");
    for (JsonNode script : manifest.path("content_scripts")) {
      assertEquals(Protocol.SNAP_MATCHES, strings(script.path("matches")),
          "every content script of extension/manifest.json must match Protocol.SNAP_MATCHES: " + script);
    }
    assertEquals(Protocol.EXTENSION_ID, extensionId(manifest.path("key").asString()),
        "the manifest's key must give Protocol.EXTENSION_ID");
  }

  @Test
  void theProtocolsTablesNameEveryCodeAndNoOther() throws IOException {
    List<String> doc = Files.readAllLines(ROOT.resolve("docs/protocol.md"));
    assertEquals(codes(WebSocketErrorCode.class), table(doc, "### Error codes").keySet(),
        "docs/protocol.md, \"Error codes\" (WebSocket) against WebSocketErrorCode");
    assertEquals(codes(OpErrorCode.class), table(doc, "### Errors a model can act on").keySet(),
        "docs/protocol.md, \"Errors a model can act on\" against OpErrorCode");
    Map<String, String> control = table(doc, "### Control API errors");
    assertEquals(codes(ControlErrorCode.class), control.keySet(),
        "docs/protocol.md, \"Control API errors\" against ControlErrorCode");
    for (ControlErrorCode code : ControlErrorCode.values()) {
      assertEquals(String.valueOf(code.status()), control.get(code.code()),
          "docs/protocol.md, \"Control API errors\": the status of " + code.code());
    }
  }

  @Test
  void theExtensionUsesOnlyKnownOpErrorCodes() throws IOException {
    Set<String> known = codes(OpErrorCode.class);
    Map<String, String> unknown = new LinkedHashMap<>();
    Set<String> used = new TreeSet<>();
    try (Stream<Path> files = Files.walk(ROOT.resolve("extension"))) {
      for (Path file : files.filter(ExtensionCopiesTest::extensionSource).sorted().toList()) {
        Matcher m = OP_ERROR.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
          String code = m.group(1) != null ? m.group(1) : m.group(2);
          used.add(code);
          if (!known.contains(code)) {
            unknown.putIfAbsent(code, ROOT.relativize(file).toString());
          }
        }
      }
    }
    assertTrue(used.size() >= 3, "the scan found the extension's op errors (OpError('code', …), error: {code: …}); "
        + "if the extension now spells them differently, teach this test the new spelling. Found: " + used);
    assertEquals(Map.of(), unknown, "op error codes the extension uses that OpErrorCode does not define");
  }

  private static boolean extensionSource(Path file) {
    String path = file.toString().replace('\\', '/');
    return path.endsWith(".js") && !path.contains("/node_modules/") && !path.contains("/test/")
        && !path.endsWith(".test.js") && !path.endsWith("/" + ExtensionConstants.FILE);
  }

  /** The codes of the first table after {@code heading}: its {@code code} column's value to its first column's. */
  private static Map<String, String> table(List<String> doc, String heading) {
    int at = doc.indexOf(heading);
    assertTrue(at >= 0, "docs/protocol.md has no heading \"" + heading + "\"");
    int header = at + 1;
    while (header < doc.size() && !doc.get(header).startsWith("|")) {
      assertFalse(doc.get(header).startsWith("#"), "no table under \"" + heading + "\"");
      header++;
    }
    List<String> columns = cells(doc.get(header));
    int code = columns.indexOf("code");
    assertTrue(code >= 0, "the table under \"" + heading + "\" has no code column: " + columns);
    Map<String, String> rows = new LinkedHashMap<>();
    for (int i = header + 2; i < doc.size() && doc.get(i).startsWith("|"); i++) {
      List<String> row = cells(doc.get(i));
      String cell = row.get(code);
      assertTrue(cell.matches("`[a-z_]+`"), "under \"" + heading + "\", not one code: " + cell);
      rows.put(cell.substring(1, cell.length() - 1), row.get(0));
    }
    return rows;
  }

  private static List<String> cells(String line) {
    String inner = line.strip().substring(1, line.strip().length() - 1);
    return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
  }

  private static <E extends Enum<E> & ErrorCode> Set<String> codes(Class<E> family) {
    return Arrays.stream(family.getEnumConstants()).map(ErrorCode::code).collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(node -> out.add(node.asString()));
    return out;
  }

  /** Chrome's id for a key: the first 32 hex digits of the SHA-256 of the DER key, each mapped 0-f to a-p. */
  static String extensionId(String base64Key) throws NoSuchAlgorithmException {
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(base64Key));
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      id.append((char) ('a' + ((hash[i] >> 4) & 0xf))).append((char) ('a' + (hash[i] & 0xf)));
    }
    return id.toString();
  }

  private static String firstDifference(String expected, String actual) {
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    for (int i = 0; i < Math.max(e.length, a.length); i++) {
      String want = i < e.length ? e[i] : "(end of file)";
      String got = i < a.length ? a[i] : "(end of file)";
      if (!want.equals(got)) {
        return "line " + (i + 1) + ": expected \"" + want + "\", found \"" + got + "\"";
      }
    }
    return "they differ";
  }
}
