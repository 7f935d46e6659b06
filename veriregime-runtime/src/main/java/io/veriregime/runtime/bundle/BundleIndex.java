package io.veriregime.runtime.bundle;

import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.Upstream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * {@code bundle/bundle.json}: the bundle zip and the files attached beside it, by classifier. The
 * Maven goal publishes exactly these (the zip as the project's main artifact).
 *
 * @param bundle the zip's file name in the bundle directory
 * @param attachments classifier to file name in the bundle directory ({@code <classifier>.<extension>})
 * @param unproven why the bundle has no proofs (as {@link Provenance#unproven}), or null
 */
public record BundleIndex(String bundle, SortedMap<String, String> attachments, String unproven) {

  /** The files to publish, after checking the bundle directory against its manifest. */
  public static Published read(Layout layout, StageLog log) {
    Path dir = Upstream.verify(layout.bundleDir(), StageId.BUNDLE, log).dir();
    BundleIndex index = JsonFiles.read(layout.bundleIndex(), BundleIndex.class);
    Map<Attachment, Path> files = new LinkedHashMap<>();
    index.attachments().forEach((classifier, file) -> files.put(Attachment.of(classifier, file), dir.resolve(file)));
    return new Published(dir.resolve(index.bundle()), files, index.unproven());
  }

  /** Paths of what {@link BundleIndex} names, in classifier order, and why it is unproven (null: proven). */
  public record Published(Path bundle, Map<Attachment, Path> attachments, String unproven) {}
}
