package io.veriregime.runtime.experiment;

/** The per-minute features; each is computed from the klines (indicators with ta4j). */
public enum Feature implements ConfigEnum {
  LOG_RETURN, HIGH_LOW_RANGE, CLOSE_OPEN, LOG_VOLUME, EMA_RATIO, RSI, MACD_HISTOGRAM, TAKER_BUY_RATIO
}
