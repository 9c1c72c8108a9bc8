package dev.snapmcp.e2e;

import com.microsoft.playwright.Page;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * On a failed test, keeps what a person needs to see why: a screenshot of every open page and the page console,
 * under {@code e2e/target/e2e/<class>.<test>-*}.
 */
final class FailureCapture implements TestWatcher {

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    Object instance = context.getTestInstance().orElse(null);
    if (!(instance instanceof SnapBrowserTest test) || test.browser == null) {
      return;
    }
    String name = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
    Path dir = SnapBrowserTest.artifactsDir();
    List<Page> pages = test.browser.pages();
    for (int i = 0; i < pages.size(); i++) {
      try {
        pages.get(i).screenshot(new Page.ScreenshotOptions().setPath(dir.resolve(name + "-page" + i + ".png")));
      } catch (RuntimeException e) {
        // A page that is gone cannot be photographed; the console still tells.
      }
    }
    try {
      Files.write(dir.resolve(name + "-console.log"), test.console());
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }
}
