package dev.cordon.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the contract tests that each start from a fresh seed incident, because most of their
 * calls change the sandbox's state.
 */
abstract class SeedSandboxTest {
  SandboxClients sandbox;

  @BeforeEach
  final void startSeed() {
    sandbox = SandboxClients.seed();
  }

  @AfterEach
  final void stopSeed() {
    sandbox.close();
  }
}
