package dev.snapmcp.mcp.http;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every HTTP request must pass before either era's transport sees it, in this order:
 *
 * <ol>
 *   <li>{@code Host} names this server: a loopback name or address ({@code localhost}, {@code 127.0.0.1}, {@code
 *       [::1]}) or the address it was bound to (on a wildcard address: any address of this machine's interfaces, or
 *       its host name), always with the port it listens on. Otherwise 403: a page that rebound a name of its own to
 *       127.0.0.1 (DNS rebinding) sends its own name.
 *       With {@code serve --public-url}, the public URL's name (and port, or none for its scheme's) passes too: a
 *       reverse proxy passes the name its clients asked for.
 *   <li>{@code Origin}, when there is one (a browser's request), is a loopback origin of this port, or the public
 *       URL's origin. Otherwise 403. Clients that are not browsers send none.
 *   <li>A key ({@code Authorization: Bearer KEY}, one of {@link HttpKeys}): required when the server is bound beyond
 *       loopback or reached through a proxy ({@code --public-url}); on loopback optional, but a key that is given must be a valid one (a revoked or mistyped key is
 *       refused rather than ignored, so a client configured with it learns at once). Otherwise 401 with {@code
 *       WWW-Authenticate: Bearer}.
 * </ol>
 */
final class RequestGuard {

  private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);
  private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

  /** Why a request is refused: its HTTP status and one line for the client (never a key). */
  record Refusal(int status, String message) {}

  private final HttpKeys keys;
  private final boolean keyRequired;
  private final Set<String> hostNames;
  private final HttpAddress address;
  private volatile int port;

  /**
   * @param address where the server was asked to listen
   * @param keys the stored keys
   */
  RequestGuard(HttpAddress address, HttpKeys keys) {
    this.keys = keys;
    this.keyRequired = address.keyRequired();
    this.hostNames = hostNames(address);
    this.address = address;
  }

  /** The port the server listens on (known once it is bound, when 0 was asked for). */
  void port(int port) {
    this.port = port;
  }

  boolean keyRequired() {
    return keyRequired;
  }

  /** The refusal for {@code request}, or null when it may pass. */
  Refusal check(HttpServletRequest request) {
    String host = request.getHeader("Host");
    if (!hostAllowed(host)) {
      LOG.warn("refused a request for Host {} (DNS rebinding protection)", clip(host));
      return new Refusal(403, "Forbidden: this server does not serve the host " + clip(host));
    }
    String origin = request.getHeader("Origin");
    if (origin != null && !originAllowed(origin)) {
      LOG.warn("refused a request from Origin {}", clip(origin));
      return new Refusal(403, "Forbidden: requests from the origin " + clip(origin) + " are not allowed");
    }
    String authorization = request.getHeader("Authorization");
    if (authorization == null) {
      return keyRequired ? new Refusal(401, "Unauthorized: this server needs a key (Authorization: Bearer KEY; "
          + "make one with 'snap-mcp key new')") : null;
    }
    String key = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).strip() : null;
    try {
      if (key != null && keys.accepts(key)) {
        return null;
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("cannot read the keys: {}", e.getMessage());
      return new Refusal(500, "Internal error: the server cannot read its keys");
    }
    LOG.warn("refused a request with an unknown or revoked key");
    return new Refusal(401, "Unauthorized: the key is not valid (revoked, or mistyped)");
  }

  private boolean hostAllowed(String host) {
    if (host == null) {
      return false;
    }
    String lower = host.strip().toLowerCase(Locale.ROOT);
    int colon = lower.lastIndexOf(':');
    String name = lower;
    int given = -1; // none: the scheme's
    if (colon > lower.lastIndexOf(']')) {
      name = lower.substring(0, colon);
      try {
        given = Integer.parseInt(lower.substring(colon + 1));
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return (given < 0 ? 80 : given) == port && (LOOPBACK_NAMES.contains(name) || hostNames.contains(name))
        || isPublic(name, given);
  }

  /** Whether {@code name} and {@code port} (-1: none given) are the public URL's. */
  private boolean isPublic(String name, int given) {
    return address.publicUrl() != null && name.equals(address.publicUrl().getHost())
        && (given < 0 ? address.publicUrl().getPort() < 0 : given == address.publicPort());
  }

  private boolean originAllowed(String origin) {
    try {
      URI uri = new URI(origin);
      String scheme = uri.getScheme();
      String host = uri.getHost();
      if (host == null || !("http".equals(scheme) || "https".equals(scheme)) || uri.getRawPath() != null
          && !uri.getRawPath().isEmpty()) {
        return false;
      }
      int given = uri.getPort() >= 0 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
      String name = host.toLowerCase(Locale.ROOT);
      boolean isPublic = address.publicUrl() != null && scheme.equals(address.publicUrl().getScheme())
          && name.equals(address.publicUrl().getHost()) && given == address.publicPort();
      return given == port && LOOPBACK_NAMES.contains(name) || isPublic;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** The names a {@code Host} header may carry besides the loopback ones. */
  private static Set<String> hostNames(HttpAddress address) {
    Set<String> names = new HashSet<>();
    names.add(address.urlHost().toLowerCase(Locale.ROOT));
    try {
      InetAddress bound = InetAddress.getByName(address.host());
      if (bound.isAnyLocalAddress()) {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
          for (InetAddress a : Collections.list(nic.getInetAddresses())) {
            names.add(literal(a));
          }
        }
        InetAddress self = InetAddress.getLocalHost();
        names.add(self.getHostName().toLowerCase(Locale.ROOT));
        names.add(self.getCanonicalHostName().toLowerCase(Locale.ROOT));
      } else {
        names.add(literal(bound));
      }
    } catch (IOException e) {
      LOG.debug("host names of {}: {}", address.host(), e.getMessage());
    }
    return Set.copyOf(names);
  }

  private static String literal(InetAddress address) {
    String text = address.getHostAddress();
    int zone = text.indexOf('%');
    text = zone < 0 ? text : text.substring(0, zone);
    return (text.contains(":") ? "[" + text + "]" : text).toLowerCase(Locale.ROOT);
  }

  /** A header as it may appear in a log or an answer: short, printable. */
  private static String clip(String value) {
    if (value == null) {
      return "(none)";
    }
    String printable = value.codePoints().filter(c -> c >= 0x20 && c < 0x7f)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    return printable.length() > 100 ? printable.substring(0, 100) + "…" : printable;
  }
}
