package io.veriregime.runtime.ezkl;

import io.veriregime.runtime.VeriRegimeException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.experiment.Section;
import io.veriregime.runtime.experiment.EzklConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * gen-settings → calibrate-settings → compile-circuit → setup for one ONNX model. EZKL writes each
 * output to a temporary file beside its target, which is then moved into place atomically.
 */
final class CircuitCompiler {

  /**
   * Scales tried when EZKL's own search fails: lower fixed-point scales shrink the values that
   * polynomial activations (x², a·x²+b·x) square, and with them the lookup range.
   */
  static final List<Integer> FALLBACK_SCALES = IntStream.rangeClosed(4, 10).boxed().toList();

  private final Ezkl ezkl;
  private final Section<EzklConfig> section;
  private final EzklConfig zk;
  private final StageLog log;

  CircuitCompiler(Ezkl ezkl, Section<EzklConfig> section, StageLog log) {
    this.ezkl = ezkl;
    this.section = section;
    this.zk = section.values();
    this.log = log;
  }

  /** Settings, calibration and compiled circuit; {@code configKey} is the yaml section the model comes from. */
  CircuitSettings compile(CircuitFiles files, Path onnx, String configKey) {
    uncalibrated(files, onnx);
    calibrate(files, onnx, configKey);
    produce(files.compiled(), tmp -> ezkl.run("compile", args(
        "model", onnx, "compiled", tmp, "settings", files.settings())));
    CircuitSettings settings = CircuitSettings.read(files.settings());
    log.info(String.format(Locale.ROOT, "%s circuit: logrows %d, %,d rows, input scale %d, param scale %d",
        files.model(), settings.logrows(), settings.numRows(), settings.inputScale(), settings.paramScale()));
    return settings;
  }

  /**
   * EZKL's gen-settings alone: the model laid out at EZKL's default scales with the configured
   * visibilities, no calibration data, no compiled circuit (seconds where calibrating a CNN takes minutes).
   */
  CircuitSettings uncalibrated(CircuitFiles files, Path onnx) {
    produce(files.settings(), tmp -> ezkl.run("gen-settings", args(
        "model", onnx, "settings", tmp,
        "inputVisibility", zk.inputVisibility().yamlName(),
        "outputVisibility", zk.outputVisibility().yamlName(),
        "paramVisibility", zk.paramVisibility().yamlName())));
    return CircuitSettings.read(files.settings());
  }

  /**
   * The calibrated settings of {@code from} with another logrows, compiled into {@code to}. EZKL
   * lays a circuit's rows out over as many columns as the smaller domain needs; scales and lookups
   * stay as calibrated.
   */
  CircuitSettings resize(CircuitFiles from, CircuitFiles to, Path onnx, int logrows) {
    ObjectNode settings = (ObjectNode) JsonFiles.readTree(from.settings());
    ((ObjectNode) settings.path("run_args")).put("logrows", logrows);
    JsonFiles.write(to.settings(), settings);
    produce(to.compiled(), tmp -> ezkl.run("compile", args("model", onnx, "compiled", tmp, "settings", to.settings())));
    CircuitSettings resized = CircuitSettings.read(to.settings());
    log.info(String.format(Locale.ROOT, "%s circuit laid out at logrows %d (calibrated %d), %,d rows",
        to.model(), resized.logrows(), CircuitSettings.read(from.settings()).logrows(), resized.numRows()));
    return resized;
  }

  /** {@code onnx} compiled with {@code settings} as they are (no calibration), into {@code compiled}. */
  void compileWith(Path onnx, Path settings, Path compiled) {
    produce(compiled, tmp -> ezkl.run("compile", args("model", onnx, "compiled", tmp, "settings", settings)));
  }

  EzklStep setup(Path compiled, Path vk, Path pk, Path srs) {
    Path vkTmp = AtomicFiles.tempBeside(vk);
    Path pkTmp = AtomicFiles.tempBeside(pk);
    try {
      EzklStep step = ezkl.run("setup", args("compiled", compiled, "vk", vkTmp, "pk", pkTmp, "srs", srs));
      AtomicFiles.move(vkTmp, vk);
      AtomicFiles.move(pkTmp, pk);
      return step;
    } catch (IOException e) {
      throw new VeriRegimeException("Could not move the keys into " + vk.getParent() + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(vkTmp);
      deleteQuietly(pkTmp);
    }
  }

  /**
   * EZKL's calibration with the configured target, margin and logrows cap; if it finds no
   * parameters, once more with low explicit scales; if that fails too, an error naming what to
   * change in experiment.yaml.
   */
  private void calibrate(CircuitFiles files, Path onnx, String configKey) {
    Map<String, Object> arguments = args(
        "data", files.calibrationData(), "model", onnx,
        "target", zk.calibrationTarget().yamlName(), "lookupSafetyMargin", zk.lookupSafetyMargin(),
        "maxLogrows", zk.maxLogrows());
    try {
      calibrateOnce(files, arguments);
    } catch (Ezkl.EzklFailure first) {
      if (!isCalibrationFailure(first)) {
        throw first;
      }
      log.warn(files.model() + ": EZKL found no calibration with its default scales (" + firstLine(first.ezklMessage())
          + "); retrying with lower scales " + FALLBACK_SCALES);
      arguments.put("scales", FALLBACK_SCALES);
      try {
        calibrateOnce(files, arguments);
      } catch (Ezkl.EzklFailure second) {
        throw calibrationError(files, configKey, second);
      }
    }
  }

  private void calibrateOnce(CircuitFiles files, Map<String, Object> arguments) {
    // calibrate-settings rewrites the settings file in place: work on a copy, move it back when done
    produce(files.settings(), tmp -> {
      copy(files.settings(), tmp);
      arguments.put("settings", tmp.toString());
      return ezkl.run("calibrate", arguments);
    });
  }

  private static boolean isCalibrationFailure(Ezkl.EzklFailure failure) {
    String message = failure.ezklMessage().toLowerCase(Locale.ROOT);
    return message.contains("calibrat") || message.contains("lookup") || message.contains("range");
  }

  private RuntimeException calibrationError(CircuitFiles files, String configKey, Ezkl.EzklFailure failure) {
    String reason = firstLine(failure.ezklMessage());
    StringBuilder fix = new StringBuilder("the ")
        .append(files.model()).append("'s activations grow too large for EZKL's fixed-point lookups. Try, in experiment.yaml: ");
    if (zk.maxLogrows() != null) {
      fix.append("raise or remove zk.ezkl.maxLogrows (now ").append(zk.maxLogrows()).append(") so a larger circuit is allowed; ");
    }
    fix.append("lower zk.ezkl.lookupSafetyMargin (now ").append(zk.lookupSafetyMargin()).append(", minimum 1); ");
    if (configKey.equals("student")) {
      fix.append("or use student.activation: poly or relu instead of square (squared activations square the range at every layer)");
    } else {
      fix.append("or set zk.teacher: false to skip compiling the teacher");
    }
    String key = zk.maxLogrows() != null ? "zk.ezkl.maxLogrows" : configKey.equals("student") ? "student.activation" : "zk.teacher";
    return section.errorAt(key, "EZKL could not calibrate the " + files.model() + " circuit (scales tried: EZKL's defaults, then "
        + FALLBACK_SCALES + "): " + reason, fix.toString());
  }

  /** Runs an EZKL step that writes {@code target} through a temporary file, then moves it into place. */
  static EzklStep produce(Path target, Function<Path, EzklStep> step) {
    Path tmp = AtomicFiles.tempBeside(target);
    try {
      EzklStep done = step.apply(tmp);
      AtomicFiles.move(tmp, target);
      return done;
    } catch (IOException e) {
      throw new VeriRegimeException("Could not move EZKL's output into " + target + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  /** Builds a driver argument map; paths become strings, nulls stay (EZKL reads them as "not set"). */
  static Map<String, Object> args(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      Object value = keysAndValues[i + 1];
      map.put((String) keysAndValues[i], value instanceof Path path ? path.toAbsolutePath().toString() : value);
    }
    return map;
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  private static void copy(Path from, Path to) {
    try {
      Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new VeriRegimeException("Could not copy " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }

  static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // a leftover temporary file is never trusted: it is not in any manifest
    }
  }
}
