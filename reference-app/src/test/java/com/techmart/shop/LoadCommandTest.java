package com.techmart.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.techmart.shop.launch.ShopStack;
import com.techmart.shop.load.LoadCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code load} against the real services: bounded, loopback only, and it names the failures' traces. */
class LoadCommandTest {

  @Test
  void sendsTheMixAndPrintsTheTraceIdOfEveryFailure() {
    try (ShopStack shop = ShopStack.builder(TestDatabase.fresh("load"))
        .property(ServiceRole.PAYMENTS, "payments.gateway.failure-rate", 1.0) // every charge fails
        .start()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
      int exit = new CommandLine(new LoadCommand(out)).execute("--target", shop.api().uri().toString(),
          "--rate", "40", "--duration", "2s", "--max-requests", "60", "--mix", "checkout=1,product-discovery=1,order-lookup=1");
      String printed = bytes.toString(StandardCharsets.UTF_8);
      System.out.println(printed);

      assertThat(exit).as("failures make the exit code 1").isEqualTo(1);
      assertThat(printed).containsPattern("FAILED  POST /api/orders\\s+503 unavailable\\s+trace_id=[0-9a-f]{32} correlation_id=load-");
      assertThat(printed).contains("checkout", "product-discovery", "order-lookup");
      assertThat(printed).doesNotContain("FAILED  GET");
    }
  }

  @Test
  void refusesATargetOffThisMachineAndBadArguments() {
    // Only the argument is checked: nothing is ever sent to the non-loopback address.
    assertThatThrownBy(() -> {
      LoadCommand load = new LoadCommand(new PrintStream(new ByteArrayOutputStream()));
      new CommandLine(load).parseArgs("--target", "http://10.1.2.3:8080");
      load.call();
    }).hasMessageContaining("not a loopback address");
    assertThatThrownBy(() -> {
      LoadCommand load = new LoadCommand(new PrintStream(new ByteArrayOutputStream()));
      new CommandLine(load).parseArgs("--target", "http://127.0.0.1:1", "--mix", "checkout=lots");
      load.call();
    }).hasMessageContaining("weight of checkout must be a whole number");
    assertThatThrownBy(() -> {
      LoadCommand load = new LoadCommand(new PrintStream(new ByteArrayOutputStream()));
      new CommandLine(load).parseArgs("--target", "http://127.0.0.1:1", "--duration", "5h");
      load.call();
    }).hasMessageContaining("at most 2 h");
  }
}
