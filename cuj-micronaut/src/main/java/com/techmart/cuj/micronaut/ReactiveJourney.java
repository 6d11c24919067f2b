package com.techmart.cuj.micronaut;

import com.techmart.cuj.StartedJourney;
import io.micronaut.core.async.propagation.ReactorPropagation;
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.tracing.opentelemetry.OpenTelemetryPropagationContext;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;

/**
 * Ends a journey with the reactive stream that carries its result, and keeps the journey with the
 * stream wherever it runs: the journey is the propagated context while the stream is subscribed
 * (so {@code subscribeOn} and Micronaut's scheduler hook carry it), and it is in the Reactor
 * context (so Reactor's automatic context propagation restores it after every thread hop).
 */
final class ReactiveJourney {

  private ReactiveJourney() {}

  /**
   * {@code result} with a journey per subscription, started by {@code start} when a subscriber
   * arrives and ended with that subscriber's stream.
   */
  static Publisher<?> perSubscription(Publisher<?> result, Supplier<StartedJourney> start,
      PropagatedContext caller) {
    if (result instanceof Mono<?> mono) {
      return Mono.defer(() -> {
        StartedJourney journey = start.get();
        return wrap(mono, journey, caller.plus(new OpenTelemetryPropagationContext(journey.context())));
      });
    }
    Flux<?> flux = Flux.from(result);
    return Flux.defer(() -> {
      StartedJourney journey = start.get();
      return wrap(flux, journey, caller.plus(new OpenTelemetryPropagationContext(journey.context())));
    });
  }

  static <T> Mono<T> wrap(Mono<T> mono, StartedJourney journey, PropagatedContext inJourney) {
    return new SubscribeInMono<>(mono, inJourney)
        .doOnSuccess(value -> journey.succeed())
        .doOnError(journey::fail)
        .doOnCancel(journey::cancelled)
        .contextWrite(ctx -> ReactorPropagation.addPropagatedContext(ctx, inJourney));
  }

  static <T> Flux<T> wrap(Flux<T> flux, StartedJourney journey, PropagatedContext inJourney) {
    return new SubscribeInFlux<>(flux, inJourney)
        .doOnComplete(journey::succeed)
        .doOnError(journey::fail)
        .doOnCancel(journey::cancelled)
        .contextWrite(ctx -> ReactorPropagation.addPropagatedContext(ctx, inJourney));
  }

  private static final class SubscribeInMono<T> extends MonoOperator<T, T> {
    private final PropagatedContext context;

    SubscribeInMono(Mono<? extends T> source, PropagatedContext context) {
      super(source);
      this.context = context;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
      try (PropagatedContext.Scope ignored = context.propagate()) {
        source.subscribe(actual);
      }
    }
  }

  private static final class SubscribeInFlux<T> extends FluxOperator<T, T> {
    private final PropagatedContext context;

    SubscribeInFlux(Flux<? extends T> source, PropagatedContext context) {
      super(source);
      this.context = context;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
      try (PropagatedContext.Scope ignored = context.propagate()) {
        source.subscribe(actual);
      }
    }
  }
}
