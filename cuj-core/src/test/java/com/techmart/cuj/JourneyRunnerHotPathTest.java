package com.techmart.cuj;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every method a journey runs through on each call stays within C1's inline limit (35 bytes of
 * bytecode), so C1 inlines it into its caller, it gets no C2 compilation of its own, and the
 * caller's C2 compilation inlines it in every JVM: a standalone C2 compilation above
 * {@code InlineSmallCode} is never inlined afterwards, which made a journey run in two modes
 * depending on which compilation came first (issue 17). {@code benchmarks/inlining.sh} checks the
 * compiled result in real JVMs; this test keeps the sizes from growing back unnoticed.
 */
class JourneyRunnerHotPathTest {

  /** C1's {@code C1MaxInlineSize}, and C2's {@code MaxInlineSize} for call sites that are not hot. */
  private static final int INLINE_LIMIT = 35;

  /**
   * C1 allows 10 % less per inline level: {@code call} is inlined three levels deep (e.g. a
   * controller, {@code Journeys.call}, {@code call(String, ...)}) only up to 28 bytes.
   */
  private static final int CALL_LIMIT = 28;

  private static final Map<String, Integer> HOT_PATH = Map.of(
      "call", 2, "run", 2, "traced", 2, "inJourney", 2, "failOnThrow", 2, "inScope", 2,
      "enterUntraced", 1, "untracedContext", 1, "stampIfRecording", 1);

  @Test
  void everyHotPathMethodFitsTheInlineLimit() throws IOException {
    List<Method> methods = methods(JourneyRunner.class);

    Map<String, Integer> found = new TreeMap<>();
    for (Method m : methods) {
      if (HOT_PATH.containsKey(m.name)) {
        found.merge(m.name, 1, Integer::sum);
        assertThat(m.codeLength).as("bytes of bytecode of JourneyRunner.%s%s", m.name, m.descriptor)
            .isLessThanOrEqualTo(m.name.equals("call") ? CALL_LIMIT : INLINE_LIMIT);
      }
    }
    assertThat(found).as("the hot path's methods (renamed? update HOT_PATH and benchmarks/inlining.sh)")
        .isEqualTo(new TreeMap<>(HOT_PATH));
  }

  private record Method(String name, String descriptor, int codeLength) {}

  /** The methods of a class file and the length of their code: just enough of JVMS §4 for this. */
  private static List<Method> methods(Class<?> type) throws IOException {
    try (InputStream raw = type.getResourceAsStream(type.getSimpleName() + ".class");
        DataInputStream in = new DataInputStream(raw)) {
      in.readInt(); // magic
      in.readUnsignedShort();
      in.readUnsignedShort();
      int count = in.readUnsignedShort();
      String[] utf8 = new String[count];
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = in.readUTF();
          case 7, 8, 16, 19, 20 -> in.skipBytes(2);
          case 15 -> in.skipBytes(3);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
          case 5, 6 -> {
            in.skipBytes(8);
            i++;
          }
          default -> throw new IOException("unknown constant pool tag " + tag);
        }
      }
      in.skipBytes(6); // access, this, super
      in.skipBytes(2 * in.readUnsignedShort()); // interfaces
      int fields = in.readUnsignedShort();
      for (int f = 0; f < fields; f++) {
        in.skipBytes(6);
        skipAttributes(in);
      }
      List<Method> methods = new ArrayList<>();
      int count2 = in.readUnsignedShort();
      for (int m = 0; m < count2; m++) {
        in.skipBytes(2);
        String name = utf8[in.readUnsignedShort()];
        String descriptor = utf8[in.readUnsignedShort()];
        int attributes = in.readUnsignedShort();
        int codeLength = -1;
        for (int a = 0; a < attributes; a++) {
          String attribute = utf8[in.readUnsignedShort()];
          int length = in.readInt();
          if (attribute.equals("Code")) {
            in.skipBytes(4); // max_stack, max_locals
            codeLength = in.readInt();
            in.skipBytes(length - 8);
          } else {
            in.skipBytes(length);
          }
        }
        methods.add(new Method(name, descriptor, codeLength));
      }
      return methods;
    }
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int attributes = in.readUnsignedShort();
    for (int a = 0; a < attributes; a++) {
      in.skipBytes(2);
      in.skipBytes(in.readInt());
    }
  }
}
