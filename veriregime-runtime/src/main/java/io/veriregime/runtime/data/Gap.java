package io.veriregime.runtime.data;

/**
 * A run of missing candles: open times {@code firstMissing} to {@code lastMissing} inclusive
 * (epoch milliseconds), {@code missing} candles in all.
 */
record Gap(long firstMissing, long lastMissing, long missing) {
}
