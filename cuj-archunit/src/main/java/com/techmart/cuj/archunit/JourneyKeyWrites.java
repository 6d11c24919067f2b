package com.techmart.cuj.archunit;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds where a class file writes a journey key ({@code "cuj.name"} and the other contract keys,
 * or a {@code JourneyAttributes} key) into a span attribute, attribute set or baggage entry.
 * Reading one ({@code baggage.getEntryValue(JourneyAttributes.BAGGAGE_NAME)}) is not a write.
 *
 * <p>ArchUnit does not see string constants, and the {@code String} constants of
 * {@code JourneyAttributes} are inlined by the compiler, so this walks the bytecode: after each
 * load of a journey key, the first call that can take it as an argument decides (key factories
 * such as {@code AttributeKey.stringKey} pass the key on, so they are looked through).
 */
final class JourneyKeyWrites {

  /** One write: where, and which key. */
  record Write(String method, int line, String key) {}

  private static final String JOURNEY_ATTRIBUTES = "com/techmart/cuj/JourneyAttributes";
  private static final Set<String> WRITERS = Set.of("setAttribute", "put", "of");

  private final Set<String> keys;

  JourneyKeyWrites(Set<String> keys) {
    this.keys = keys;
  }

  /** The writes in the class file at {@code uri}; empty if it cannot be read. */
  List<Write> find(URI uri) {
    try (InputStream raw = uri.toURL().openStream();
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
      return read(in);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  List<Write> read(DataInputStream in) throws IOException {
    if (in.readInt() != 0xCAFEBABE) {
      return List.of();
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    int[] tags = new int[count];
    int[] refA = new int[count];
    int[] refB = new int[count];
    String[] utf8 = new String[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      tags[i] = tag;
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 3, 4 -> in.skipBytes(4);
        case 9, 10, 11, 12 -> { // Field/Method/InterfaceMethod ref, NameAndType
          refA[i] = in.readUnsignedShort();
          refB[i] = in.readUnsignedShort();
        }
        case 17, 18 -> in.skipBytes(4);
        case 5, 6 -> {
          in.skipBytes(8);
          i++;
        }
        case 7, 8, 16, 19, 20 -> refA[i] = in.readUnsignedShort();
        case 15 -> in.skipBytes(3);
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    Pool pool = new Pool(tags, refA, refB, utf8);

    in.readUnsignedShort(); // access
    in.readUnsignedShort(); // this
    in.readUnsignedShort(); // super
    in.skipBytes(2 * in.readUnsignedShort()); // interfaces
    int fields = in.readUnsignedShort();
    for (int f = 0; f < fields; f++) {
      in.skipBytes(6);
      skipAttributes(in);
    }
    List<Write> writes = new ArrayList<>();
    int methods = in.readUnsignedShort();
    for (int m = 0; m < methods; m++) {
      in.readUnsignedShort();
      String name = utf8[in.readUnsignedShort()];
      in.readUnsignedShort();
      int attributes = in.readUnsignedShort();
      for (int a = 0; a < attributes; a++) {
        String attribute = utf8[in.readUnsignedShort()];
        int length = in.readInt();
        if (!"Code".equals(attribute)) {
          in.skipBytes(length);
          continue;
        }
        in.skipBytes(4); // max stack, max locals
        byte[] code = new byte[in.readInt()];
        in.readFully(code);
        in.skipBytes(8 * in.readUnsignedShort()); // exception table
        int[] lines = new int[code.length];
        int codeAttributes = in.readUnsignedShort();
        for (int c = 0; c < codeAttributes; c++) {
          String codeAttribute = utf8[in.readUnsignedShort()];
          int codeAttributeLength = in.readInt();
          if ("LineNumberTable".equals(codeAttribute)) {
            int entries = in.readUnsignedShort();
            int[][] table = new int[entries][];
            for (int e = 0; e < entries; e++) {
              table[e] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
            }
            java.util.Arrays.sort(table, (x, y) -> Integer.compare(x[0], y[0]));
            for (int[] entry : table) {
              for (int pc = entry[0]; pc < code.length; pc++) {
                lines[pc] = entry[1];
              }
            }
          } else {
            in.skipBytes(codeAttributeLength);
          }
        }
        scan(name, code, lines, pool, writes);
      }
    }
    return writes;
  }

  private void scan(String method, byte[] code, int[] lines, Pool pool, List<Write> writes) {
    String pending = null;
    int pendingPc = 0;
    int pc = 0;
    while (pc < code.length) {
      int op = code[pc] & 0xff;
      String key = null;
      if (op == 0x12) {
        key = pool.string(code[pc + 1] & 0xff);
      } else if (op == 0x13) {
        key = pool.string(u2(code, pc + 1));
      } else if (op == 0xb2) { // getstatic
        int ref = u2(code, pc + 1);
        if (JOURNEY_ATTRIBUTES.equals(pool.owner(ref))) {
          key = "JourneyAttributes." + pool.memberName(ref);
        }
      }
      if (key != null && (keys.contains(key) || key.startsWith("JourneyAttributes."))) {
        pending = key;
        pendingPc = pc;
      } else if (pending != null && op >= 0xb6 && op <= 0xb9) {
        int ref = u2(code, pc + 1);
        String owner = pool.owner(ref);
        String name = pool.memberName(ref);
        boolean keyFactory = "io/opentelemetry/api/common/AttributeKey".equals(owner);
        boolean takesNothing = pool.memberDescriptor(ref).startsWith("()");
        if (!keyFactory && !takesNothing) {
          if (owner != null && owner.startsWith("io/opentelemetry/") && WRITERS.contains(name)) {
            writes.add(new Write(method, lines[pendingPc], pending));
          }
          pending = null;
        }
      }
      pc += length(code, pc);
    }
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int attributes = in.readUnsignedShort();
    for (int a = 0; a < attributes; a++) {
      in.skipBytes(2);
      in.skipBytes(in.readInt());
    }
  }

  private static int u2(byte[] code, int at) {
    return ((code[at] & 0xff) << 8) | (code[at + 1] & 0xff);
  }

  private static int s4(byte[] code, int at) {
    return ((code[at] & 0xff) << 24) | ((code[at + 1] & 0xff) << 16) | ((code[at + 2] & 0xff) << 8)
        | (code[at + 3] & 0xff);
  }

  /** The length of the instruction at {@code pc}, from the JVM specification's table. */
  private static int length(byte[] code, int pc) {
    int op = code[pc] & 0xff;
    if (op == 0xaa || op == 0xab) {
      int at = (pc + 4) & ~3; // operands start 4-byte aligned from the start of the code
      if (op == 0xaa) {
        int low = s4(code, at + 4);
        int high = s4(code, at + 8);
        return at - pc + 12 + 4 * (high - low + 1);
      }
      return at - pc + 8 + 8 * s4(code, at + 4);
    }
    if (op == 0xc4) { // wide
      return (code[pc + 1] & 0xff) == 0x84 ? 6 : 4;
    }
    if (op == 0x10 || op == 0x12 || (op >= 0x15 && op <= 0x19) || (op >= 0x36 && op <= 0x3a)
        || op == 0xa9 || op == 0xbc) {
      return 2;
    }
    if (op == 0x11 || op == 0x13 || op == 0x14 || op == 0x84 || (op >= 0x99 && op <= 0xa8)
        || (op >= 0xb2 && op <= 0xb8) || op == 0xbb || op == 0xbd || op == 0xc0 || op == 0xc1
        || op == 0xc6 || op == 0xc7) {
      return 3;
    }
    if (op == 0xc5) {
      return 4;
    }
    if (op == 0xb9 || op == 0xba || op == 0xc8 || op == 0xc9) {
      return 5;
    }
    return 1;
  }

  private record Pool(int[] tags, int[] refA, int[] refB, String[] utf8) {
    String string(int index) {
      return index > 0 && index < tags.length && tags[index] == 8 ? utf8[refA[index]] : null;
    }

    String owner(int ref) {
      return utf8[refA[refA[ref]]];
    }

    String memberName(int ref) {
      return utf8[refA[refB[ref]]];
    }

    String memberDescriptor(int ref) {
      return utf8[refB[refB[ref]]];
    }
  }
}
