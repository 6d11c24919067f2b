package com.techmart.cuj.benchmarks;

import com.techmart.cuj.BaggageTrustPolicy;
import com.techmart.cuj.JourneyBaggagePropagator;
import com.techmart.cuj.TrustMode;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading an incoming {@code baggage} header: the OpenTelemetry W3C propagator alone
 * ({@code w3c}) against the same propagator with the journey trust policy applied
 * ({@code guarded}, {@link JourneyBaggagePropagator}, mode {@code known}) and at an edge
 * ({@code edge}, mode {@code none}: every entry not allowlisted dropped and counted). Both refuse
 * a header over the policy's caps (2048 B, 32 entries) before parsing it.
 *
 * <p>{@code header}: {@code normal} (a known journey and a few other entries), {@code hostile}
 * (8 KB: an oversized {@code cuj.name} and many junk entries), {@code unknown} (a well-formed name
 * the catalogue does not list: dropped and counted).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(5)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class BaggageBenchmark {

  static final int HOSTILE_SIZE = 8 * 1024;

  @Param({"normal", "hostile", "unknown"})
  public String header;

  Map<String, String> carrier;
  OpenTelemetrySdk sdk;
  W3CBaggagePropagator plain;
  JourneyBaggagePropagator guarded;
  JourneyBaggagePropagator edge;

  @Setup(Level.Trial)
  public void setUp() {
    carrier = Map.of("baggage", header(header));
    // The policy counts rejections on a real meter.
    sdk = Telemetry.sdk(false);
    plain = W3CBaggagePropagator.getInstance();
    guarded = JourneyBaggagePropagator.create(BaggageTrustPolicy.builder(Telemetry.CATALOGUE)
        .mode(TrustMode.KNOWN)
        .openTelemetry(sdk)
        .build());
    edge = JourneyBaggagePropagator.create(BaggageTrustPolicy.builder(Telemetry.CATALOGUE)
        .mode(TrustMode.NONE)
        .openTelemetry(sdk)
        .build());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    sdk.close();
  }

  static String header(String kind) {
    return switch (kind) {
      case "normal" -> "cuj.name=checkout,cuj.critical=true,session.tier=gold";
      case "unknown" -> "cuj.name=free-money,cuj.critical=true,session.tier=gold";
      case "hostile" -> hostile();
      default -> throw new IllegalArgumentException("header must be normal, hostile or unknown, not " + kind);
    };
  }

  /** 8 KB: a 4 KB journey name, then junk entries up to the size. */
  private static String hostile() {
    StringBuilder h = new StringBuilder(HOSTILE_SIZE);
    h.append("cuj.name=").append("a".repeat(4096)).append(",cuj.critical=maybe");
    int i = 0;
    while (h.length() < HOSTILE_SIZE - 16) {
      h.append(",junk").append(i++).append("=x");
    }
    while (h.length() < HOSTILE_SIZE) {
      h.append('x');
    }
    return h.toString();
  }

  @Benchmark
  public Context w3c() {
    return plain.extract(Context.root(), carrier, MapGetter.INSTANCE);
  }

  @Benchmark
  public Context guarded() {
    return guarded.extract(Context.root(), carrier, MapGetter.INSTANCE);
  }

  @Benchmark
  public Context edge() {
    return edge.extract(Context.root(), carrier, MapGetter.INSTANCE);
  }

  enum MapGetter implements TextMapGetter<Map<String, String>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  }
}
