using System;

namespace StrideGen.OnnxPeer;

/// <summary>
/// Straightforward nested-loop Conv and Pool on one NCHW image, written from the ONNX operator
/// definitions; the self-check compares ONNX Runtime against these.
/// </summary>
internal static class ReferenceKernels
{
    public static float[] Conv(ConvOperator op, float[] input, float[] weights, float[]? bias)
    {
        long[] shape = OperatorGeometry.OutputShape(op);
        int outHeight = (int)shape[2], outWidth = (int)shape[3];
        int inPerGroup = op.InChannels / op.Groups, outPerGroup = op.OutChannels / op.Groups;
        var output = new float[op.OutChannels * outHeight * outWidth];

        for (int oc = 0; oc < op.OutChannels; oc++)
        {
            int group = oc / outPerGroup;
            for (int oy = 0; oy < outHeight; oy++)
            {
                for (int ox = 0; ox < outWidth; ox++)
                {
                    double sum = bias is null ? 0 : bias[oc];
                    for (int icg = 0; icg < inPerGroup; icg++)
                    {
                        int ic = (group * inPerGroup) + icg;
                        for (int ky = 0; ky < op.KernelHeight; ky++)
                        {
                            int iy = (oy * op.StrideHeight) - op.PadTop + (ky * op.DilationHeight);
                            for (int kx = 0; kx < op.KernelWidth; kx++)
                            {
                                int ix = (ox * op.StrideWidth) - op.PadLeft + (kx * op.DilationWidth);
                                if (iy >= 0 && iy < op.InputHeight && ix >= 0 && ix < op.InputWidth)
                                {
                                    float x = input[(((ic * op.InputHeight) + iy) * op.InputWidth) + ix];
                                    float w = weights[(((((oc * inPerGroup) + icg) * op.KernelHeight) + ky) * op.KernelWidth) + kx];
                                    sum += (double)x * w;
                                }
                            }
                        }
                    }

                    output[(((oc * outHeight) + oy) * outWidth) + ox] = (float)sum;
                }
            }
        }

        return output;
    }

    /// <summary>
    /// MaxPool ignores padding. AveragePool divides by the in-bounds taps, or with count_include_pad by the
    /// taps inside the padded input [-padBefore, in + padAfter): a ceil-mode window that hangs past the
    /// trailing padding does not count the overhang (PyTorch's rule, which ORT follows).
    /// </summary>
    public static float[] Pool(PoolOperator op, float[] input)
    {
        long[] shape = OperatorGeometry.OutputShape(op);
        int outHeight = (int)shape[2], outWidth = (int)shape[3];
        var output = new float[op.Channels * outHeight * outWidth];

        for (int c = 0; c < op.Channels; c++)
        {
            for (int oy = 0; oy < outHeight; oy++)
            {
                for (int ox = 0; ox < outWidth; ox++)
                {
                    double sum = 0;
                    float max = float.NegativeInfinity;
                    int inBounds = 0, inPadded = 0;
                    for (int ky = 0; ky < op.KernelHeight; ky++)
                    {
                        int iy = (oy * op.StrideHeight) - op.PadTop + (ky * op.DilationHeight);
                        for (int kx = 0; kx < op.KernelWidth; kx++)
                        {
                            int ix = (ox * op.StrideWidth) - op.PadLeft + (kx * op.DilationWidth);
                            if (iy < op.InputHeight + op.PadBottom && ix < op.InputWidth + op.PadRight)
                            {
                                inPadded++;
                            }

                            if (iy >= 0 && iy < op.InputHeight && ix >= 0 && ix < op.InputWidth)
                            {
                                float x = input[(((c * op.InputHeight) + iy) * op.InputWidth) + ix];
                                sum += x;
                                max = Math.Max(max, x);
                                inBounds++;
                            }
                        }
                    }

                    float value = op.IsMax ? max : (float)(sum / (op.CountIncludePad ? inPadded : inBounds));
                    output[(((c * outHeight) + oy) * outWidth) + ox] = value;
                }
            }
        }

        return output;
    }
}
