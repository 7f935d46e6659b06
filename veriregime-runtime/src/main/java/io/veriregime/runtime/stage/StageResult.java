package io.veriregime.runtime.stage;

import java.nio.file.Path;

/** What a stage left behind; {@code upToDate} when it was skipped because nothing changed. */
public record StageResult(String stage, boolean upToDate, Path directory, StageManifest manifest) {}
