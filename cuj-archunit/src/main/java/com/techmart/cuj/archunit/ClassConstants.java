package com.techmart.cuj.archunit;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the string constants of a class file (its constant pool), which ArchUnit does not expose:
 * a literal such as {@code "cuj.name"} lives only there once compiled.
 */
final class ClassConstants {

  private ClassConstants() {}

  /** The UTF-8 constants of the class file at {@code uri}; empty if it cannot be read. */
  static Set<String> strings(URI uri) {
    try (InputStream raw = uri.toURL().openStream();
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
      return read(in);
    } catch (IOException | RuntimeException e) {
      return Set.of();
    }
  }

  static Set<String> read(DataInputStream in) throws IOException {
    if (in.readInt() != 0xCAFEBABE) {
      return Set.of();
    }
    in.readUnsignedShort(); // minor
    in.readUnsignedShort(); // major
    int count = in.readUnsignedShort();
    Set<String> strings = new HashSet<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1: // Utf8
          strings.add(in.readUTF());
          break;
        case 3: case 4: // Integer, Float
        case 9: case 10: case 11: // Field/Method/InterfaceMethod ref
        case 12: // NameAndType
        case 17: case 18: // Dynamic, InvokeDynamic
          in.skipBytes(4);
          break;
        case 5: case 6: // Long, Double take two slots
          in.skipBytes(8);
          i++;
          break;
        case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
          in.skipBytes(2);
          break;
        case 15: // MethodHandle
          in.skipBytes(3);
          break;
        default:
          throw new IOException("unknown constant pool tag " + tag);
      }
    }
    return strings;
  }
}
