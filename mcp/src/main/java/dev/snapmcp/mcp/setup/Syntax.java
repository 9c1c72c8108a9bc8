package dev.snapmcp.mcp.setup;

/** The language of a client's config file, as strict as that client's own reader. */
enum Syntax {
  /** Plain JSON: the client parses it with {@code JSON.parse} or writes it itself. */
  JSON(false, false),
  /** JSON with {@code //} and {@code /* *}{@code /} comments (Gemini CLI strips comments before parsing). */
  JSON_WITH_COMMENTS(true, false),
  /** VS Code's JSONC: comments and trailing commas. */
  JSONC(true, true),
  /** TOML 1.0 (Codex CLI). */
  TOML(false, false);

  final boolean comments;
  final boolean trailingCommas;

  Syntax(boolean comments, boolean trailingCommas) {
    this.comments = comments;
    this.trailingCommas = trailingCommas;
  }
}
