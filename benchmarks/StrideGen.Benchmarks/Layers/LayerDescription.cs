using System.Globalization;
using System.Text;
using StrideGen.OnnxPeer;

namespace StrideGen.Benchmarks.Layers;

/// <summary>Writes a convolution's shape compactly: "C×H×W→O kK sS pP", "C×H×W depthwise kK pP".</summary>
internal static class LayerDescription
{
    public static string Format(ConvOperator op)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{op.InChannels}×{op.InputHeight}×{op.InputWidth}");
        bool depthwise = op.Groups > 1 && op.Groups == op.InChannels && op.Groups == op.OutChannels;
        if (depthwise)
        {
            text.Append(" depthwise");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"→{op.OutChannels}");
            if (op.Groups > 1)
            {
                text.Append(CultureInfo.InvariantCulture, $" g{op.Groups}");
            }
        }

        text.Append(op.KernelHeight == op.KernelWidth
            ? string.Create(CultureInfo.InvariantCulture, $" k{op.KernelHeight}")
            : string.Create(CultureInfo.InvariantCulture, $" k{op.KernelHeight}×{op.KernelWidth}"));

        if (op.StrideHeight != 1 || op.StrideWidth != 1)
        {
            text.Append(op.StrideHeight == op.StrideWidth
                ? string.Create(CultureInfo.InvariantCulture, $" s{op.StrideHeight}")
                : string.Create(CultureInfo.InvariantCulture, $" s{op.StrideHeight}×{op.StrideWidth}"));
        }

        if (op.DilationHeight != 1 || op.DilationWidth != 1)
        {
            text.Append(op.DilationHeight == op.DilationWidth
                ? string.Create(CultureInfo.InvariantCulture, $" d{op.DilationHeight}")
                : string.Create(CultureInfo.InvariantCulture, $" d{op.DilationHeight}×{op.DilationWidth}"));
        }

        bool evenPadding = op.PadTop == op.PadBottom && op.PadTop == op.PadLeft && op.PadTop == op.PadRight;
        if (!evenPadding)
        {
            text.Append(CultureInfo.InvariantCulture, $" p{op.PadTop},{op.PadLeft},{op.PadBottom},{op.PadRight}");
        }
        else if (op.PadTop != 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" p{op.PadTop}");
        }

        return text.ToString();
    }
}
