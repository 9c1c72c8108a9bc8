package dev.snapmcp.bridge;

import java.util.List;
import java.util.Locale;

/** Which WebSocket origins may connect: exact origins, or {@code scheme://host:*} for any port of a host. */
final class OriginPolicy {

  private final List<String> patterns;

  OriginPolicy(List<String> patterns) {
    this.patterns = patterns.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
  }

  boolean allows(String origin) {
    if (origin == null || origin.isBlank()) {
      return false;
    }
    String o = origin.trim().toLowerCase(Locale.ROOT);
    for (String p : patterns) {
      if (p.endsWith(":*")) {
        String base = p.substring(0, p.length() - 2);
        if (o.equals(base)) {
          return true;
        }
        if (o.startsWith(base + ":") && isPort(o.substring(base.length() + 1))) {
          return true;
        }
      } else if (o.equals(p)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isPort(String s) {
    if (s.isEmpty() || s.length() > 5) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
