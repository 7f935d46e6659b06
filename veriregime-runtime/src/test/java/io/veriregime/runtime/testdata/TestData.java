package io.veriregime.runtime.testdata;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real data the tests read, all inside the repository (so a bare clone passes): the example's
 * month and the small excerpts under {@code test-data/}, whose sources and licence
 * {@code test-data/README.md} names. The team's shared data beside the repository is for
 * benchmarks and studies only; no test reads it.
 *
 * <p>The repository root comes from {@code veriregime.repositoryRoot} (set by the root pom to
 * Maven's project root); run from an IDE in the module directory it is the parent directory.
 */
public final class TestData {

  public static final Path REPOSITORY_ROOT = Path.of(System.getProperty("veriregime.repositoryRoot", ".."))
      .toAbsolutePath().normalize();
  private static final Path TEST_DATA = REPOSITORY_ROOT.resolve("test-data");

  /** BTCUSDT 1-minute klines of January 2024, the example's own month (Binance archive layout, gzip). */
  public static final Path JANUARY_2024 = existing(REPOSITORY_ROOT.resolve("example-project/data/BTCUSDT-1m-2024-01.csv.gz"));
  /** 2023-03-23 … 2023-03-25 from the March 2023 month: the 80-minute outage of 2023-03-24 and its truncated close time. */
  public static final Path MARCH_2023_23_TO_25 = existing(TEST_DATA.resolve("binance-spot-klines-1m/BTCUSDT-1m-2023-03-23_25.csv.gz"));
  /** Two original daily archive zips: 2024-01-01 and the outage day 2023-03-24. */
  public static final Path DAILY_ZIPS = existing(TEST_DATA.resolve("binance-spot-daily-zips"));
  /** One real {@code GET /api/v3/klines} body, {@code BTCUSDT_1m.json} (1,000 one-minute candles). */
  public static final Path API_KLINES = existing(TEST_DATA.resolve("binance-api-v3-klines"));
  /**
   * A development powers of tau for circuits up to 2^12 constraints, truncated from the team's
   * insecure development file (its secret is published: every output made from it says INSECURE).
   */
  public static final Path DEV_PTAU = existing(TEST_DATA.resolve("zk/dev-insecure-pot12.ptau"));
  public static final int DEV_PTAU_POWER = 12;
  public static final String DEV_PTAU_SHA256 = "2d18c9aa746564479f51f43bf0f9e952ff3036eda4f56030ed2e08ead27fd538";

  private TestData() {}

  /**
   * The {@code data:} section of a small real project: the first day of {@link #JANUARY_2024}, windows of
   * {@code window} minutes, every other key at its default (YAML, at the top level of an experiment).
   */
  public static String oneDayOfData(int window) {
    return """
        data:
          source: csv
          files: ["%s"]
          start: 2024-01-01
          end: 2024-01-01
          window: %d
        """.formatted(JANUARY_2024, window);
  }

  /** Fails at class initialisation with the path and the fix, rather than deep inside a test. */
  private static Path existing(Path path) {
    if (!Files.exists(path)) {
      throw new IllegalStateException("test data " + path + " does not exist: run the tests from the repository"
          + " (./mvnw verify sets veriregime.repositoryRoot), or set -Dveriregime.repositoryRoot to its root");
    }
    return path;
  }
}
