package io.veriregime.runtime.stage;

import io.veriregime.runtime.files.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sha256 of stage files, read at most once per version of a file in this process. One warm build
 * checks the same files again and again (zk-compile's own outputs, then zk-prove's, the report's and
 * the bundle's checks of them: four reads of a 277 MB proving key), and every check must still see a
 * change made by anyone at any moment in between.
 *
 * <p>A remembered hash is reused only for the same file (device and inode), size, modification time
 * and status-change time (ctime), all read again before each reuse. The ctime is what makes this sound
 * where a cache keyed by size, mtime and inode is not: mtime can be set back by anyone who can write
 * the file ({@code touch -d}), ctime cannot (the kernel sets it to now on every write or attribute
 * change; only changing the system clock, as root, moves it back). Nothing is kept on disk: each
 * process, and so each build, reads every file at least once, and another build or a consumer
 * trusts nothing this one remembered. Two more guards: a hash is remembered only when the file's
 * version read after hashing is the one read before (no write while it was read), and only for a
 * file whose ctime is older than {@link #RACY} before the read began, since the kernel stamps ctime
 * from a coarse clock and two writes within one tick could leave one ctime (git's "racily clean"
 * files). Without POSIX attributes (Windows) every read hashes.
 */
final class FileHashes {

  static final Duration RACY = Duration.ofSeconds(2);
  /** Bounds the memory: past this many files the memory starts again empty (no build has this many). */
  private static final int MAX_FILES = 100_000;

  static final FileHashes PROCESS = new FileHashes(RACY);

  private final Duration racy;
  private final Map<Path, Remembered> remembered = new ConcurrentHashMap<>();
  private final AtomicLong filesRead = new AtomicLong();
  private final AtomicLong bytesRead = new AtomicLong();

  FileHashes(Duration racy) {
    this.racy = racy;
  }

  /** A file's identity and the times any change to it moves. */
  private record Version(Object device, Object inode, long size, FileTime modified, FileTime changed) {}

  private record Remembered(Version version, String sha256) {}

  String sha256(Path file) {
    Path key = file.toAbsolutePath().normalize();
    Optional<Version> before = version(key);
    Remembered known = remembered.get(key);
    if (before.isPresent() && known != null && known.version().equals(before.get())) {
      return known.sha256();
    }
    long started = System.currentTimeMillis();
    String sha256 = Hashing.sha256(key);
    filesRead.incrementAndGet();
    bytesRead.addAndGet(before.map(Version::size).orElse(0L));
    if (before.isPresent() && before.get().changed().toMillis() < started - racy.toMillis()
        && before.equals(version(key))) {
      if (remembered.size() >= MAX_FILES) {
        remembered.clear();
      }
      remembered.put(key, new Remembered(before.get(), sha256));
    } else {
      remembered.remove(key);
    }
    return sha256;
  }

  /** Files read and hashed so far (reuses not counted). */
  long filesRead() {
    return filesRead.get();
  }

  /** Bytes read and hashed so far. */
  long bytesRead() {
    return bytesRead.get();
  }

  private static Optional<Version> version(Path file) {
    try {
      Map<String, Object> unix = Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,ctime",
          LinkOption.NOFOLLOW_LINKS);
      return Optional.of(new Version(unix.get("dev"), unix.get("ino"), (Long) unix.get("size"),
          (FileTime) unix.get("lastModifiedTime"), (FileTime) unix.get("ctime")));
    } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
      return Optional.empty(); // no POSIX attributes (or the file is gone): hash every time, and let the read say what is wrong
    }
  }
}
