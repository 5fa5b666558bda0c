using System;

namespace StrideGen.Testing
{
    /// <summary>
    /// The plainest possible convolution, in float64, straight from the ONNX Conv definition (in the case's layout: NCHW
    /// with OIHW weights, or NHWC with HWIO weights); and the error bound the generated float32 kernels must meet against
    /// it: |y − ref| ≤ 1e-5·Σ|x·w| + 1e-6 per output.
    /// </summary>
    public static class ConvReference
    {
        public static (double[] Output, double[] Magnitude) Compute(ConvCase c, float[] input, float[] weights, float[]? bias)
        {
            var (top, _, left, _) = c.Pads;
            int oh = c.OutputHeight, ow = c.OutputWidth;
            int cinPerGroup = c.InChannels / c.Groups, coutPerGroup = c.OutChannels / c.Groups;
            var output = new double[c.OutputLength];
            var magnitude = new double[c.OutputLength];
            for (int o = 0; o < c.OutChannels; o++)
            {
                int group = o / coutPerGroup;
                for (int y = 0; y < oh; y++)
                {
                    for (int x = 0; x < ow; x++)
                    {
                        double sum = bias is null ? 0 : bias[o];
                        double size = bias is null ? 0 : Math.Abs(bias[o]);
                        for (int ci = 0; ci < cinPerGroup; ci++)
                        {
                            int channel = group * cinPerGroup + ci;
                            for (int ky = 0; ky < c.KernelHeight; ky++)
                            {
                                int iy = y * c.StrideHeight - top + ky * c.DilationHeight;
                                if (iy < 0 || iy >= c.InputHeight)
                                {
                                    continue;
                                }

                                for (int kx = 0; kx < c.KernelWidth; kx++)
                                {
                                    int ix = x * c.StrideWidth - left + kx * c.DilationWidth;
                                    if (ix < 0 || ix >= c.InputWidth)
                                    {
                                        continue;
                                    }

                                    double product = (double)input[c.InputIndex(channel, iy, ix)] * weights[c.WeightIndex(o, ci, ky, kx)];
                                    sum += product;
                                    size += Math.Abs(product);
                                }
                            }
                        }

                        int index = c.OutputIndex(o, y, x);
                        output[index] = Activate(c, sum);
                        magnitude[index] = size;
                    }
                }
            }

            return (output, magnitude);
        }

        public static double Activate(ConvCase c, double value) => c.Activation switch
        {
            Activation.Relu => Math.Max(value, 0),
            Activation.Relu6 => Math.Min(Math.Max(value, 0), 6),
            Activation.LeakyRelu => value > 0 ? value : value * c.LeakyReluSlope,
            _ => value,
        };

        /// <summary>Null when <paramref name="actual"/> is within the bound everywhere, else a description of the first miss.</summary>
        public static string? FirstMismatch(double[] expected, double[] magnitude, ReadOnlySpan<float> actual)
        {
            if (actual.Length != expected.Length)
            {
                return $"length {actual.Length}, expected {expected.Length}";
            }

            for (int i = 0; i < expected.Length; i++)
            {
                double bound = 1e-5 * magnitude[i] + 1e-6;
                if (!(Math.Abs(actual[i] - expected[i]) <= bound))
                {
                    return $"output[{i}] = {actual[i]}, reference {expected[i]} (bound {bound:G3})";
                }
            }

            return null;
        }
    }
}
