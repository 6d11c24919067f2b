package com.techmart.shop.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.JourneyAttributes;
import com.techmart.cuj.JourneyCatalogue;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The demo report's user-perceived objective (the catalogue's {@code slo.browser}): stated for every
 * journey, honestly "not measured" when no browser took part, measured from the storefront's
 * {@code cuj.browser.<name>} spans when there are some.
 */
class JourneyReportBrowserTest {

  private static final JourneyCatalogue CATALOGUE = JourneyCatalogue.loadResource("cuj/journeys.yaml");

  @Test
  void withoutABrowserTheObjectiveIsPrintedAsNotMeasured() {
    String report = print(List.of());
    assertThat(report).containsPattern("checkout +browser +p95 +of click to rendered +- +< 2500 ms +not measured \\(no browser in demo\\)");
    assertThat(report).containsPattern("order-lookup +browser .*not measured \\(no browser in demo\\)");
  }

  @Test
  void browserSpansAreMeasuredAgainstTheObjective() {
    String report = print(List.of(click("checkout", 1800, "success"), click("product-discovery", 1400, "success"),
        click("product-discovery", 50, "error")));
    assertThat(report).containsPattern("checkout +browser +p95 +of click to rendered +1\\.8 s +< 2500 ms +met");
    // the error is neither fast nor slow for the objective: only successful clicks are timed
    assertThat(report).containsPattern("product-discovery +browser +p95 +of click to rendered +1\\.4 s +< 1 s +MISSED");
  }

  private static String print(List<SpanData> spans) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    JourneyReport.of(CATALOGUE, spans).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static SpanData click(String journey, long millis, String outcome) {
    long end = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    return TestSpanData.builder()
        .setName("cuj.browser." + journey)
        .setKind(SpanKind.INTERNAL)
        .setSpanContext(SpanContext.create("0af7651916cd43dd8448eb211c80319c", Long.toHexString(end | 1L << 60),
            TraceFlags.getSampled(), TraceState.getDefault()))
        .setStartEpochNanos(end - TimeUnit.MILLISECONDS.toNanos(millis))
        .setEndEpochNanos(end)
        .setHasEnded(true)
        .setStatus(StatusData.unset())
        .setAttributes(Attributes.of(JourneyAttributes.CUJ_NAME, journey, JourneyAttributes.CUJ_OUTCOME, outcome))
        .setTotalRecordedEvents(0)
        .setTotalRecordedLinks(0)
        .build();
  }
}
