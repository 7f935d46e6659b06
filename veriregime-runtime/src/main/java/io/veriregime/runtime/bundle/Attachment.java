package io.veriregime.runtime.bundle;

/**
 * A file of the bundle published on its own beside the bundle zip, so another build can depend on
 * just that file by coordinates ({@code groupId:artifactId:version:classifier}, with this extension).
 * Besides the constants here, each file a verifier needs is attached under its role in the
 * backend's {@code CircuitFileRoles} ({@code vk}, and for EZKL {@code settings}), the proving key as
 * {@code pk} and a development SRS that travels with the keys as {@code srs}, each with its own file's extension.
 *
 * @param extension the file extension, which is also the Maven artifact type it is attached with
 */
public record Attachment(String classifier, String extension) {

  /** The student as ONNX. */
  public static final Attachment MODEL = new Attachment("model", "onnx");
  /** The proofs with their inputs and witnesses (outputs), and the provenance that describes them. */
  public static final Attachment PROOFS = new Attachment("proofs", "zip");
  /** report.html, when the report goal ran. */
  public static final Attachment REPORT = new Attachment("report", "html");
  /** The classifier of the proving key, attached only with {@code bundle.includeProvingKey}. */
  static final String PROVING_KEY = "pk";
  /** The classifier of the setup material, attached only when it must travel with the keys (EZKL's development SRS). */
  static final String SETUP_MATERIAL = "srs";

  /** {@code file} (a name or path) attached as {@code classifier}, with the file's own extension. */
  static Attachment of(String classifier, String file) {
    String name = file.substring(file.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      throw new IllegalArgumentException(file + " has no extension to attach it with");
    }
    return new Attachment(classifier, name.substring(dot + 1));
  }

  /** Its file name in the bundle directory. */
  String fileName() {
    return classifier + "." + extension;
  }
}
