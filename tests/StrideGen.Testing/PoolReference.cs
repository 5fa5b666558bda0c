using System;

namespace StrideGen.Testing
{
    /// <summary>
    /// The plainest possible pooling, in float64, straight from the ONNX MaxPool / AveragePool definitions; and the bounds the
    /// generated float32 kernels must meet against it: a max exactly, an average within 1e-5·Σ|x|/count + 1e-6.
    /// </summary>
    public static class PoolReference
    {
        /// <summary>
        /// Output values; for an average also Σ|x|/count per output (the scale of its rounding error), 0 for a max. A max
        /// ignores padding (−∞ for a window without a real cell); an average divides by the real cells, or with
        /// CountIncludePad by the cells inside the padded input (a ceil-mode window's overhang past it does not count).
        /// </summary>
        public static (double[] Output, double[] Magnitude) Compute(PoolCase c, float[] input)
        {
            var (top, bottom, left, right) = c.Pads;
            int oh = c.OutputHeight, ow = c.OutputWidth;
            var output = new double[c.OutputLength];
            var magnitude = new double[c.OutputLength];
            for (int channel = 0; channel < c.Channels; channel++)
            {
                for (int y = 0; y < oh; y++)
                {
                    for (int x = 0; x < ow; x++)
                    {
                        double max = double.NegativeInfinity, sum = 0, size = 0;
                        int real = 0, padded = 0;
                        for (int ky = 0; ky < c.KernelHeight; ky++)
                        {
                            int iy = y * c.RowStep - top + ky * c.DilationHeight;
                            for (int kx = 0; kx < c.KernelWidth; kx++)
                            {
                                int ix = x * c.ColumnStep - left + kx * c.DilationWidth;
                                if (iy < c.InputHeight + bottom && ix < c.InputWidth + right)
                                {
                                    padded++;
                                }

                                if (iy < 0 || iy >= c.InputHeight || ix < 0 || ix >= c.InputWidth)
                                {
                                    continue;
                                }

                                double value = input[(channel * c.InputHeight + iy) * c.InputWidth + ix];
                                max = Math.Max(max, value);
                                sum += value;
                                size += Math.Abs(value);
                                real++;
                            }
                        }

                        int index = (channel * oh + y) * ow + x;
                        int count = c.CountIncludePad ? padded : real;
                        output[index] = c.IsMax ? max : sum / count;
                        magnitude[index] = c.IsMax ? 0 : size / count;
                    }
                }
            }

            return (output, magnitude);
        }

        /// <summary>Null when <paramref name="actual"/> meets the bound everywhere, else a description of the first miss.</summary>
        public static string? FirstMismatch(PoolCase c, double[] expected, double[] magnitude, ReadOnlySpan<float> actual)
        {
            if (actual.Length != expected.Length)
            {
                return $"length {actual.Length}, expected {expected.Length}";
            }

            for (int i = 0; i < expected.Length; i++)
            {
                if (c.IsMax)
                {
                    if (!(actual[i] == expected[i]))
                    {
                        return $"output[{i}] = {actual[i]}, reference {expected[i]} (a max must be exact)";
                    }

                    continue;
                }

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
