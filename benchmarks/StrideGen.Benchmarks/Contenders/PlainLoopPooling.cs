using StrideGen.Benchmarks.Layers;

namespace StrideGen.Benchmarks.Contenders;

/// <summary>
/// The pooling a user writes without StrideGen: shape known only at run time, nested loops over arrays with their
/// bounds checks and the padding test inside the innermost loop. Average pooling divides by the real cells of the
/// window (ONNX's default, count_include_pad = 0). NCHW, or NHWC for an NHWC layer. No SIMD, no unsafe code.
/// </summary>
public static class PlainLoopPooling
{
    public static void Run(PoolLayer layer, float[] input, float[] output)
    {
        var op = layer.Shape;
        int channels = op.Channels, inHeight = op.InputHeight, inWidth = op.InputWidth;
        int outHeight = layer.OutputHeight, outWidth = layer.OutputWidth;
        bool nhwc = layer.IsNhwc;
        for (int c = 0; c < channels; c++)
        {
            for (int oy = 0; oy < outHeight; oy++)
            {
                for (int ox = 0; ox < outWidth; ox++)
                {
                    float max = float.NegativeInfinity, sum = 0;
                    int count = 0;
                    for (int ky = 0; ky < op.KernelHeight; ky++)
                    {
                        int iy = oy * op.StrideHeight - op.PadTop + ky * op.DilationHeight;
                        for (int kx = 0; kx < op.KernelWidth; kx++)
                        {
                            int ix = ox * op.StrideWidth - op.PadLeft + kx * op.DilationWidth;
                            if (iy >= 0 && iy < inHeight && ix >= 0 && ix < inWidth)
                            {
                                float x = input[nhwc ? (iy * inWidth + ix) * channels + c : (c * inHeight + iy) * inWidth + ix];
                                max = x > max ? x : max;
                                sum += x;
                                count++;
                            }
                        }
                    }

                    output[nhwc ? (oy * outWidth + ox) * channels + c : (c * outHeight + oy) * outWidth + ox] = op.IsMax ? max : sum / count;
                }
            }
        }
    }
}
