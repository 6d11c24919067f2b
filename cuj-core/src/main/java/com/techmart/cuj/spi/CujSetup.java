package com.techmart.cuj.spi;

import com.techmart.cuj.BaggageTrustPolicy;
import com.techmart.cuj.CujConfigurationException;
import com.techmart.cuj.InvalidCatalogueException;
import com.techmart.cuj.JourneyCatalogue;
import com.techmart.cuj.JourneyRunner;
import com.techmart.cuj.TrustMode;
import com.techmart.cuj.internal.DeclarativeJourneyConfiguration;
import com.techmart.cuj.internal.JourneyName;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one way every adapter and the agent extension turn {@code cuj.*} settings into journeys:
 * the catalogue (default {@value #DEFAULT_CATALOGUE}), the trust mode and what to do when either
 * is wrong.
 *
 * <pre>{@code
 * CujSetup setup = CujSetup.load(CujSetup.systemSettings());   // cuj.catalogue, cuj.trust, cuj.fail-fast
 * JourneyRunner journeys = JourneyRunner.builder(openTelemetry)
 *     .catalogue(setup.catalogue()).trustMode(setup.trustMode()).build();
 * setup.countProblemsOn(openTelemetry);                        // cuj.config.errors{reason}
 * }</pre>
 *
 * <p>Observability never takes a service down: a missing or invalid catalogue or setting is
 * logged as ONE error line naming the setting, the file and the problem, counted on
 * {@value #CONFIG_ERRORS}, and the service runs with journeys off while the baggage guard keeps
 * running as {@link TrustMode#NONE}, so nothing forged gets through. With
 * {@code cuj.fail-fast=true} ({@code CUJ_FAIL_FAST=true}) the same problem is thrown instead as a
 * {@link CujConfigurationException}, to stop the service at start-up.
 */
public final class CujSetup {

  public static final String CATALOGUE = "cuj.catalogue";
  public static final String TRUST = "cuj.trust";
  public static final String FAIL_FAST = "cuj.fail-fast";
  /** Comma-separated caller baggage keys an edge forwards (see {@link JourneyRunner.Builder#allowBaggageKeys}). */
  public static final String BAGGAGE_ALLOW = "cuj.baggage.allow";
  /** Where the catalogue is looked for when {@value #CATALOGUE} is not set. */
  public static final String DEFAULT_CATALOGUE = "classpath:cuj/journeys.yaml";
  /**
   * {@value #CATALOGUE} value for a service with no catalogue on purpose (journeys only from its
   * own code or inline configuration): no file is read and no problem reported.
   */
  public static final String NO_CATALOGUE = "none";
  /** Counter of configuration problems, with attribute {@code reason} (a handful of values). */
  public static final String CONFIG_ERRORS = "cuj.config.errors";

  /** {@code reason} values of {@value #CONFIG_ERRORS}. */
  public static final String CATALOGUE_MISSING = "catalogue_missing";
  public static final String CATALOGUE_INVALID = "catalogue_invalid";
  public static final String SETTING_INVALID = "setting_invalid";

  private static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");
  private static final Logger LOG = Logger.getLogger(CujSetup.class.getName());

  private final String location;
  private final JourneyCatalogue catalogue;
  private final TrustMode trustMode;
  private final boolean failFast;
  private final List<String> allowedBaggageKeys;
  private final List<Problem> problems;
  private final Consumer<String> errorLog;
  private final AtomicBoolean counted = new AtomicBoolean();

  private CujSetup(String location, JourneyCatalogue catalogue, TrustMode trustMode, boolean failFast,
      List<String> allowedBaggageKeys, List<Problem> problems, Consumer<String> errorLog) {
    this.location = location;
    this.catalogue = catalogue;
    this.trustMode = trustMode;
    this.failFast = failFast;
    this.allowedBaggageKeys = List.copyOf(allowedBaggageKeys);
    this.problems = List.copyOf(problems);
    this.errorLog = errorLog;
  }

  /** One configuration problem: the setting, a bounded reason and what is wrong. */
  public record Problem(String key, String reason, String message) {
    public Problem {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(reason, "reason");
      message = oneLine(message);
    }

    /** The one line that is logged or thrown. */
    public String describe() {
      return key + ": " + message;
    }
  }

  /** System property first, then the environment variable in upper snake case ({@code CUJ_CATALOGUE}). */
  public static Function<String, String> systemSettings() {
    return key -> {
      String value = System.getProperty(key);
      if (value == null || value.isBlank()) {
        value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
      }
      return value == null || value.isBlank() ? null : value.trim();
    };
  }

  /** Reads the settings, logging a problem with java.util.logging (SEVERE). */
  public static CujSetup load(Function<String, String> settings) {
    return load(settings, message -> LOG.log(Level.SEVERE, message));
  }

  /**
   * Reads {@value #CATALOGUE}, {@value #TRUST} and {@value #FAIL_FAST} from {@code settings} and
   * loads the catalogue. A problem goes to {@code errorLog} as one line and switches journeys off.
   *
   * @throws CujConfigurationException only with {@value #FAIL_FAST} set, naming the problem
   */
  public static CujSetup load(Function<String, String> settings, Consumer<String> errorLog) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(errorLog, "errorLog");
    List<Problem> problems = new ArrayList<>();
    boolean failFast = false;
    String rawFailFast = settings.apply(FAIL_FAST);
    if (rawFailFast != null) {
      String v = rawFailFast.trim().toLowerCase(Locale.ROOT);
      if (v.equals("true") || v.equals("false")) {
        failFast = v.equals("true");
      } else {
        problems.add(new Problem(FAIL_FAST, SETTING_INVALID,
            "must be true or false, was '" + JourneyName.printable(rawFailFast) + "'"));
      }
    }
    TrustMode trust = TrustMode.KNOWN;
    String rawTrust = settings.apply(TRUST);
    if (rawTrust != null) {
      try {
        trust = TrustMode.parse(rawTrust.trim());
      } catch (IllegalArgumentException e) {
        problems.add(new Problem(TRUST, SETTING_INVALID, e.getMessage()));
      }
    }
    List<String> allow = List.of();
    String rawAllow = settings.apply(BAGGAGE_ALLOW);
    if (rawAllow != null) {
      List<String> keys = baggageKeys(rawAllow);
      try {
        BaggageTrustPolicy.builder(JourneyCatalogue.builder().build()).allowKeys(keys);
        allow = keys;
      } catch (IllegalArgumentException e) {
        problems.add(new Problem(BAGGAGE_ALLOW, SETTING_INVALID, JourneyName.printable(e.getMessage())));
      }
    }
    String configured = settings.apply(CATALOGUE);
    String location = configured == null || configured.isBlank() ? DEFAULT_CATALOGUE : configured.trim();
    JourneyCatalogue catalogue = JourneyCatalogue.builder().build();
    Throwable cause = null;
    try {
      catalogue = NO_CATALOGUE.equals(location) ? catalogue : loadCatalogue(location);
    } catch (InvalidCatalogueException e) {
      cause = e;
      boolean missing = e.getMessage().endsWith(NO_SUCH_RESOURCE) || e.getMessage().endsWith(NO_SUCH_FILE);
      problems.add(new Problem(CATALOGUE, missing ? CATALOGUE_MISSING : CATALOGUE_INVALID,
          e.getMessage() + (missing && configured == null ? " (the default; set " + CATALOGUE
              + " or CUJ_CATALOGUE to your catalogue)" : "")));
    } catch (UncheckedIOException e) {
      cause = e;
      problems.add(new Problem(CATALOGUE, CATALOGUE_INVALID, e.getMessage()));
    }
    CujSetup setup = new CujSetup(location, catalogue, trust, failFast, allow, List.of(), errorLog);
    for (Problem problem : problems) {
      setup = setup.withProblem(problem, cause);
    }
    return setup;
  }

  private static final String NO_SUCH_RESOURCE = "no such resource on the class path";
  private static final String NO_SUCH_FILE = "no such file";

  /** Loads {@code classpath:resource} or a file path. */
  static JourneyCatalogue loadCatalogue(String location) {
    if (location.startsWith("classpath:")) {
      return JourneyCatalogue.loadResource(location.substring("classpath:".length()));
    }
    Path path = Path.of(location);
    if (!Files.isRegularFile(path)) {
      throw new InvalidCatalogueException(location, NO_SUCH_FILE, null);
    }
    return JourneyCatalogue.load(path);
  }

  /**
   * This setup with one more problem an adapter found in its own settings (a route, a header
   * name): logged as one line, journeys off, trust {@code none}.
   *
   * @throws CujConfigurationException if {@value #FAIL_FAST} is set
   */
  public CujSetup withProblem(String key, String reason, String message) {
    return withProblem(new Problem(key, reason, message), null);
  }

  private CujSetup withProblem(Problem problem, Throwable cause) {
    if (failFast) {
      throw new CujConfigurationException(problem, cause);
    }
    errorLog.accept("cuj: journeys OFF, " + problem.describe() + "; the service keeps serving, incoming "
        + "journeys are refused (trust none); set " + FAIL_FAST + "=true to stop at start-up instead");
    List<Problem> all = new ArrayList<>(problems);
    all.add(problem);
    return new CujSetup(location, JourneyCatalogue.builder().build(), TrustMode.NONE, false, List.of(), all,
        errorLog);
  }

  /**
   * The warning to log when the process runs the OpenTelemetry Java agent with declarative
   * configuration ({@code otel.config.file}, or {@code otel.experimental.config.file} before agent
   * 2.2x) and the extension could not wire journeys into it ({@link DeclarativeJourneyConfiguration}
   * works from agent 2.33): it then neither stamps spans nor guards baggage, and would otherwise fail
   * silently.
   */
  public static Optional<String> declarativeConfigurationWarning(Function<String, String> settings) {
    String file = settings.apply("otel.config.file");
    if (file == null) {
      file = settings.apply("otel.experimental.config.file");
    }
    // The agent's copy of cuj-core (another class loader) says so when it wired journeys into the file's SDK.
    if (file == null || !underJavaAgent() || "true".equals(settings.apply(DeclarativeJourneyConfiguration.ACTIVE))) {
      return Optional.empty();
    }
    return Optional.of("cuj: the OpenTelemetry Java agent runs with declarative configuration (" + file
        + "), and the cuj agent extension did not wire journeys into it (an agent before 2.33 calls no"
        + " AutoConfigurationCustomizerProvider there): the cuj agent extension is NOT active"
        + " (spans outside a journey this code starts are not stamped with cuj.name, the agent's baggage"
        + " propagator is not guarded); configure the agent with system properties or environment variables"
        + " to use it");
  }

  static boolean underJavaAgent() {
    return UNDER_JAVA_AGENT;
  }

  private static final boolean UNDER_JAVA_AGENT = detectJavaAgent();

  private static boolean detectJavaAgent() {
    try {
      Class.forName("io.opentelemetry.javaagent.OpenTelemetryAgent", false, ClassLoader.getSystemClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Whether journeys run: no problem was found. */
  public boolean journeysOn() {
    return problems.isEmpty();
  }

  /** The catalogue; an empty closed one when journeys are off. */
  public JourneyCatalogue catalogue() {
    return catalogue;
  }

  /** The configured trust mode; {@link TrustMode#NONE} when journeys are off. */
  public TrustMode trustMode() {
    return trustMode;
  }

  /**
   * The keys of a comma-separated {@value #BAGGAGE_ALLOW} value, trimmed, empty items dropped: the
   * one reader of that form (start-up settings, the agent's properties). Validation is the trust
   * policy's ({@code BaggageTrustPolicy.Builder#allowKeys}).
   */
  public static List<String> baggageKeys(String commaSeparated) {
    return java.util.Arrays.stream(commaSeparated.split(",")).map(String::trim)
        .filter(k -> !k.isEmpty()).toList();
  }

  /** The caller baggage keys an edge forwards ({@value #BAGGAGE_ALLOW}); none when journeys are off. */
  public List<String> allowedBaggageKeys() {
    return allowedBaggageKeys;
  }

  /** A runner builder with this setup's catalogue, trust mode and allowed baggage keys. */
  public JourneyRunner.Builder runner(OpenTelemetry openTelemetry) {
    return JourneyRunner.builder(openTelemetry).catalogue(catalogue).trustMode(trustMode)
        .allowBaggageKeys(allowedBaggageKeys);
  }

  public boolean failFast() {
    return failFast;
  }

  /** Where the catalogue was looked for. */
  public String location() {
    return location;
  }

  public List<Problem> problems() {
    return problems;
  }

  /** The first problem, if any. */
  public Optional<Problem> problem() {
    return problems.stream().findFirst();
  }

  /** One line for the start-up log: on or off, catalogue, journey count, trust mode. */
  public String summary() {
    if (!journeysOn()) {
      return "cuj: journeys OFF (" + problems.get(0).describe() + "); trust none";
    }
    return "cuj: journeys on, catalogue " + location + " (" + catalogue.journeys().size() + " journeys, version "
        + catalogue.version() + "), trust " + trustMode.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Counts this setup's problems on {@value #CONFIG_ERRORS} (once, however often called). Call it
   * as soon as the service has its {@link OpenTelemetry}.
   */
  public void countProblemsOn(OpenTelemetry openTelemetry) {
    if (problems.isEmpty() || !counted.compareAndSet(false, true)) {
      return;
    }
    LongCounter counter = openTelemetry.getMeter(JourneyRunner.INSTRUMENTATION_NAME)
        .counterBuilder(CONFIG_ERRORS)
        .setDescription("cuj.* configuration problems that switched journeys off, by reason")
        .setUnit("{problem}")
        .build();
    for (Problem problem : problems) {
      counter.add(1, Attributes.of(REASON, problem.reason()));
    }
  }

  private static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("\r", " ").replace("\n", " ");
  }

  @Override
  public String toString() {
    return summary();
  }
}
