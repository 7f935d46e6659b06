package io.veriregime.runtime.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.veriregime.runtime.testdata.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped JSON Schema is what the configuration records generate, accepts every experiment the
 * project ships (the example's, every IT's but the deliberately bad ones, which it refuses) and rejects a
 * misspelt key, as the binder does.
 */
class ExperimentSchemaTest {

  private static final Path SHIPPED = TestData.REPOSITORY_ROOT.resolve(ExperimentSchema.FILE);
  private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
      .getSchema(ExperimentSchema.generate(), InputFormat.JSON);

  private static List<Error> validate(String yaml) {
    return SCHEMA.validate(yaml, InputFormat.YAML);
  }

  @Test
  void theShippedSchemaIsTheGeneratedOne() throws IOException {
    assertThat(Files.readString(SHIPPED))
        .as("schema/experiment.schema.json is stale: regenerate it (DEVELOPERS.md, 'The experiment schema')")
        .isEqualTo(ExperimentSchema.generate());
  }

  @Test
  void everyShippedExperimentIsValidAndTheDeliberatelyBadOnesAreNot() throws IOException {
    List<Path> experiments;
    try (Stream<Path> files = Files.walk(TestData.REPOSITORY_ROOT.resolve("src/it"))) {
      experiments = Stream.concat(Stream.of(TestData.REPOSITORY_ROOT.resolve("example-project/experiment.yaml")),
          files.filter(file -> file.getFileName().toString().equals("experiment.yaml"))).toList();
    }
    assertThat(experiments).hasSizeGreaterThan(5);
    for (Path experiment : experiments) {
      // the bad-yaml ITs hold the mistakes the binder must refuse: the schema refuses them too
      boolean bad = experiment.getParent().getFileName().toString().startsWith("bad-yaml-");
      List<Error> errors = validate(Files.readString(experiment));
      if (bad) {
        assertThat(errors).as(experiment.toString()).isNotEmpty();
      } else {
        assertThat(errors).as(experiment.toString()).isEmpty();
      }
    }
  }

  @Test
  void aMisspeltKeyAWrongTypeAndAnUnknownEnumValueAreRejected() {
    assertThat(validate("teacher:\n  epoch: 5\n")).singleElement()
        .satisfies(error -> assertThat(error.getMessage()).contains("epoch"));
    assertThat(validate("teacher:\n  epochs: five\n")).isNotEmpty();
    assertThat(validate("student:\n  activation: tanh\n")).isNotEmpty();
    assertThat(validate("zk:\n  timeout: 30\n")).as("a duration needs its unit").isNotEmpty();
  }

  @Test
  void whatTheBinderAcceptsTheSchemaAcceptsToo() {
    assertThat(validate("""
        distill:
          temperature: 4          # one value where a list is expected
          alpha: [0.5, 0.7]
        zk:
          budget:
            memory: 8g
          timeout: 30m
          ezkl:
            maxLogrows: 20
        gates:
          maxProofBytes: 65536
        data:
          start: 2024-01-01
          end: null
        """)).isEmpty();
  }
}
