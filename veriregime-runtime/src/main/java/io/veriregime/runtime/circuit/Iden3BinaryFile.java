package io.veriregime.runtime.circuit;

import io.veriregime.runtime.files.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The iden3 binary container that snarkjs reads (.r1cs, .wtns; @iden3/binfileutils): a 4-byte
 * magic, the version and the number of sections (uint32), then each section as its type (uint32),
 * its size in bytes (uint64) and its content. Every integer is little-endian; a field element is
 * {@link Field#BYTES} bytes, little-endian, in standard form (not Montgomery form, which only the
 * .zkey uses).
 */
final class Iden3BinaryFile {

  /** One section: its type and its content, which must write exactly {@code size} bytes. */
  record Section(int type, long size, Content content) {}

  @FunctionalInterface
  interface Content {
    void writeTo(LittleEndian out) throws IOException;
  }

  private Iden3BinaryFile() {}

  static void write(Path file, String magic, int version, List<Section> sections) {
    AtomicFiles.write(file, stream -> {
      LittleEndian out = new LittleEndian(stream);
      stream.write(magic.getBytes(StandardCharsets.US_ASCII));
      out.uint32(version);
      out.uint32(sections.size());
      for (Section section : sections) {
        out.uint32(section.type());
        out.uint64(section.size());
        long start = out.written();
        section.content().writeTo(out);
        if (out.written() - start != section.size()) {
          throw new IllegalStateException("section " + section.type() + " of " + file + " wrote "
              + (out.written() - start) + " bytes, not the " + section.size() + " its header says");
        }
      }
    });
  }

  /** Little-endian writes, counting the bytes. */
  static final class LittleEndian {
    private final OutputStream out;
    private final byte[] element = new byte[Field.BYTES];
    private long written;

    LittleEndian(OutputStream out) {
      this.out = out;
    }

    void uint32(long value) throws IOException {
      for (int i = 0; i < 4; i++) {
        out.write((int) (value >>> (8 * i)));
      }
      written += 4;
    }

    void uint64(long value) throws IOException {
      uint32(value & 0xffffffffL);
      uint32(value >>> 32);
    }

    /** A field element (or the prime itself) in standard form. */
    void element(BigInteger value) throws IOException {
      byte[] bigEndian = value.toByteArray();
      java.util.Arrays.fill(element, (byte) 0);
      for (int i = 0; i < bigEndian.length && i < Field.BYTES; i++) {
        element[i] = bigEndian[bigEndian.length - 1 - i];
      }
      out.write(element);
      written += Field.BYTES;
    }

    long written() {
      return written;
    }
  }
}
