namespace StrideGen.Benchmarks.Verification;

/// <summary>Layout changes for set-up and checks (never timed).</summary>
public static class Layouts
{
    /// <summary>A C×H×W tensor (NCHW, one image) as H×W×C (NHWC).</summary>
    public static float[] ToNhwc(float[] nchw, int channels, int height, int width)
    {
        var nhwc = new float[nchw.Length];
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    nhwc[(y * width + x) * channels + c] = nchw[(c * height + y) * width + x];
                }
            }
        }

        return nhwc;
    }

    /// <summary>OIHW convolution weights [O, I, KH, KW] as HWIO [KH, KW, I, O].</summary>
    public static float[] ToHwio(float[] oihw, int outChannels, int inChannels, int kernelHeight, int kernelWidth)
    {
        var hwio = new float[oihw.Length];
        for (int o = 0; o < outChannels; o++)
        {
            for (int i = 0; i < inChannels; i++)
            {
                for (int kh = 0; kh < kernelHeight; kh++)
                {
                    for (int kw = 0; kw < kernelWidth; kw++)
                    {
                        hwio[((kh * kernelWidth + kw) * inChannels + i) * outChannels + o] = oihw[((o * inChannels + i) * kernelHeight + kh) * kernelWidth + kw];
                    }
                }
            }
        }

        return hwio;
    }
}
