package com.techmart.cuj.grafana;

import com.techmart.cuj.InvalidCatalogueException;
import com.techmart.cuj.JourneyCatalogue;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Command line: {@code --catalogue journeys.yaml --out dir} writes {@code dir/dashboards/*.json}
 * and {@code dir/rules/*.yaml}. Exit code 0 on success, 1 when the catalogue is invalid or a file
 * cannot be read or written, 2 on a usage error.
 */
public final class GeneratorCli {

  static final String USAGE = String.join("\n",
      "usage: cuj-grafana --catalogue <journeys.yaml> --out <dir> [options]   (also --option=value)",
      "  --catalogue FILE   journey catalogue (YAML, format version 1)",
      "  --out DIR          writes DIR/dashboards/*.json and DIR/rules/*.yaml",
      "  --namespace NAME   spanmetrics connector namespace (default: techmart)",
      "  --buckets LIST     histogram bucket bounds in ms, comma-separated (default: "
          + HistogramBuckets.REFERENCE.stream().map(BigDecimal::toPlainString).reduce((a, b) -> a + "," + b).orElse("") + ")",
      "  --funnel LIST      stages of <namespace>_funnel_total{stage} in order, comma-separated;",
      "                     adds funnel panels to the overview (default: none)",
      "  --selector MATCHERS  label matchers added to every query, e.g.",
      "                     'deployment_environment=\"production\"' (default: none)",
      "  --runbook-base URL alerts link to URL/<journey> as runbook_url (default: none)");

  private GeneratorCli() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Path catalogueFile = null;
    Path outDir = null;
    Generator.Options options = Generator.Options.defaults();
    try {
      for (int i = 0; i < args.length; i++) {
        String flag = args[i] == null ? "" : args[i];
        if (flag.equals("--help") || flag.equals("-h")) {
          out.println(USAGE);
          return 0;
        }
        String value;
        int eq = flag.indexOf('=');
        if (flag.startsWith("--") && eq > 0) {
          value = flag.substring(eq + 1);
          flag = flag.substring(0, eq);
        } else if (i + 1 < args.length && args[i + 1] != null) {
          value = args[++i];
        } else {
          throw new UsageException(flag + " needs a value");
        }
        switch (flag) {
          case "--catalogue" -> catalogueFile = Path.of(value);
          case "--out" -> outDir = Path.of(value);
          case "--namespace" -> options = options.withNamespace(value);
          case "--buckets" -> options = options.withBuckets(HistogramBuckets.parse(value));
          case "--selector" -> options = options.withSelector(value);
          case "--runbook-base" -> options = options.withRunbookBase(value);
          case "--funnel" -> options = options.withFunnel(value.isBlank() ? List.of()
              : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
          default -> throw new UsageException("unknown option " + flag);
        }
      }
      if (catalogueFile == null || outDir == null) {
        throw new UsageException("--catalogue and --out are required");
      }
    } catch (UsageException | IllegalArgumentException e) {
      err.println("cuj-grafana: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    try {
      JourneyCatalogue catalogue = JourneyCatalogue.load(catalogueFile);
      List<Generator.GeneratedFile> files = new Generator(options)
          .generate(catalogue, String.valueOf(catalogueFile.getFileName()));
      Generator.write(files, outDir);
      out.println("cuj-grafana: wrote " + files.size() + " files to " + outDir + " from " + catalogueFile);
      files.forEach(f -> out.println("  " + f.path()));
      return 0;
    } catch (InvalidCatalogueException | UncheckedIOException e) {
      err.println("cuj-grafana: " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      // The generator's own checks (a threshold that is not a bucket bound) name the file already.
      err.println("cuj-grafana: " + catalogueFile + ": " + stripSource(e.getMessage(), catalogueFile));
      return 1;
    }
  }

  private static String stripSource(String message, Path file) {
    String prefix = file.getFileName() + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  private static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
