package io.veriregime.runtime.files;

import io.veriregime.runtime.VeriRegimeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files (format 1.0, little-endian, C order): {@code <f4} for features,
 * logits and weights, {@code <i4} for labels. The format every stage exchanges tensors in, and
 * that NumPy, PyTorch and EZKL's Python tooling read directly.
 */
public final class Npy {

  /** A float32 tensor. */
  public record FloatArray(int[] shape, float[] data) {
    public int rows() {
      return shape[0];
    }

    /** Elements per leading index (e.g. 60·8 for a (N, 60, 8) window tensor). */
    public int rowSize() {
      return shape.length == 1 ? 1 : data.length / shape[0];
    }

    /** A copy of leading index {@code index}'s elements, e.g. one window of a window tensor. */
    public float[] row(int index) {
      return java.util.Arrays.copyOfRange(data, index * rowSize(), (index + 1) * rowSize());
    }
  }

  /** An int32 tensor. */
  public record IntArray(int[] shape, int[] data) {}

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
  private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  private Npy() {}

  public static void writeFloat(Path file, int[] shape, float[] data) {
    checkSize(file, shape, data.length);
    write(file, "<f4", shape, data.length, buffer -> buffer.asFloatBuffer().put(data));
  }

  public static void writeInt(Path file, int[] shape, int[] data) {
    checkSize(file, shape, data.length);
    write(file, "<i4", shape, data.length, buffer -> buffer.asIntBuffer().put(data));
  }

  public static FloatArray readFloat(Path file) {
    Header header = readHeader(file, "<f4");
    float[] data = new float[header.elements()];
    header.body().asFloatBuffer().get(data);
    return new FloatArray(header.shape(), data);
  }

  public static IntArray readInt(Path file) {
    Header header = readHeader(file, "<i4");
    int[] data = new int[header.elements()];
    header.body().asIntBuffer().get(data);
    return new IntArray(header.shape(), data);
  }

  private record Header(int[] shape, ByteBuffer body) {
    int elements() {
      return Arrays.stream(shape).reduce(1, Math::multiplyExact);
    }
  }

  private static void checkSize(Path file, int[] shape, int length) {
    int expected = Arrays.stream(shape).reduce(1, Math::multiplyExact);
    if (expected != length) {
      throw new IllegalArgumentException(
          file + ": shape " + Arrays.toString(shape) + " needs " + expected + " values, got " + length);
    }
  }

  private static void write(
      Path file, String descr, int[] shape, int elements, java.util.function.Consumer<ByteBuffer> fill) {
    String shapeText = shape.length == 1
        ? shape[0] + ","
        : String.join(", ", Arrays.stream(shape).mapToObj(Integer::toString).toList());
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shapeText + "), }";
    // header length (magic 6 + version 2 + len 2 + dict + newline) is padded to a multiple of 64
    int unpadded = MAGIC.length + 4 + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String headerText = dict + " ".repeat(padding) + "\n";
    ByteBuffer buffer = ByteBuffer.allocate(MAGIC.length + 4 + headerText.length() + elements * 4)
        .order(ByteOrder.LITTLE_ENDIAN);
    buffer.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerText.length());
    buffer.put(headerText.getBytes(StandardCharsets.US_ASCII));
    fill.accept(buffer.slice().order(ByteOrder.LITTLE_ENDIAN));
    AtomicFiles.write(file, buffer.array());
  }

  private static Header readHeader(Path file, String expectedDescr) {
    ByteBuffer all;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      all = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()).order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new VeriRegimeException("Could not read tensor " + file + ": " + e.getMessage()
          + ". Run the stage that writes it again (e.g. `mvn clean verify`).", e);
    }
    byte[] magic = new byte[MAGIC.length];
    if (all.remaining() < 10 || !Arrays.equals(readInto(all, magic), MAGIC)) {
      throw corrupt(file, "it does not start with the .npy magic bytes");
    }
    int major = all.get();
    all.get();
    int headerLength = major == 1 ? Short.toUnsignedInt(all.getShort()) : all.getInt();
    byte[] headerBytes = new byte[headerLength];
    all.get(headerBytes);
    String header = new String(headerBytes, StandardCharsets.US_ASCII);
    Matcher descr = DESCR.matcher(header);
    Matcher order = ORDER.matcher(header);
    Matcher shape = SHAPE.matcher(header);
    if (!descr.find() || !order.find() || !shape.find()) {
      throw corrupt(file, "its header is not a NumPy header: " + header.trim());
    }
    if (!descr.group(1).equals(expectedDescr) || order.group(1).equals("True")) {
      throw corrupt(file, "it holds " + descr.group(1) + (order.group(1).equals("True") ? " in Fortran order" : "")
          + " but " + expectedDescr + " in C order was expected");
    }
    int[] dims = Arrays.stream(shape.group(1).split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
    Header result = new Header(dims, all.slice().order(ByteOrder.LITTLE_ENDIAN));
    if (result.body().remaining() != (long) result.elements() * 4) {
      throw corrupt(file, "it is truncated (" + result.body().remaining() + " data bytes for shape "
          + Arrays.toString(dims) + ")");
    }
    return result;
  }

  private static byte[] readInto(ByteBuffer buffer, byte[] target) {
    buffer.get(target);
    return target;
  }

  private static VeriRegimeException corrupt(Path file, String why) {
    return new VeriRegimeException("Tensor file " + file + " is not usable: " + why
        + ". Delete it (or run `mvn clean`) so the stage that writes it runs again.");
  }
}
