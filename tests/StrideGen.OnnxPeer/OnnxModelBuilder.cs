using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace StrideGen.OnnxPeer;

/// <summary>
/// Builds the serialized bytes of an ONNX ModelProto whose graph holds exactly one node in the
/// default ("ai.onnx") domain. All tensors are float32 with static shapes. Node inputs are wired
/// in the order <see cref="AddInput"/> / <see cref="AddInitializer"/> are called.
/// Field numbers follow onnx/onnx.proto.
/// </summary>
internal sealed class OnnxModelBuilder
{
    /// <summary>IR version 8 (ONNX 1.10+): initializers need not be listed as graph inputs.</summary>
    public const long IrVersion = 8;

    /// <summary>
    /// Default-domain opset. ORT 1.31.1 accepts opset 22 for Conv, MaxPool and AveragePool
    /// (all three have a version-22 schema: bfloat16 was added to their type lists).
    /// </summary>
    public const long OpsetVersion = 22;

    private const string ProducerName = "StrideGen.OnnxPeer";

    private readonly string _opType;
    private readonly List<string> _nodeInputs = [];
    private readonly List<string> _nodeOutputs = [];
    private readonly List<ProtobufWriter> _attributes = [];
    private readonly List<ProtobufWriter> _graphInputs = [];
    private readonly List<ProtobufWriter> _graphOutputs = [];
    private readonly List<ProtobufWriter> _initializers = [];

    public OnnxModelBuilder(string opType)
    {
        _opType = opType;
    }

    /// <summary>A graph input (fed at run time) that is also the node's next input.</summary>
    public OnnxModelBuilder AddInput(string name, ReadOnlySpan<long> shape)
    {
        _graphInputs.Add(ValueInfo(name, shape));
        _nodeInputs.Add(name);
        return this;
    }

    /// <summary>
    /// A constant tensor stored in the model (GraphProto.initializer) that is also the node's next
    /// input. Not listed among graph inputs, so ORT treats it as a true constant it may pre-pack.
    /// </summary>
    public OnnxModelBuilder AddInitializer(string name, ReadOnlySpan<long> shape, ReadOnlySpan<float> values)
    {
        var tensor = new ProtobufWriter();
        tensor.WriteRepeatedInt64(Onnx.TensorDims, shape);
        tensor.WriteInt64(Onnx.TensorDataType, Onnx.ElemTypeFloat);
        tensor.WriteString(Onnx.TensorName, name);

        // raw_data must be little-endian IEEE 754; every platform .NET runs ORT on is little-endian.
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Initializer raw_data is written in host byte order.");
        }

        tensor.WriteBytes(Onnx.TensorRawData, MemoryMarshal.AsBytes(values));
        _initializers.Add(tensor);
        _nodeInputs.Add(name);
        return this;
    }

    /// <summary>A graph output produced by the node (its next output).</summary>
    public OnnxModelBuilder AddOutput(string name, ReadOnlySpan<long> shape)
    {
        _graphOutputs.Add(ValueInfo(name, shape));
        _nodeOutputs.Add(name);
        return this;
    }

    public OnnxModelBuilder AddAttribute(string name, long value)
    {
        ProtobufWriter attribute = Attribute(name, Onnx.AttributeTypeInt);
        attribute.WriteInt64(Onnx.AttributeI, value);
        return this;
    }

    public OnnxModelBuilder AddAttribute(string name, ReadOnlySpan<long> values)
    {
        ProtobufWriter attribute = Attribute(name, Onnx.AttributeTypeInts);
        attribute.WriteRepeatedInt64(Onnx.AttributeInts, values);
        return this;
    }

    public OnnxModelBuilder AddAttribute(string name, float value)
    {
        ProtobufWriter attribute = Attribute(name, Onnx.AttributeTypeFloat);
        attribute.WriteFloat(Onnx.AttributeF, value);
        return this;
    }

    public OnnxModelBuilder AddAttribute(string name, string value)
    {
        ProtobufWriter attribute = Attribute(name, Onnx.AttributeTypeString);
        attribute.WriteString(Onnx.AttributeS, value);
        return this;
    }

    public byte[] Build()
    {
        var node = new ProtobufWriter();
        foreach (string input in _nodeInputs)
        {
            node.WriteString(Onnx.NodeInput, input);
        }

        foreach (string output in _nodeOutputs)
        {
            node.WriteString(Onnx.NodeOutput, output);
        }

        node.WriteString(Onnx.NodeName, _opType + "_0");
        node.WriteString(Onnx.NodeOpType, _opType);
        foreach (ProtobufWriter attribute in _attributes)
        {
            node.WriteMessage(Onnx.NodeAttribute, attribute);
        }

        var graph = new ProtobufWriter();
        graph.WriteMessage(Onnx.GraphNode, node);
        graph.WriteString(Onnx.GraphName, _opType + "_graph");
        foreach (ProtobufWriter initializer in _initializers)
        {
            graph.WriteMessage(Onnx.GraphInitializer, initializer);
        }

        foreach (ProtobufWriter input in _graphInputs)
        {
            graph.WriteMessage(Onnx.GraphInput, input);
        }

        foreach (ProtobufWriter output in _graphOutputs)
        {
            graph.WriteMessage(Onnx.GraphOutput, output);
        }

        var opset = new ProtobufWriter();
        opset.WriteString(Onnx.OpsetDomain, string.Empty);
        opset.WriteInt64(Onnx.OpsetVersion, OpsetVersion);

        var model = new ProtobufWriter();
        model.WriteInt64(Onnx.ModelIrVersion, IrVersion);
        model.WriteString(Onnx.ModelProducerName, ProducerName);
        model.WriteMessage(Onnx.ModelGraph, graph);
        model.WriteMessage(Onnx.ModelOpsetImport, opset);
        return model.ToArray();
    }

    private ProtobufWriter Attribute(string name, long type)
    {
        var attribute = new ProtobufWriter();
        attribute.WriteString(Onnx.AttributeName, name);
        attribute.WriteInt64(Onnx.AttributeType, type);
        _attributes.Add(attribute);
        return attribute;
    }

    /// <summary>ValueInfoProto { name, type: TypeProto { tensor_type: { elem_type: FLOAT, shape } } }.</summary>
    private static ProtobufWriter ValueInfo(string name, ReadOnlySpan<long> shape)
    {
        var tensorShape = new ProtobufWriter();
        foreach (long extent in shape)
        {
            var dimension = new ProtobufWriter();
            dimension.WriteInt64(Onnx.DimensionValue, extent);
            tensorShape.WriteMessage(Onnx.ShapeDim, dimension);
        }

        var tensorType = new ProtobufWriter();
        tensorType.WriteInt64(Onnx.TensorTypeElemType, Onnx.ElemTypeFloat);
        tensorType.WriteMessage(Onnx.TensorTypeShape, tensorShape);

        var type = new ProtobufWriter();
        type.WriteMessage(Onnx.TypeTensorType, tensorType);

        var valueInfo = new ProtobufWriter();
        valueInfo.WriteString(Onnx.ValueInfoName, name);
        valueInfo.WriteMessage(Onnx.ValueInfoType, type);
        return valueInfo;
    }

    /// <summary>Field numbers and enum values from onnx/onnx.proto (checked against the .proto text).</summary>
    private static class Onnx
    {
        // ModelProto
        public const int ModelIrVersion = 1;
        public const int ModelProducerName = 2;
        public const int ModelGraph = 7;
        public const int ModelOpsetImport = 8;

        // OperatorSetIdProto
        public const int OpsetDomain = 1;
        public const int OpsetVersion = 2;

        // GraphProto
        public const int GraphNode = 1;
        public const int GraphName = 2;
        public const int GraphInitializer = 5;
        public const int GraphInput = 11;
        public const int GraphOutput = 12;

        // NodeProto
        public const int NodeInput = 1;
        public const int NodeOutput = 2;
        public const int NodeName = 3;
        public const int NodeOpType = 4;
        public const int NodeAttribute = 5;

        // AttributeProto and its AttributeType enum
        public const int AttributeName = 1;
        public const int AttributeF = 2;
        public const int AttributeI = 3;
        public const int AttributeS = 4;
        public const int AttributeInts = 8;
        public const int AttributeType = 20;
        public const long AttributeTypeFloat = 1;
        public const long AttributeTypeInt = 2;
        public const long AttributeTypeString = 3;
        public const long AttributeTypeInts = 7;

        // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, TensorShapeProto.Dimension
        public const int ValueInfoName = 1;
        public const int ValueInfoType = 2;
        public const int TypeTensorType = 1;
        public const int TensorTypeElemType = 1;
        public const int TensorTypeShape = 2;
        public const int ShapeDim = 1;
        public const int DimensionValue = 1;

        // TensorProto and TensorProto.DataType
        public const int TensorDims = 1;
        public const int TensorDataType = 2;
        public const int TensorName = 8;
        public const int TensorRawData = 9;
        public const long ElemTypeFloat = 1;
    }
}
