package io.veriregime.runtime.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SortedMap;

/**
 * Builds an ONNX graph with the protobuf classes of {@code tribuo-util-onnx}. Nothing here depends
 * on time, paths or hash-map order, so the same model gives the same bytes.
 */
final class OnnxGraphBuilder {

  /** ONNX IR version 7 is the one that goes with opset 13. */
  private static final long IR_VERSION = 7;

  private final GraphProto.Builder graph = GraphProto.newBuilder();

  OnnxGraphBuilder(String name) {
    graph.setName(name);
  }

  /** Declares a float32 graph input of a fixed shape and returns its value name. */
  String input(String name, long... dims) {
    graph.addInput(floatValue(name, dims));
    return name;
  }

  /** Adds a float32 initializer (raw little-endian data, as ONNX stores it) and returns its name. */
  String initializer(String name, int[] dims, float[] data) {
    ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES * data.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(data);
    TensorProto.Builder tensor = TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.FLOAT.getNumber())
        .setRawData(ByteString.copyFrom(bytes.array()));
    for (int dim : dims) {
      tensor.addDims(dim);
    }
    graph.addInitializer(tensor);
    return name;
  }

  /** A rank-0 float32 initializer, broadcast by Mul/Add. */
  String scalar(String name, float value) {
    return initializer(name, new int[0], new float[] {value});
  }

  /** Adds a node whose single output value has the node's name; returns that name. */
  String node(String name, String opType, List<String> inputs, AttributeProto... attributes) {
    graph.addNode(NodeProto.newBuilder()
        .setName(name)
        .setOpType(opType)
        .addAllInput(inputs)
        .addOutput(name)
        .addAllAttribute(List.of(attributes)));
    return name;
  }

  static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder attribute = AttributeProto.newBuilder()
        .setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long value : values) {
      attribute.addInts(value);
    }
    return attribute.build();
  }

  static AttributeProto integer(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  /**
   * Renames the last node's output to {@code outputName}, declares it as the graph output and
   * returns the finished model.
   */
  ModelProto build(String outputName, long[] outputDims, int opset, String producerVersion, String docString,
          SortedMap<String, String> metadata) {
    int last = graph.getNodeCount() - 1;
    graph.setNode(last, graph.getNode(last).toBuilder().setOutput(0, outputName));
    graph.addOutput(floatValue(outputName, outputDims));
    ModelProto.Builder model = ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName("veriregime")
        .setProducerVersion(producerVersion)
        .setDocString(docString)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
        .setGraph(graph);
    metadata.forEach((key, value) ->
        model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
    return model.build();
  }

  private static ValueInfoProto floatValue(String name, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long dim : dims) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
            .setElemType(TensorProto.DataType.FLOAT.getNumber())
            .setShape(shape)))
        .build();
  }
}
