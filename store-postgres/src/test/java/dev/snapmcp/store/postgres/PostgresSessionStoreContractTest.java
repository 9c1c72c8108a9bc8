package dev.snapmcp.store.postgres;

import dev.snapmcp.core.SessionStores;
import dev.snapmcp.core.testing.SessionStoreContract;
import dev.snapmcp.core.testing.TempStateDir;

/**
 * The PostgreSQL store keeps the store contract, unchanged: every test of {@link SessionStoreContract} on a fresh
 * schema of a real server (SNAP_MCP_PG_URL's, or an embedded one), opened by URL through core's {@link SessionStores}
 * as every command opens it.
 */
class PostgresSessionStoreContractTest extends SessionStoreContract {

  @Override
  protected Storage newStorage() {
    TestSchema schema = TestSchema.create();
    TempStateDir state = TempStateDir.create();
    return Storage.of(clock -> SessionStores.open(schema.url(), state.path(), clock), () -> {
      try {
        schema.close();
      } finally {
        state.close();
      }
    });
  }
}
