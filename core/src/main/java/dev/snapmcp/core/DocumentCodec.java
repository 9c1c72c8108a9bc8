package dev.snapmcp.core;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses {@code sessions.json} strictly (see docs/store-format.md): anything that is not a whole, well-formed document
 * of this format is refused with the reason, and a newer MAJOR version is refused as such. The prototype's flat format
 * is handed to {@link PrototypeFormat}. Writing is {@link DocumentWriter}'s; finding one session without a full parse
 * is {@link SessionLookup}'s.
 */
final class DocumentCodec {

  static final String FORMAT = "snap-mcp-sessions";
  static final int MAJOR = 1;
  static final int MINOR = 0;
  static final String VERSION = MAJOR + "." + MINOR;

  /** What is wrong with a document; the store turns it into a CORRUPT or NEWER_VERSION error naming the file. */
  static final class BadDocument extends Exception {
    final boolean newerVersion;

    BadDocument(String problem, boolean newerVersion) {
      super(problem);
      this.newerVersion = newerVersion;
    }

    BadDocument(String problem) {
      this(problem, false);
    }
  }

  private static final ObjectReader STRICT_READER =
      Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private DocumentCodec() {}

  static StoreDocument parse(byte[] bytes) throws BadDocument {
    if (isBlank(bytes)) {
      throw new BadDocument("the file is empty");
    }
    JsonNode root;
    try {
      root = STRICT_READER.readTree(bytes);
    } catch (tools.jackson.core.exc.UnexpectedEndOfInputException e) {
      throw new BadDocument("it is not valid JSON: it ends in the middle of the document (truncated?)");
    } catch (JacksonException e) {
      throw new BadDocument("it is not valid JSON" + where(e) + ": " + shortProblem(e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new BadDocument("it is not a JSON object");
    }
    ObjectNode top = (ObjectNode) root;
    if (!top.has("format")) {
      if (PrototypeFormat.looksLikePrototype(top)) {
        return PrototypeFormat.parse(top);
      }
      throw new BadDocument("it has no \"format\" field and is not the prototype's flat format");
    }
    if (!top.get("format").isString() || !FORMAT.equals(top.get("format").stringValue())) {
      throw new BadDocument("its \"format\" is " + top.get("format") + ", expected \"" + FORMAT + "\"");
    }
    int major = parseMajor(top.get("version"));
    if (major > MAJOR) {
      throw newerVersion(top.get("version"));
    }
    JsonNode revision = top.get("revision");
    if (revision == null || !revision.isIntegralNumber() || !revision.canConvertToLong() || revision.longValue() < 0) {
      throw new BadDocument("its \"revision\" is missing or not a non-negative integer");
    }
    JsonNode sessionsNode = top.get("sessions");
    if (sessionsNode == null || !sessionsNode.isObject()) {
      throw new BadDocument("its \"sessions\" is missing or not an object");
    }
    Map<String, Session> sessions = new LinkedHashMap<>();
    Map<String, ObjectNode> rawSessions = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : sessionsNode.properties()) {
      String id = e.getKey();
      if (!e.getValue().isObject()) {
        throw new BadDocument("session " + id + " is not an object");
      }
      ObjectNode raw = (ObjectNode) e.getValue();
      sessions.put(id, session(id, raw));
      rawSessions.put(id, raw);
    }
    BridgeRecord bridge = null;
    ObjectNode rawBridge = null;
    JsonNode bridgeNode = top.get("bridge");
    if (bridgeNode != null && !bridgeNode.isNull()) {
      if (!bridgeNode.isObject()) {
        throw new BadDocument("its \"bridge\" is neither null nor an object");
      }
      try {
        bridge = Json.mapper().treeToValue(bridgeNode, BridgeRecord.class);
      } catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
        throw new BadDocument("its \"bridge\" is malformed (" + problem(ex) + ")");
      }
      rawBridge = (ObjectNode) bridgeNode;
    }
    return new StoreDocument(top, revision.longValue(), sessions, rawSessions, bridge, rawBridge, false);
  }

  /** One session of the document from its JSON object under {@code sessions.<id>}. */
  static Session session(String id, ObjectNode raw) throws BadDocument {
    Session s;
    try {
      s = Json.mapper().treeToValue(withDefaultFlags(raw), Session.class);
    } catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
      throw new BadDocument("session " + id + " is malformed (" + problem(ex) + ")");
    }
    if (!id.equals(s.id())) {
      throw new BadDocument("session " + id + " carries a different id, " + s.id());
    }
    if (s.tokenHash() == null && !s.missing().contains(Session.MISSING_TOKEN)) {
      throw new BadDocument("session " + id + " has no tokenHash (and its \"missing\" does not say so)");
    }
    return s;
  }

  /** Absent flags mean false (the mapper refuses null for primitives, which an absent field would be). */
  private static ObjectNode withDefaultFlags(ObjectNode raw) {
    if (raw.has("revoked") && raw.has("connected")) {
      return raw;
    }
    ObjectNode filled = raw.deepCopy();
    if (!filled.has("revoked")) {
      filled.put("revoked", false);
    }
    if (!filled.has("connected")) {
      filled.put("connected", false);
    }
    return filled;
  }

  /** Why a document of a newer MAJOR version is refused. */
  static BadDocument newerVersion(JsonNode version) {
    return new BadDocument("it was written by a newer snap-mcp (document version " + version.asString()
        + ", this snap-mcp reads version " + MAJOR + ".x)", true);
  }

  /** The MAJOR of {@code "MAJOR.MINOR"} (or of a bare integer). */
  static int parseMajor(JsonNode version) throws BadDocument {
    if (version == null) {
      throw new BadDocument("it has no \"version\"");
    }
    if (version.isIntegralNumber()) {
      return version.intValue();
    }
    if (version.isString()) {
      String text = version.stringValue();
      int dot = text.indexOf('.');
      try {
        return Integer.parseInt(dot < 0 ? text : text.substring(0, dot));
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new BadDocument("its \"version\" is " + version + ", expected \"MAJOR.MINOR\"");
  }

  private static boolean isBlank(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8).isBlank();
  }

  private static String where(JacksonException e) {
    var at = e.getLocation();
    return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  /** Jackson's message without its source excerpt and location details. */
  private static String shortProblem(String message) {
    String text = firstLine(message);
    for (String cut : new String[] {" (start marker", "\n at [Source"}) {
      int i = text.indexOf(cut);
      if (i > 0) {
        text = text.substring(0, i);
      }
    }
    return text;
  }

  /** What a record's construction from JSON failed on: a missing required field, or Jackson's own words. */
  private static String problem(Throwable ex) {
    Throwable root = ex;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof NullPointerException && root.getMessage() != null && !root.getMessage().contains(" ")) {
      return "\"" + root.getMessage() + "\" is missing";
    }
    return shortProblem(rootMessage(ex));
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t instanceof JacksonException je ? je.getOriginalMessage() : String.valueOf(t.getMessage());
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown problem";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
