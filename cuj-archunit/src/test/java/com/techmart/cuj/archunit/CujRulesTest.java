package com.techmart.cuj.archunit;

import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.archunit.fixtures.CleanService;
import com.techmart.cuj.archunit.fixtures.ForgottenEndpointController;
import com.techmart.cuj.archunit.fixtures.GoodController;
import com.techmart.cuj.archunit.fixtures.HandWrittenAttributes;
import com.techmart.cuj.archunit.fixtures.InventoryClient;
import com.techmart.cuj.archunit.fixtures.OwnSdk;
import com.techmart.cuj.archunit.fixtures.ReadsJourneyAttributes;
import com.techmart.cuj.archunit.fixtures.SdkWithJourneyProcessor;
import com.techmart.cuj.archunit.fixtures.downstream.ReservationController;
import com.techmart.cuj.archunit.fixtures.downstream.UnknownContinuation;
import com.techmart.cuj.archunit.fixtures.UnknownJourneys;
import com.techmart.cuj.archunit.fixtures.UnreachableJourneys;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule against a fixture that breaks it and one that keeps it; the messages say what to do. */
class CujRulesTest {

  private static JavaClasses classes(Class<?>... types) {
    return new ClassFileImporter().importClasses(types);
  }

  private static List<String> violations(ArchRule rule, Class<?>... types) {
    EvaluationResult result = rule.evaluate(classes(types));
    return result.getFailureReport().getDetails();
  }

  @Test
  void journeyNamesMustBeValidAndInTheCatalogue() {
    List<String> found = violations(CujRules.JOURNEY_NAMES_ARE_IN_THE_CATALOGUE, UnknownJourneys.class);
    assertThat(found).hasSize(2);
    assertThat(found).anySatisfy(m -> assertThat(m)
        .contains("runs journey 'newsletter-signup', which the catalogue does not list [checkout, order-lookup, order-update]")
        .contains("add it to the catalogue"));
    assertThat(found).anySatisfy(m -> assertThat(m)
        .contains("uses journey name 'Check Out'").contains("lowercase kebab-case"));
    assertThat(violations(CujRules.JOURNEY_NAMES_ARE_IN_THE_CATALOGUE, GoodController.class)).isEmpty();
  }

  @Test
  void journeyMustSitWhereTheInterceptorReachesIt() {
    List<String> found = violations(CujRules.JOURNEYS_ONLY_ON_INTERCEPTABLE_METHODS,
        UnreachableJourneys.class, UnreachableJourneys.FinalBean.class);
    assertThat(found).hasSize(4);
    assertThat(found).anySatisfy(m -> assertThat(m).contains("hidden()").contains("is private")
        .contains("make it a public, non-final method of a non-final bean"));
    assertThat(found).anySatisfy(m -> assertThat(m).contains("statically()").contains("is static"));
    assertThat(found).anySatisfy(m -> assertThat(m).contains("sealed()").contains("is final"));
    assertThat(found).anySatisfy(m -> assertThat(m).contains("is declared in final class FinalBean"));
    assertThat(violations(CujRules.JOURNEYS_ONLY_ON_INTERCEPTABLE_METHODS, GoodController.class)).isEmpty();
  }

  @Test
  void everyStateChangingEndpointRunsAJourneyOrSaysWhyNot() {
    List<String> found = violations(CujRules.STATE_CHANGING_ENDPOINTS_RUN_A_JOURNEY, ForgottenEndpointController.class);
    assertThat(found).singleElement().satisfies(m -> assertThat(m)
        .contains("endpoint POST /api/payments")
        .contains("changes state but runs no journey")
        .contains("@Journey(\"...\")").contains("@NotAJourney(\"why\")"));
    // Annotated, catalogue-routed (PUT /api/orders/{id}) and explicitly exempted endpoints pass.
    assertThat(violations(CujRules.STATE_CHANGING_ENDPOINTS_RUN_A_JOURNEY, GoodController.class)).isEmpty();
  }

  @Test
  void declarativeHttpClientsAreCallsOutNotEndpoints() {
    assertThat(violations(CujRules.STATE_CHANGING_ENDPOINTS_RUN_A_JOURNEY, InventoryClient.class)).isEmpty();
  }

  @Test
  void applicationCodeDoesNotWriteJourneyKeysByHand() {
    List<String> found = violations(CujRules.NO_HAND_WRITTEN_JOURNEY_ATTRIBUTES, HandWrittenAttributes.class);
    assertThat(found).anySatisfy(m -> assertThat(m).contains("writes \"cuj.name\" by hand")
        .contains("run the code as a journey"));
    assertThat(found).anySatisfy(m -> assertThat(m).contains("writes \"cuj.critical\" by hand"));
    assertThat(found).anySatisfy(m -> assertThat(m).contains("writes JourneyAttributes.CUJ_NAME by hand")
        .contains("HandWrittenAttributes.java:"));
    assertThat(found).hasSize(3);
    assertThat(violations(CujRules.NO_HAND_WRITTEN_JOURNEY_ATTRIBUTES, CleanService.class, GoodController.class)).isEmpty();
  }

  @Test
  void readingJourneyKeysIsNotWritingThem() {
    // The public JourneyAttributes is there to be read: a log enricher, a test, an outcome check.
    assertThat(violations(CujRules.NO_HAND_WRITTEN_JOURNEY_ATTRIBUTES, ReadsJourneyAttributes.class)).isEmpty();
  }

  @Test
  void applicationCodeDoesNotBuildItsOwnSdk() {
    List<String> found = violations(CujRules.NO_OWN_OPENTELEMETRY_SDK, OwnSdk.class);
    assertThat(found).singleElement().satisfies(m -> assertThat(m)
        .contains("OpenTelemetrySdk.builder()").contains(OwnSdk.class.getName())
        .contains("without the journey span processor")
        .contains("inject the framework's OpenTelemetry")
        .contains("addSpanProcessor(JourneySpanProcessor.create(catalogue))"));
    assertThat(violations(CujRules.NO_OWN_OPENTELEMETRY_SDK, CleanService.class)).isEmpty();
  }

  @Test
  void theSdkSetupOfCoresReadmePasses() {
    assertThat(violations(CujRules.NO_OWN_OPENTELEMETRY_SDK, SdkWithJourneyProcessor.class)).isEmpty();
  }

  @Test
  void aDownstreamEndpointMayContinueItsCallersJourney() {
    assertThat(violations(CujRules.STATE_CHANGING_ENDPOINTS_RUN_A_JOURNEY, ReservationController.class)).isEmpty();
    assertThat(violations(CujRules.STATE_CHANGING_ENDPOINTS_RUN_A_JOURNEY, UnknownContinuation.class))
        .singleElement().satisfies(m -> assertThat(m)
            .contains("continues journey 'newsletter-signup', which the catalogue does not list")
            .contains("add it to this service's catalogue"));
    // The message for a bare endpoint names the way out for a downstream service too.
    assertThat(violations(CujRules.STATE_CHANGING_ENDPOINTS_RUN_A_JOURNEY, ForgottenEndpointController.class))
        .singleElement().satisfies(m -> assertThat(m).contains("@ContinuesJourney(\"...\")"));
  }

  @Test
  void everyRulePassesOnATwoServiceSystem() {
    // An edge that starts checkout and calls inventory, and the inventory endpoints that serve it.
    JavaClasses edge = new ClassFileImporter().importPackages("com.techmart.cuj.archunit.fixtures.edge");
    JavaClasses downstream = classes(ReservationController.class);
    assertThat(edge).isNotEmpty();
    for (ArchRule rule : allRules()) {
      assertThat(rule.evaluate(edge).getFailureReport().getDetails()).as(rule.getDescription()).isEmpty();
      assertThat(rule.evaluate(downstream).getFailureReport().getDetails()).as(rule.getDescription()).isEmpty();
    }
  }

  @Test
  void everyRulesMessageSaysWhatToDo() {
    List<String> messages = new java.util.ArrayList<>();
    messages.addAll(violations(CujRules.JOURNEY_NAMES_ARE_IN_THE_CATALOGUE, UnknownJourneys.class));
    messages.addAll(violations(CujRules.JOURNEYS_ONLY_ON_INTERCEPTABLE_METHODS, UnreachableJourneys.class));
    messages.addAll(violations(CujRules.STATE_CHANGING_ENDPOINTS_RUN_A_JOURNEY, ForgottenEndpointController.class));
    messages.addAll(violations(CujRules.NO_HAND_WRITTEN_JOURNEY_ATTRIBUTES, HandWrittenAttributes.class));
    messages.addAll(violations(CujRules.NO_OWN_OPENTELEMETRY_SDK, OwnSdk.class));
    assertThat(messages).hasSizeGreaterThanOrEqualTo(5)
        .allSatisfy(m -> assertThat(m).containsPattern(": (use|add|make|annotate|run|inject)"));
  }

  private static List<ArchRule> allRules() {
    return List.of(CujRules.JOURNEY_NAMES_ARE_IN_THE_CATALOGUE, CujRules.JOURNEYS_ONLY_ON_INTERCEPTABLE_METHODS,
        CujRules.STATE_CHANGING_ENDPOINTS_RUN_A_JOURNEY, CujRules.NO_HAND_WRITTEN_JOURNEY_ATTRIBUTES,
        CujRules.NO_OWN_OPENTELEMETRY_SDK);
  }

  @Test
  void frozenRulesAcceptTodaysViolationsAndCatchNewOnes() {
    ArchRule frozen = CujFrozenRules.STATE_CHANGING_ENDPOINTS_RUN_A_JOURNEY;
    JavaClasses legacy = classes(ForgottenEndpointController.class);
    assertThat(frozen.evaluate(legacy).hasViolation()).as("first run records the legacy violation").isFalse();
    assertThat(frozen.evaluate(legacy).hasViolation()).as("unchanged code stays green").isFalse();

    ArchRule frozenSdk = CujFrozenRules.NO_OWN_OPENTELEMETRY_SDK;
    assertThat(frozenSdk.evaluate(classes(CleanService.class)).hasViolation()).isFalse();
    assertThat(frozenSdk.evaluate(classes(CleanService.class, OwnSdk.class)).hasViolation())
        .as("a violation added after freezing fails").isTrue();
  }
}
