package com.techmart.cuj.servlet;

import com.techmart.cuj.JourneyCatalogue;

/** The shop's journeys and their routes, read from a catalogue file as a service reads its own. */
final class ShopCatalogue {

  static final JourneyCatalogue CATALOGUE = JourneyCatalogue.loadResource("cuj/shop-journeys.yaml");

  private ShopCatalogue() {}
}
