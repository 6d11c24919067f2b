package com.techmart.cuj.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles small applications with the real Micronaut annotation processor and cuj-micronaut on
 * the processor path, as an application build does: a {@code @Journey} that could never run fails
 * the build.
 */
class JourneyCompileCheckTest {

  @TempDir
  Path out;

  private record Result(boolean success, List<String> errors) {}

  private Result compile(String className, String source) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertThat(compiler).as("tests run on a JDK").isNotNull();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    JavaFileObject file = new SimpleJavaFileObject(
        URI.create("string:///app/" + className + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    String classpath = System.getProperty("java.class.path");
    List<String> options = List.of("-classpath", classpath, "-processorpath", classpath,
        // -proc:full: newer JDKs run no processor unless told to.
        "-d", out.toString(), "-proc:full", "-parameters");
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      boolean ok = compiler.getTask(null, files, diagnostics, options, null, List.of(file)).call();
      List<String> errors = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        if (d.getKind() == Diagnostic.Kind.ERROR) {
          errors.add(d.getMessage(Locale.ROOT));
        }
      }
      return new Result(ok, errors);
    }
  }

  @Test
  void validJourneyOnABeanCompilesToAnInterceptedProxy() throws IOException {
    Result result = compile("Orders", """
        package app;
        @jakarta.inject.Singleton
        public class Orders {
          @com.techmart.cuj.micronaut.Journey("checkout")
          public String place() { return "ok"; }
        }
        """);
    assertThat(result.errors()).isEmpty();
    assertThat(result.success()).isTrue();
    try (var generated = Files.walk(out)) {
      assertThat(generated.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.contains("Orders") && n.contains("Intercepted"));
    }
  }

  @Test
  void journeyOnAClassThatIsNoBeanFailsTheBuild() throws IOException {
    Result result = compile("Basket", """
        package app;
        public class Basket {
          @com.techmart.cuj.micronaut.Journey("checkout")
          public String checkout() { return "ok"; }
        }
        """);
    assertThat(result.success()).isFalse();
    assertThat(result.errors()).anyMatch(e -> e.contains("@Journey on Basket.checkout() would never run")
        && e.contains("app.Basket is not a bean"));
  }

  @Test
  void invalidJourneyNameFailsTheBuild() throws IOException {
    Result result = compile("Lookup", """
        package app;
        @jakarta.inject.Singleton
        public class Lookup {
          @com.techmart.cuj.micronaut.Journey("Order Lookup")
          public String find() { return "ok"; }
        }
        """);
    assertThat(result.success()).isFalse();
    assertThat(result.errors()).anyMatch(e -> e.contains("@Journey on Lookup.find()")
        && e.contains("not lowercase kebab-case"));
  }

  @Test
  void privateMethodFailsTheBuild() throws IOException {
    Result result = compile("Payments", """
        package app;
        @jakarta.inject.Singleton
        public class Payments {
          @com.techmart.cuj.micronaut.Journey("checkout")
          private String charge() { return "ok"; }
          public String pay() { return charge(); }
        }
        """);
    assertThat(result.success()).isFalse();
    assertThat(result.errors()).anyMatch(e -> e.contains("private"));
  }

  @Test
  void finalClassFailsTheBuild() throws IOException {
    Result result = compile("Stock", """
        package app;
        @jakarta.inject.Singleton
        public final class Stock {
          @com.techmart.cuj.micronaut.Journey("checkout")
          public String reserve() { return "ok"; }
        }
        """);
    assertThat(result.success()).isFalse();
    assertThat(result.errors()).anyMatch(e -> e.contains("final"));
  }

  @Test
  void staticMethodFailsTheBuild() throws IOException {
    Result result = compile("Util", """
        package app;
        @jakarta.inject.Singleton
        public class Util {
          @com.techmart.cuj.micronaut.Journey("checkout")
          public static String run() { return "ok"; }
        }
        """);
    assertThat(result.success()).isFalse();
    assertThat(result.errors()).anyMatch(e -> e.contains("static"));
  }
}
