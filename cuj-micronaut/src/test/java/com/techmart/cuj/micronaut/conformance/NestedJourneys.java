package com.techmart.cuj.micronaut.conformance;

import com.techmart.cuj.micronaut.Journey;
import com.techmart.cuj.testing.conformance.JourneyConformanceSuite;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.function.Supplier;

/** Beans with journeys of their own, called from inside another journey. */
@Singleton
@Requires(property = "test.role", value = "conformance")
class NestedJourneys {

  @Journey(JourneyConformanceSuite.OTHER_JOURNEY)
  String other(Supplier<String> work) {
    return work.get();
  }

  @Journey(JourneyConformanceSuite.JOURNEY)
  String same(Supplier<String> work) {
    return work.get();
  }
}
