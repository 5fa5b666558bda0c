namespace StrideGen.Geometry
{
    /// <summary>One image's tensor: channels × height × width (in whichever layout the layer uses).</summary>
    internal sealed record TensorShape(int Channels, int Height, int Width)
    {
        public long Length => (long)Channels * Height * Width;

        public override string ToString() => $"{Channels}×{Height}×{Width}";
    }
}
