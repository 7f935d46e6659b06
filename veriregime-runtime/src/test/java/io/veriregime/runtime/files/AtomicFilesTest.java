package io.veriregime.runtime.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** A full disk is one message naming the file, the directory, what was written and what is free. */
class AtomicFilesTest {

  @TempDir
  Path dir;

  @Test
  @EnabledOnOs(OS.LINUX) // /dev/full
  void aFullDiskNamesTheFileTheDirectoryWhatWasWrittenAndWhatIsFree() {
    Path target = dir.resolve("train.features.npy");
    // a real ENOSPC, from Linux's /dev/full, raised while the file is being written (2 MiB of it already
    // on disk): the JDK's own words are only "No space left on device"
    assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
      out.write(new byte[2 << 20]);
      out.flush();
      Files.write(Path.of("/dev/full"), new byte[1]);
    }))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageStartingWith("Could not write " + target + ": the disk holding " + dir + " is full (")
        .hasMessageContaining(" MiB free; 2.0 MiB of train.features.npy had been written when it ran out)")
        .hasMessageContaining("Free space on that disk, or point the output (-Dveriregime.outputDirectory");
    assertThat(target).doesNotExist();
    assertThat(dir).isEmptyDirectory(); // the temporary file is gone too
  }
}
