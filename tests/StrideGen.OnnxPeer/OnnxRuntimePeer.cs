using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;

namespace StrideGen.OnnxPeer;

/// <summary>
/// Runs one ONNX operator through ONNX Runtime's CPU provider, as the reference peer for StrideGen's kernels.
/// Every call builds its own model and session and caches nothing, so calls may run in parallel.
/// </summary>
public static class OnnxRuntimePeer
{
    internal const string InputName = "X";
    internal const string WeightName = "W";
    internal const string BiasName = "B";
    internal const string OutputName = "Y";

    /// <summary>
    /// One image, NCHW: input [1,C,H,W], weights OIHW [OutChannels, InChannels/Groups, KH, KW],
    /// bias [OutChannels] (or null when <see cref="ConvOperator.HasBias"/> is false).
    /// Returns the output tensor's values (NCHW, batch 1) as a fresh array.
    /// </summary>
    public static float[] RunConv(ConvOperator op, float[] input, float[] weights, float[]? bias)
    {
        CheckConvArguments(op, input, weights, bias);
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, OperatorGeometry.InputShape(op));
        using var weightValue = OrtValue.CreateTensorValueFromMemory(weights, OperatorGeometry.WeightShape(op));
        using OrtValue? biasValue = op.HasBias ? OrtValue.CreateTensorValueFromMemory(bias!, OperatorGeometry.BiasShape(op)) : null;

        var names = new List<string> { InputName, WeightName };
        var values = new List<OrtValue> { inputValue, weightValue };
        if (biasValue is not null)
        {
            names.Add(BiasName);
            values.Add(biasValue);
        }

        return RunOnce(BuildConvModel(op), names, values, OperatorGeometry.OutputShape(op));
    }

    /// <summary>
    /// MaxPool (with dilations and ceil_mode) or AveragePool (with ceil_mode and count_include_pad;
    /// dilations only when not 1) on input [1,C,H,W]. Returns the NCHW output values as a fresh array.
    /// </summary>
    public static float[] RunPool(PoolOperator op, float[] input)
    {
        OperatorGeometry.Validate(op);
        OperatorGeometry.CheckLength(input, OperatorGeometry.InputShape(op), nameof(input));
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, OperatorGeometry.InputShape(op));
        return RunOnce(BuildPoolModel(op), [InputName], [inputValue], OperatorGeometry.OutputShape(op));
    }

    /// <summary>A Conv model whose input, weights and bias are graph inputs "X", "W", "B"; its output is "Y".</summary>
    public static byte[] BuildConvModel(ConvOperator op)
    {
        OperatorGeometry.Validate(op);
        return BuildConvModel(op, constantWeights: null, constantBias: null);
    }

    /// <summary>A MaxPool or AveragePool model with graph input "X" and output "Y".</summary>
    public static byte[] BuildPoolModel(PoolOperator op)
    {
        OperatorGeometry.Validate(op);
        var builder = new OnnxModelBuilder(op.IsMax ? "MaxPool" : "AveragePool")
            .AddInput(InputName, OperatorGeometry.InputShape(op))
            .AddOutput(OutputName, OperatorGeometry.OutputShape(op))
            .AddAttribute("kernel_shape", [op.KernelHeight, op.KernelWidth])
            .AddAttribute("strides", [op.StrideHeight, op.StrideWidth])
            .AddAttribute("pads", [op.PadTop, op.PadLeft, op.PadBottom, op.PadRight])
            .AddAttribute("ceil_mode", op.CeilMode ? 1L : 0L);

        if (op.IsMax)
        {
            builder.AddAttribute("dilations", [op.DilationHeight, op.DilationWidth]);
        }
        else
        {
            builder.AddAttribute("count_include_pad", op.CountIncludePad ? 1L : 0L);

            // AveragePool only gained dilations in opset 19; leave the attribute out unless it matters.
            if (op.DilationHeight != 1 || op.DilationWidth != 1)
            {
                builder.AddAttribute("dilations", [op.DilationHeight, op.DilationWidth]);
            }
        }

        return builder.Build();
    }

    /// <summary>
    /// The Conv model; weights (and bias) become initializers when given, so ORT can treat them as
    /// constants (pre-packing, NCHWc layout), otherwise they are graph inputs "W" and "B".
    /// </summary>
    internal static byte[] BuildConvModel(ConvOperator op, float[]? constantWeights, float[]? constantBias)
    {
        var builder = new OnnxModelBuilder("Conv").AddInput(InputName, OperatorGeometry.InputShape(op));
        if (constantWeights is null)
        {
            builder.AddInput(WeightName, OperatorGeometry.WeightShape(op));
        }
        else
        {
            builder.AddInitializer(WeightName, OperatorGeometry.WeightShape(op), constantWeights);
        }

        if (op.HasBias)
        {
            if (constantWeights is null)
            {
                builder.AddInput(BiasName, OperatorGeometry.BiasShape(op));
            }
            else
            {
                ArgumentNullException.ThrowIfNull(constantBias);
                builder.AddInitializer(BiasName, OperatorGeometry.BiasShape(op), constantBias);
            }
        }

        return builder
            .AddOutput(OutputName, OperatorGeometry.OutputShape(op))
            .AddAttribute("kernel_shape", [op.KernelHeight, op.KernelWidth])
            .AddAttribute("strides", [op.StrideHeight, op.StrideWidth])
            .AddAttribute("dilations", [op.DilationHeight, op.DilationWidth])
            .AddAttribute("pads", [op.PadTop, op.PadLeft, op.PadBottom, op.PadRight]) // ONNX order: x1_begin, x2_begin, x1_end, x2_end
            .AddAttribute("group", op.Groups)
            .Build();
    }

    internal static void CheckConvArguments(ConvOperator op, float[] input, float[] weights, float[]? bias)
    {
        OperatorGeometry.Validate(op);
        OperatorGeometry.CheckLength(input, OperatorGeometry.InputShape(op), nameof(input));
        OperatorGeometry.CheckLength(weights, OperatorGeometry.WeightShape(op), nameof(weights));
        if (op.HasBias)
        {
            OperatorGeometry.CheckLength(bias, OperatorGeometry.BiasShape(op), nameof(bias));
        }
        else if (bias is not null)
        {
            throw new ArgumentException("A bias was given but the operator has HasBias = false.", nameof(bias));
        }
    }

    internal static SessionOptions CreateSessionOptions(int intraOpThreads, GraphOptimizationLevel level)
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = level,
        };
        return options;
    }

    private static float[] RunOnce(byte[] model, IReadOnlyCollection<string> inputNames, IReadOnlyCollection<OrtValue> inputs, long[] expectedShape)
    {
        // One-shot runs only need the plain CPU kernel, so basic optimization keeps session creation cheap.
        using SessionOptions options = CreateSessionOptions(intraOpThreads: 1, GraphOptimizationLevel.ORT_ENABLE_BASIC);
        using var session = new InferenceSession(model, options);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, inputNames, inputs, [OutputName]);

        OrtValue output = outputs[0];
        long[] shape = output.GetTensorTypeAndShape().Shape;
        if (!shape.AsSpan().SequenceEqual(expectedShape))
        {
            throw new InvalidOperationException(
                $"ONNX Runtime produced shape [{string.Join(", ", shape)}], expected [{string.Join(", ", expectedShape)}].");
        }

        return output.GetTensorDataAsSpan<float>().ToArray();
    }
}
