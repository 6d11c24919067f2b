package com.techmart.cuj.archunit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.techmart.cuj.CujSetup;
import com.techmart.cuj.JourneyCatalogue;
import com.techmart.cuj.JourneyName;
import com.techmart.cuj.JourneyRoutes;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * ArchUnit rules that keep a service on the journey convention. Adopt them all with one line:
 *
 * <pre>{@code
 * @AnalyzeClasses(packages = "com.example.shop", importOptions = ImportOption.DoNotIncludeTests.class)
 * class ConventionTest {
 *   @ArchTest static final ArchTests cuj = ArchTests.in(CujRules.class);
 * }
 * }</pre>
 *
 * or pick single rules ({@code @ArchTest static final ArchRule r = CujRules.JOURNEYS_ONLY_ON_INTERCEPTABLE_METHODS;}).
 * On old code, start from {@link CujFrozenRules}, which records today's violations and fails only
 * on new ones.
 *
 * <p>The catalogue is read from {@code classpath:cuj/journeys.yaml}, or from the file or
 * {@code classpath:} resource named by the system property {@value #CATALOGUE_PROPERTY}.
 */
public final class CujRules {

  /** System property naming the catalogue the rules check against. */
  public static final String CATALOGUE_PROPERTY = "cuj.archunit.catalogue";

  static final String JOURNEY_ANNOTATION = "com.techmart.cuj.micronaut.Journey";
  static final String NOT_A_JOURNEY = "com.techmart.cuj.NotAJourney";
  private static final Set<String> CONTRACT_KEYS =
      Set.of("cuj.name", "cuj.critical", "cuj.outcome", "cuj.outcome.type");
  /** The library's own packages: the only code allowed to write journey keys. */
  private static final Set<String> LIBRARY_PACKAGES = Set.of(
      "com.techmart.cuj", "com.techmart.cuj.micronaut", "com.techmart.cuj.servlet",
      "com.techmart.cuj.jdbc", "com.techmart.cuj.archunit");
  private static final Set<String> SDK_ENTRY_POINTS = Set.of(
      "io.opentelemetry.sdk.OpenTelemetrySdk",
      "io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk",
      "io.opentelemetry.sdk.trace.SdkTracerProvider");

  private CujRules() {}

  /** Every {@code @Journey} name is a valid journey name that the service's catalogue lists. */
  @ArchTest
  public static final ArchRule JOURNEY_NAMES_ARE_IN_THE_CATALOGUE =
      journeyNamesAreIn(null).as("journey names used in @Journey are valid and listed in the catalogue");

  /** {@code @Journey} sits only where an AOP proxy can reach it. */
  @ArchTest
  public static final ArchRule JOURNEYS_ONLY_ON_INTERCEPTABLE_METHODS = methods()
      .that().areAnnotatedWith(JOURNEY_ANNOTATION)
      .and().areDeclaredInClassesThat(notGenerated())
      .should(beInterceptable())
      .allowEmptyShould(true)
      .as("@Journey sits only on public, non-static, non-final methods of non-final classes");

  /** Every POST/PUT/PATCH/DELETE endpoint runs a journey or says it is not one. */
  @ArchTest
  public static final ArchRule STATE_CHANGING_ENDPOINTS_RUN_A_JOURNEY = endpointsRunJourneysOf(null)
      .as("every state-changing HTTP endpoint runs a journey or is marked @NotAJourney");

  /** Application code does not write {@code cuj.*} attributes or baggage itself. */
  @ArchTest
  public static final ArchRule NO_HAND_WRITTEN_JOURNEY_ATTRIBUTES = classes()
      .that(outsideTheLibrary())
      .should(notUseJourneyKeysByHand())
      .as("application code does not write cuj.* span attributes or baggage by hand");

  /** Application code does not build a second OpenTelemetry SDK beside the framework's. */
  @ArchTest
  public static final ArchRule NO_OWN_OPENTELEMETRY_SDK = noClasses()
      .that(outsideTheLibrary())
      .should().callMethodWhere(buildsAnSdk())
      .as("application code does not create its own OpenTelemetry SDK")
      .because("a second SDK does not have the journey span processor, so its spans lose cuj.name;"
          + " inject the framework's OpenTelemetry (or use GlobalOpenTelemetry) instead");

  /**
   * {@link #JOURNEY_NAMES_ARE_IN_THE_CATALOGUE} against a given catalogue; {@code null} means the
   * default location.
   */
  public static ArchRule journeyNamesAreIn(JourneyCatalogue catalogue) {
    return methods()
        .that().areAnnotatedWith(JOURNEY_ANNOTATION)
        .and().areDeclaredInClassesThat(notGenerated())
        .should(nameAJourneyOf(catalogue))
        .allowEmptyShould(true);
  }

  /** {@link #STATE_CHANGING_ENDPOINTS_RUN_A_JOURNEY}; routes the catalogue maps count as journeys. */
  public static ArchRule endpointsRunJourneysOf(JourneyCatalogue catalogue) {
    return methods()
        .that().areDeclaredInClassesThat(notGenerated())
        .should(runAJourneyIfStateChanging(catalogue))
        .allowEmptyShould(true);
  }

  // ---------------------------------------------------------------------------------------------

  private static ArchCondition<JavaMethod> nameAJourneyOf(JourneyCatalogue given) {
    return new ArchCondition<>("name a journey of the catalogue") {
      @Override
      public void check(JavaMethod method, ConditionEvents events) {
        Optional<Object> value = method.getAnnotationOfType(JOURNEY_ANNOTATION).get("value");
        String name = value.map(String::valueOf).orElse("");
        if (!JourneyName.isValid(name)) {
          events.add(SimpleConditionEvent.violated(method, method.getFullName() + " uses journey name '" + name
              + "': use lowercase kebab-case starting with a letter, at most 63 characters (e.g. \"checkout\")"));
          return;
        }
        JourneyCatalogue catalogue;
        try {
          catalogue = given != null ? given : defaultCatalogue();
        } catch (RuntimeException e) {
          events.add(SimpleConditionEvent.violated(method, "cannot read the journey catalogue to check "
              + method.getFullName() + ": " + e.getMessage()));
          return;
        }
        if (!catalogue.knows(name) && !catalogue.isOpen()) {
          events.add(SimpleConditionEvent.violated(method, method.getFullName() + " runs journey '" + name
              + "', which the catalogue does not list " + new TreeSet<>(names(catalogue))
              + ": add it to the catalogue (so dashboards, alerts and the trust policy know it) or fix the name"));
        }
      }
    };
  }

  private static ArchCondition<JavaMethod> beInterceptable() {
    return new ArchCondition<>("be reachable by the journey interceptor") {
      @Override
      public void check(JavaMethod method, ConditionEvents events) {
        Set<JavaModifier> m = method.getModifiers();
        String problem = null;
        if (m.contains(JavaModifier.PRIVATE)) {
          problem = "is private";
        } else if (m.contains(JavaModifier.STATIC)) {
          problem = "is static";
        } else if (m.contains(JavaModifier.FINAL)) {
          problem = "is final";
        } else if (!m.contains(JavaModifier.PUBLIC)) {
          problem = "is not public";
        } else if (method.getOwner().getModifiers().contains(JavaModifier.FINAL)) {
          problem = "is declared in final class " + method.getOwner().getSimpleName();
        }
        if (problem != null) {
          events.add(SimpleConditionEvent.violated(method, "@Journey on " + method.getFullName() + " " + problem
              + ", so no proxy can intercept it and the journey would silently not run:"
              + " make it a public, non-final method of a non-final bean"));
        }
      }
    };
  }

  private static ArchCondition<JavaMethod> runAJourneyIfStateChanging(JourneyCatalogue given) {
    return new ArchCondition<>("run a journey if it changes state") {
      @Override
      public void check(JavaMethod method, ConditionEvents events) {
        Optional<String> http = Endpoints.stateChangingMethod(method);
        if (http.isEmpty()
            || method.isAnnotatedWith(JOURNEY_ANNOTATION)
            || method.isAnnotatedWith(NOT_A_JOURNEY)
            || method.getOwner().isAnnotatedWith(NOT_A_JOURNEY)) {
          return;
        }
        String route = Endpoints.route(method, http.get());
        String[] parts = route.split(" ", 2);
        JourneyCatalogue catalogue = given;
        if (catalogue == null) {
          try {
            catalogue = defaultCatalogue();
          } catch (RuntimeException e) {
            catalogue = JourneyCatalogue.builder().build();
          }
        }
        if (JourneyRoutes.fromCatalogue(catalogue).match(parts[0], parts[1]).isPresent()) {
          return;
        }
        events.add(SimpleConditionEvent.violated(method, "endpoint " + route + " (" + method.getFullName()
            + ") changes state but runs no journey: annotate it with @Journey(\"...\"), map its route to a"
            + " journey in the catalogue, or mark it @NotAJourney(\"why\")"));
      }
    };
  }

  private static ArchCondition<JavaClass> notUseJourneyKeysByHand() {
    return new ArchCondition<>("not use cuj.* keys by hand") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        javaClass.getFieldAccessesFromSelf().stream()
            .filter(access -> access.getTargetOwner().getName().equals("com.techmart.cuj.JourneyAttributes"))
            .forEach(access -> events.add(SimpleConditionEvent.violated(javaClass, javaClass.getName()
                + " uses JourneyAttributes." + access.getTarget().getName() + " (" + access.getSourceCodeLocation()
                + "): let the library write journey attributes and baggage (Journeys, @Journey, the filters)"
                + " so names and the trust policy cannot be bypassed")));
        javaClass.getSource().ifPresent(source -> {
          Set<String> strings = new TreeSet<>(ClassConstants.strings(source.getUri()));
          strings.retainAll(CONTRACT_KEYS);
          for (String key : strings) {
            events.add(SimpleConditionEvent.violated(javaClass, javaClass.getName() + " writes \"" + key
                + "\" by hand: run the code as a journey (Journeys.call, @Journey) instead of setting"
                + " cuj.* span attributes or baggage entries yourself"));
          }
        });
      }
    };
  }

  private static DescribedPredicate<JavaMethodCall> buildsAnSdk() {
    return new DescribedPredicate<>("builds an OpenTelemetry SDK") {
      @Override
      public boolean test(JavaMethodCall call) {
        String owner = call.getTargetOwner().getName();
        String name = call.getName();
        return (SDK_ENTRY_POINTS.contains(owner) && (name.equals("builder") || name.equals("initialize")))
            || (owner.equals("io.opentelemetry.api.GlobalOpenTelemetry") && name.equals("set"));
      }
    };
  }

  static DescribedPredicate<JavaClass> outsideTheLibrary() {
    return new DescribedPredicate<>("are outside the cuj library") {
      @Override
      public boolean test(JavaClass c) {
        String p = c.getPackageName();
        return !LIBRARY_PACKAGES.contains(p)
            && !p.startsWith("com.techmart.cuj.internal.")
            && notGenerated().test(c);
      }
    };
  }

  /** Classes a framework generated at build time (Micronaut's $Definition, $Intercepted, ...). */
  static DescribedPredicate<JavaClass> notGenerated() {
    return new DescribedPredicate<>("are written by hand") {
      @Override
      public boolean test(JavaClass c) {
        String simple = c.getName().substring(c.getName().lastIndexOf('.') + 1);
        return !simple.startsWith("$") && !simple.contains("$Definition") && !simple.contains("$Intercepted")
            && !simple.contains("$Introspection");
      }
    };
  }

  private static volatile JourneyCatalogue cached;

  static JourneyCatalogue defaultCatalogue() {
    JourneyCatalogue c = cached;
    if (c == null) {
      String location = System.getProperty(CATALOGUE_PROPERTY, CujSetup.DEFAULT_CATALOGUE);
      // cuj-core's one loader; a build check fails on a bad catalogue rather than passing vacuously.
      c = CujSetup.load(key -> switch (key) {
        case CujSetup.CATALOGUE -> location;
        case CujSetup.FAIL_FAST -> "true";
        default -> null;
      }).catalogue();
      cached = c;
    }
    return c;
  }

  private static Set<String> names(JourneyCatalogue catalogue) {
    Set<String> names = new TreeSet<>();
    catalogue.journeys().forEach(j -> names.add(j.name()));
    return names;
  }

}
