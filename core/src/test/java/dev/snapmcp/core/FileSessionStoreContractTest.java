package dev.snapmcp.core;

import dev.snapmcp.core.testing.SessionStoreContract;
import dev.snapmcp.core.testing.TempStateDir;

/** The file store keeps the store contract: every test of {@link SessionStoreContract} on a fresh state folder. */
class FileSessionStoreContractTest extends SessionStoreContract {

  @Override
  protected Storage newStorage() {
    TempStateDir state = TempStateDir.create();
    return Storage.of(clock -> SessionStores.open(state.path(), clock), state::close);
  }
}
