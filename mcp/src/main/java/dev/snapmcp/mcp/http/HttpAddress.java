package dev.snapmcp.mcp.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where {@code serve --http [HOST:]PORT} listens: {@code 8080} is {@code 127.0.0.1:8080}; a host is a name or an
 * address ({@code [::1]:8080} for IPv6); port 0 takes a free one.
 *
 * @param host as given (brackets removed), {@code 127.0.0.1} when only a port was given
 * @param port 0 to 65535
 */
public record HttpAddress(String host, int port) {

  public static final String DEFAULT_HOST = "127.0.0.1";

  public HttpAddress {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("no host");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
    }
  }

  /** Parses {@code [HOST:]PORT}; throws {@link IllegalArgumentException} saying what is wrong. */
  public static HttpAddress parse(String text) {
    String given = text == null ? "" : text.strip();
    String host = DEFAULT_HOST;
    String port = given;
    int colon = given.lastIndexOf(':');
    if (given.startsWith("[")) {
      int close = given.indexOf(']');
      if (close < 0 || close + 1 >= given.length() || given.charAt(close + 1) != ':') {
        throw new IllegalArgumentException("'" + given + "' is not [IPv6]:PORT");
      }
      host = given.substring(1, close);
      port = given.substring(close + 2);
    } else if (colon >= 0) {
      if (given.indexOf(':') != colon) {
        throw new IllegalArgumentException("'" + given + "': write an IPv6 address in brackets, [::1]:8080");
      }
      host = given.substring(0, colon);
      port = given.substring(colon + 1);
    }
    if (!port.matches("[0-9]{1,5}")) {
      throw new IllegalArgumentException("'" + given + "' is not [HOST:]PORT (a port is a number, e.g. 8080)");
    }
    return new HttpAddress(host, Integer.parseInt(port));
  }

  /**
   * Whether every address the host names is a loopback one: only then is a key optional. A name that cannot be
   * resolved counts as beyond loopback.
   */
  public boolean isLoopback() {
    try {
      InetAddress[] all = InetAddress.getAllByName(host);
      for (InetAddress address : all) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return all.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The host as it appears in a URL or a {@code Host} header (IPv6 in brackets). */
  String urlHost() {
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
