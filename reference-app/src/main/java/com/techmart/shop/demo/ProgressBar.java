package com.techmart.shop.demo;

import java.io.PrintStream;

/**
 * A one-line progress bar for the traffic run. On a terminal it redraws itself in place; otherwise
 * (a pipe, a test) it prints a line at each quarter so logs stay readable.
 */
final class ProgressBar {

  private static final int WIDTH = 30;

  private final PrintStream out;
  private final boolean interactive;
  private int lastQuarter = -1;

  ProgressBar(PrintStream out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  synchronized void show(double fraction, String status) {
    double f = Math.max(0, Math.min(1, fraction));
    int filled = (int) Math.round(f * WIDTH);
    String bar = "[" + "█".repeat(filled) + "░".repeat(WIDTH - filled) + "] " + String.format("%3.0f%%", 100 * f) + "  " + status;
    if (interactive) {
      out.print("\r  " + bar + "    ");
      out.flush();
    } else {
      int quarter = (int) Math.floor(f * 4);
      if (quarter != lastQuarter) {
        lastQuarter = quarter;
        out.println("  " + bar);
      }
    }
  }

  synchronized void done(String status) {
    show(1, status);
    if (interactive) {
      out.println();
    }
  }
}
