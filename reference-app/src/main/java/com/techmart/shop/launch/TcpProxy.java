package com.techmart.shop.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP relay in front of the database that can be cut and restored: the demo's way of
 * taking PostgreSQL away (every open connection drops, new ones are refused) and giving it back,
 * without touching the server. It can also be frozen: connections stay open and new ones are
 * accepted, but no byte moves in either direction until it thaws, which is what a hung server (a
 * stopped process, a full disk, a network partition that drops packets) looks like to a client.
 * Listens on 127.0.0.1 only.
 */
public final class TcpProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean down;
  private volatile boolean frozen;
  private volatile boolean closed;
  private final Object thawed = new Object();

  public TcpProxy(String targetHost, int targetPort) {
    try {
      this.listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException("cannot open a loopback port for the proxy: " + e.getMessage(), e);
    }
    this.target = new InetSocketAddress(targetHost, targetPort);
    this.acceptor = new Thread(this::accept, "tcp-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Whether the relay is cut. */
  public boolean isDown() {
    return down;
  }

  /** Drops every open connection and refuses new ones until {@link #restore()}. */
  public void cut() {
    down = true;
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
    synchronized (thawed) {
      thawed.notifyAll();
    }
  }

  /** Relays again. */
  public void restore() {
    down = false;
  }

  /** Whether the relay is frozen. */
  public boolean isFrozen() {
    return frozen;
  }

  /**
   * Stops forwarding without closing anything: every byte sent from now on waits in the relay,
   * so a client sees a server that accepts connections and then never answers.
   */
  public void freeze() {
    frozen = true;
  }

  /** Forwards again, including what waited while frozen (its senders may have given up by then). */
  public void thaw() {
    synchronized (thawed) {
      frozen = false;
      thawed.notifyAll();
    }
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    thaw();
    cut();
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      if (down) {
        closeQuietly(client);
        continue;
      }
      Socket server = new Socket();
      try {
        server.connect(target, 2000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(server);
        continue;
      }
      open.add(client);
      open.add(server);
      pump(client, server);
      pump(server, client);
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16384];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          awaitThaw();
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // the other side closed, or the relay was cut
      } finally {
        open.remove(from);
        open.remove(to);
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private void awaitThaw() throws IOException {
    synchronized (thawed) {
      while (frozen && !closed && !down) {
        try {
          thawed.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while frozen", e);
        }
      }
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing is best effort
    }
  }
}
