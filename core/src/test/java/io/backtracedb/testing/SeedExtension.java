package io.backtracedb.testing;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Gives test methods a seeded {@link Random} parameter and names the seed when the test fails, so
 * the failure replays with {@code -Dbacktrace.seed=<seed>}.
 */
public final class SeedExtension implements ParameterResolver, TestExecutionExceptionHandler {

  /** The system property that fixes the seed. */
  public static final String SEED_PROPERTY = "backtrace.seed";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SeedExtension.class);

  /** The seed from {@code -Dbacktrace.seed}, or a fresh random one. */
  public static long seed() {
    String fixed = System.getProperty(SEED_PROPERTY);
    return fixed == null || fixed.isBlank()
        ? ThreadLocalRandom.current().nextLong()
        : Long.parseLong(fixed.trim());
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Random.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    long seed = seed();
    context.getStore(NAMESPACE).put("seed", seed);
    return new Random(seed);
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    Long seed = context.getStore(NAMESPACE).get("seed", Long.class);
    if (seed != null) {
      String replay = "random seed " + seed + ": replay with -D" + SEED_PROPERTY + "=" + seed;
      failure.addSuppressed(new SeedReport(replay));
      System.err.println(context.getDisplayName() + " failed with " + replay);
    }
    throw failure;
  }

  /** Carries the seed of a failed test in its stack trace. */
  private static final class SeedReport extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SeedReport(String message) {
      super(message, null, false, false);
    }
  }
}
