package com.techmart.cuj.archunit;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The "core is framework-neutral" rule reaches every package cuj-core ships, and no adapter. */
class CoreLayeringScopeTest {

  @Test
  void ruleCoversTheApiTheSpiAndTheInternalsButNotAnAdapter() {
    // By name: loading the servlet filter itself would need the (provided) servlet API.
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("com.techmart.cuj");

    assertThat(RepositoryLayeringTest.SHIPPED_BY_CORE.test(classes.get("com.techmart.cuj.Journeys"))).isTrue();
    assertThat(RepositoryLayeringTest.SHIPPED_BY_CORE.test(classes.get("com.techmart.cuj.spi.JourneyOutcome")))
        .isTrue();
    assertThat(RepositoryLayeringTest.SHIPPED_BY_CORE.test(classes.get("com.techmart.cuj.internal.RouteTemplate")))
        .isTrue();
    assertThat(RepositoryLayeringTest.SHIPPED_BY_CORE.test(classes.get("com.techmart.cuj.servlet.JourneyFilter")))
        .isFalse();
  }
}
