package io.veriregime.runtime.data;

import io.veriregime.runtime.artifact.Hashing;
import io.veriregime.runtime.artifact.JsonFiles;
import io.veriregime.runtime.artifact.Npy;
import io.veriregime.runtime.experiment.DataConfig;
import io.veriregime.runtime.experiment.Feature;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes the data stage's outputs (the contract in DEVELOPERS.md, "data/"): per split
 * {@code <split>.features.npy} float32 {@code (N, window, F)} and {@code <split>.labels.npy}
 * int32 {@code (N)}, then {@code dataset.json} describing them.
 */
final class DatasetFiles {

  static final String DATASET_JSON = "dataset.json";

  private DatasetFiles() {}

  /** What the data stage read, for {@code dataset.json}. */
  record Provenance(String source, KlineSeries raw, Continuity continuity, SortedMap<String, String> inputs) {}

  /** Writes every file into {@code dir}; returns the summary also recorded as manifest metrics. */
  static Map<String, Object> write(Path dir, Dataset dataset, DataConfig config, Provenance provenance) {
    SortedMap<String, String> outputs = new TreeMap<>();
    Map<String, Object> splits = new LinkedHashMap<>();
    int features = config.features().size();
    for (Dataset.Split split : dataset.splits()) {
      String featuresFile = split.name() + ".features.npy";
      String labelsFile = split.name() + ".labels.npy";
      Npy.writeFloat(dir.resolve(featuresFile), new int[] {split.count(), config.window(), features}, split.features());
      Npy.writeInt(dir.resolve(labelsFile), new int[] {split.count()}, split.labels());
      outputs.put(featuresFile, Hashing.sha256(dir.resolve(featuresFile)));
      outputs.put(labelsFile, Hashing.sha256(dir.resolve(labelsFile)));
      splits.put(split.name(), describe(split, provenance.continuity().series(), config));
    }

    Map<String, Object> json = new LinkedHashMap<>();
    KlineSeries raw = provenance.raw();
    Continuity continuity = provenance.continuity();
    json.put("source", provenance.source());
    json.put("symbol", config.symbol());
    json.put("interval", config.interval());
    json.put("range", Map.of("first", iso(raw.openTime(0)), "last", iso(raw.openTime(raw.size() - 1))));
    json.put("rows", raw.size());
    json.put("gaps", gaps(continuity));
    json.put("window", config.window());
    json.put("horizon", config.horizon());
    json.put("threshold", config.threshold());
    json.put("warmUp", dataset.warmUp());
    json.put("classes", Dataset.CLASSES);
    json.put("features", featureNames(config.features()));
    json.put("normalisation", normalisation(dataset, config));
    json.put("splits", splits);
    json.put("inputs", provenance.inputs());
    json.put("outputs", outputs);
    json.put("config", config);
    JsonFiles.write(dir.resolve(DATASET_JSON), json);

    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("rows", raw.size());
    metrics.put("gaps", continuity.gaps().size());
    metrics.put("missingMinutes", continuity.missingRows());
    dataset.splits().forEach(s -> metrics.put(s.name() + "Windows", s.count()));
    return metrics;
  }

  private static Map<String, Object> describe(Dataset.Split split, KlineSeries series, DataConfig config) {
    int[] counts = split.classCounts();
    Map<String, Object> balance = new LinkedHashMap<>();
    for (int c = 0; c < counts.length; c++) {
      balance.put(Dataset.CLASSES.get(c), counts[c]);
    }
    int[] ends = split.windowEnds();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("windows", split.count());
    out.put("classBalance", balance);
    // the first candle any window reads and the last candle any label reads
    out.put("firstCandle", iso(series.openTime(ends[0] - config.window() + 1)));
    out.put("lastLabelCandle", iso(series.openTime(ends[ends.length - 1] + config.horizon())));
    out.put("features", split.name() + ".features.npy");
    out.put("labels", split.name() + ".labels.npy");
    out.put("shape", List.of(split.count(), config.window(), config.features().size()));
    return out;
  }

  private static Map<String, Object> gaps(Continuity continuity) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("count", continuity.gaps().size());
    out.put("missingMinutes", continuity.missingRows());
    out.put("policy", continuity.policy().yamlName());
    out.put("filledRows", continuity.filledRows());
    out.put("ranges", continuity.gaps().stream()
        .map(g -> Map.of("firstMissing", iso(g.firstMissing()), "lastMissing", iso(g.lastMissing()),
            "missing", g.missing()))
        .toList());
    return out;
  }

  /** Mean and std as arrays in the order of {@code features} (and of the tensors' last axis). */
  private static Map<String, Object> normalisation(Dataset dataset, DataConfig config) {
    return Map.of("fittedOn", "train", "mean", dataset.mean(), "std", dataset.std(), "clip", config.clip());
  }

  private static List<String> featureNames(List<Feature> features) {
    return features.stream().map(Feature::yamlName).toList();
  }

  private static String iso(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }
}
