package io.veriregime.runtime.data;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.CountingInputStream;
import io.veriregime.runtime.stage.StageLog;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads kline files in the Binance archive CSV layout: plain {@code .csv}, {@code .csv.gz}, or an
 * archive {@code .zip} holding the CSV. A damaged file becomes one {@link VeriRegimeException}
 * naming the file and what to do.
 */
final class KlineFiles {

  private static final int MONTH_OF_MINUTES = 31 * 24 * 60;
  /**
   * The most CSV bytes one file may hold once decompressed: 10 M rows of 200 bytes (an archive row
   * is about 150), 20 years of minutes, while Binance opened in 2017.
   */
  static final long MAX_CSV_BYTES = 2L << 30;
  static final String LIMIT_REASON = "2 GiB: about 10 million rows, 20 years of minutes";

  private KlineFiles() {}

  /**
   * Reads files that together form one chronological series; each file (and each CSV in a zip)
   * must start after the previous one ends (no overlap, no reordering).
   */
  static KlineSeries readAll(List<Path> files, KlineCheck check, StageLog log) {
    return readAll(files, check, log, MAX_CSV_BYTES);
  }

  /** As {@link #readAll(List, KlineCheck, StageLog)}, with at most {@code limit} CSV bytes per file. */
  static KlineSeries readAll(List<Path> files, KlineCheck check, StageLog log, long limit) {
    KlineSeries.Builder out = new KlineSeries.Builder(MONTH_OF_MINUTES); // grows as needed
    String previous = null;
    for (Path file : files) {
      previous = read(file, previous, out, check, log, limit);
    }
    return out.build();
  }

  /**
   * Appends the rows of {@code file} to {@code out}, logging bytes read, rate and ETA.
   *
   * @param previous the CSV read before, whose rows {@code file}'s must follow; null for the first
   * @return the last CSV read (the file, or its last zip entry)
   */
  private static String read(Path file, String previous, KlineSeries.Builder out, KlineCheck check, StageLog log,
                             long limit) {
    String name = file.getFileName().toString();
    int before = out.size();
    try (InputStream raw = Files.newInputStream(file)) {
      Progress progress = new Progress(log, "fetch-data: reading " + name, Progress.Unit.BYTES, Files.size(file));
      CountingInputStream counted = new CountingInputStream(raw, progress::update);
      String last;
      if (name.endsWith(".gz")) {
        last = append(BoundedCsvInput.of(new GZIPInputStream(counted, 1 << 16), file.toString(), limit),
            file.toString(), previous, out, check);
      } else if (name.endsWith(".zip")) {
        last = readZip(file, new ZipInputStream(new BufferedInputStream(counted, 1 << 16)), limit, previous, out,
            check);
      } else {
        last = append(BoundedCsvInput.of(counted, file.toString(), limit), file.toString(), previous, out, check);
      }
      progress.finish(counted.count(), String.format(Locale.ROOT, "%,d klines", out.size() - before));
      return last;
    } catch (NoSuchFileException e) {
      throw new VeriRegimeException("Kline file " + file + " does not exist; check the path (relative paths "
          + "are resolved against the experiment file's directory).", e);
    } catch (ZipException | EOFException e) {
      throw new VeriRegimeException("Kline file " + file + " is damaged: " + describe(e) + ". It is not a complete "
          + (name.endsWith(".zip") ? "zip archive" : "gzip file") + "; download it again and rerun.", e);
    } catch (IOException e) {
      throw new VeriRegimeException("Could not read kline file " + file + ": " + describe(e)
          + "; check that it is readable.", e);
    }
  }

  private static String readZip(Path file, ZipInputStream zip, long limit, String previous, KlineSeries.Builder out,
                                KlineCheck check)
      throws IOException {
    // one bound for all the zip's entries together: many small bombs make one large one
    InputStream csv = BoundedCsvInput.of(zip, file.toString(), limit);
    ZipEntry entry;
    String last = previous;
    boolean found = false;
    while ((entry = zip.getNextEntry()) != null) {
      if (!entry.isDirectory() && entry.getName().endsWith(".csv")) {
        last = append(csv, file + "!" + entry.getName(), last, out, check);
        found = true;
      }
    }
    if (!found) {
      throw new VeriRegimeException("Kline archive " + file + " is damaged or holds no .csv entry (Binance archive "
          + "zips hold one CSV named like the zip); download it again and rerun.");
    }
    return last;
  }

  /**
   * Parses one CSV onto {@code out}; its first row must come after the last row of the CSV before
   * it. A day listed twice (two files, or two entries of one zip) would otherwise put the same
   * minutes into more than one split: training rows would reappear in validation and test.
   *
   * @return {@code source}, the CSV the next one must follow
   */
  private static String append(InputStream in, String source, String previous, KlineSeries.Builder out,
                               KlineCheck check) throws IOException {
    int before = out.size();
    KlineCsvParser.parse(in, source, out, check);
    if (before > 0 && out.size() > before && out.openTime(before) <= out.openTime(before - 1)) {
      throw new VeriRegimeException("Kline files " + previous + " and " + source + " overlap or are out of order: "
          + source + " starts at " + Instant.ofEpochMilli(out.openTime(before)) + ", not after "
          + Instant.ofEpochMilli(out.openTime(before - 1)) + " where " + previous + " ends. List the files in time "
          + "order, each once (and a zip must hold each day once).");
    }
    return source;
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
