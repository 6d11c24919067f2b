package com.techmart.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.JourneyAttributes;
import com.techmart.shop.launch.ShopStack;
import com.techmart.shop.telemetry.SpanRecorder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A shopper in a real browser: Debian's headless Chromium, driven through Debian's chromedriver
 * (nothing is downloaded; without them this test is skipped and says why), clicks through the
 * storefront the api serves. The browser's OpenTelemetry JS SDK exports to the api's ingestion
 * endpoint, and the three services record to one {@link SpanRecorder}, so the assertions see the
 * whole trace: the click, the fetch, the api, inventory, payments, the SQL and the outbox worker.
 */
class BrowserJourneyTest {

  private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
  private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");
  private static final Path ARTEFACTS = Paths.get("target", "browser");

  private static final SpanRecorder spans = new SpanRecorder();
  private static ShopStack shop;
  private static ChromeDriver browser;
  private static Path profile;

  @BeforeAll
  static void start() throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "SKIPPED: needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
            + "); .ci/run installs them: apt-get install chromium chromium-driver");
    shop = ShopStack.builder(TestDatabase.fresh("browser")).spans(spans).start();
    profile = Files.createTempDirectory("techmart-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // Root in a container needs --no-sandbox; the rest keep Chromium off the network and quiet.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1100,900", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (shop != null) {
      shop.close();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  @Test
  void aCheckoutAndAnOrderLookupClickedInTheBrowserAreEachOneStampedTraceFromTheClickToTheSql() throws IOException {
    browser.get(shop.api().uri().resolve("/").toString());
    find(By.cssSelector("#products a.product")).click();
    find(By.id("add-to-cart")).click();
    find(By.id("place-order")).click();
    find(By.id("confirmation"));
    String orderId = find(By.id("order-id")).getText();
    assertThat(orderId).matches("[0-9a-f-]{36}");
    Files.createDirectories(ARTEFACTS);
    Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
        ARTEFACTS.resolve("confirmation.png"), StandardCopyOption.REPLACE_EXISTING);

    browser.findElement(By.id("orders-link")).click();
    find(By.id("lookup-id")).sendKeys(orderId);
    find(By.id("lookup")).click();
    assertThat(find(By.id("order-status")).getText()).isNotBlank();
    flushBrowserTelemetry();

    // Checkout: the browser's journey span is the root; the background stages end the trace.
    List<SpanData> checkout = traceOf("cuj.browser.checkout", "order.confirm", "browser.fetch", "POST /api/orders");
    SpanData click = only(checkout, s -> s.getName().equals("cuj.browser.checkout"));
    assertThat(click.getResource().getAttribute(SERVICE)).isEqualTo("techmart-storefront");
    assertThat(click.getParentSpanContext().isValid()).as("the click starts the trace").isFalse();
    assertThat(click.getAttributes().get(JourneyAttributes.CUJ_OUTCOME)).isEqualTo("success");
    SpanData fetch = only(checkout, s -> s.getName().equals("browser.fetch"));
    assertThat(fetch.getParentSpanId()).isEqualTo(click.getSpanId());
    SpanData server = only(checkout, s -> s.getKind() == SpanKind.SERVER && s.getName().equals("POST /api/orders"));
    assertThat(server.getParentSpanId()).as("the browser's fetch span is the api's parent").isEqualTo(fetch.getSpanId());
    assertThat(server.getResource().getAttribute(SERVICE)).isEqualTo("techmart-api");
    Map<String, SpanData> byId = checkout.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
    SpanData journey = only(checkout, s -> s.getName().equals("cuj.checkout"));
    assertThat(ancestors(journey, byId)).contains(server.getSpanId(), click.getSpanId());
    assertThat(checkout).extracting(s -> s.getResource().getAttribute(SERVICE)).contains(
        "techmart-storefront", "techmart-api", "techmart-inventory", "techmart-payments");
    List<SpanData> sql = checkout.stream().filter(BrowserJourneyTest::isDbSpan).toList();
    assertThat(sql).isNotEmpty();
    assertThat(sql).allSatisfy(s -> assertThat(ancestors(s, byId)).contains(click.getSpanId()));
    assertThat(only(checkout, s -> s.getName().equals("order.process"))).isNotNull();
    assertThat(checkout).allSatisfy(s -> assertThat(s.getAttributes().get(JourneyAttributes.CUJ_NAME))
        .as("cuj.name on %s (%s)", s.getName(), s.getResource().getAttribute(SERVICE)).isEqualTo("checkout"));

    // Order lookup: its own trace, the same shape, every span stamped order-lookup.
    List<SpanData> lookup = traceOf("cuj.browser.order-lookup", "cuj.order-lookup", "browser.fetch", "GET /api/orders/{id}");
    SpanData lookupFetch = only(lookup, s -> s.getName().equals("browser.fetch"));
    SpanData lookupServer = only(lookup, s -> s.getKind() == SpanKind.SERVER && s.getName().equals("GET /api/orders/{id}"));
    assertThat(lookupServer.getParentSpanId()).isEqualTo(lookupFetch.getSpanId());
    assertThat(lookup).anyMatch(BrowserJourneyTest::isDbSpan);
    assertThat(lookup).allSatisfy(s -> assertThat(s.getAttributes().get(JourneyAttributes.CUJ_NAME))
        .as("cuj.name on %s", s.getName()).isEqualTo("order-lookup"));
  }

  @Test
  void aSpanForgedInTheBrowserChangesNothingDownstream() {
    browser.get(shop.api().uri().resolve("/").toString());
    find(By.cssSelector("#products a.product"));
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    long forgedAt = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    // What anyone with the browser's developer tools can send: an unknown journey claiming an
    // error, and a known one with a 30 kB attribute.
    Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        const now = BigInt(Date.now()) * 1000000n;
        const span = (id, name, journey, extra) => ({ traceId: arguments[0], spanId: id, name, kind: 1,
          startTimeUnixNano: String(now - 5000000n), endTimeUnixNano: String(now), status: { code: 2 },
          attributes: [{ key: 'cuj.name', value: { stringValue: journey } }, ...extra] });
        fetch('/browser/v1/traces', { method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans: [
            span('00f067aa0ba902b7', 'cuj.refund-everything', 'refund-everything', []),
            span('00f067aa0ba902b8', 'cuj.checkout', 'checkout',
              [{ key: 'note', value: { stringValue: 'x'.repeat(30000) } }]) ] }] }] }) })
          .then((r) => done(r.status), (e) => done(String(e)));
        """, traceId);
    assertThat(status).isEqualTo(200L);
    // A genuine click after the forgery: once its spans are in, the forged ones would have been too.
    find(By.cssSelector("#products a.product")).click();
    find(By.id("add-to-cart"));
    flushBrowserTelemetry();
    Eventually.until(Duration.ofSeconds(60), () -> spans.spans().stream().anyMatch(s -> s.getName().equals(
        "cuj.browser.product-discovery") && s.getStartEpochNanos() > forgedAt), () -> "the genuine click's span");
    assertThat(spans.spans()).noneMatch(s -> s.getTraceId().equals(traceId));
    assertThat(spans.spans()).noneMatch(s -> "refund-everything".equals(s.getAttributes().get(JourneyAttributes.CUJ_NAME)));
  }

  private static void flushBrowserTelemetry() {
    ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[arguments.length - 1]; window.techmartFlushTelemetry().then(() => done(true), () => done(false));");
  }

  /** The trace whose root is the browser span {@code rootName}, once a span named {@code last} is in it. */
  // Waits until the trace holds every named span: the browser exports its fetch and journey spans
  // in separate batches, so the journey span alone does not mean the fetch span has arrived.
  private static List<SpanData> traceOf(String rootName, String... required) {
    return Eventually.get(() -> spans.spans().stream()
        .filter(s -> s.getName().equals(rootName))
        .map(root -> spans.spans().stream().filter(s -> s.getTraceId().equals(root.getTraceId())).toList())
        .filter(trace -> java.util.Arrays.stream(required)
            .allMatch(name -> trace.stream().anyMatch(s -> s.getName().equals(name))))
        .findFirst());
  }

  private static WebElement find(By by) {
    try {
      return Eventually.get(() -> browser.findElements(by).stream().filter(WebElement::isDisplayed).findFirst());
    } catch (AssertionError e) {
      throw new AssertionError("no " + by + " on " + browser.getCurrentUrl() + ":\n" + browser.getPageSource(), e);
    }
  }

  private static boolean isDbSpan(SpanData s) {
    return s.getKind() == SpanKind.CLIENT && (s.getAttributes().get(AttributeKey.stringKey("db.system")) != null
        || s.getAttributes().get(AttributeKey.stringKey("db.system.name")) != null);
  }

  private static List<String> ancestors(SpanData span, Map<String, SpanData> byId) {
    List<String> out = new ArrayList<>();
    SpanData current = span;
    while (current.getParentSpanContext().isValid()) {
      out.add(current.getParentSpanId());
      current = byId.get(current.getParentSpanId());
      if (current == null) {
        break;
      }
    }
    return out;
  }

  private static SpanData only(List<SpanData> trace, java.util.function.Predicate<SpanData> which) {
    List<SpanData> found = trace.stream().filter(which).toList();
    assertThat(found).as("exactly one such span in %s", trace.stream().map(SpanData::getName).toList()).hasSize(1);
    return found.get(0);
  }

}
