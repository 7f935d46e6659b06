package io.veriregime.runtime.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes work on a shared directory (a tools install, a cache of generated files) happen once at a
 * time across processes and threads: whoever comes second waits, then usually finds the work done.
 * The file lock keeps other processes out and is released by the OS however the holder ends; a
 * monitor per lock file keeps out other threads of this JVM, which the file lock would reject with
 * {@code OverlappingFileLockException} instead of making them wait. Unlike {@code stage.StageLock},
 * which refuses a second build, this one queues.
 */
public final class ExclusiveLock {

  /** The work done while holding the lock. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws IOException;
  }

  private static final Map<Path, Object> MONITORS = new ConcurrentHashMap<>();

  private ExclusiveLock() {}

  /** Runs {@code work} holding {@code lockFile} (created with its directory when missing). */
  public static <T> T holding(Path lockFile, Work<T> work) throws IOException {
    Path file = lockFile.toAbsolutePath().normalize();
    synchronized (MONITORS.computeIfAbsent(file, key -> new Object())) {
      Files.createDirectories(file.getParent());
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
           FileLock ignored = channel.lock()) {
        return work.run();
      }
    }
  }
}
