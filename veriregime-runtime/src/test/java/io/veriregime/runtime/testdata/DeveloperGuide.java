package io.veriregime.runtime.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables of DEVELOPERS.md that tests hold the code to, so the guide and the code cannot drift:
 * a table is found by its heading and read as "first column → the names in the second", each name
 * written in backticks.
 */
public final class DeveloperGuide {

  private static final Pattern NAME = Pattern.compile("`([^`]+)`");

  private DeveloperGuide() {}

  /**
   * The first Markdown table under {@code heading} (a whole heading line, e.g. {@code ### Package imports}):
   * per row, the backticked name of its first cell and the backticked names of its second, in order.
   */
  public static Map<String, List<String>> table(String heading) {
    List<String> lines;
    try {
      lines = Files.readAllLines(TestData.REPOSITORY_ROOT.resolve("DEVELOPERS.md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int at = lines.indexOf(heading);
    if (at < 0) {
      throw new AssertionError("DEVELOPERS.md has no heading '" + heading + "'");
    }
    Map<String, List<String>> rows = new LinkedHashMap<>();
    boolean inTable = false;
    for (String line : lines.subList(at + 1, lines.size())) {
      if (!line.startsWith("|")) {
        if (inTable) {
          break;
        }
        continue;
      }
      inTable = true;
      String[] cells = line.split("\\|", -1);
      List<String> first = names(cells[1]);
      if (first.size() == 1) {
        rows.put(first.get(0), names(cells[2]));
      }
    }
    return rows;
  }

  private static List<String> names(String cell) {
    List<String> names = new ArrayList<>();
    Matcher matcher = NAME.matcher(cell);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }
}
