using StrideGen.Benchmarks.Layers;

namespace StrideGen.Benchmarks.Contenders;

/// <summary>
/// The convolution a user writes without StrideGen: shape known only at run time, six nested loops over arrays with
/// their bounds checks, and the padding test inside the innermost loop. No SIMD, no blocking, no unsafe code.
/// </summary>
public static class PlainLoopConvolution
{
    public static void Run(ConvLayer layer, float[] input, float[] weights, float[] output)
    {
        var op = layer.Shape;
        int inChannels = op.InChannels, inHeight = op.InputHeight, inWidth = op.InputWidth;
        int outChannels = op.OutChannels, outHeight = layer.OutputHeight, outWidth = layer.OutputWidth;
        int kernelHeight = op.KernelHeight, kernelWidth = op.KernelWidth;
        int inPerGroup = inChannels / op.Groups, outPerGroup = outChannels / op.Groups;

        for (int oc = 0; oc < outChannels; oc++)
        {
            int firstInChannel = oc / outPerGroup * inPerGroup;
            for (int oy = 0; oy < outHeight; oy++)
            {
                for (int ox = 0; ox < outWidth; ox++)
                {
                    float sum = 0;
                    for (int g = 0; g < inPerGroup; g++)
                    {
                        int ic = firstInChannel + g;
                        for (int ky = 0; ky < kernelHeight; ky++)
                        {
                            int iy = oy * op.StrideHeight - op.PadTop + ky * op.DilationHeight;
                            for (int kx = 0; kx < kernelWidth; kx++)
                            {
                                int ix = ox * op.StrideWidth - op.PadLeft + kx * op.DilationWidth;
                                if (iy >= 0 && iy < inHeight && ix >= 0 && ix < inWidth)
                                {
                                    sum += input[(ic * inHeight + iy) * inWidth + ix]
                                        * weights[((oc * inPerGroup + g) * kernelHeight + ky) * kernelWidth + kx];
                                }
                            }
                        }
                    }

                    output[(oc * outHeight + oy) * outWidth + ox] = sum;
                }
            }
        }
    }
}
