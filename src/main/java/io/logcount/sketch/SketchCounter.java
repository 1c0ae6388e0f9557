package io.logcount.sketch;

/** The sketches of an approximate count, on their way from the map tasks to the union. */
public enum SketchCounter {
  /** Sketches the map tasks emitted: one per map task for approx-unique-users. */
  SKETCHES,
  /** Sketches the reducers merged. */
  SKETCHES_MERGED
}
