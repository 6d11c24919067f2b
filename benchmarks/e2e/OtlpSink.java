import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OTLP/HTTP endpoint that accepts every export and throws it away: the services pay the full
 * cost of exporting (batching, protobuf encoding, HTTP) as against a real collector, and nothing
 * on this side does any work worth measuring. Run with {@code java OtlpSink.java <port>}.
 */
public final class OtlpSink {

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    AtomicLong requests = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.createContext("/", exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        bytes.addAndGet(body.transferTo(java.io.OutputStream.nullOutputStream()));
      }
      requests.incrementAndGet();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.setExecutor(Executors.newFixedThreadPool(2));
    Runtime.getRuntime().addShutdownHook(new Thread(() ->
        System.out.printf("otlp-sink: %d exports, %d bytes%n", requests.get(), bytes.get())));
    server.start();
    System.out.println("otlp-sink listening on " + port);
  }
}
