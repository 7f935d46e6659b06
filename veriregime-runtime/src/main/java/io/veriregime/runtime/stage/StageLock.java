package io.veriregime.runtime.stage;

import io.veriregime.runtime.VeriRegimeException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One run at a time owns a stage's outputs: an exclusive lock on {@code <output root>/.locks/<stage>.lock},
 * held for the stage's whole life by the process that writes them (the child JVM, for training).
 * A second build of the same project, or a stray process of a killed one, cannot interleave its
 * writes with this run's; it stops with a message instead. The operating system releases the lock
 * when the holder exits, however it exits.
 */
public final class StageLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private StageLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  public static StageLock acquire(Path outputRoot, String stage) {
    Path file = outputRoot.resolve(".locks").resolve(stage + ".lock");
    FileChannel channel = null;
    try {
      Files.createDirectories(file.getParent());
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw busy(stage, outputRoot, file);
      }
      return new StageLock(channel, lock);
    } catch (OverlappingFileLockException e) {
      // this JVM already holds it: another thread of this build runs the same stage on the same outputs
      closeQuietly(channel);
      throw busy(stage, outputRoot, file);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new VeriRegimeException("Could not lock " + file + " for " + stage + ": " + e.getMessage()
          + ". Check that the build directory is writable.", e);
    } catch (VeriRegimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static VeriRegimeException busy(String stage, Path outputRoot, Path file) {
    return new VeriRegimeException("Another build is running " + stage + " in " + outputRoot + " (it holds " + file
        + "). Wait for it to finish or stop it, then run this build again; two builds must not write the same outputs.");
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing was locked through it
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // closing the channel releases the lock; the process exiting does too
    }
  }
}
