package com.techmart.cuj.spi;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * {@link GlobalOpenTelemetry} without its first-use trap: {@code GlobalOpenTelemetry.get()} called
 * before the application registers its SDK installs a no-op for good (and the later registration
 * fails). Code that runs early (a static runner, a servlet filter's {@code init}) asks here
 * instead: {@link #getIfSet()} answers {@code null} until something is registered, so the caller
 * can run without telemetry for now and ask again later.
 */
public final class GlobalTelemetry {

  private static final String AUTOCONFIGURE_PROPERTY = "otel.java.global-autoconfigure.enabled";
  private static final VarHandle GLOBAL = globalField();

  private GlobalTelemetry() {}

  /**
   * The registered global {@link OpenTelemetry}, or {@code null} while none is registered. When
   * global autoconfiguration is switched on, asking registers it, as {@code get()} would.
   */
  public static OpenTelemetry getIfSet() {
    if (GLOBAL == null || autoconfigureEnabled() || CujSetup.underJavaAgent()) {
      // Under the Java agent the SDK is registered before any application code runs, and the
      // agent answers get() itself (this class's field stays null), so get() is safe and right.
      // Without a way to look, behave as before (the first answer may be a no-op for good).
      return GlobalOpenTelemetry.get();
    }
    return GLOBAL.getVolatile() == null ? null : GlobalOpenTelemetry.get();
  }

  private static boolean autoconfigureEnabled() {
    String property = System.getProperty(AUTOCONFIGURE_PROPERTY);
    if (property == null) {
      property = System.getenv("OTEL_JAVA_GLOBAL_AUTOCONFIGURE_ENABLED");
    }
    return Boolean.parseBoolean(property);
  }

  private static VarHandle globalField() {
    try {
      Class<?> type = GlobalOpenTelemetry.class;
      for (var field : type.getDeclaredFields()) {
        if (field.getName().equals("globalOpenTelemetry")) {
          return MethodHandles.privateLookupIn(type, MethodHandles.lookup())
              .findStaticVarHandle(type, field.getName(), field.getType());
        }
      }
      return null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      // A later API version or a module that is not open: fall back to GlobalOpenTelemetry.get().
      return null;
    }
  }
}
