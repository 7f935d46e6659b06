package io.veriregime.runtime.report;

import io.veriregime.runtime.distill.DistillSummary;
import io.veriregime.runtime.model.TrainingCurves;
import io.veriregime.runtime.optimize.Selection;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, drawn by XChart and embedded as PNG data URIs, so the HTML needs no file
 * and no network beside it.
 */
final class Charts {

  private static final int WIDTH = 640;
  private static final int HEIGHT = 360;

  private Charts() {}

  /** The chart as a {@code data:image/png;base64,…} URI for an {@code <img src>}. */
  static String dataUri(Chart<?, ?> chart) {
    try {
      return "data:image/png;base64," + Base64.getEncoder().encodeToString(
          BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Train and validation loss per epoch, the kept epoch marked. */
  static XYChart losses(String model, TrainingCurves curves) {
    XYChart chart = xy(model + ": loss per epoch", "epoch", "loss");
    List<Integer> epochs = curves.epochs().stream().map(TrainingCurves.Epoch::epoch).toList();
    chart.addSeries("train loss", epochs, curves.epochs().stream().map(TrainingCurves.Epoch::trainLoss).toList());
    chart.addSeries("validation loss", epochs,
        curves.epochs().stream().map(TrainingCurves.Epoch::validationLoss).toList());
    XYSeries best = chart.addSeries("kept (best epoch " + curves.bestEpoch() + ")", List.of(curves.bestEpoch()),
        List.of(curves.best().validationLoss()));
    best.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    best.setMarker(SeriesMarkers.DIAMOND);
    return chart;
  }

  /** Validation macro-F1 per epoch of every model, on one chart. */
  static XYChart validationMacroF1(Map<String, TrainingCurves> curvesByModel) {
    XYChart chart = xy("Validation macro-F1 per epoch", "epoch", "macro-F1");
    curvesByModel.forEach((model, curves) -> chart.addSeries(model,
        curves.epochs().stream().map(TrainingCurves.Epoch::epoch).toList(),
        curves.epochs().stream().map(TrainingCurves.Epoch::validationMacroF1).toList()));
    return chart;
  }

  /** Counts of the confusion matrix (rows = true class, columns = predicted) as a heat map. */
  static HeatMapChart confusion(String model, int[][] confusion, List<String> classes) {
    HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH / 2 + 80).height(HEIGHT)
        .title(model + ": test confusion").xAxisTitle("predicted").yAxisTitle("true").build();
    chart.getStyler().setShowValue(true).setHeatMapValueDecimalPattern("#,##0")
        .setRangeColors(new Color[] {new Color(0xF4F6FB), new Color(0x4C72B0)});
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendVisible(false);
    List<Number[]> cells = new ArrayList<>();
    for (int actual = 0; actual < confusion.length; actual++) {
      for (int predicted = 0; predicted < confusion[actual].length; predicted++) {
        // y runs bottom-up: the first class is drawn on the top row, as in a printed matrix
        cells.add(new Number[] {predicted, confusion.length - 1 - actual, confusion[actual][predicted]});
      }
    }
    List<String> bottomUp = new ArrayList<>(classes);
    java.util.Collections.reverse(bottomUp);
    chart.addSeries("confusion", classes, bottomUp, cells);
    return chart;
  }

  /** Windows per class in each split. */
  static CategoryChart classBalance(List<String> splits, List<String> classes, Map<String, Map<String, Integer>> counts) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title("Class balance per split")
        .xAxisTitle("split").yAxisTitle("windows").build();
    style(chart.getStyler());
    for (String label : classes) {
      chart.addSeries(label, splits, splits.stream().<Number>map(split -> counts.get(split).get(label)).toList());
    }
    return chart;
  }

  /** Validation and test macro-F1 of every temperature × alpha point of the distillation grid. */
  static CategoryChart distillationGrid(List<DistillSummary.GridPoint> grid) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Distillation grid: macro-F1 per (T, α)").xAxisTitle("temperature, alpha").yAxisTitle("macro-F1").build();
    style(chart.getStyler());
    List<String> points = grid.stream()
        .map(p -> String.format(Locale.ROOT, "T=%s α=%s", plain(p.temperature()), plain(p.alpha()))).toList();
    chart.addSeries("validation", points, grid.stream().<Number>map(p -> p.validation().macroF1()).toList());
    chart.addSeries("test", points, grid.stream().<Number>map(p -> p.test().macroF1()).toList());
    return chart;
  }

  /**
   * Every candidate's metric against its proving time (log scale), the Pareto front joined by a
   * line; estimated costs are drawn apart from measured ones.
   */
  static XYChart accuracyVersusCost(List<Report.Candidate> candidates) {
    String metric = candidates.get(0).metricName();
    XYChart chart = xy("Test " + metric + " vs proving cost", "seconds per proof (log scale)", metric);
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(12);
    List<Report.Candidate> front = candidates.stream().filter(Report.Candidate::paretoOptimal)
        .sorted(Comparator.comparingDouble(Report.Candidate::proveSeconds)).toList();
    XYSeries line = chart.addSeries("Pareto front", front.stream().<Number>map(Report.Candidate::proveSeconds).toList(),
        front.stream().<Number>map(Report.Candidate::metric).toList());
    line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    line.setMarker(SeriesMarkers.NONE);
    for (Report.Candidate candidate : candidates) {
      chart.addSeries(candidate.name() + " (" + candidate.costIs() + ")", List.of(candidate.proveSeconds()),
          List.of(candidate.metric())).setMarker(candidate.costIs().equals("measured") ? SeriesMarkers.CIRCLE
          : SeriesMarkers.TRIANGLE_UP);
    }
    return chart;
  }

  /**
   * Every measured optimisation candidate's validation metric against its circuit rows, the
   * candidates no other beats on both joined as the Pareto front.
   */
  static XYChart metricVersusRows(Selection selection) {
    List<Selection.Candidate> measured = selection.candidates().stream().filter(c -> c.failure() == null).toList();
    String size = "circuit " + selection.costUnit();
    XYChart chart = xy("Validation " + selection.metric() + " vs " + size, size, selection.metric());
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(12);
    ToDoubleFunction<Selection.Candidate> metric = c -> score(c.validation(), selection.metric());
    List<Selection.Candidate> front = measured.stream()
        .filter(c -> measured.stream().noneMatch(o -> metric.applyAsDouble(o) >= metric.applyAsDouble(c)
            && o.cost().rows() <= c.cost().rows()
            && (metric.applyAsDouble(o) > metric.applyAsDouble(c) || o.cost().rows() < c.cost().rows())))
        .sorted(Comparator.comparingLong(c -> c.cost().rows())).toList();
    XYSeries line = chart.addSeries("Pareto front", front.stream().<Number>map(c -> c.cost().rows()).toList(),
        front.stream().<Number>map(metric::applyAsDouble).toList());
    line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    line.setMarker(SeriesMarkers.NONE);
    for (Selection.Candidate candidate : measured) {
      boolean chosen = candidate.name().equals(selection.chosen());
      chart.addSeries(candidate.name() + (chosen ? " (chosen)" : ""), List.of(candidate.cost().rows()),
          List.of(metric.applyAsDouble(candidate))).setMarker(chosen ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
    }
    return chart;
  }

  /** One sweep variant on a chart: its id, its cost, its validation score, and whether it is on the front or chosen. */
  record Point(String label, double cost, double score, boolean onFront, boolean chosen) {}

  /**
   * Sweep variants' validation score against a cost (prove seconds on a log scale, or circuit rows),
   * the variants no other beats on both joined as the Pareto front, the chosen one a diamond.
   */
  static XYChart scoreVersusCost(String title, String costTitle, String metric, List<Point> points, boolean logCost) {
    XYChart chart = xy(title, costTitle, "validation " + metric);
    chart.getStyler().setXAxisLogarithmic(logCost);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(12);
    List<Point> front = points.stream().filter(Point::onFront).sorted(Comparator.comparingDouble(Point::cost)).toList();
    if (!front.isEmpty()) {
      XYSeries line = chart.addSeries("Pareto front", front.stream().<Number>map(Point::cost).toList(),
          front.stream().<Number>map(Point::score).toList());
      line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      line.setMarker(SeriesMarkers.NONE);
    }
    for (Point point : points) {
      chart.addSeries(point.label() + (point.chosen() ? " (chosen)" : ""), List.of(point.cost()), List.of(point.score()))
          .setMarker(point.chosen() ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
    }
    return chart;
  }

  /** A candidate's score on optimize.metric ({@code accuracy} or {@code macro-f1}). */
  static double score(Selection.Scores scores, String metric) {
    return metric.equals("accuracy") ? scores.accuracy() : scores.macroF1();
  }

  private static XYChart xy(String title, String xTitle, String yTitle) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    style(chart.getStyler());
    return chart;
  }

  private static void style(Styler styler) {
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
  }

  /** 4.0 as "4", 0.7 as "0.7". */
  static String plain(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
