package io.veriregime.runtime.data;

import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.experiment.DataConfig;
import io.veriregime.runtime.experiment.Feature;
import io.veriregime.runtime.experiment.Labeling;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.model.Classes;
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

  private DatasetFiles() {}

  /** What the data stage read, for {@code dataset.json}. */
  record Provenance(String source, KlineSeries raw, Continuity continuity, SortedMap<String, String> inputs) {}

  /** Writes every file where the layout puts them; returns the summary also recorded as manifest metrics. */
  static Map<String, Object> write(Layout layout, Dataset dataset, DataConfig config, Provenance provenance) {
    SortedMap<String, String> outputs = new TreeMap<>();
    Map<String, Object> splits = new LinkedHashMap<>();
    int features = config.features().size();
    for (Dataset.Split split : dataset.splits()) {
      Path featuresFile = layout.features(split.name());
      Path labelsFile = layout.labels(split.name());
      Npy.writeFloat(featuresFile, new int[] {split.count(), config.window(), features}, split.features());
      Npy.writeInt(labelsFile, new int[] {split.count()}, split.labels());
      outputs.put(featuresFile.getFileName().toString(), Hashing.sha256(featuresFile));
      outputs.put(labelsFile.getFileName().toString(), Hashing.sha256(labelsFile));
      splits.put(split.name(), describe(split, provenance.continuity().series(), config, layout));
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
    json.put("labels", config.labels());
    json.put("threshold", dataset.threshold());
    if (config.labels() == Labeling.TRAIN_QUANTILE) {
      json.put("thresholdFittedOn", "train");
      json.put("holdFraction", config.holdFraction());
    }
    json.put("warmUp", dataset.warmUp());
    json.put("classes", Classes.NAMES);
    json.put("features", featureNames(config.features()));
    json.put("normalisation", normalisation(dataset, config));
    json.put("splits", splits);
    json.put("inputs", provenance.inputs());
    json.put("outputs", outputs);
    json.put("config", config);
    JsonFiles.write(layout.datasetSummary(), json);

    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("rows", raw.size());
    metrics.put("gaps", continuity.gaps().size());
    metrics.put("missingMinutes", continuity.missingRows());
    dataset.splits().forEach(s -> metrics.put(s.name() + "Windows", s.count()));
    return metrics;
  }

  private static Map<String, Object> describe(Dataset.Split split, KlineSeries series, DataConfig config, Layout layout) {
    int[] counts = split.classCounts();
    Map<String, Object> balance = new LinkedHashMap<>();
    for (int c = 0; c < counts.length; c++) {
      balance.put(Classes.NAMES.get(c), counts[c]);
    }
    int[] ends = split.windowEnds();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("windows", split.count());
    out.put("classBalance", balance);
    // the first candle any window reads and the last candle any label reads
    out.put("firstCandle", iso(series.openTime(ends[0] - config.window() + 1)));
    out.put("lastLabelCandle", iso(series.openTime(ends[ends.length - 1] + config.horizon())));
    out.put("features", layout.features(split.name()).getFileName().toString());
    out.put("labels", layout.labels(split.name()).getFileName().toString());
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
