package io.veriregime.runtime.layout;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.pipeline.Stages;
import io.veriregime.runtime.testdata.DeveloperGuide;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageIdTest {

  @Test
  void developersMdSaysWhoReadsWhomAsTheRegistryDoes() {
    Map<String, List<String>> registry = new LinkedHashMap<>();
    for (StageId stage : StageId.values()) {
      registry.put(stage.goal(), stage.reads().stream().map(StageId::goal).toList());
    }
    assertThat(DeveloperGuide.table("### Who reads whom"))
        .as("DEVELOPERS.md's 'Who reads whom' table must list every stage of layout.StageId, in order, with its reads()")
        .containsExactlyEntriesOf(registry);
  }

  @Test
  void thePipelineRunsEveryRegisteredStageInRegistryOrder() {
    assertThat(Stages.names()).containsExactlyElementsOf(Arrays.stream(StageId.values()).map(StageId::goal).toList());
  }

  @Test
  void aStageReadsOnlyStagesThatRunBeforeIt() {
    for (StageId stage : StageId.values()) {
      assertThat(stage.reads()).as(stage + " reads").allMatch(read -> read.ordinal() < stage.ordinal())
          .isSortedAccordingTo(Enum::compareTo);
    }
  }

  @Test
  void aGoalNameFindsItsStage() {
    assertThat(StageId.of("zk-prove")).contains(StageId.ZK_PROVE);
    assertThat(StageId.of("verify-proof")).as("the consumer's goal is no stage").isEmpty();
    assertThat(Arrays.stream(StageId.values()).map(StageId::toString)).contains("fetch-data", "bundle");
  }

  @Test
  void everyStageHasItsOwnDirectory() {
    Layout layout = Layout.at(Path.of("out"));
    assertThat(Arrays.stream(StageId.values()).map(layout::dir).distinct()).hasSize(StageId.values().length);
    assertThat(layout.dir(StageId.ZK_PROVE)).isEqualTo(layout.zkProveDir());
  }
}
