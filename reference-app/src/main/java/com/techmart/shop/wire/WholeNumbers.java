package com.techmart.shop.wire;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import io.micronaut.serde.exceptions.SerdeException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Whole-number fields that take only whole JSON numbers. The default reading turns {@code 1.5}
 * into 1 and {@code "2"} into 2, so a shopper who asked for one and a half units got one without
 * being told; here both are a 400 that names the field.
 */
public final class WholeNumbers {

  private WholeNumbers() {}

  /** The value of a field that was not a whole number in range; its message is safe to show a client. */
  public static final class NotAWholeNumber extends SerdeException {

    private static final long serialVersionUID = 1L;

    NotAWholeNumber(String message) {
      super(message);
    }
  }

  /** For {@code Integer} fields. */
  @Singleton
  public static final class Int implements Deserializer<Integer> {
    @Override
    public Integer deserialize(Decoder decoder, DecoderContext context, Argument<? super Integer> type) throws IOException {
      return (int) whole(decoder.decodeArbitrary(), type.getName(), Integer.MIN_VALUE, Integer.MAX_VALUE);
    }
  }

  /** For {@code Long} fields. */
  @Singleton
  public static final class Long64 implements Deserializer<Long> {
    @Override
    public Long deserialize(Decoder decoder, DecoderContext context, Argument<? super Long> type) throws IOException {
      return whole(decoder.decodeArbitrary(), type.getName(), Long.MIN_VALUE, Long.MAX_VALUE);
    }
  }

  static long whole(Object value, String field, long min, long max) throws NotAWholeNumber {
    BigInteger n;
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      n = BigInteger.valueOf(((Number) value).longValue());
    } else if (value instanceof BigInteger b) {
      n = b;
    } else if (value instanceof Number) {
      throw new NotAWholeNumber(field + " must be a whole number, was " + shown(value));
    } else {
      throw new NotAWholeNumber(field + " must be a whole number, was " + kind(value));
    }
    if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new NotAWholeNumber(field + " is out of range");
    }
    return n.longValueExact();
  }

  private static String shown(Object number) {
    String s = number instanceof BigDecimal d ? d.toPlainString() : String.valueOf(number);
    return s.length() > 20 ? s.substring(0, 20) + "..." : s;
  }

  private static String kind(Object value) {
    if (value instanceof CharSequence) {
      return "a string";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value instanceof java.util.Map) {
      return "an object";
    }
    if (value instanceof java.util.List) {
      return "an array";
    }
    return "null";
  }
}
