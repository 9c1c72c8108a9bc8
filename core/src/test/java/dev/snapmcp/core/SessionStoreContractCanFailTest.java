package dev.snapmcp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.snapmcp.core.testing.SessionStoreContract;
import dev.snapmcp.core.testing.TempStateDir;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The store contract can fail: run against a file store that breaks one promise, exactly the contract's tests about
 * that promise fail and every other one passes. (The broken contracts are nested classes, which surefire does not run
 * by itself; this test runs them through the JUnit Platform launcher.)
 */
class SessionStoreContractCanFailTest {

  @Test
  void aStoreThatForgetsTheLateCloseRuleFailsTheLateCloseTest() {
    assertEquals(Set.of("lateCloseOfAReplacedConnectionLeavesSessionConnected"), failures(LateCloseForgotten.class));
  }

  @Test
  void aStoreWhoseAwaitDoesNotWaitFailsTheAwaitTests() {
    assertEquals(Set.of("awaitTimesOutWithAClearError", "awaitWakesOnAnotherStoresCommit"),
        failures(AwaitThatDoesNotWait.class));
  }

  /** Closes every connection named, current or not: a late close of a replaced socket disconnects the session. */
  static class LateCloseForgotten extends SessionStoreContract {
    @Override
    protected Storage newStorage() {
      return broken(store -> new ForwardingStore(store) {
        @Override
        public Session markDisconnected(String id, String connectionId, String reason) {
          Session s = super.markDisconnected(id, connectionId, reason);
          return !s.connected() ? s : update(id, x -> new Session(x.id(), x.tokenHash(), x.createdAt(), x.expiresAt(),
              x.revoked(), false, x.connectionId(), x.connectedAt(), x.lastSeenAt(), x.lastSeenAt(), x.client(),
              x.history()));
        }
      });
    }
  }

  /** Looks once and returns the session, whether or not the condition holds. */
  static class AwaitThatDoesNotWait extends SessionStoreContract {
    @Override
    protected Storage newStorage() {
      return broken(store -> new ForwardingStore(store) {
        @Override
        public Session await(String id, Predicate<Session> condition, Duration timeout) {
          Session s = get(id).orElseThrow(() -> new StoreException(StoreException.Kind.NOT_FOUND, "no session " + id));
          condition.test(s);
          return s;
        }
      });
    }
  }

  private static SessionStoreContract.Storage broken(UnaryOperator<SessionStore> breakIt) {
    TempStateDir state = TempStateDir.create();
    return SessionStoreContract.Storage.of(clock -> breakIt.apply(SessionStores.open(state.path(), clock)),
        state::close);
  }

  /** Runs a contract class and returns the names of its tests that did not pass; checks that some did pass. */
  private static Set<String> failures(Class<? extends SessionStoreContract> contract) {
    Set<String> failed = new TreeSet<>();
    AtomicInteger passed = new AtomicInteger();
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request().selectors(DiscoverySelectors.selectClass(contract)).build();
    LauncherFactory.create().execute(request, new TestExecutionListener() {
      @Override
      public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!test.isTest()) {
          return;
        }
        if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
          passed.incrementAndGet();
        } else {
          synchronized (failed) {
            failed.add(test.getSource().map(s -> ((MethodSource) s).getMethodName()).orElse(test.getDisplayName()));
          }
        }
      }
    });
    assertTrue(passed.get() > 20, "the rest of the contract passes: " + passed.get());
    return failed;
  }

  /** A store that does what the file store does, except where a subclass breaks it. */
  private static class ForwardingStore implements SessionStore {
    private final SessionStore delegate;

    ForwardingStore(SessionStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public Path file() {
      return delegate.file();
    }

    @Override
    public Path stateDir() {
      return delegate.stateDir();
    }

    @Override
    public NewSession create(Duration ttl) {
      return delegate.create(ttl);
    }

    @Override
    public Optional<Session> get(String id) {
      return delegate.get(id);
    }

    @Override
    public List<Session> list() {
      return delegate.list();
    }

    @Override
    public Session update(String id, UnaryOperator<Session> change) {
      return delegate.update(id, change);
    }

    @Override
    public Session markConnected(String id, String connectionId, ClientInfo client) {
      return delegate.markConnected(id, connectionId, client);
    }

    @Override
    public Session markDisconnected(String id, String connectionId, String reason) {
      return delegate.markDisconnected(id, connectionId, reason);
    }

    @Override
    public void touch(String id, String connectionId) {
      delegate.touch(id, connectionId);
    }

    @Override
    public TokenCheck verifyToken(String id, String token) {
      return delegate.verifyToken(id, token);
    }

    @Override
    public boolean revoke(String id) {
      return delegate.revoke(id);
    }

    @Override
    public int purgeExpired() {
      return delegate.purgeExpired();
    }

    @Override
    public int importSessions(Path source) {
      return delegate.importSessions(source);
    }

    @Override
    public Optional<BridgeRecord> bridge() {
      return delegate.bridge();
    }

    @Override
    public Optional<BridgeRecord> claimBridge(BridgeRecord mine, Predicate<BridgeRecord> isLive) {
      return delegate.claimBridge(mine, isLive);
    }

    @Override
    public boolean heartbeatBridge(long pid) {
      return delegate.heartbeatBridge(pid);
    }

    @Override
    public void releaseBridge(long pid) {
      delegate.releaseBridge(pid);
    }

    @Override
    public Session await(String id, Predicate<Session> condition, Duration timeout) {
      return delegate.await(id, condition, timeout);
    }

    @Override
    public long revision() {
      return delegate.revision();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
