package com.techmart.shop;

import com.techmart.cuj.archunit.CujRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

/**
 * The CUJ convention, checked on TechMart's own code with the rules every team adopts
 * (cuj-archunit): journey names in the catalogue, @Journey only where it can run, every
 * state-changing endpoint in a journey or marked otherwise, no hand-written cuj.* keys, no second SDK.
 */
@AnalyzeClasses(packages = "com.techmart.shop",
    importOptions = {ImportOption.DoNotIncludeTests.class, JourneyConventionTest.WithoutTheDemoReport.class,
        JourneyConventionTest.WithoutTheBrowserSpanPolicy.class})
class JourneyConventionTest {

  @ArchTest
  static final ArchTests cuj = ArchTests.in(CujRules.class);

  /**
   * The demo report reads cuj.name and cuj.outcome off the spans it recorded, to count journeys;
   * it writes none. The rule against hand-written keys is about writing, so the report is left out.
   */
  static final class WithoutTheDemoReport implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/com/techmart/shop/demo/");
    }
  }

  /**
   * The browser span ingestion rebuilds spans that were made in a browser, so it has to write their
   * cuj.* attributes itself; it is a trust policy of its own (a name only if the catalogue knows
   * it, outcomes from a closed set), tested in StorefrontIngestTest. Only that class is left out.
   */
  static final class WithoutTheBrowserSpanPolicy implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/com/techmart/shop/storefront/BrowserSpanPolicy");
    }
  }
}
