package dev.snapmcp.mcp.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where {@code serve --http [HOST:]PORT} listens: {@code 8080} is {@code 127.0.0.1:8080}; a host is a name or an
 * address ({@code [::1]:8080} for IPv6); port 0 takes a free one.
 *
 * @param host as given (brackets removed), {@code 127.0.0.1} when only a port was given
 * @param port 0 to 65535
 * @param publicUrl {@code serve --public-url}: the address clients reach this server by through a reverse proxy
 *     ({@code https://snap.school.example}), whose name the {@code Host} header then carries; or null
 */
public record HttpAddress(String host, int port, URI publicUrl) {

  public static final String DEFAULT_HOST = "127.0.0.1";

  public HttpAddress {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("no host");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
    }
  }

  public HttpAddress(String host, int port) {
    this(host, port, null);
  }

  /**
   * This address reached through a reverse proxy at {@code url} ({@code http(s)://NAME[:PORT]}, no path); throws
   * {@link IllegalArgumentException} saying what is wrong.
   */
  public HttpAddress withPublicUrl(String url) {
    try {
      URI uri = new URI(url == null ? "" : url.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String path = uri.getRawPath();
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null
          || uri.getRawQuery() != null || uri.getRawFragment() != null || path != null && !path.isEmpty()
          && !path.equals("/")) {
        throw new IllegalArgumentException("'" + url + "' is not http(s)://NAME[:PORT], e.g. https://snap.school.example");
      }
      return new HttpAddress(host, port, new URI(scheme, null, uri.getHost().toLowerCase(Locale.ROOT), uri.getPort(),
          null, null, null));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + url + "' is not a URL: " + e.getReason());
    }
  }

  /**
   * Whether every client needs a key: bound beyond loopback, or reached through a proxy (whose clients arrive from
   * loopback but may be anywhere).
   */
  public boolean keyRequired() {
    return publicUrl != null || !isLoopback();
  }

  /** The public URL's port: as written, else its scheme's (443 or 80). */
  int publicPort() {
    return publicUrl.getPort() >= 0 ? publicUrl.getPort() : "https".equals(publicUrl.getScheme()) ? 443 : 80;
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
