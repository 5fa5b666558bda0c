using System;
using System.Linq;

namespace StrideGen.OnnxPeer;

/// <summary>
/// A self-test of the peer: small Conv and Pool cases run through ONNX Runtime and compared with
/// hand-written values and with <see cref="ReferenceKernels"/>; also pins the protobuf encoding.
/// Throws <see cref="InvalidOperationException"/> on the first mismatch.
/// </summary>
public static class OnnxPeerSelfCheck
{
    public static void Run()
    {
        CheckProtobufEncoding();
        CheckConvCases();
        CheckPoolCases();
        CheckConvSession();
    }

    private static void CheckProtobufEncoding()
    {
        ExpectBytes("varint 300", w => w.WriteInt64(1, 300), 0x08, 0xAC, 0x02);
        ExpectBytes("negative int64", w => w.WriteInt64(1, -1), 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01);
        ExpectBytes("float", w => w.WriteFloat(2, 1.0f), 0x15, 0x00, 0x00, 0x80, 0x3F);
        ExpectBytes("string", w => w.WriteString(2, "hi"), 0x12, 0x02, 0x68, 0x69);
        ExpectBytes("packed int64", w => w.WritePackedInt64(1, [1, 300]), 0x0A, 0x03, 0x01, 0xAC, 0x02);
        ExpectBytes("repeated int64", w => w.WriteRepeatedInt64(8, [2, 3]), 0x40, 0x02, 0x40, 0x03);
        ExpectBytes("packed float", w => w.WritePackedFloat(4, [1.0f]), 0x22, 0x04, 0x00, 0x00, 0x80, 0x3F);
        ExpectBytes("high field number", w => w.WriteInt64(20, 7), 0xA0, 0x01, 0x07);
        ExpectBytes("nested message", w =>
        {
            var inner = new ProtobufWriter();
            inner.WriteInt64(1, 150);
            w.WriteMessage(3, inner);
        }, 0x1A, 0x03, 0x08, 0x96, 0x01);

        // ModelProto starts with ir_version (field 1, varint) = 8.
        byte[] model = OnnxRuntimePeer.BuildConvModel(Conv(1, 1, 3, 3, 2, 2));
        Expect(model.Length > 2 && model[0] == 0x08 && model[1] == 0x08, "BuildConvModel does not start with ir_version = 8.");
    }

    private static void CheckConvCases()
    {
        // 1x3x3 input 1..9, 2x2 kernel of ones, stride 1, no padding: each output sums a 2x2 window.
        ConvOperator unit = Conv(1, 1, 3, 3, 2, 2);
        float[] ramp9 = Ramp(9);
        float[] ones4 = Enumerable.Repeat(1f, 4).ToArray();
        ExpectClose("conv 2x2 ones", [12, 16, 24, 28], OnnxRuntimePeer.RunConv(unit, ramp9, ones4, null));
        ExpectClose("conv 2x2 ones (reference)", [12, 16, 24, 28], ReferenceKernels.Conv(unit, ramp9, ones4, null));

        // 1x2x2 input, 3x3 ones, padding 1 all round: every window covers the whole input (sum 10), plus bias 0.5.
        ConvOperator padded = Conv(1, 1, 2, 2, 3, 3) with { PadTop = 1, PadBottom = 1, PadLeft = 1, PadRight = 1, HasBias = true };
        ExpectClose("conv 3x3 ones padded", [10.5f, 10.5f, 10.5f, 10.5f],
            OnnxRuntimePeer.RunConv(padded, Ramp(4), Enumerable.Repeat(1f, 9).ToArray(), [0.5f]));

        // Grouped, strided, dilated, asymmetric padding, with bias.
        CompareConv("conv grouped", new ConvOperator(InChannels: 4, OutChannels: 6, InputHeight: 5, InputWidth: 6,
            KernelHeight: 3, KernelWidth: 2, StrideHeight: 2, StrideWidth: 1, DilationHeight: 1, DilationWidth: 2,
            PadTop: 1, PadBottom: 2, PadLeft: 0, PadRight: 1, Groups: 2, HasBias: true));

        // Depthwise 3x3, padding 1, no bias.
        CompareConv("conv depthwise", Conv(3, 3, 4, 5, 3, 3) with { PadTop = 1, PadBottom = 1, PadLeft = 1, PadRight = 1, Groups = 3 });
    }

    private static void CheckPoolCases()
    {
        // 1x4x4 input 1..16, 2x2 max, stride 2.
        PoolOperator max = Pool(isMax: true, 1, 4, 4, 2, 2) with { StrideHeight = 2, StrideWidth = 2 };
        ExpectClose("maxpool 2x2/2", [6, 8, 14, 16], OnnxRuntimePeer.RunPool(max, Ramp(16)));

        // 1x3x3 input 1..9, 2x2 average, stride 1, padding 1: the 4x4 output's corner windows hold one
        // real pixel, the edge windows two, the inner ones four.
        PoolOperator avg = Pool(isMax: false, 1, 3, 3, 2, 2) with { PadTop = 1, PadBottom = 1, PadLeft = 1, PadRight = 1 };
        float[] included = OnnxRuntimePeer.RunPool(avg with { CountIncludePad = true }, Ramp(9));
        float[] excluded = OnnxRuntimePeer.RunPool(avg with { CountIncludePad = false }, Ramp(9));
        ExpectClose("avgpool include pad", [0.25f, 0.75f, 1.25f, 0.75f, 1.25f, 3f, 4f, 2.25f, 2.75f, 6f, 7f, 3.75f, 1.75f, 3.75f, 4.25f, 2.25f], included);
        ExpectClose("avgpool exclude pad", [1f, 1.5f, 2.5f, 3f, 2.5f, 3f, 4f, 4.5f, 5.5f, 6f, 7f, 7.5f, 7f, 7.5f, 8.5f, 9f], excluded);

        // Dilated max pool, asymmetric padding, ceil mode.
        ComparePool("maxpool dilated ceil", new PoolOperator(IsMax: true, Channels: 2, InputHeight: 7, InputWidth: 6,
            KernelHeight: 3, KernelWidth: 2, StrideHeight: 2, StrideWidth: 2, DilationHeight: 2, DilationWidth: 1,
            PadTop: 1, PadBottom: 0, PadLeft: 1, PadRight: 1, CeilMode: true, CountIncludePad: false));

        // Ceil mode whose last window hangs past the input (5 high, 2x2 windows at stride 2 -> 3 rows):
        // with count_include_pad the overhang is not counted, so the last column averages 2 (or 1) taps.
        foreach (bool includePad in new[] { true, false })
        {
            ComparePool($"avgpool ceil overhang include_pad={includePad}", new PoolOperator(IsMax: false, Channels: 2, InputHeight: 5, InputWidth: 5,
                KernelHeight: 2, KernelWidth: 2, StrideHeight: 2, StrideWidth: 2, DilationHeight: 1, DilationWidth: 1,
                PadTop: 0, PadBottom: 0, PadLeft: 1, PadRight: 0, CeilMode: true, CountIncludePad: includePad));
        }

        // Ceil mode where a further window would start inside the trailing padding: it is dropped
        // (height 4, pad bottom 1, 2x2 windows at stride 2 give 2 rows, not ceil(3/2)+1 = 3).
        PoolOperator dropLast = Pool(isMax: true, 1, 4, 4, 2, 2) with { StrideHeight = 2, StrideWidth = 2, PadBottom = 1, CeilMode = true };
        Expect(OperatorGeometry.OutputShape(dropLast)[2] == 2, "ceil-mode rule: expected 2 output rows.");
        ComparePool("maxpool ceil drops window in trailing pad", dropLast);
    }

    private static void CheckConvSession()
    {
        var op = new ConvOperator(InChannels: 4, OutChannels: 8, InputHeight: 9, InputWidth: 7,
            KernelHeight: 3, KernelWidth: 3, StrideHeight: 1, StrideWidth: 2, DilationHeight: 1, DilationWidth: 1,
            PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 0, Groups: 1, HasBias: true);
        (float[] input, float[] weights, float[]? bias) = ConvData(op, seed: 7);
        float[] expected = ReferenceKernels.Conv(op, input, weights, bias);

        foreach (int threads in new[] { 1, 2 })
        {
            using var session = new OnnxConvSession(op, input, weights, bias, threads);
            session.Run();
            ExpectClose($"OnnxConvSession threads={threads}", expected, session.Output.ToArray());
            session.Run();
            ExpectClose($"OnnxConvSession threads={threads} second run", expected, session.Output.ToArray());
        }
    }

    private static void CompareConv(string name, ConvOperator op)
    {
        (float[] input, float[] weights, float[]? bias) = ConvData(op, seed: name.Length);
        ExpectClose(name, ReferenceKernels.Conv(op, input, weights, bias), OnnxRuntimePeer.RunConv(op, input, weights, bias));
    }

    private static void ComparePool(string name, PoolOperator op)
    {
        float[] input = Values(OperatorGeometry.ElementCount(OperatorGeometry.InputShape(op)), seed: name.Length);
        ExpectClose(name, ReferenceKernels.Pool(op, input), OnnxRuntimePeer.RunPool(op, input));
    }

    private static ConvOperator Conv(int inChannels, int outChannels, int height, int width, int kernelHeight, int kernelWidth) =>
        new(inChannels, outChannels, height, width, kernelHeight, kernelWidth, StrideHeight: 1, StrideWidth: 1,
            DilationHeight: 1, DilationWidth: 1, PadTop: 0, PadBottom: 0, PadLeft: 0, PadRight: 0, Groups: 1, HasBias: false);

    private static PoolOperator Pool(bool isMax, int channels, int height, int width, int kernelHeight, int kernelWidth) =>
        new(isMax, channels, height, width, kernelHeight, kernelWidth, StrideHeight: 1, StrideWidth: 1,
            DilationHeight: 1, DilationWidth: 1, PadTop: 0, PadBottom: 0, PadLeft: 0, PadRight: 0, CeilMode: false, CountIncludePad: false);

    private static (float[] Input, float[] Weights, float[]? Bias) ConvData(ConvOperator op, int seed) =>
        (Values(OperatorGeometry.ElementCount(OperatorGeometry.InputShape(op)), seed),
         Values(OperatorGeometry.ElementCount(OperatorGeometry.WeightShape(op)), seed + 1),
         op.HasBias ? Values(op.OutChannels, seed + 2) : null);

    /// <summary>1, 2, ..., count.</summary>
    private static float[] Ramp(int count) => Enumerable.Range(1, count).Select(i => (float)i).ToArray();

    /// <summary>Deterministic multiples of 1/4 in [-2, 2]: products and short sums stay exact in float32.</summary>
    private static float[] Values(int count, int seed)
    {
        var values = new float[count];
        uint state = (uint)seed * 2654435761u + 1;
        for (int i = 0; i < count; i++)
        {
            state = (state * 1664525u) + 1013904223u;
            values[i] = ((int)(state >> 16) % 17 - 8) / 4f;
        }

        return values;
    }

    private static void ExpectBytes(string name, Action<ProtobufWriter> write, params byte[] expected)
    {
        var writer = new ProtobufWriter();
        write(writer);
        byte[] actual = writer.ToArray();
        Expect(actual.AsSpan().SequenceEqual(expected),
            $"protobuf {name}: expected {Convert.ToHexString(expected)}, got {Convert.ToHexString(actual)}.");
    }

    private static void ExpectClose(string name, float[] expected, float[] actual)
    {
        Expect(expected.Length == actual.Length, $"{name}: expected {expected.Length} values, got {actual.Length}.");
        for (int i = 0; i < expected.Length; i++)
        {
            float tolerance = 1e-5f + (1e-5f * Math.Abs(expected[i]));
            Expect(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{name}: at {i} expected {expected[i]}, got {actual[i]}.");
        }
    }

    private static void Expect(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("OnnxPeer self-check failed: " + message);
        }
    }
}
