package io.veriregime.runtime.distill;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One PyTorch NDManager for a test class's loss computations ({@code @RegisterExtension static}),
 * offline as the stages run DJL, closed after the class.
 */
final class PyTorchManager implements BeforeAllCallback, AfterAllCallback {

  private NDManager manager;

  NDManager manager() {
    return manager;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    System.setProperty("ai.djl.offline", "true");
    manager = NDManager.newBaseManager("PyTorch");
  }

  @Override
  public void afterAll(ExtensionContext context) {
    manager.close();
  }
}
