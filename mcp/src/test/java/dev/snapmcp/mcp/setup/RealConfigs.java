package dev.snapmcp.mcp.setup;

/**
 * Config files as each client's users have them: other servers, other settings, and comments, trailing commas or
 * tabs where the format allows them; beside each, the exact text setup must leave ({@code LAUNCHER} stands for the
 * launcher's path). Everything outside the "snap" entry is the same byte for byte.
 */
final class RealConfigs {

  private RealConfigs() {}

  record Case(Client client, String before, String after) {
    String after(String launcher) {
      return after.replace("LAUNCHER", launcher);
    }
  }

  static Case of(Client client) {
    return switch (client) {
      case CLAUDE_DESKTOP -> new Case(client, """
          {
            "mcpServers": {
              "filesystem": {
                "command": "npx",
                "args": [
                  "-y",
                  "@modelcontextprotocol/server-filesystem",
                  "/Users/ada/Desktop"
                ]
              }
            },
            "globalShortcut": "Alt+Space"
          }
          """, """
          {
            "mcpServers": {
              "filesystem": {
                "command": "npx",
                "args": [
                  "-y",
                  "@modelcontextprotocol/server-filesystem",
                  "/Users/ada/Desktop"
                ]
              },
              "snap": {
                "command": "LAUNCHER",
                "args": ["serve"]
              }
            },
            "globalShortcut": "Alt+Space"
          }
          """);
      // A project's own (local scope) servers sit deeper; the user scope is the top level's "mcpServers".
      case CLAUDE_CODE -> new Case(client, """
          {
            "numStartups": 42,
            "theme": "dark",
            "projects": {
              "/home/ada/app": {
                "allowedTools": [],
                "mcpServers": {
                  "db": {
                    "type": "stdio",
                    "command": "node",
                    "args": ["db.js"],
                    "env": {}
                  }
                }
              }
            },
            "oauthAccount": {
              "emailAddress": "ada@example.org"
            }
          }""", """
          {
            "numStartups": 42,
            "theme": "dark",
            "projects": {
              "/home/ada/app": {
                "allowedTools": [],
                "mcpServers": {
                  "db": {
                    "type": "stdio",
                    "command": "node",
                    "args": ["db.js"],
                    "env": {}
                  }
                }
              }
            },
            "oauthAccount": {
              "emailAddress": "ada@example.org"
            },
            "mcpServers": {
              "snap": {
                "type": "stdio",
                "command": "LAUNCHER",
                "args": ["serve"]
              }
            }
          }""");
      case CURSOR -> new Case(client, """
          {
              "mcpServers": {
                  "github": {
                      "command": "docker",
                      "args": ["run", "-i", "--rm", "ghcr.io/github/github-mcp-server"],
                      "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_x" }
                  },
                  "remote": { "url": "https://mcp.example.com/mcp" }
              }
          }
          """, """
          {
              "mcpServers": {
                  "github": {
                      "command": "docker",
                      "args": ["run", "-i", "--rm", "ghcr.io/github/github-mcp-server"],
                      "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_x" }
                  },
                  "remote": { "url": "https://mcp.example.com/mcp" },
                  "snap": {
                      "command": "LAUNCHER",
                      "args": ["serve"]
                  }
              }
          }
          """);
      // VS Code writes tabs; its files are JSONC: comments and trailing commas.
      case VSCODE -> new Case(client, """
          {
          \t// Servers for Copilot's agent mode.
          \t"inputs": [
          \t\t{ "type": "promptString", "id": "token", "description": "API token", "password": true }
          \t],
          \t"servers": {
          \t\t/* the team's issue tracker */
          \t\t"tracker": {
          \t\t\t"type": "http",
          \t\t\t"url": "https://tracker.example.com/mcp",
          \t\t\t"headers": { "Authorization": "Bearer ${input:token}" },
          \t\t}, // keep this one
          \t},
          }
          """, """
          {
          \t// Servers for Copilot's agent mode.
          \t"inputs": [
          \t\t{ "type": "promptString", "id": "token", "description": "API token", "password": true }
          \t],
          \t"servers": {
          \t\t/* the team's issue tracker */
          \t\t"tracker": {
          \t\t\t"type": "http",
          \t\t\t"url": "https://tracker.example.com/mcp",
          \t\t\t"headers": { "Authorization": "Bearer ${input:token}" },
          \t\t}, // keep this one
          \t\t"snap": {
          \t\t\t"type": "stdio",
          \t\t\t"command": "LAUNCHER",
          \t\t\t"args": ["serve"]
          \t\t},
          \t},
          }
          """);
      case WINDSURF -> new Case(client, """
          {
            "mcpServers": {
              "zapier": {
                "serverUrl": "https://actions.zapier.com/mcp/KEY/sse"
              }
            }
          }
          """, """
          {
            "mcpServers": {
              "zapier": {
                "serverUrl": "https://actions.zapier.com/mcp/KEY/sse"
              },
              "snap": {
                "command": "LAUNCHER",
                "args": ["serve"]
              }
            }
          }
          """);
      case GEMINI -> new Case(client, """
          {
            // my settings
            "theme": "Dracula",
            "selectedAuthType": "gemini-api-key",
            "mcpServers": {
              "git": {
                "command": "uvx",
                "args": ["mcp-server-git"] // local git
              }
            },
            "usageStatisticsEnabled": false
          }
          """, """
          {
            // my settings
            "theme": "Dracula",
            "selectedAuthType": "gemini-api-key",
            "mcpServers": {
              "git": {
                "command": "uvx",
                "args": ["mcp-server-git"] // local git
              },
              "snap": {
                "command": "LAUNCHER",
                "args": ["serve"]
              }
            },
            "usageStatisticsEnabled": false
          }
          """);
      case CODEX -> new Case(client, """
          # Codex settings
          model = "gpt-5-codex"
          approval_policy = "on-request"

          [mcp_servers.context7]
          command = "npx"
          args = ["-y", "@upstash/context7-mcp"]

          [mcp_servers.context7.env]
          LOG = "info" # quiet

          # Profiles
          [profiles.fast]
          model = "gpt-5-mini"
          """, """
          # Codex settings
          model = "gpt-5-codex"
          approval_policy = "on-request"

          [mcp_servers.context7]
          command = "npx"
          args = ["-y", "@upstash/context7-mcp"]

          [mcp_servers.context7.env]
          LOG = "info" # quiet

          # Profiles
          [profiles.fast]
          model = "gpt-5-mini"

          [mcp_servers.snap]
          command = "LAUNCHER"
          args = ["serve"]
          """);
    };
  }

  /** A broken file of each client's format: the client could not read it either. */
  static String invalid(Client client) {
    return switch (client.syntax) {
      case TOML -> "[mcp_servers.context7]\ncommand = \"npx\"\n[mcp_servers.context7]\nargs = []\n"; // table twice
      default -> "{\n  \"mcpServers\": {\n    \"other\": { \"command\": \"x\" }\n"; // cut short
    };
  }
}
