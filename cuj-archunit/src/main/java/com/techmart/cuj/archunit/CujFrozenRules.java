package com.techmart.cuj.archunit;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;

/**
 * {@link CujRules} for code that does not follow them yet: the first run records today's
 * violations in ArchUnit's violation store, later runs fail only on new ones, and fixed ones drop
 * out of the store. Needs {@code freeze.store.default.allowStoreCreation=true} in
 * {@code archunit.properties} for the first run; commit the store it writes.
 *
 * <pre>{@code
 * @ArchTest static final ArchTests cuj = ArchTests.in(CujFrozenRules.class);
 * }</pre>
 */
public final class CujFrozenRules {

  private CujFrozenRules() {}

  @ArchTest
  public static final ArchRule JOURNEY_NAMES_ARE_IN_THE_CATALOGUE =
      FreezingArchRule.freeze(CujRules.JOURNEY_NAMES_ARE_IN_THE_CATALOGUE);

  @ArchTest
  public static final ArchRule JOURNEYS_ONLY_ON_INTERCEPTABLE_METHODS =
      FreezingArchRule.freeze(CujRules.JOURNEYS_ONLY_ON_INTERCEPTABLE_METHODS);

  @ArchTest
  public static final ArchRule STATE_CHANGING_ENDPOINTS_RUN_A_JOURNEY =
      FreezingArchRule.freeze(CujRules.STATE_CHANGING_ENDPOINTS_RUN_A_JOURNEY);

  @ArchTest
  public static final ArchRule NO_HAND_WRITTEN_JOURNEY_ATTRIBUTES =
      FreezingArchRule.freeze(CujRules.NO_HAND_WRITTEN_JOURNEY_ATTRIBUTES);

  @ArchTest
  public static final ArchRule NO_OWN_OPENTELEMETRY_SDK =
      FreezingArchRule.freeze(CujRules.NO_OWN_OPENTELEMETRY_SDK);
}
