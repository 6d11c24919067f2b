package com.techmart.cuj.micronaut;

import com.techmart.cuj.JourneyDefinition;
import com.techmart.cuj.JourneyRunner;
import com.techmart.cuj.StartedJourney;
import io.micronaut.aop.InterceptPhase;
import io.micronaut.aop.InterceptedMethod;
import io.micronaut.aop.InterceptorBean;
import io.micronaut.aop.MethodInterceptor;
import io.micronaut.aop.MethodInvocationContext;
import io.micronaut.context.BeanProvider;
import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.inject.ExecutableMethod;
import io.micronaut.tracing.opentelemetry.OpenTelemetryPropagationContext;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs methods annotated with {@link Journey} as journeys. Runs after validation (an invalid call
 * is no journey attempt) and outside caching, tracing and retries (a cached answer or a retried
 * call is still the journey).
 */
@Singleton
@InterceptorBean(Journey.class)
final class JourneyInterceptor implements MethodInterceptor<Object, Object> {

  /** Between {@link InterceptPhase#VALIDATE} and {@link InterceptPhase#CACHE}. */
  static final int ORDER = InterceptPhase.CACHE.getPosition() - 10;

  private final BeanProvider<JourneyRunner> runner;
  private final JourneySettings settings;
  private final ConversionService conversionService;
  private final Map<ExecutableMethod<?, ?>, JourneyDefinition> definitions = new ConcurrentHashMap<>();
  private volatile JourneyRunner resolved;

  JourneyInterceptor(BeanProvider<JourneyRunner> runner, JourneySettings settings,
      ConversionService conversionService) {
    this.runner = runner;
    this.settings = settings;
    this.conversionService = conversionService;
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Object intercept(MethodInvocationContext<Object, Object> context) {
    JourneyRunner journeys = settings.journeysOn() ? runner() : null;
    if (journeys == null) {
      return context.proceed();
    }
    JourneyDefinition definition = definitions.computeIfAbsent(
        context.getExecutableMethod(), method -> define(journeys, context));
    if (definition == null) {
      return context.proceed();
    }
    InterceptedMethod intercepted = InterceptedMethod.of(context, conversionService);
    StartedJourney journey = journeys.start(definition);
    PropagatedContext inJourney = PropagatedContext.getOrEmpty()
        .plus(new OpenTelemetryPropagationContext(journey.context()));
    try (PropagatedContext.Scope ignored = inJourney.propagate()) {
      switch (intercepted.resultType()) {
        case PUBLISHER:
          return intercepted.handleResult(
              ReactiveJourney.wrap(intercepted.interceptResultAsPublisher(), journey, inJourney));
        case COMPLETION_STAGE:
          CompletionStage<?> stage = intercepted.interceptResultAsCompletionStage();
          if (stage == null) {
            journey.succeed();
            return intercepted.handleResult(null);
          }
          return intercepted.handleResult(stage.whenComplete((value, error) -> end(journey, error)));
        case SYNCHRONOUS:
          Object result = context.proceed();
          journey.succeed();
          return result;
        default:
          journey.cancelled();
          return intercepted.unsupported();
      }
    } catch (RuntimeException | Error e) {
      journey.fail(e);
      if (e instanceof Error error) {
        throw error;
      }
      return intercepted.handleException((RuntimeException) e);
    }
  }

  private static void end(StartedJourney journey, Throwable error) {
    if (error == null) {
      journey.succeed();
    } else if (unwrap(error) instanceof CancellationException) {
      journey.cancelled();
    } else {
      journey.fail(error);
    }
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** The runner, or {@code null} in an application without an OpenTelemetry bean. */
  private JourneyRunner runner() {
    JourneyRunner r = resolved;
    if (r == null && runner.isPresent()) {
      r = runner.get();
      resolved = r;
    }
    return r;
  }

  private static JourneyDefinition define(JourneyRunner journeys, MethodInvocationContext<Object, Object> context) {
    AnnotationValue<Journey> annotation = context.getAnnotation(Journey.class);
    if (annotation == null) {
      return null;
    }
    String name = annotation.stringValue().orElse("");
    JourneyDefinition base;
    try {
      base = journeys.definition(name);
    } catch (IllegalArgumentException e) {
      // Normally caught by the compile-time check; without it, fail loudly on first call.
      throw new IllegalStateException("@Journey on " + context.getDeclaringType().getName() + "."
          + context.getMethodName() + ": " + e.getMessage(), e);
    }
    Class<?>[] expected = annotation.classValues("expected");
    if (expected.length == 0) {
      return base;
    }
    JourneyDefinition.Builder builder = base.toBuilder();
    for (Class<?> type : expected) {
      builder.expectedOutcome(type.asSubclass(Throwable.class));
    }
    return builder.build();
  }
}
