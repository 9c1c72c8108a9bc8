package dev.snapmcp.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The filtered version reaches Java (the extension's copies are checked in transport-netty's ExtensionCopiesTest). */
class VersionTest {

  @Test
  void theBuildFilledInTheParentPomsVersion() {
    assertTrue(Version.CURRENT.matches("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?"), Version.CURRENT);
  }
}
