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
  record Provenance(String source, KlineSeries raw, Continuity continuity, KlineCheck check,
                    SortedMap<String, String> inputs) {}

  /** Writes every file where the layout puts them; returns the summary also recorded as manifest metrics. */
  static Map<String, Object> write(Layout layout, Dataset dataset, DataConfig config, Provenance provenance) {
    SortedMap<String, String> outputs = new TreeMap<>();
    Map<String, DatasetSummary.Split> splits = new LinkedHashMap<>();
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

    KlineSeries raw = provenance.raw();
    Continuity continuity = provenance.continuity();
    @SuppressWarnings("unchecked")
    Map<String, Object> effectiveConfig = JsonFiles.mapper().convertValue(config, Map.class);
    new DatasetSummary(provenance.source(), config.symbol(), config.interval(),
        new DatasetSummary.Range(iso(raw.openTime(0)), iso(raw.openTime(raw.size() - 1))), raw.size(),
        gaps(continuity), new DatasetSummary.InvalidRows(provenance.check().policy().yamlName(),
            provenance.check().dropped(), provenance.check().firstDropped()), config.window(), config.horizon(), config.labels(), dataset.threshold(),
        config.labels() == Labeling.TRAIN_QUANTILE ? config.holdFraction() : null, dataset.warmUp(), Classes.NAMES,
        featureNames(config.features()),
        new DatasetSummary.Normalisation("train", dataset.mean(), dataset.std(), config.clip()), splits,
        provenance.inputs(), outputs, effectiveConfig)
        .write(layout.datasetSummary());

    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("rows", raw.size());
    metrics.put("gaps", continuity.gaps().size());
    metrics.put("missingMinutes", continuity.missingRows());
    dataset.splits().forEach(s -> metrics.put(s.name() + "Windows", s.count()));
    return metrics;
  }

  private static DatasetSummary.Split describe(Dataset.Split split, KlineSeries series, DataConfig config,
                                               Layout layout) {
    int[] counts = split.classCounts();
    Map<String, Integer> balance = new LinkedHashMap<>();
    for (int c = 0; c < counts.length; c++) {
      balance.put(Classes.NAMES.get(c), counts[c]);
    }
    int[] ends = split.windowEnds();
    return new DatasetSummary.Split(split.count(), balance,
        iso(series.openTime(ends[0] - config.window() + 1)),
        iso(series.openTime(ends[ends.length - 1] + config.horizon())),
        layout.features(split.name()).getFileName().toString(), layout.labels(split.name()).getFileName().toString(),
        List.of(split.count(), config.window(), config.features().size()));
  }

  private static DatasetSummary.Gaps gaps(Continuity continuity) {
    return new DatasetSummary.Gaps(continuity.gaps().size(), continuity.missingRows(), continuity.policy().yamlName(),
        continuity.filledRows(), continuity.gaps().stream()
            .map(g -> new DatasetSummary.GapRange(iso(g.firstMissing()), iso(g.lastMissing()), g.missing()))
            .toList());
  }

  private static List<String> featureNames(List<Feature> features) {
    return features.stream().map(Feature::yamlName).toList();
  }

  private static String iso(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }
}
