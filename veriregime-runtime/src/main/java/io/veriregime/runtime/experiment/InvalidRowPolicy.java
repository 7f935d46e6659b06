package io.veriregime.runtime.experiment;

/** What to do with a kline that cannot be real (high below low, close above high, off the minute grid, ...). */
public enum InvalidRowPolicy implements ConfigEnum {
  /** The first such row stops the build, naming the file, the line and the rule (default). */ FAIL,
  /** Such rows are dropped, counted in dataset.json and the report. */ DROP
}
