package io.veriregime.runtime.files;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Why a path that should name a readable file does not, in words a message can end with. */
public final class FileProblems {

  private FileProblems() {}

  /** "is a directory, not a file", "is a link that leads to no file (…)" or "does not exist"; null for a regular file. */
  public static String notARegularFile(Path path) {
    if (Files.isRegularFile(path)) {
      return null;
    }
    if (Files.isDirectory(path)) {
      return "is a directory, not a file";
    }
    // Files.exists follows links: a link to nowhere, or in a loop, exists only as a link
    return Files.isSymbolicLink(path) || Files.exists(path, LinkOption.NOFOLLOW_LINKS)
        ? "is a link that leads to no file (a dangling link, or a loop of links)" : "does not exist";
  }
}
