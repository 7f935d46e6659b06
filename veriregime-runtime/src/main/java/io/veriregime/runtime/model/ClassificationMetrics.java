package io.veriregime.runtime.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics every model (teacher and students) is judged by on one split, with the
 * majority-class baseline beside them: 3-class minute data is hard, and a model that only says
 * HOLD can look accurate, so the baseline is always reported next to the model.
 *
 * <p>{@code confusion[trueClass][predictedClass]}; a class that is never predicted has precision 0
 * (as scikit-learn's {@code zero_division=0}), so macro-F1 is not flattered by silent classes.
 */
public record ClassificationMetrics(
    int samples,
    double accuracy,
    double macroF1,
    double balancedAccuracy,
    Map<String, ClassScores> perClass,
    int[][] confusion,
    Baseline majorityBaseline) {

  public record ClassScores(double precision, double recall, double f1, int support) {}

  /** Always predicting the majority class of the train split, scored on this split. */
  public record Baseline(String predicts, double accuracy, double macroF1, double balancedAccuracy) {}

  /** Scores logits {@code (n, classes)} row-major against labels; {@code majorityClass} from the train split. */
  public static ClassificationMetrics ofLogits(int[] labels, float[] logits, int majorityClass) {
    return of(labels, argmax(logits, Classes.NAMES.size()), majorityClass);
  }

  public static ClassificationMetrics of(int[] labels, int[] predicted, int majorityClass) {
    if (labels.length != predicted.length) {
      throw new IllegalArgumentException(labels.length + " labels but " + predicted.length + " predictions");
    }
    Scores model = Scores.of(labels, predicted);
    int[] constant = new int[labels.length];
    Arrays.fill(constant, majorityClass);
    Scores baseline = Scores.of(labels, constant);
    return new ClassificationMetrics(labels.length, model.accuracy, model.macroF1, model.balancedAccuracy,
        model.perClass, model.confusion,
        new Baseline(Classes.NAMES.get(majorityClass), baseline.accuracy, baseline.macroF1, baseline.balancedAccuracy));
  }

  /** The most frequent label (lowest class index on a tie). */
  public static int majorityClass(int[] trainLabels) {
    int[] counts = new int[Classes.NAMES.size()];
    for (int label : trainLabels) counts[label]++;
    int best = 0;
    for (int c = 1; c < counts.length; c++) {
      if (counts[c] > counts[best]) best = c;
    }
    return best;
  }

  /** The index of the largest score (the first of equals): the class one sample's logits predict. */
  public static int argmax(double[] scores) {
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) best = i;
    }
    return best;
  }

  public static int[] argmax(float[] logits, int classes) {
    int[] predicted = new int[logits.length / classes];
    for (int i = 0; i < predicted.length; i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (logits[i * classes + c] > logits[i * classes + best]) best = c;
      }
      predicted[i] = best;
    }
    return predicted;
  }

  private record Scores(double accuracy, double macroF1, double balancedAccuracy,
                        Map<String, ClassScores> perClass, int[][] confusion) {

    static Scores of(int[] labels, int[] predicted) {
      int classes = Classes.NAMES.size();
      int[][] confusion = new int[classes][classes];
      for (int i = 0; i < labels.length; i++) confusion[labels[i]][predicted[i]]++;
      int correct = 0;
      double f1Sum = 0;
      double recallSum = 0;
      int presentClasses = 0;
      Map<String, ClassScores> perClass = new LinkedHashMap<>();
      for (int c = 0; c < classes; c++) {
        int support = 0;
        int predictedAs = 0;
        for (int k = 0; k < classes; k++) {
          support += confusion[c][k];
          predictedAs += confusion[k][c];
        }
        int truePositives = confusion[c][c];
        correct += truePositives;
        double precision = ratio(truePositives, predictedAs);
        double recall = ratio(truePositives, support);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        perClass.put(Classes.NAMES.get(c), new ClassScores(precision, recall, f1, support));
        f1Sum += f1;
        if (support > 0) {
          recallSum += recall;
          presentClasses++;
        }
      }
      // balanced accuracy averages recall over the classes present in this split (as scikit-learn)
      return new Scores(ratio(correct, labels.length), f1Sum / classes,
          presentClasses == 0 ? 0 : recallSum / presentClasses, perClass, confusion);
    }

    private static double ratio(int numerator, int denominator) {
      return denominator == 0 ? 0 : (double) numerator / denominator;
    }
  }
}
