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
import com.techmart.cuj.spi.JourneyOutcome;
import io.opentelemetry.context.Context;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.reactivestreams.Publisher;
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
    Context parent = Context.current();
    StartedJourney running = StartedJourney.fromContext(parent).orElse(null);
    if (running != null && running.definition().name().equals(definition.name())) {
      // Same name as the journey it runs in (e.g. the HTTP handler journey of the server filter):
      // it joins that one, which ends once, where it began.
      return context.proceed();
    }
    InterceptedMethod intercepted = InterceptedMethod.of(context, conversionService);
    switch (intercepted.resultType()) {
      case PUBLISHER:
        return publisher(journeys, definition, intercepted, parent);
      case COMPLETION_STAGE:
        return stage(journeys, definition, intercepted, parent);
      case SYNCHRONOUS:
        return synchronous(journeys, definition, context, parent);
      default:
        return intercepted.unsupported();
    }
  }

  private static Object synchronous(JourneyRunner journeys, JourneyDefinition definition,
      MethodInvocationContext<Object, Object> context, Context parent) {
    StartedJourney journey = journeys.start(definition, parent);
    Object result;
    try (PropagatedContext.Scope ignored = inJourney(journey).propagate()) {
      result = context.proceed();
    } catch (Throwable e) {
      // Checked exceptions too: the proxy rethrows them undeclared, and they fail the journey.
      journey.fail(e);
      throw Sneaky.<RuntimeException>rethrow(e);
    }
    journey.succeed();
    return result;
  }

  private static Object stage(JourneyRunner journeys, JourneyDefinition definition,
      InterceptedMethod intercepted, Context parent) {
    StartedJourney journey = journeys.start(definition, parent);
    CompletionStage<?> stage;
    try (PropagatedContext.Scope ignored = inJourney(journey).propagate()) {
      stage = intercepted.interceptResultAsCompletionStage();
    } catch (Throwable e) {
      journey.fail(e);
      return failed(intercepted, e);
    }
    if (stage == null) {
      journey.end(JourneyOutcome.nullResult(definition));
      return null; // what the method returned
    }
    CompletionStage<?> ended = stage.whenComplete((value, error) -> {
      if (error == null) {
        journey.succeed();
      } else {
        journey.fail(error);
      }
    });
    if (ended instanceof CompletableFuture<?> future) {
      // The caller cancelling the stage it got is a cancellation of the journey.
      future.whenComplete((value, error) -> {
        if (error instanceof CancellationException) {
          journey.fail(error);
        }
      });
    }
    return intercepted.handleResult(ended);
  }

  /**
   * A reactive journey starts per subscription: the method runs now, in the caller's context, and
   * each subscriber gets a journey of its own (a retry is a new attempt); a publisher nobody
   * subscribes to opens nothing.
   */
  private static Object publisher(JourneyRunner journeys, JourneyDefinition definition,
      InterceptedMethod intercepted, Context parent) {
    Publisher<?> source;
    try {
      source = intercepted.interceptResultAsPublisher();
    } catch (Throwable e) {
      journeys.start(definition, parent).fail(e);
      return failed(intercepted, e);
    }
    if (source == null) {
      journeys.start(definition, parent).end(JourneyOutcome.nullResult(definition));
      return null; // what the method returned
    }
    PropagatedContext caller = PropagatedContext.getOrEmpty();
    return intercepted.handleResult(ReactiveJourney.perSubscription(source,
        () -> journeys.start(definition, parent), caller));
  }

  /** What Micronaut hands the caller for {@code e}: a failed stage or publisher, as without CUJ. */
  private static Object failed(InterceptedMethod intercepted, Throwable e) {
    if (e instanceof RuntimeException runtime) {
      return intercepted.handleException(runtime);
    }
    throw Sneaky.<RuntimeException>rethrow(e);
  }

  private static PropagatedContext inJourney(StartedJourney journey) {
    return PropagatedContext.getOrEmpty().plus(new OpenTelemetryPropagationContext(journey.context()));
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
    return define(journeys, context.getAnnotation(Journey.class),
        context.getDeclaringType().getName() + "." + context.getMethodName());
  }

  /** The definition a {@code @Journey} annotation declares, or {@code null} without one. */
  static JourneyDefinition define(JourneyRunner journeys, AnnotationValue<Journey> annotation, String where) {
    if (annotation == null) {
      return null;
    }
    String name = annotation.stringValue().orElse("");
    JourneyDefinition base;
    try {
      base = journeys.definition(name);
    } catch (IllegalArgumentException e) {
      // Normally caught by the compile-time check; without it, fail loudly on first call.
      throw new IllegalStateException("@Journey on " + where + ": " + e.getMessage(), e);
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
