namespace StrideGen.Testing
{
    /// <summary>Transposes one image between NCHW (C×H×W) and NHWC (H×W×C), so NHWC kernels can be checked against NCHW references.</summary>
    public static class Layouts
    {
        public static float[] ChwToHwc(float[] chw, int channels, int height, int width)
        {
            var hwc = new float[chw.Length];
            for (int c = 0; c < channels; c++)
            {
                for (int i = 0; i < height * width; i++)
                {
                    hwc[i * channels + c] = chw[c * height * width + i];
                }
            }

            return hwc;
        }

        public static double[] ChwToHwc(double[] chw, int channels, int height, int width)
        {
            var hwc = new double[chw.Length];
            for (int c = 0; c < channels; c++)
            {
                for (int i = 0; i < height * width; i++)
                {
                    hwc[i * channels + c] = chw[c * height * width + i];
                }
            }

            return hwc;
        }
    }
}
