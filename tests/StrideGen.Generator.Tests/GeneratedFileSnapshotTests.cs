using System.Collections.Generic;
using Snapshooter;
using Snapshooter.Xunit;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Generator.Tests
{
    /// <summary>
    /// Pins the generated file of representative declarations, one snapshot per generated file, named after the case
    /// (<c>__snapshots__/GeneratedFileSnapshotTests.Generated_file_matches_its_snapshot_{Case}.snap</c>).
    /// </summary>
    /// <remarks>
    /// Snapshot format: Snapshooter serialises objects to JSON, but it writes a <see cref="string"/> as is (line endings
    /// normalised to \n, one trailing newline ensured), and compares a non-JSON snapshot as one string. Matching the
    /// generated text itself therefore gives snapshot files that are the generated C#, readable and diffable line by line,
    /// rather than a JSON string with escaped newlines. Snapshooter 1.3.1 always appends ".snap" to the file name, so the
    /// files cannot end in ".cs"; __snapshots__/.gitattributes marks them as C# text with \n line endings instead.
    /// Set SNAPSHOOTER_STRICT_MODE=true (as CI should) to make a missing snapshot fail instead of being written.
    /// </remarks>
    public sealed class GeneratedFileSnapshotTests
    {
        private static readonly Dictionary<string, string> Cases = new()
        {
            // The classic stride picture: a 7×7 image and a 3×3 filter.
            ["Stride1"] = LayerSource.InClass(LayerSource.Declaration("InputHeight = 7, InputWidth = 7, KernelSize = 3")),
            ["Stride2"] = LayerSource.InClass(LayerSource.Declaration("InputHeight = 7, InputWidth = 7, KernelSize = 3, Stride = 2")),
            ["Padded"] = LayerSource.InClass(LayerSource.Declaration("InputHeight = 7, InputWidth = 7, KernelSize = 3, Padding = 1")),
            ["Dilated"] = LayerSource.InClass(LayerSource.Declaration("InputHeight = 12, InputWidth = 12, KernelSize = 3, Dilation = 2")),
            ["Grouped"] = LayerSource.InClass(LayerSource.Declaration("InChannels = 4, OutChannels = 6, InputHeight = 10, InputWidth = 10, KernelSize = 3, Groups = 2")),
            ["DepthwiseWithBias"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 4, OutChannels = 4, InputHeight = 9, InputWidth = 9, KernelSize = 3, Padding = 1, Groups = 4", bias: true)),
            ["FusedRelu"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 2, OutChannels = 3, InputHeight = 7, InputWidth = 7, KernelSize = 3, Activation = Activation.Relu", bias: true)),
            // Wide enough for the Vector256 path: 18 interior output columns are two vectors and a bit (rows in place: too
            // few output channels to pack bands).
            ["Vectorised"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 8, OutChannels = 12, InputHeight = 20, InputWidth = 20, KernelSize = 3, Padding = 1")),
            // Stride 2 with 32 output channels: the vector paths pack bands of output rows, then run tiles over them.
            ["PackedBands"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 4, OutChannels = 32, InputHeight = 16, InputWidth = 16, KernelSize = 3, Stride = 2, Padding = 1, Activation = Activation.Relu", bias: true)),
            // Stride 1 on 14-wide rows, 32 output channels: bands of rows use the vectors' lanes better than rows do.
            ["PackedBandsStride1"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 4, OutChannels = 32, InputHeight = 14, InputWidth = 14, KernelSize = 3, Padding = 1")),
            // A 7×7 stride-2 stem, 32 output channels: packed bands whose tiles loop over kernel rows, one loop per residue of the stride.
            ["PackedBandsLoopedRows"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 3, OutChannels = 32, InputHeight = 32, InputWidth = 32, KernelSize = 7, Stride = 2, Padding = 3")),
            // Weights packed once (PackedWeights) on a 3×3 map: the PackWeights method (OIHW → HWIO), drivers that copy the
            // tensors channels last to the stack and back, and the NHWC kernel between them.
            ["PackedWeightsChannelsLast"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 16, OutChannels = 24, InputHeight = 3, InputWidth = 3, KernelSize = 3, Padding = 1, PackedWeights = true", bias: true)),
            // Dilation 4 on a 12×12 map, 32 output channels: the plane in nine window regions of 16 positions, each call packing
            // only its real taps, its sums on the stack.
            ["WindowRegions"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 4, OutChannels = 32, InputHeight = 12, InputWidth = 12, KernelSize = 3, Padding = 4, Dilation = 4", bias: true)),
            // The same regions with 352 output channels, whose sums for a call pass the stack's share: Vector512 packs the whole
            // plane per chunk and adds into the output in region order, putting each plane in row order at the end.
            ["WindowRegionsWholePlane"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 2, OutChannels = 352, InputHeight = 12, InputWidth = 12, KernelSize = 3, Padding = 4, Dilation = 4")),
            // 32×32 patches of a 192×192 image (a ViT-style patch embedding): the whole plane as one region, its 36 patches'
            // taps packed 16 kernel rows at a time, tiles adding into the output.
            ["PatchEmbedding"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 1, OutChannels = 32, InputHeight = 192, InputWidth = 192, KernelSize = 32, Stride = 32", bias: true)),
            // A classifier as a 1×1 convolution on a 1×1 map: the input copied whole into the column, each weight row read in
            // one pass, every load aligned to the weights' offset from a vector boundary (first and last vectors masked).
            ["Classifier"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 256, OutChannels = 10, InputHeight = 1, InputWidth = 1, KernelSize = 1", bias: true)),
            // 4×4 patches at stride 4 (a ConvNeXt-style stem with fewer channels): bands whose stride-4 columns are gathered a
            // vector at a time, four loads folded by permutes, the rows' last columns float by float.
            ["GatheredBands"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 3, OutChannels = 32, InputHeight = 80, InputWidth = 80, KernelSize = 4, Stride = 4", bias: true)),
            // A raw-audio first layer, 20 taps at stride 4 over 2048 samples padded 8, 24 filters: each call splits the row into
            // 4 column phases and the filters into 5 taps a phase on the stack, then the stride-1 layer over the 4 phase
            // channels runs (bias, ReLU).
            ["ColumnPhases"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 1, OutChannels = 24, InputHeight = 1, InputWidth = 2048, KernelHeight = 1, KernelWidth = 20, StrideHeight = 1, StrideWidth = 4, PadLeft = 8, PadRight = 8, Activation = Activation.Relu", bias: true)),
            // Two groups of 32 output channels at stride 2: each group's input channels packed in bands, then its tiles run.
            ["PackedBandsGrouped"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 4, OutChannels = 64, InputHeight = 16, InputWidth = 16, KernelSize = 3, Stride = 2, Padding = 1, Groups = 2")),
            // A 3×3 map with 16·9 inputs a window (an SSD-style head with fewer channels): each output a dot product of its
            // channel's weights with its gathered window, with a bias and ReLU.
            ["DotProducts"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 16, OutChannels = 12, InputHeight = 3, InputWidth = 3, KernelSize = 3, Padding = 1, Activation = Activation.Relu", bias: true)),
            // A 5×5 stride-2 depthwise layer (EfficientNet's shape on a small map): output rows go four at a time down the
            // whole plane, the first block skipping the input rows above the image and the last, overlapping its neighbour,
            // those below; each weight broadcast where an input row meets its kernel row.
            ["DepthwiseLargeWindowBlocks"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 2, OutChannels = 2, InputHeight = 9, InputWidth = 9, KernelSize = 5, Stride = 2, PaddingMode = PaddingMode.Same, Groups = 2")),
            // A 5×5 depthwise window on a 3×3 map, 40 channels: blocks of 32 channels copied channels last to the stack for
            // the vector paths (the last block overlapping the first), the NCHW kernel for the narrower ones.
            ["DepthwiseChannelBlocks"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 40, OutChannels = 40, InputHeight = 3, InputWidth = 3, KernelSize = 5, Padding = 2, Groups = 40", bias: true)),
            // An NHWC 3×3 depthwise layer with 128 channels on a 5×5 map: its pixels, 512 bytes apart, fall in 8 of L1's 64
            // sets, so blocks of 32 channels are copied to the stack contiguous for the vector paths.
            ["NhwcDepthwiseChannelBlocks"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 128, OutChannels = 128, InputHeight = 5, InputWidth = 5, KernelSize = 3, Padding = 1, Groups = 128, Layout = TensorLayout.Nhwc")),
            // A 3×3 stride-1 layer with 48 channels on a 32×32 output: Winograd's F(2×2, 3×3) on the three vector paths
            // (filters and input tiles transformed, 16 products summed per tile, tiles folded back to outputs), the NCHW
            // kernel for the scalar one.
            ["Winograd"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 48, OutChannels = 48, InputHeight = 34, InputWidth = 34, KernelSize = 3, Activation = Activation.Relu", bias: true)),
            // Many channels on a small map: the Vector512 and Vector256 paths turn Winograd's loops round (input channels in
            // chunks, each chunk's filters transformed per block 16 floats at a time, the outputs added to chunk after chunk,
            // bias once, ReLU last); 23-wide rows end in clipped loads and stores.
            ["WinogradTurned"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 256, OutChannels = 100, InputHeight = 23, InputWidth = 23, KernelSize = 3, Padding = 1, Activation = Activation.Relu", bias: true)),
            // Few input channels (CIFAR's first layer, 3 → 18 on 32×32): Winograd on Vector512 with the products summed in
            // registers and folded straight into the outputs, 4 output channels at a time and the last 2 one at a time (bias,
            // ReLU); the NCHW kernel for the other paths.
            ["WinogradFolded"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 3, OutChannels = 18, InputHeight = 32, InputWidth = 32, KernelSize = 3, Padding = 1, Activation = Activation.Relu", bias: true)),
            // A 3×3 stride-2 layer, 48 → 42 channels on 61×61 (31×31 outputs): Winograd for stride 2 on Vector512 (5×5 input
            // blocks, 25 products a tile, input channels in two chunks of 24 whose outputs add up, bias with the first, ReLU
            // after the last; the last group of output channels 2; the last tile row and column half outside the map), the
            // NCHW kernel for the other paths.
            ["WinogradStride2"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 48, OutChannels = 42, InputHeight = 61, InputWidth = 61, KernelSize = 3, Stride = 2, Padding = 1, Activation = Activation.Relu", bias: true)),
            // A 7×7 stride-2 stem, 3 → 42 channels on 61×61 (31×31 outputs): Winograd for stride 2 on Vector512 with the 7-tap
            // tables (9×9 input blocks, F(2, 4) on the even taps and F(2, 3) on the odd ones, 81 products a tile; bias with the
            // store, ReLU; the last group of output channels 2; the last tile row and column half outside the map), the NCHW
            // kernel for the other paths.
            ["WinogradStride2Wide"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 3, OutChannels = 42, InputHeight = 61, InputWidth = 61, KernelSize = 7, Stride = 2, Padding = 3, Activation = Activation.Relu", bias: true)),
            // A 5×5 stride-1 layer, 16 → 30 channels on 27×27 (GoogLeNet's kind): Winograd's F(2×2, 5×5) on Vector512 (6×6
            // input blocks, 36 products a tile where the window takes 100; bias with the store, leaky ReLU; the last group of
            // output channels 2; the last tile row and column half outside the map), the NCHW kernel for the other paths.
            ["Winograd5x5"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 16, OutChannels = 30, InputHeight = 27, InputWidth = 27, KernelSize = 5, Padding = 2, Activation = Activation.LeakyRelu, LeakyReluSlope = 0.1f", bias: true)),
            // The same on a 13×13 map, 24 → 62 channels (GoogLeNet's 14×14 kind): 7 tiles a row, so each vector of tiles holds
            // two tile rows, each half de-interleaved from its own padded row and stored to its own output rows (the last
            // vector's second tile row past the map, the last tile row's lower output row too; input channels in two chunks
            // whose outputs add up; bias, ReLU; the last group of output channels 2), the NCHW kernel for the other paths.
            ["Winograd5x5PairedRows"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 24, OutChannels = 62, InputHeight = 13, InputWidth = 13, KernelSize = 5, Padding = 2, Activation = Activation.Relu", bias: true)),
            // An NHWC 3×3 stride-1 layer, 256 → 32 channels on a 13×15 map: Winograd's F(2×2, 3×3) with the channels in the
            // vector lanes on Vector512 and Vector256 (input channels in chunks whose outputs add up, bias with the first,
            // ReLU after the last; the last tile row and column half outside the map), the NHWC kernel for the scalar path.
            ["NhwcWinograd"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 256, OutChannels = 32, InputHeight = 13, InputWidth = 15, KernelSize = 3, Padding = 1, Activation = Activation.Relu, Layout = TensorLayout.Nhwc", bias: true)),
            // An NHWC average pool over 72 channels: each pixel's channels in passes of up to eight vectors, the last pass
            // overlapping its neighbour where the vectors do not divide the channels.
            ["NhwcAvgPool"] = LayerSource.InClass("""
                [AvgPool2D(Channels = 72, InputHeight = 6, InputWidth = 6, KernelSize = 3, Stride = 1, Padding = 1, Layout = TensorLayout.Nhwc)]
                public static partial void Layer(ReadOnlySpan<float> input, Span<float> output);
                """),
            ["NestedInNamespace"] = LayerSource.Usings + """
                namespace Vision.Models
                {
                    public static partial class Network
                    {
                        internal static partial class Encoder
                        {
                            [Conv2D(InChannels = 3, OutChannels = 2, InputHeight = 8, InputWidth = 8, KernelSize = 3, Stride = 2, Padding = 1)]
                            internal static partial void Stem(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
                        }
                    }
                }
                """,
        };

        public static TheoryData<string> CaseNames => new(Cases.Keys);

        /// <summary>Multi-threaded layers (<c>Threads</c> &gt; 1), generated for a consumer that allows unsafe code.</summary>
        private static readonly Dictionary<string, string> MultiThreadedCases = new()
        {
            // NCHW, 15 output channels (rows in place): each vector path splits its own channel tiles over the two parts.
            ["Nchw"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 8, OutChannels = 15, InputHeight = 20, InputWidth = 20, KernelSize = 3, Padding = 1, Threads = 2")),
            // NHWC with bias and ReLU: output rows split, border rows clipped to each part.
            ["Nhwc"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 8, OutChannels = 16, InputHeight = 12, InputWidth = 12, KernelSize = 3, Padding = 1, Activation = Activation.Relu, Layout = TensorLayout.Nhwc, Threads = 2", bias: true)),
            // Winograd on two threads: each part a contiguous range of blocks of tile rows, transforming the filters itself.
            ["Winograd"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 48, OutChannels = 48, InputHeight = 34, InputWidth = 34, KernelSize = 3, Threads = 2")),
            // Winograd turned round on two threads: each part a contiguous range of the chunks of output channels.
            ["WinogradTurned"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 160, OutChannels = 100, InputHeight = 19, InputWidth = 17, KernelSize = 3, Padding = 1, Threads = 2")),
        };

        public static TheoryData<string> MultiThreadedCaseNames => new(MultiThreadedCases.Keys);

        [Theory]
        [MemberData(nameof(CaseNames))]
        public void Generated_file_matches_its_snapshot(string caseName)
        {
            var run = GeneratorHarness.Run(Cases[caseName]);

            var file = Assert.Single(run.GeneratedFiles);
            Snapshot.Match(file.Text, new SnapshotNameExtension(caseName));
        }

        [Theory]
        [MemberData(nameof(MultiThreadedCaseNames))]
        public void Multi_threaded_file_matches_its_snapshot(string caseName)
        {
            var run = GeneratorHarness.Run(MultiThreadedCases[caseName], allowUnsafe: true);

            var file = Assert.Single(run.GeneratedFiles);
            Snapshot.Match(file.Text, new SnapshotNameExtension(caseName));
        }
    }
}
