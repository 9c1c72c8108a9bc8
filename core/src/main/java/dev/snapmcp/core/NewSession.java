package dev.snapmcp.core;

import java.util.Objects;

/**
 * A session just created, with its token: the only time the token exists outside the browser. Never log it.
 *
 * @param session the stored session
 * @param token the secret the browser presents in its hello (base64url, 256 bits from SecureRandom)
 */
public record NewSession(Session session, String token) {

  public NewSession {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(token, "token");
  }

  /** Keeps the token out of logs and stack traces. */
  @Override
  public String toString() {
    return "NewSession[session=" + session.id() + ", token=<hidden>]";
  }
}
