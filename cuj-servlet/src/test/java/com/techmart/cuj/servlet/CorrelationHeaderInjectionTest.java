package com.techmart.cuj.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.CorrelationId;
import com.techmart.cuj.TrustMode;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A correlation header built for log injection (CR/LF followed by a fake log line) must never be
 * echoed, stamped or logged as sent.
 */
class CorrelationHeaderInjectionTest {

  private static final String FORGED_LINE = "12:00:00.000 INFO  [main] auth - admin logged in";
  private static final Logger FILTER_LOG = Logger.getLogger(JourneyFilter.class.getName());
  private static final List<LogRecord> LOGGED = new CopyOnWriteArrayList<>();
  private static final Handler CAPTURE = new Handler() {
    @Override
    public void publish(LogRecord record) {
      LOGGED.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  private static TestShop shop;
  private static Level previousLevel;

  @BeforeAll
  static void start() throws Exception {
    previousLevel = FILTER_LOG.getLevel();
    FILTER_LOG.setLevel(Level.FINE);
    FILTER_LOG.addHandler(CAPTURE);
    // A proxy or container laxer than Jetty could hand the application a header value holding CR/LF
    // (Jetty itself refuses such requests, see below). This filter in front of ours plays that part
    // for requests that ask for it.
    Filter laxProxy = (request, response, chain) -> {
      HttpServletRequest http = (HttpServletRequest) request;
      if (http.getRequestURI().equals("/lax")) {
        request = new HttpServletRequestWrapper(http) {
          @Override
          public String getHeader(String name) {
            return CorrelationId.HEADER.equalsIgnoreCase(name) ? "abc\r\n" + FORGED_LINE : super.getHeader(name);
          }
        };
      }
      chain.doFilter(request, response);
    };
    shop = new TestShop(TrustMode.KNOWN,
        s -> new FilterHolder(JourneyFilter.create(s.sdk, s.journeys)),
        handler -> handler.addFilter(new FilterHolder(laxProxy), "/*", EnumSet.of(DispatcherType.REQUEST)));
  }

  @AfterAll
  static void stop() throws Exception {
    FILTER_LOG.removeHandler(CAPTURE);
    FILTER_LOG.setLevel(previousLevel);
    shop.close();
  }

  @BeforeEach
  void clear() {
    LOGGED.clear();
    shop.spans.reset();
  }

  @Test
  void aHeaderValueWithCrLfIsReplacedAndOnlyDescribedInTheLog() throws Exception {
    var response = shop.send("GET", "/lax");

    String echoed = response.headers().firstValue(CorrelationId.HEADER).orElseThrow();
    assertThat(CorrelationId.isValid(echoed)).isTrue();
    assertThat(shop.seen(response)).containsEntry("correlation", echoed).containsEntry("mdc", echoed);
    assertThat(shop.awaitSpan("GET").getAttributes().get(CorrelationId.ATTRIBUTE)).isEqualTo(echoed);
    assertThat(LOGGED).singleElement().satisfies(record -> {
      assertThat(record.getMessage())
          .contains("malformed (" + ("abc\r\n" + FORGED_LINE).length() + " chars, control characters)")
          .contains(echoed)
          .doesNotContain("admin", "\r", "\n");
    });
  }

  @Test
  void crOrLfOnTheWireIsRefusedByJettyBeforeAnyApplicationCode() throws Exception {
    // Raw bytes, since no HTTP client library will send these.
    for (String value : List.of("abc\r" + FORGED_LINE, "abc\r\n " + FORGED_LINE, "abc\u0001" + FORGED_LINE)) {
      LOGGED.clear();
      shop.spans.reset();
      String raw = rawRequest(value);

      assertThat(raw.lines().findFirst()).as(printable(value)).hasValue("HTTP/1.1 400 Bad Request");
      assertThat(raw).doesNotContain("admin logged in");
      assertThat(LOGGED).isEmpty();
      assertThat(shop.spans.getFinishedSpanItems()).isEmpty();
    }
  }

  @Test
  void whatJettyLetsThroughIsReplacedAndOnlyDescribed() throws Exception {
    // A tab and percent-encoded CR/LF are legal header bytes: they reach the filter.
    for (String value : List.of("abc\t" + FORGED_LINE, "abc%0D%0A" + FORGED_LINE.replace(' ', '_'))) {
      LOGGED.clear();
      String raw = rawRequest(value);

      assertThat(raw.lines().findFirst()).as(printable(value)).hasValue("HTTP/1.1 200 OK");
      String echoed = raw.lines()
          .filter(l -> l.regionMatches(true, 0, CorrelationId.HEADER + ":", 0, CorrelationId.HEADER.length() + 1))
          .findFirst().orElseThrow().substring(CorrelationId.HEADER.length() + 1).trim();
      assertThat(CorrelationId.isValid(echoed)).as(echoed).isTrue();
      assertThat(raw).doesNotContain("admin");
      assertThat(LOGGED).singleElement().satisfies(r -> assertThat(r.getMessage())
          .contains("malformed (" + value.length() + " chars")
          .doesNotContain("admin", "%0D"));
    }
  }

  private static String printable(String value) {
    return value.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t").replace("\u0001", "\\u0001");
  }

  private static String rawRequest(String correlationHeader) throws Exception {
    return rawExchange("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        + CorrelationId.HEADER + ": " + correlationHeader + "\r\n\r\n");
  }

  private static String rawExchange(String request) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), shop.port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      in.transferTo(received);
      return received.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
