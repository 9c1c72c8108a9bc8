package dev.snapmcp.mcp.tools;

import dev.snapmcp.core.Json;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncResource;
import io.modelcontextprotocol.modern.server.feature.McpSyncResourceRepository;
import io.modelcontextprotocol.modern.server.feature.McpSyncResourceTemplate;
import io.modelcontextprotocol.modern.server.feature.ResourceTemplatesPage;
import io.modelcontextprotocol.modern.server.feature.ResourcesPage;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a client can show besides the tools, for either protocol era: the text-code guide ({@value #GUIDE}), Snap!'s
 * block catalogue as shipped ({@value #BLOCKS}), and a connected tab's project as text code (the template {@value
 * #PROJECT}; {@code current} names the only connected tab). Written once in the SDK's 2025-11-25 types and translated
 * for 2026-07-28, like the tools. A read that cannot be answered is the protocol's "resource not found" (-32002) with
 * a message that says why and what to do.
 */
public final class SnapResources {

  static final String GUIDE = "snap://guide/text-code";
  static final String BLOCKS = "snap://catalogue/blocks";
  static final String PROJECT = "snap://session/{session}/project";
  private static final Pattern PROJECT_URI = Pattern.compile("snap://session/([A-Za-z0-9_.-]{1,100})/project");
  private static final int NOT_FOUND = -32002;

  private static final List<McpSchema.Resource> LISTED = List.of(
      McpSchema.Resource.builder().uri(GUIDE).name("text-code-guide").title("Snap! text code: a guide")
          .description("How to write Snap! scripts as text code for snap_add_script and snap_define_block: blocks, "
              + "inputs, variables, lists, custom blocks, and the mistakes Snap! does not report.")
          .mimeType("text/markdown").build(),
      McpSchema.Resource.builder().uri(BLOCKS).name("block-catalogue").title("Snap!'s primitive blocks")
          .description("Every primitive block with its text-code name, label, category, inputs and an example, as "
              + "shipped with snap-mcp (the Snap! version it came from is in it; the user's may differ).")
          .mimeType("application/json").build());

  private static final McpSchema.ResourceTemplate PROJECT_TEMPLATE = McpSchema.ResourceTemplate.builder()
      .uriTemplate(PROJECT).name("project").title("A tab's Snap! project as text code")
      .description("The project open in a connected tab: sprites, variables, custom blocks and every script as text "
          + "code with its id. {session} is a session id (sess_…, see snap_status) or current (the only connected tab).")
      .mimeType("text/plain").build();

  private final SnapTabs tabs;

  public SnapResources(SnapTabs tabs) {
    this.tabs = tabs;
  }

  /** The fixed resources for the SDK's legacy server. */
  public List<McpStatelessServerFeatures.SyncResourceSpecification> legacyResources() {
    return LISTED.stream().map(resource -> new McpStatelessServerFeatures.SyncResourceSpecification(resource,
        (transport, request) -> legacyRead(request.uri()))).toList();
  }

  /** The per-session template for the SDK's legacy server. */
  public List<McpStatelessServerFeatures.SyncResourceTemplateSpecification> legacyTemplates() {
    return List.of(new McpStatelessServerFeatures.SyncResourceTemplateSpecification(PROJECT_TEMPLATE,
        (transport, request) -> legacyRead(request.uri())));
  }

  /** The same resources for the SDK's 2026-07-28 server. */
  public McpSyncResourceRepository modernRepository() {
    List<io.modelcontextprotocol.modern.McpSchema.Resource> resources =
        LISTED.stream().map(r -> modern(r, io.modelcontextprotocol.modern.McpSchema.Resource.class)).toList();
    var template = McpSyncResourceTemplate.of(
        modern(PROJECT_TEMPLATE, io.modelcontextprotocol.modern.McpSchema.ResourceTemplate.class));
    return new McpSyncResourceRepository() {
      @Override
      public ResourcesPage list(io.modelcontextprotocol.modern.server.McpRequestContext ctx, String cursor) {
        return ResourcesPage.of(resources);
      }

      @Override
      public ResourceTemplatesPage listTemplates(io.modelcontextprotocol.modern.server.McpRequestContext ctx,
          String cursor) {
        return ResourceTemplatesPage.of(List.of(template.definition()));
      }

      @Override
      public McpSyncResource find(io.modelcontextprotocol.modern.server.McpRequestContext ctx, String uri) {
        return McpSyncResource.of((context, request) -> {
          Contents contents;
          try {
            contents = read(request.uri());
          } catch (Missing e) {
            throw new McpException(NOT_FOUND, e.getMessage(), Map.of("uri", request.uri()));
          }
          var text = io.modelcontextprotocol.modern.McpSchema.TextResourceContents
              .builder(request.uri(), contents.text()).mimeType(contents.mimeType()).build();
          return McpSyncResponse.result(
              io.modelcontextprotocol.modern.McpSchema.ReadResourceResult.builder(List.of(text)).build());
        });
      }

      @Override
      public McpSyncResourceTemplate findTemplate(io.modelcontextprotocol.modern.server.McpRequestContext ctx,
          String uriTemplate) {
        return PROJECT.equals(uriTemplate) ? template : null;
      }
    };
  }

  private McpSchema.ReadResourceResult legacyRead(String uri) {
    try {
      Contents contents = read(uri);
      return new McpSchema.ReadResourceResult(
          List.of(new McpSchema.TextResourceContents(uri, contents.mimeType(), contents.text())));
    } catch (Missing e) {
      throw McpError.builder(NOT_FOUND).message(e.getMessage()).data(Map.of("uri", uri)).build();
    }
  }

  /** A resource's text. */
  record Contents(String mimeType, String text) {}

  /** Reads {@code uri}; {@link Missing} when there is no such resource (now). */
  Contents read(String uri) {
    if (GUIDE.equals(uri)) {
      return new Contents("text/markdown", guide());
    }
    if (BLOCKS.equals(uri)) {
      return new Contents("application/json", BlockCatalogue.shipped().text());
    }
    Matcher project = PROJECT_URI.matcher(uri == null ? "" : uri);
    if (project.matches()) {
      String session = project.group(1);
      try {
        SnapTabs.Target target = tabs.target("current".equals(session) ? null : session,
            Caller.internal("resources/read"));
        SnapTabs.Answer answer = tabs.run(target, "get_project", Map.of(), tabs.commandTimeout());
        return new Contents("text/plain", ProjectText.of(answer.value()));
      } catch (ToolError e) {
        throw new Missing(e.getMessage());
      }
    }
    throw new Missing("snap-mcp has no resource " + uri + "; resources/list and resources/templates/list show them.");
  }

  /** The guide, as shipped beside this class. */
  static String guide() {
    try (InputStream in = SnapResources.class.getResourceAsStream("text-code.md")) {
      if (in == null) {
        throw new IllegalStateException("text-code.md is missing from snap-mcp's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A 2025-11-25 definition in the 2026-07-28 types (the same JSON on the wire). */
  static <T> T modern(Object legacy, Class<T> type) {
    return Json.mapper().convertValue(legacy, type);
  }

  /** No such resource, or none right now (no tab), with what to do. */
  static final class Missing extends RuntimeException {
    Missing(String message) {
      super(message, null, false, false);
    }
  }
}
