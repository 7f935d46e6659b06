package io.veriregime.runtime.experiment;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.FileProblems;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Loads {@code experiment.yaml}: SnakeYAML composes the document into a node tree (safe mode: no
 * object is ever constructed from a tag), overrides are applied to the tree, and the tree is
 * bound to the immutable configuration records with every key, type and range checked.
 */
public final class ExperimentLoader {

  /** The largest experiment file read; see {@link #read}. */
  static final int MAX_BYTES = 1 << 20;
  private static final int MAX_ALIASES = 20;
  private static final int MAX_NESTING = 50;

  private ExperimentLoader() {}

  /**
   * @param overrides dotted key path to YAML value text, e.g. {@code data.window=30} or
   *     {@code distill.temperature=[2, 4]}
   */
  public static Experiment load(Path file, Map<String, String> overrides) {
    Path absolute = file.toAbsolutePath().normalize();
    return load(absolute, read(absolute), overrides);
  }

  /**
   * The file when it exists, else every default (with the overrides): for a goal that needs only
   * tool settings, such as a consumer verifying a bundle in a project that has no experiment. Such a
   * goal reads no data, so without a file the {@code data:} defaults stay as they are, unchecked (the
   * default source, csv, names no files); a {@code data} key among the overrides is checked as always.
   */
  public static Experiment loadOrDefaults(Path file, Map<String, String> overrides) {
    Path absolute = file.toAbsolutePath().normalize();
    return Files.exists(absolute) ? load(absolute, overrides)
        : bind(absolute, compose(absolute, ""), new ConfigLocations(absolute), overrides, Set.of("data"));
  }

  /** Whether {@code key} is a top-level key of an experiment ({@code name}, {@code data}, {@code gates}, …). */
  public static boolean isTopLevelKey(String key) {
    return Arrays.stream(ExperimentConfig.class.getRecordComponents()).anyMatch(component -> component.getName().equals(key));
  }

  /**
   * An experiment declared inline in the build file, refined by the experiment file when there is one
   * (the file's keys win over the inline ones), then the overrides.
   *
   * @param inline null: the experiment file alone ({@link #load(Path, Map)})
   */
  public static Experiment load(Path file, InlineExperiment inline, Map<String, String> overrides) {
    if (inline == null) {
      return load(file, overrides);
    }
    Path absolute = file.toAbsolutePath().normalize();
    Path source = Files.exists(absolute) ? absolute : inline.source();
    ConfigLocations locations = new ConfigLocations(source);
    MappingNode root = compose(source, source.equals(absolute) ? read(absolute) : "");
    inline.values().forEach((keyPath, value) -> {
      if (!KeyPaths.defines(root, keyPath)) {
        locations.inline(keyPath, inline.source());
        KeyPaths.apply(root, keyPath, value, locations);
      }
    });
    return bind(source, root, locations, overrides, Set.of());
  }

  private static Experiment load(Path absolute, String text, Map<String, String> overrides) {
    return bind(absolute, compose(absolute, text), new ConfigLocations(absolute), overrides, Set.of());
  }

  /** @param unread top-level sections that, left out, keep their defaults unchecked (see {@link ConfigBinder}) */
  private static Experiment bind(Path source, MappingNode root, ConfigLocations locations, Map<String, String> overrides,
                                 Set<String> unread) {
    for (Map.Entry<String, String> override : new TreeMap<>(overrides).entrySet()) {
      locations.override(override.getKey());
      KeyPaths.apply(root, override.getKey(), override.getValue(), locations);
    }
    ExperimentConfig config = new ConfigBinder(locations, source.getParent(), unread).bindRoot(root, ExperimentConfig.class);
    checkFiles(config, locations);
    return new Experiment(source, overrides, config, locations);
  }

  /**
   * The file as text. An experiment is a few kilobytes of keys; anything past {@link #MAX_BYTES}
   * is the wrong file (a data file, a log), refused before it is read into memory.
   */
  private static String read(Path file) {
    if (Files.isDirectory(file)) {
      throw new VeriRegimeException("Experiment file " + file + " is a directory. Point -Dveriregime.experiment=<path> at"
          + " the experiment file itself" + (Files.isRegularFile(file.resolve("experiment.yaml"))
          ? " (" + file.resolve("experiment.yaml") + " is one)." : " (experiment.yaml beside the pom)."));
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new VeriRegimeException("Experiment file " + file + " does not exist. Create it (see README, "
          + "'Configuration reference'), declare the experiment in the pom (the plugin's <inlineExperiment>), or point"
          + " the plugin at yours with -Dveriregime.experiment=<path>.");
    } catch (IOException e) {
      throw new VeriRegimeException("Could not read experiment file " + file + ": " + e.getMessage(), e);
    }
    if (bytes.length > MAX_BYTES) {
      throw new VeriRegimeException(file + ": the experiment file is larger than " + (MAX_BYTES >> 10) + " KiB, which "
          + "no experiment needs; it is probably not the experiment. Point -Dveriregime.experiment=<path> at your "
          + "experiment.yaml.");
    }
    return decode(file, bytes);
  }

  /** UTF-8 text; the first byte that is not UTF-8 is reported with its line. */
  private static String decode(Path file, byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = StandardCharsets.UTF_8.newDecoder().decode(in, out, true);
    if (result.isError()) {
      int bad = in.position();
      int line = 1;
      for (int i = 0; i < bad; i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      throw new VeriRegimeException(file + ":" + line + ": not UTF-8 text (byte 0x"
          + String.format("%02X", bytes[bad] & 0xFF) + " cannot start or continue a UTF-8 character). Save the "
          + "experiment file as UTF-8.");
    }
    return out.flip().toString();
  }

  static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_NESTING);
    return new Yaml(new SafeConstructor(options));
  }

  private static MappingNode compose(Path file, String text) {
    Node node;
    try (Reader reader = new StringReader(text)) {
      node = yaml().compose(reader);
    } catch (MarkedYAMLException e) {
      var mark = e.getProblemMark();
      throw new VeriRegimeException(file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1)
          + ": not valid YAML: " + e.getProblem() + (e.getContext() != null ? " (" + e.getContext() + ")" : "")
          + ". Fix the syntax at that line (indentation with spaces, 'key: value').");
    } catch (YAMLException e) {
      // SnakeYAML's reader and safety limits fail without a mark; the reader gives a position at least
      String line = e instanceof ReaderException reader ? ":" + lineOf(text, reader.getPosition()) : "";
      Unmarked unmarked = Unmarked.of(e);
      throw new VeriRegimeException(file + line + ": " + unmarked.problem() + ". " + unmarked.fix());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    if (node == null) {
      return new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
    }
    if (node instanceof MappingNode mapping) {
      return mapping;
    }
    throw new VeriRegimeException(file + ":1:1: the experiment must be a set of keys (name:, data:, teacher:, …), "
        + "not a single value or a list. See README, 'Configuration reference'.");
  }

  /** The 1-based line of the code point at {@code position}. */
  private static int lineOf(String text, int position) {
    int[] codePoints = text.codePoints().limit(position).toArray();
    return 1 + (int) Arrays.stream(codePoints).filter(c -> c == '\n').count();
  }

  /** A YAMLException without a mark, in words: a forbidden character, or one of the two safety limits. */
  record Unmarked(String problem, String fix) {

    static Unmarked of(YAMLException e) {
      String message = String.valueOf(e.getMessage());
      if (e instanceof ReaderException reader) {
        return new Unmarked(String.format("character U+%04X is not allowed in YAML", reader.getCodePoint()),
            "Remove it: control characters cannot appear in the file, not even inside quotes "
                + "(write a tab as \\t inside double quotes).");
      }
      if (message.startsWith("Number of aliases")) {
        return new Unmarked("more than " + MAX_ALIASES + " aliases (*name) to sections or lists; a document that "
            + "refers to its anchors that often could expand to billions of values, so it is refused",
            "Write the values out, or use fewer anchors and aliases.");
      }
      if (message.startsWith("Nesting Depth")) {
        return new Unmarked("sections or lists are nested more than " + MAX_NESTING + " levels deep",
            "No experiment key is nested that deeply: fix the indentation or brackets "
                + "(see README, 'Configuration reference').");
      }
      return new Unmarked("not valid YAML: " + message, "Fix the syntax (indentation with spaces, 'key: value').");
    }
  }

  /** Input files named in the experiment must exist before any stage starts. */
  private static void checkFiles(ExperimentConfig config, ConfigLocations locations) {
    List<Path> files = config.data().files();
    for (int i = 0; i < files.size(); i++) {
      String problem = FileProblems.notARegularFile(files.get(i));
      if (problem != null) {
        throw locations.error("data.files[" + i + "]", "file " + files.get(i) + " " + problem,
            "Fix the path (relative paths are resolved against the experiment file's directory).");
      }
    }
    Path ezkl = config.zk().ezkl().ezklExecutable();
    if (ezkl != null && !Files.isExecutable(ezkl)) {
      throw locations.error("zk.ezkl.ezklExecutable", ezkl + " is not an executable file",
          "Point it at the ezkl binary, or remove the key to let VeriRegime install the pinned EZKL.");
    }
    Path python = config.zk().ezkl().python();
    if (python != null && !Files.isExecutable(python)) {
      throw locations.error("zk.ezkl.python", python + " is not an executable file",
          "Point it at a Python interpreter that has the ezkl package, or remove the key.");
    }
  }
}
