package io.veriregime.runtime.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's configuration reference is the user's schema: it must name every key. */
class ReadmeDocumentsEveryKeyTest {

  @Test
  void everyKeyHasARow() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    List<String> keys = new ArrayList<>();
    collect(ExperimentConfig.class, "", keys);
    assertThat(keys).hasSizeGreaterThan(50);
    for (String key : keys) {
      assertThat(readme).as("README row for " + key).contains("| `" + key + "` |");
    }
  }

  private static void collect(Class<?> type, String prefix, List<String> keys) {
    for (RecordComponent component : type.getRecordComponents()) {
      String key = prefix + component.getName();
      if (component.getType().isRecord() && ConfigSection.class.isAssignableFrom(component.getType())) {
        collect(component.getType(), key + ".", keys);
      } else {
        keys.add(key);
      }
    }
  }
}
