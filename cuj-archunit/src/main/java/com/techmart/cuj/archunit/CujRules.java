package com.techmart.cuj.archunit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;

import com.techmart.cuj.spi.CujSetup;
import com.techmart.cuj.JourneyCatalogue;
import com.techmart.cuj.internal.JourneyName;
import com.techmart.cuj.spi.JourneyRoutes;
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
  static final String CONTINUES_JOURNEY = "com.techmart.cuj.ContinuesJourney";
  private static final Set<String> CONTRACT_KEYS =
      Set.of("cuj.name", "cuj.critical", "cuj.outcome", "cuj.outcome.type");
  /** The library's own packages: the only code allowed to write journey keys. */
  private static final Set<String> LIBRARY_PACKAGES = Set.of(
      "com.techmart.cuj", "com.techmart.cuj.micronaut", "com.techmart.cuj.micronaut.jdbc",
      "com.techmart.cuj.servlet", "com.techmart.cuj.jdbc", "com.techmart.cuj.archunit",
      "com.techmart.cuj.testing");
  /** Library packages that may grow subpackages (the packages themselves included). */
  private static final Set<String> LIBRARY_PACKAGE_TREES = Set.of("com.techmart.cuj.internal", "com.techmart.cuj.spi");
  private static final Set<String> SDK_ENTRY_POINTS = Set.of(
      "io.opentelemetry.sdk.OpenTelemetrySdk",
      "io.opentelemetry.sdk.trace.SdkTracerProvider");
  private static final String JOURNEY_SPAN_PROCESSOR = "com.techmart.cuj.JourneySpanProcessor";

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

  /**
   * Every POST/PUT/PATCH/DELETE endpoint runs a journey ({@code @Journey} or a catalogue route),
   * continues its caller's ({@code @ContinuesJourney}), or says it is not one ({@code @NotAJourney}).
   */
  @ArchTest
  public static final ArchRule STATE_CHANGING_ENDPOINTS_RUN_A_JOURNEY = endpointsRunJourneysOf(null)
      .as("every state-changing HTTP endpoint runs or continues a journey, or is marked @NotAJourney");

  /**
   * Application code does not write {@code cuj.*} attributes or baggage itself. Reading them (a
   * log processor, a test, {@code JourneyAttributes.OUTCOME_ERROR.equals(...)}) is fine.
   */
  @ArchTest
  public static final ArchRule NO_HAND_WRITTEN_JOURNEY_ATTRIBUTES = classes()
      .that(outsideTheLibrary())
      .should(notUseJourneyKeysByHand())
      .as("application code does not write cuj.* span attributes or baggage by hand");

  /**
   * Application code builds no OpenTelemetry SDK without the journey span processor. Building one
   * with it (cuj-core's README shows how, for code without a framework) passes; so does
   * {@code AutoConfiguredOpenTelemetrySdk}, which adds the processor by itself.
   */
  @ArchTest
  public static final ArchRule NO_OWN_OPENTELEMETRY_SDK = classes()
      .that(outsideTheLibrary())
      .should(notBuildAnSdkWithoutTheJourneyProcessor())
      .as("application code builds no OpenTelemetry SDK without the journey span processor");

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
              + method.getFullName() + " (" + e.getMessage() + "): add the service's catalogue at"
              + " classpath:cuj/journeys.yaml, or name it with -D" + CATALOGUE_PROPERTY + "=path"));
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
        Optional<JavaAnnotation<?>> continues = continuesJourney(method);
        if (continues.isPresent()) {
          Object value = continues.get().get("value").orElse(new Object[0]);
          for (Object name : value instanceof Object[] names ? names : new Object[] {value}) {
            if (!catalogue.isOpen() && !catalogue.knows(String.valueOf(name))) {
              events.add(SimpleConditionEvent.violated(method, "endpoint " + route + " (" + method.getFullName()
                  + ") continues journey '" + name + "', which the catalogue does not list "
                  + new TreeSet<>(names(catalogue)) + ": add it to this service's catalogue (or the"
                  + " journey is refused here and the endpoint's spans lose cuj.name) or fix the name"));
            }
          }
          return;
        }
        if (JourneyRoutes.fromCatalogue(catalogue).match(parts[0], parts[1]).isPresent()) {
          return;
        }
        events.add(SimpleConditionEvent.violated(method, "endpoint " + route + " (" + method.getFullName()
            + ") changes state but runs no journey: annotate it with @Journey(\"...\") or map its route to a"
            + " journey in the catalogue if it starts one; mark it @ContinuesJourney(\"...\") if it serves"
            + " a journey its caller started; or mark it @NotAJourney(\"why\")"));
      }
    };
  }

  private static ArchCondition<JavaClass> notUseJourneyKeysByHand() {
    JourneyKeyWrites scanner = new JourneyKeyWrites(CONTRACT_KEYS);
    return new ArchCondition<>("not write cuj.* keys by hand") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        javaClass.getSource().ifPresent(source -> {
          for (JourneyKeyWrites.Write write : scanner.find(source.getUri())) {
            String key = write.key().startsWith("JourneyAttributes.") ? write.key() : "\"" + write.key() + "\"";
            events.add(SimpleConditionEvent.violated(javaClass, javaClass.getName() + "." + write.method()
                + " writes " + key + " by hand (" + javaClass.getSimpleName() + ".java:" + write.line()
                + "): run the code as a journey (Journeys.call, @Journey, a catalogue route) and let the"
                + " library write cuj.* span attributes and baggage, so names and the trust policy cannot"
                + " be bypassed; reading them is fine"));
          }
        });
      }
    };
  }

  private static ArchCondition<JavaClass> notBuildAnSdkWithoutTheJourneyProcessor() {
    return new ArchCondition<>("not build an OpenTelemetry SDK without the journey span processor") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        boolean addsJourneyProcessor = javaClass.getMethodCallsFromSelf().stream()
            .anyMatch(call -> call.getTargetOwner().getName().equals(JOURNEY_SPAN_PROCESSOR));
        if (addsJourneyProcessor) {
          return;
        }
        javaClass.getMethodCallsFromSelf().stream()
            .filter(buildsAnSdk())
            .forEach(call -> events.add(SimpleConditionEvent.violated(call, call.getOrigin().getFullName()
                + " calls " + call.getTargetOwner().getSimpleName() + "." + call.getName() + "() ("
                + call.getSourceCodeLocation() + ") without the journey span processor, so spans of that SDK"
                + " lose cuj.name: inject the framework's OpenTelemetry instead (Micronaut, the Java agent), or"
                + " register it: SdkTracerProvider.builder().addSpanProcessor(JourneySpanProcessor.create(catalogue))")));
      }
    };
  }

  private static DescribedPredicate<JavaMethodCall> buildsAnSdk() {
    return new DescribedPredicate<>("builds an OpenTelemetry SDK") {
      @Override
      public boolean test(JavaMethodCall call) {
        String owner = call.getTargetOwner().getName();
        String name = call.getName();
        return SDK_ENTRY_POINTS.contains(owner) && name.equals("builder");
      }
    };
  }

  static DescribedPredicate<JavaClass> outsideTheLibrary() {
    return new DescribedPredicate<>("are outside the cuj library") {
      @Override
      public boolean test(JavaClass c) {
        String p = c.getPackageName();
        boolean inLibrary = LIBRARY_PACKAGES.contains(p)
            || LIBRARY_PACKAGE_TREES.stream().anyMatch(t -> p.equals(t) || p.startsWith(t + "."));
        return !inLibrary && notGenerated().test(c);
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

  /** {@code @ContinuesJourney} on the endpoint method or its class. */
  private static Optional<JavaAnnotation<?>> continuesJourney(JavaMethod method) {
    Optional<JavaAnnotation<JavaMethod>> onMethod = method.tryGetAnnotationOfType(CONTINUES_JOURNEY);
    if (onMethod.isPresent()) {
      return Optional.of(onMethod.get());
    }
    return method.getOwner().tryGetAnnotationOfType(CONTINUES_JOURNEY).map(a -> a);
  }

  private static Set<String> names(JourneyCatalogue catalogue) {
    Set<String> names = new TreeSet<>();
    catalogue.journeys().forEach(j -> names.add(j.name()));
    return names;
  }

}
