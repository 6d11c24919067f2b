package com.techmart.cuj;

/**
 * The journey a piece of work belongs to, as seen from inside it.
 *
 * <pre>{@code
 * Journeys.current().ifPresent(j -> log.info("in journey {}", j.name()));
 * }</pre>
 *
 * @param name the journey name (always valid and, unless the catalogue is open, known)
 * @param critical whether the journey is critical
 */
public record ActiveJourney(String name, boolean critical) {}
