package dev.snapmcp.mcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.snapmcp.bridge.protocol.Protocol;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code serve}'s quick parse takes only the plain forms and leaves everything else to picocli. */
class ServeCommandTest {

  @Test
  void thePlainFormsAreReadWithoutPicocli() {
    ServeCommand serve = ServeCommand.parseQuickly(new String[] {"serve", "--port", "8000", "--state-dir=/tmp/s"});
    assertEquals(8000, serve.port);
    assertEquals(Path.of("/tmp/s"), serve.stateDir.stateDir);
    ServeCommand defaults = ServeCommand.parseQuickly(new String[] {"serve"});
    assertEquals(Protocol.DEFAULT_PORT, defaults.port);
    assertNull(defaults.stateDir.stateDir);
    assertEquals(9, ServeCommand.parseQuickly(new String[] {"serve", "--port=9", "--state-dir", "d"}).port);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"serve --help", "serve -h", "serve --port", "serve --port x", "serve --port -1",
    "serve --port 123456", "serve --state-dir", "serve --state-dir --port", "serve extra", "serve --http 8080",
    "status", "serve --port= 1", "serve --port 1 --port 2"})
  void anythingElseGoesToPicocli(String line) {
    assertNull(ServeCommand.parseQuickly(line.split(" ")));
  }
}
