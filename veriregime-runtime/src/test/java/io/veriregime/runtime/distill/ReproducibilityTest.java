package io.veriregime.runtime.distill;

import io.veriregime.runtime.testdata.RunsTools;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.train.TeacherStage;
import io.veriregime.runtime.train.TrainingFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's promise: the same seed and data give the same teacher, baseline and distilled
 * students, bit for bit, however the JVM around them behaves. Trains all three twice with seed 7 on
 * three real days (the second time while another thread churns the heap, so garbage collections
 * land at arbitrary points of the training loop, as they do on a loaded machine), and once with
 * seed 8.
 */
@RunsTools
class ReproducibilityTest {

  /** What the heap-churn thread allocated, kept so that the JIT cannot drop the allocations as unused. */
  private static volatile long churned;

  static final String SECTIONS = """
      teacher:
        epochs: 2
      student:
        hidden: [64, 32]
        epochs: 8
        patience: 8
      distill:
        temperature: [2, 4]
        alpha: 0.7
      """;

  /** Every file that describes a trained model or its scores (timings aside), by path under the output root. */
  static final List<String> MODELS = List.of("teacher/model", "distill/baseline", "distill/distilled");

  @TempDir static Path shared;
  static Map<String, byte[]> first;
  static Map<String, byte[]> again;
  static Map<String, byte[]> otherSeed;

  @BeforeAll
  static void trainThreeTimes() throws Exception {
    first = train("first", Map.of(), false);
    again = train("again", Map.of(), true);
    otherSeed = train("seed8", Map.of("seed", "8"), false);
  }

  @Test
  void sameSeedAndDataGiveBitIdenticalModelsAndMetrics() {
    assertThat(first).isNotEmpty();
    assertThat(again.keySet()).isEqualTo(first.keySet());
    for (String file : first.keySet()) {
      assertThat(again.get(file)).as(file).isEqualTo(first.get(file));
    }
  }

  @Test
  void anotherSeedGivesOtherModels() {
    for (String model : MODELS) {
      String weights = first.keySet().stream().filter(f -> f.startsWith(model + "/weights/")).findFirst().orElseThrow();
      assertThat(otherSeed.get(weights)).as(weights).isNotEqualTo(first.get(weights));
      assertThat(otherSeed.get(model + "/curves.json")).as(model + " curves").isNotEqualTo(first.get(model + "/curves.json"));
    }
  }

  /** Runs fetch-data, train-teacher and distill; returns the models' files (json without timing fields). */
  private static Map<String, byte[]> train(String name, Map<String, String> overrides, boolean churnHeap) throws Exception {
    StageContext fixture = TrainingFixture.context(shared.resolve(name), SECTIONS, new RecordingLog());
    StageContext ctx = new StageContext(ExperimentLoader.load(fixture.experiment().file(), overrides), fixture.layout(),
        true, Proxies.NONE, false, fixture.log());
    TrainingFixture.writeDataset(ctx);
    AtomicBoolean training = new AtomicBoolean(true);
    Thread churn = new Thread(() -> {
      long sink = 0;
      while (training.get()) {
        byte[] garbage = new byte[1 << 20];
        sink += garbage.length;
        Thread.onSpinWait();
      }
      churned = sink;
    }, "heap-churn");
    churn.setDaemon(true);
    if (churnHeap) churn.start();
    try {
      new TeacherStage().run(ctx);
      new DistillStage().run(ctx);
    } finally {
      training.set(false);
      if (churnHeap) churn.join();
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String model : MODELS) {
      Path dir = ctx.layout().root().resolve(model);
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
          files.put(model + "/" + dir.relativize(file).toString().replace('\\', '/'), contents(file));
        }
      }
    }
    files.put("distill/summary.json", contents(ctx.layout().root().resolve("distill/summary.json")));
    return files;
  }

  private static byte[] contents(Path file) throws IOException {
    if (!file.toString().endsWith(".json")) return Files.readAllBytes(file);
    JsonNode json = JsonFiles.readTree(file);
    withoutTimings(json);
    return json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Drops wall-clock fields (epoch seconds, samples per second): the only things allowed to differ. */
  private static void withoutTimings(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
        String field = names.next();
        if (field.toLowerCase(java.util.Locale.ROOT).contains("second")) names.remove();
      }
    }
    node.forEach(ReproducibilityTest::withoutTimings);
  }
}
