import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * An OTLP/HTTP endpoint that accepts every export and throws it away: the services pay the full
 * cost of exporting (batching, protobuf encoding, HTTP) as against a real collector, and nothing
 * on this side does any work worth measuring. {@code GET /stats} answers one line per path:
 * {@code <path> <exports> <bytes>}. Run with {@code java OtlpSink.java <port>}.
 */
public final class OtlpSink {

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    Map<String, AtomicLongArray> counts = new ConcurrentHashMap<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      if ("GET".equals(exchange.getRequestMethod()) && "/stats".equals(path)) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(counts).forEach((p, c) -> out.append(p).append(' ').append(c.get(0)).append(' ').append(c.get(1)).append('\n'));
        byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream o = exchange.getResponseBody()) {
          o.write(body);
        }
        return;
      }
      long bytes;
      try (InputStream body = exchange.getRequestBody()) {
        bytes = body.transferTo(OutputStream.nullOutputStream());
      }
      AtomicLongArray c = counts.computeIfAbsent(path, p -> new AtomicLongArray(2));
      c.incrementAndGet(0);
      c.addAndGet(1, bytes);
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
    System.out.println("otlp-sink listening on " + port);
  }
}
