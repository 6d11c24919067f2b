package com.techmart.shop;

import com.techmart.shop.demo.DemoCommand;
import com.techmart.shop.load.LoadCommand;
import java.io.File;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar techmart-reference-app.jar demo | serve | load}. */
@Command(name = "techmart-reference-app", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, version = "TechMart reference app 0.1.0",
    subcommands = {DemoCommand.class, ServeCommand.class, LoadCommand.class},
    description = "TechMart webstore: the reference application of the CUJ library.")
public final class Main implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("demo") && System.getProperty("techmart.log.target") == null) {
      // The terminal shows the report; the services' logs go to a file (set before logging starts).
      System.setProperty("techmart.log.target", "FILE");
      System.setProperty("techmart.log.file",
          new File(System.getProperty("java.io.tmpdir"), "techmart-demo-" + ProcessHandle.current().pid() + ".log").getPath());
    }
    System.exit(execute(args));
  }

  /** Runs the command line; returns the exit code (2 for a usage or configuration error). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof IllegalArgumentException) {
        commandLine.getErr().println("error: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
