package com.example.shop;

import com.techmart.cuj.archunit.CujRules;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

@AnalyzeClasses(packages = "com.example.shop", importOptions = ImportOption.DoNotIncludeTests.class)
class JourneyConventionTest {
  @ArchTest static final ArchTests cuj = ArchTests.in(CujRules.class);
}
