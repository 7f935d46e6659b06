package io.veriregime.runtime.train;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.stage.Fingerprint;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.Upstream;
import io.veriregime.runtime.stage.Versions;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.model.Classes;
import io.veriregime.runtime.model.ClassificationMetrics;
import io.veriregime.runtime.model.ModelMetrics;
import io.veriregime.runtime.model.TrainingCurves;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The train/validation/test tensors that fetch-data writes under {@code data/}, checked once on
 * load so the training code can trust shapes and labels.
 */
public record TrainingData(Split train, Split validation, Split test) {

  /** One split: features {@code (size, window, featureCount)} row-major and labels {@code (size)}. */
  public record Split(String name, int size, int window, int featureCount, float[] features, int[] labels) {

    public int inputSize() {
      return window * featureCount;
    }

    /** The shape of one sample, {@code [window, featureCount]}: a model's input. */
    public List<Integer> sampleShape() {
      return List.of(window, featureCount);
    }
  }

  /** Scores a trained model's validation and test logits, against the majority class of the train split. */
  public ModelMetrics metrics(String model, float[] validationLogits, float[] testLogits, TrainingCurves curves) {
    int majority = ClassificationMetrics.majorityClass(train.labels());
    return new ModelMetrics(model,
        ClassificationMetrics.ofLogits(validation.labels(), validationLogits, majority),
        ClassificationMetrics.ofLogits(test.labels(), testLogits, majority),
        curves.bestEpoch(), curves.epochs().size(), curves.stoppedEarly(), curves.trainSamplesPerSecond());
  }

  public Split split(String name) {
    return switch (name) {
      case "train" -> train;
      case "validation" -> validation;
      case "test" -> test;
      default -> throw new IllegalArgumentException("no split " + name);
    };
  }

  /**
   * The dataset files a stage depends on (for its fingerprint), checked to exist; {@code stage}
   * names the stage that needs them in the error.
   */
  public static List<Path> existingFiles(Layout layout, String stage) {
    List<Path> files = new ArrayList<>();
    for (String split : Layout.SPLITS) {
      files.add(layout.features(split));
      files.add(layout.labels(split));
    }
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        throw new VeriRegimeException(stage + " needs the dataset tensor " + file + ", which does not exist."
            + " Run fetch-data first (mvn veriregime:fetch-data, or the whole build) with the same output directory.");
      }
    }
    return files;
  }

  /**
   * The start of a training stage's fingerprint: the engine versions and every dataset file, each
   * checked to exist and then, with fetch-data's whole output, against fetch-data's manifest. The
   * stage adds its own configuration and inputs.
   */
  public static Fingerprint.Builder trainingFingerprint(Layout layout, String stage, StageLog log) {
    List<Path> files = existingFiles(layout, stage);
    Upstream data = Upstream.verify(layout.dataDir(), StageId.FETCH_DATA, log);
    Fingerprint.Builder fingerprint = Fingerprint.builder()
        .tool("djl", Versions.djl()).tool("pytorch", Versions.pytorch());
    for (Path file : files) {
      fingerprint.input("data/" + file.getFileName(), data, file);
    }
    return fingerprint;
  }

  /** Reads and checks the dataset; {@code stage} names the stage that needs it in error messages. */
  public static TrainingData load(Layout layout, String stage) {
    existingFiles(layout, stage);
    Split train = loadSplit(layout, "train", stage);
    Split validation = loadSplit(layout, "validation", stage);
    Split test = loadSplit(layout, "test", stage);
    for (Split other : List.of(validation, test)) {
      if (other.window() != train.window() || other.featureCount() != train.featureCount()) {
        throw new VeriRegimeException(stage + ": " + layout.features(other.name()) + " has windows of "
            + other.window() + "x" + other.featureCount() + " but the train split has " + train.window() + "x"
            + train.featureCount() + ". The dataset is inconsistent; delete " + layout.dataDir() + " and run fetch-data again.");
      }
    }
    return new TrainingData(train, validation, test);
  }

  private static Split loadSplit(Layout layout, String split, String stage) {
    Path featuresFile = layout.features(split);
    Path labelsFile = layout.labels(split);
    Npy.FloatArray features = Npy.readFloat(featuresFile);
    Npy.IntArray labels = Npy.readInt(labelsFile);
    String rerun = " Delete " + layout.dataDir() + " and run fetch-data again.";
    if (features.shape().length != 3) {
      throw new VeriRegimeException(stage + ": " + featuresFile + " has shape " + Arrays.toString(features.shape())
          + " but must be (samples, window, features)." + rerun);
    }
    int size = features.shape()[0];
    if (labels.shape().length != 1 || labels.shape()[0] != size) {
      throw new VeriRegimeException(stage + ": " + labelsFile + " has shape " + Arrays.toString(labels.shape())
          + " but " + featuresFile + " holds " + size + " samples; they must match." + rerun);
    }
    if (size == 0) {
      throw new VeriRegimeException(stage + ": the " + split + " split in " + featuresFile + " is empty."
          + " Widen data.start/data.end (or add files) so every split gets samples.");
    }
    for (int i = 0; i < size; i++) {
      int label = labels.data()[i];
      if (label < 0 || label >= Classes.NAMES.size()) {
        throw new VeriRegimeException(stage + ": " + labelsFile + " holds label " + label + " at index " + i
            + "; labels must be 0 (SELL), 1 (HOLD) or 2 (BUY)." + rerun);
      }
    }
    return new Split(split, size, features.shape()[1], features.shape()[2], features.data(), labels.data());
  }
}
