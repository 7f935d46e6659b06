package io.veriregime.runtime.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.files.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileHashesTest {

  /** Longer than the kernel's ctime tick; the test waits it out once instead of the production 2 s. */
  private static final Duration RACY = Duration.ofMillis(50);

  @TempDir
  Path dir;

  @Test
  void aFileUnchangedSinceItWasReadIsNotReadAgain() throws Exception {
    Path file = Files.writeString(dir.resolve("pk.key"), "proving key");
    Thread.sleep(2 * RACY.toMillis());
    FileHashes hashes = new FileHashes(RACY);

    assertThat(hashes.sha256(file)).isEqualTo(Hashing.sha256(file));
    assertThat(hashes.sha256(file)).isEqualTo(Hashing.sha256(file));

    assertThat(hashes.filesRead()).isEqualTo(1);
    assertThat(hashes.bytesRead()).isEqualTo(Files.size(file));
  }

  @Test
  void aRewriteWithTheSameSizeAndTheOldModificationTimeIsReadAgain() throws Exception {
    Path file = Files.writeString(dir.resolve("pk.key"), "proving key");
    Thread.sleep(2 * RACY.toMillis());
    FileHashes hashes = new FileHashes(RACY);
    String original = hashes.sha256(file);
    FileTime modified = Files.getLastModifiedTime(file);

    // what `touch -d` after an edit does: same size, mtime set back; the kernel moves ctime all the same
    Files.writeString(file, "proving kex");
    Files.setLastModifiedTime(file, modified);

    assertThat(hashes.sha256(file)).isNotEqualTo(original).isEqualTo(Hashing.sha256(file));
    assertThat(hashes.filesRead()).isEqualTo(2);
  }

  @Test
  void aFileChangedWithinTheRacyWindowIsNeverRemembered() throws IOException {
    Path file = Files.writeString(dir.resolve("proof.json"), "{}");
    FileHashes hashes = new FileHashes(Duration.ofHours(1));

    hashes.sha256(file);
    hashes.sha256(file);

    assertThat(hashes.filesRead()).isEqualTo(2);
  }

  @Test
  void aFileReplacedByAnotherIsReadAgain() throws Exception {
    Path file = Files.writeString(dir.resolve("vk.key"), "verifying key");
    Path other = Files.writeString(dir.resolve("other"), "verifying kez");
    Thread.sleep(2 * RACY.toMillis());
    FileHashes hashes = new FileHashes(RACY);
    hashes.sha256(file);

    Files.move(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertThat(hashes.sha256(file)).isEqualTo(Hashing.sha256(file));
    assertThat(hashes.filesRead()).isEqualTo(2);
  }
}
