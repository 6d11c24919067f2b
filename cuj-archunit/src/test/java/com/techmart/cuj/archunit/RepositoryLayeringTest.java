package com.techmart.cuj.archunit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * This repository's own layering: core is framework-neutral, and adapters never depend on each
 * other (DESIGN.md section 2). The adapters are on this module's test class path for this check.
 */
@AnalyzeClasses(packages = "com.techmart.cuj", importOptions = ImportOption.DoNotIncludeTests.class)
class RepositoryLayeringTest {

  private static final String CORE = "com.techmart.cuj";

  /**
   * Every class cuj-core ships, in whatever package: the user API, {@code spi}, {@code internal}
   * and any subpackage added later. Chosen by where the class was loaded from rather than by a
   * package list, so a new core package cannot slip out of the rule.
   */
  static final DescribedPredicate<JavaClass> SHIPPED_BY_CORE =
      DescribedPredicate.describe("are shipped by cuj-core", c -> c.getPackageName().startsWith(CORE)
          && c.getSource().map(s -> s.getUri().toString().contains("/cuj-core")).orElse(false));

  @ArchTest
  static final ArchRule coreIsFrameworkNeutral = noClasses()
      .that(SHIPPED_BY_CORE)
      .should().dependOnClassesThat().resideInAnyPackage(
          "com.techmart.cuj.micronaut..", "com.techmart.cuj.servlet..", "com.techmart.cuj.jdbc..",
          "com.techmart.cuj.archunit..", "io.micronaut..", "jakarta.servlet..", "org.slf4j..",
          "io.opentelemetry.instrumentation..")
      .because("cuj-core may depend on the OpenTelemetry API (and optionally the SDK) only");

  @ArchTest
  static final ArchRule micronautAdapterStandsAlone = noClasses()
      .that().resideInAPackage("com.techmart.cuj.micronaut..")
      .should().dependOnClassesThat().resideInAnyPackage("com.techmart.cuj.servlet..", "com.techmart.cuj.jdbc..");

  @ArchTest
  static final ArchRule servletAdapterStandsAlone = noClasses()
      .that().resideInAPackage("com.techmart.cuj.servlet..")
      .should().dependOnClassesThat().resideInAnyPackage("com.techmart.cuj.micronaut..", "com.techmart.cuj.jdbc..",
          "io.micronaut..");

  @ArchTest
  static final ArchRule jdbcAdapterStandsAlone = noClasses()
      .that().resideInAPackage("com.techmart.cuj.jdbc..")
      .should().dependOnClassesThat().resideInAnyPackage("com.techmart.cuj.micronaut..", "com.techmart.cuj.servlet..",
          "io.micronaut..", "jakarta.servlet..");

  @ArchTest
  static final ArchRule rulesNeedNoAdapterAtRunTime = noClasses()
      .that().resideInAPackage("com.techmart.cuj.archunit..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "com.techmart.cuj.micronaut..", "com.techmart.cuj.servlet..", "com.techmart.cuj.jdbc..");
}
