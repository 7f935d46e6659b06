package io.veriregime.runtime.experiment;

/** Where klines come from. */
public enum DataSource implements ConfigEnum {
  CSV, BINANCE_ARCHIVE, BINANCE_API
}
