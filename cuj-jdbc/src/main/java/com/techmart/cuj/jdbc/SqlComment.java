package com.techmart.cuj.jdbc;

import io.opentelemetry.api.trace.SpanContext;
import java.nio.charset.StandardCharsets;

/**
 * Builds the sqlcommenter-style prefix {@code /*cuj_name='checkout',traceparent='00-…-01'*&#47; }.
 * Keys are sorted; every value is percent-encoded except {@code A-Z a-z 0-9 - _ . ~}, so neither a
 * quote nor {@code *&#47;} can ever appear inside the comment, whatever the value.
 */
final class SqlComment {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private SqlComment() {}

  /**
   * {@code sql} with a comment carrying {@code journey} and {@code span}'s trace context, or
   * {@code sql} unchanged when there is neither.
   */
  static String prefix(String sql, String journey, SpanContext span) {
    if (sql == null) {
      return null;
    }
    boolean traced = span != null && span.isValid();
    if (journey == null && !traced) {
      return sql;
    }
    StringBuilder b = new StringBuilder(sql.length() + 96).append("/*");
    if (journey != null) {
      b.append("cuj_name='");
      encode(journey, b);
      b.append('\'');
    }
    if (traced) {
      if (journey != null) {
        b.append(',');
      }
      b.append("traceparent='");
      encode(traceparent(span), b);
      b.append('\'');
    }
    return b.append("*/ ").append(sql).toString();
  }

  static String traceparent(SpanContext span) {
    return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
  }

  static void encode(String value, StringBuilder out) {
    for (byte raw : value.getBytes(StandardCharsets.UTF_8)) {
      int c = raw & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
  }
}
