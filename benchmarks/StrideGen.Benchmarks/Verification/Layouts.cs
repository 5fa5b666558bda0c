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
}
