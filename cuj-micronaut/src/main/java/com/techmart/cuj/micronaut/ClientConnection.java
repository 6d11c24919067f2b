package com.techmart.cuj.micronaut;

import io.micronaut.http.HttpRequest;

/**
 * Whether the client of a request is still connected. Micronaut's Netty server finishes a request
 * whose client has gone and reports nothing; its channel says so. Other server runtimes answer
 * "connected": nothing to go on there.
 */
final class ClientConnection {

  private static final boolean NETTY = present("io.micronaut.http.server.netty.NettyHttpRequest");

  private ClientConnection() {}

  static boolean isGone(HttpRequest<?> request) {
    return NETTY && Netty.isGone(request);
  }

  private static boolean present(String type) {
    try {
      Class.forName(type, false, ClientConnection.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Touches Netty classes; loaded only when they are present. */
  private static final class Netty {
    static boolean isGone(HttpRequest<?> request) {
      if (request instanceof io.micronaut.http.server.netty.NettyHttpRequest<?> netty) {
        var channel = netty.getChannelHandlerContext().channel();
        return !channel.isActive();
      }
      return false;
    }
  }
}
