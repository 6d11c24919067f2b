package com.techmart.shop;

import static com.techmart.shop.Http.item;
import static com.techmart.shop.Http.order;
import static com.techmart.cuj.testing.JourneyAssertions.assertThatJourneys;
import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.CorrelationId;
import com.techmart.cuj.testing.Outcome;
import com.techmart.shop.launch.Database;
import com.techmart.shop.launch.ShopStack;
import com.techmart.shop.telemetry.SpanRecorder;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.AppenderAttachable;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The three journeys as the spans show them, on the three real services over loopback HTTP and a
 * real PostgreSQL: one checkout is one trace across api, inventory and payments and the background
 * stages, and every span in it carries {@code cuj.name=checkout}.
 */
class CheckoutTraceTest {

  private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");
  private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
  private static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
  private static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
  private static final Pattern ORDER_ID = Pattern.compile("\"orderId\":\"([0-9a-f-]{36})\"");

  private static final SpanRecorder spans = new SpanRecorder();
  private static ShopStack shop;
  private static Http http;
  private static Db db;

  @BeforeAll
  static void start() {
    Database database = TestDatabase.fresh("trace");
    shop = ShopStack.builder(database).spans(spans).start();
    http = new Http(shop.api().uri());
    db = new Db(database);
  }

  @AfterAll
  static void stop() {
    if (shop != null) {
      shop.close();
    }
  }

  @Test
  void aCheckoutIsOneTraceThroughThreeServicesAndTheBackgroundStages() {
    HttpResponse<String> placed = Http.send(HttpRequest.newBuilder(shop.api().uri().resolve("/api/orders"))
        .header("Content-Type", "application/json")
        .header(CorrelationId.HEADER, "trace-test-1")
        .POST(HttpRequest.BodyPublishers.ofString(order("c-trace", item(1, 2) + "," + item(3, 1), "card", "tok_visa"))));
    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
    assertThat(placed.headers().firstValue(CorrelationId.HEADER)).contains("trace-test-1");
    UUID orderId = orderId(placed.body());

    // Waits for every span asserted on below: a server span may end after its client has the
    // answer, and the background stages end after the outbox row is marked done.
    List<String> expected = List.of("POST /api/orders", "cuj.checkout", "POST /reserve", "POST /charge", "order.process",
        "order.fulfil", "order.confirm", "POST /commit");
    Eventually.until(Duration.ofSeconds(60), () -> named("order.process").stream().anyMatch(p -> orderId.toString()
            .equals(p.getAttributes().get(AttributeKey.stringKey("order.id")))
            && spans.spans().stream().filter(s -> s.getTraceId().equals(p.getTraceId())).map(SpanData::getName)
                .collect(Collectors.toSet()).containsAll(expected)),
        () -> "the trace of " + orderId + " with " + expected);

    SpanData server = only(spans.spans(), s -> s.getKind() == SpanKind.SERVER && s.getName().equals("POST /api/orders")
        && "trace-test-1".equals(s.getAttributes().get(CorrelationId.ATTRIBUTE)));
    List<SpanData> trace = spans.spans().stream().filter(s -> s.getTraceId().equals(server.getTraceId())).toList();
    // One journey, a success, directly under the edge's server span; every span of every service
    // and stage carries it, with the catalogue's criticality.
    assertThatJourneys(trace)
        .hasJourneyCount("checkout", 1)
        .everySpanStampedWith("checkout")
        .everyStampOf("checkout", true)
        .hasJourney("checkout").hasOutcome(Outcome.SUCCESS).isChildOf(server);
    Map<String, SpanData> byId = trace.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));

    // The edge: the server span is stamped, and the journey span is its child.
    assertThat(service(server)).isEqualTo("techmart-api");
    assertThat(server.getAttributes().get(HTTP_STATUS)).isEqualTo(201L);
    SpanData journey = only(trace, s -> s.getName().equals("cuj.checkout"));

    // Remote spans in inventory and payments, in the same trace, below the journey.
    SpanData reserve = only(trace, s -> s.getKind() == SpanKind.SERVER && s.getName().equals("POST /reserve"));
    SpanData charge = only(trace, s -> s.getKind() == SpanKind.SERVER && s.getName().equals("POST /charge"));
    assertThat(service(reserve)).isEqualTo("techmart-inventory");
    assertThat(service(charge)).isEqualTo("techmart-payments");
    assertThat(ancestors(reserve, byId)).contains(journey.getSpanId());
    assertThat(ancestors(charge, byId)).contains(journey.getSpanId());

    // Database spans in each of the three services.
    Set<String> servicesWithDbSpans = trace.stream().filter(CheckoutTraceTest::isDbSpan).map(CheckoutTraceTest::service)
        .collect(Collectors.toSet());
    assertThat(servicesWithDbSpans).containsExactlyInAnyOrder("techmart-api", "techmart-inventory", "techmart-payments");

    // The background stages: order.process starts when the order was accepted, under the journey.
    SpanData process = only(trace, s -> s.getName().equals("order.process"));
    assertThat(ancestors(process, byId)).contains(journey.getSpanId());
    long acceptedMicros = db.number(
        "select (extract(epoch from accepted_at) * 1000000)::bigint from shop.customer_order where id = ?", orderId);
    assertThat(process.getStartEpochNanos() / 1000).isEqualTo(acceptedMicros);
    SpanData fulfil = only(trace, s -> s.getName().equals("order.fulfil"));
    SpanData confirm = only(trace, s -> s.getName().equals("order.confirm"));
    assertThat(fulfil.getParentSpanId()).isEqualTo(process.getSpanId());
    assertThat(confirm.getParentSpanId()).isEqualTo(process.getSpanId());
    assertThat(fulfil.getStartEpochNanos()).isLessThan(confirm.getStartEpochNanos());
    SpanData commit = only(trace, s -> s.getKind() == SpanKind.SERVER && s.getName().equals("POST /commit"));
    assertThat(ancestors(commit, byId)).contains(fulfil.getSpanId());
    assertThat(db.text("select status from shop.customer_order where id = ?", orderId)).isEqualTo("CONFIRMED");
  }

  @Test
  void theWorkersLogLinesCarryTraceSpanJourneyAndCorrelationId() {
    // The appender chain of logback.xml: MDC (adds trace_id, span_id, baggage.*) -> console/OTLP.
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    @SuppressWarnings("unchecked")
    AppenderAttachable<ILoggingEvent> mdc = (AppenderAttachable<ILoggingEvent>) root.getAppender("MDC");
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    mdc.addAppender(captured);
    try {
      HttpResponse<String> placed = Http.send(HttpRequest.newBuilder(shop.api().uri().resolve("/api/orders"))
          .header("Content-Type", "application/json")
          .header(CorrelationId.HEADER, "log-test-7")
          .POST(HttpRequest.BodyPublishers.ofString(order("c-logs", item(2, 1), "paypal", "tok_visa"))));
      assertThat(placed.statusCode()).isEqualTo(201);
      String confirmation = "confirmation for order " + orderId(placed.body());
      Eventually.until(Duration.ofSeconds(60), () -> captured.list.stream()
          .anyMatch(e -> e.getFormattedMessage().startsWith(confirmation)), () -> "the worker's confirmation log line");
      ILoggingEvent line = captured.list.stream().filter(e -> e.getFormattedMessage().startsWith(confirmation)).findFirst().orElseThrow();
      Map<String, String> mdcValues = line.getMDCPropertyMap();
      assertThat(line.getThreadName()).startsWith("order-worker");
      assertThat(mdcValues.get("trace_id")).matches("[0-9a-f]{32}");
      assertThat(mdcValues.get("span_id")).matches("[0-9a-f]{16}");
      assertThat(mdcValues.get("baggage.cuj.name")).isEqualTo("checkout");
      assertThat(mdcValues.get(CorrelationId.MDC_KEY)).isEqualTo("log-test-7");
    } finally {
      mdc.detachAppender(captured);
    }
  }

  @Test
  void productPagesAreProductDiscoveryEvenWhenTheCallerForgesAnotherJourney() {
    HttpResponse<String> list = Http.send(HttpRequest.newBuilder(shop.api().uri().resolve("/api/products"))
        .header("baggage", "cuj.name=checkout,cuj.critical=false"));
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("\"sku\":\"TM-HEADPHONES\"").contains("\"available\":");
    // The api's server span and journey span, and inventory's server span: a server span may end
    // after its client has the answer.
    SpanData server = Eventually.get(() -> spans.spans().stream()
        .filter(s -> s.getKind() == SpanKind.SERVER && s.getName().equals("GET /api/products"))
        .filter(s -> trace(s).stream().anyMatch(t -> t.getName().equals("cuj.product-discovery"))
            && trace(s).stream().anyMatch(t -> t.getKind() == SpanKind.SERVER && "techmart-inventory".equals(service(t))))
        .findFirst());
    List<SpanData> trace = trace(server);
    assertThatJourneys(trace)
        .everySpanStampedWith("product-discovery")
        .hasNoSpanStampedWith("checkout")
        .everyStampOf("product-discovery", true)
        .hasJourney("product-discovery").hasOutcome(Outcome.SUCCESS).isChildOf(server);
  }

  @Test
  void anUnknownOrderIsA404AndAnExpectedOutcomeOfOrderLookup() {
    UUID unknown = UUID.randomUUID();
    HttpResponse<String> r = http.get("/api/orders/" + unknown);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("\"code\":\"unknown_order\"");
    SpanData journey = Eventually.get(() -> spans.spans().stream()
        .filter(s -> s.getName().equals("cuj.order-lookup")).findFirst());
    assertThatJourneys(trace(journey)).hasJourney("order-lookup").hasOutcome(Outcome.EXPECTED)
        .hasOutcomeType(com.techmart.shop.api.OrderNotFoundException.class.getName());
  }

  private static List<SpanData> trace(SpanData member) {
    return spans.spans().stream().filter(s -> s.getTraceId().equals(member.getTraceId())).toList();
  }

  private static List<SpanData> named(String name) {
    return spans.spans().stream().filter(s -> s.getName().equals(name)).toList();
  }

  private static boolean isDbSpan(SpanData s) {
    return "postgresql".equals(s.getAttributes().get(DB_SYSTEM)) || "postgresql".equals(s.getAttributes().get(DB_SYSTEM_NAME));
  }

  private static String service(SpanData s) {
    return s.getResource().getAttribute(SERVICE);
  }

  private static SpanData only(List<SpanData> spans, java.util.function.Predicate<SpanData> which) {
    List<SpanData> found = spans.stream().filter(which).toList();
    assertThat(found).as("spans matching").hasSize(1);
    return found.get(0);
  }

  private static List<String> ancestors(SpanData span, Map<String, SpanData> byId) {
    List<String> ids = new java.util.ArrayList<>();
    for (SpanData s = byId.get(span.getParentSpanId()); s != null; s = byId.get(s.getParentSpanId())) {
      ids.add(s.getSpanId());
    }
    return ids;
  }

  static UUID orderId(String body) {
    Matcher m = ORDER_ID.matcher(body);
    assertThat(m.find()).as("order id in %s", body).isTrue();
    return UUID.fromString(m.group(1));
  }
}
