package com.techmart.shop;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over one kept-alive socket, writing the request bytes exactly as given: what an attacker
 * sends, {@code Host} headers, CR, NUL and non-UTF-8 bytes included, none of which
 * {@code java.net.http} lets a caller send. Reads responses framed by {@code Content-Length} or
 * chunked encoding; reconnects when the server closes the connection.
 */
final class RawHttp implements AutoCloseable {

  record Response(int status, Map<String, String> headers, String body) {}

  private static final byte[] CRLF = {'\r', '\n'};

  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  RawHttp(int port) {
    this.port = port;
  }

  /** Sends {@code head} (request line and headers, without the blank line) and a body, if any. */
  Response send(byte[] head, byte[] body) {
    try {
      connectIfNeeded();
      // One write per request: written in pieces, the tail of each request waited for the
      // server's delayed ACK (Nagle), about 40 ms a request, most of the Host flood's time.
      ByteArrayOutputStream request = new ByteArrayOutputStream(head.length + 64 + (body == null ? 0 : body.length));
      request.write(head);
      request.write(CRLF);
      if (body != null) {
        request.write(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      }
      request.write(CRLF);
      if (body != null) {
        request.write(body);
      }
      out.write(request.toByteArray());
      out.flush();
      Response response = read();
      if ("close".equalsIgnoreCase(response.headers().get("connection"))) {
        close();
      }
      return response;
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    }
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private void connectIfNeeded() throws IOException {
    if (socket == null) {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setSoTimeout(30_000);
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    }
  }

  private Response read() throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new IOException("connection closed before a response");
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String l = line(); l != null && !l.isEmpty(); l = line()) {
      int colon = l.indexOf(':');
      headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
        body.write(in.readNBytes(size));
        line();
      }
      line();
    } else if (headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    }
    return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b == -1) {
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException ignored) {
      // closing a socket the server may already have closed
    } finally {
      socket = null;
    }
  }
}
