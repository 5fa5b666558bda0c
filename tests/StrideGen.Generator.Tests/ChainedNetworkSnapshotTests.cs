using System.Linq;
using Snapshooter;
using Snapshooter.Xunit;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Generator.Tests
{
    /// <summary>
    /// Pins every file generated for a small chained CNN (conv, pool, conv, pool declared with From), one snapshot per file,
    /// named after the file: the layers, whose shapes and receptive fields flow down the chain, and the NetworkSummary.
    /// </summary>
    public sealed class ChainedNetworkSnapshotTests
    {
        private const string Network = LayerSource.Usings + """
            namespace Vision
            {
                public static partial class LeNetLike
                {
                    [Conv2D(InChannels = 1, OutChannels = 4, InputHeight = 12, InputWidth = 12, KernelSize = 3, Padding = 1, Activation = Activation.Relu)]
                    public static partial void Conv1(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);

                    [MaxPool2D(From = nameof(Conv1), KernelSize = 2)]
                    public static partial void Pool1(ReadOnlySpan<float> input, Span<float> output);

                    [Conv2D(From = nameof(Pool1), OutChannels = 8, KernelSize = 3, Stride = 2, Padding = 1)]
                    public static partial void Conv2(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);

                    [AvgPool2D(From = nameof(Conv2), KernelSize = 3)]
                    public static partial void Pool2(ReadOnlySpan<float> input, Span<float> output);
                }
            }
            """;

        public static TheoryData<string> Files => new(GeneratorHarness.Run(Network).GeneratedFiles.Select(f => f.HintName));

        [Fact]
        public void A_chained_network_generates_each_layer_and_its_summary()
        {
            Assert.Equal(
                new[] { "Vision.LeNetLike.Conv1.g.cs", "Vision.LeNetLike.Conv2.g.cs", "Vision.LeNetLike.NetworkSummary.g.cs", "Vision.LeNetLike.Pool1.g.cs", "Vision.LeNetLike.Pool2.g.cs" },
                GeneratorHarness.Run(Network).GeneratedFiles.Select(f => f.HintName).OrderBy(n => n, System.StringComparer.Ordinal));
        }

        [Theory]
        [MemberData(nameof(Files))]
        public void Chained_network_file_matches_its_snapshot(string hintName)
        {
            var file = Assert.Single(GeneratorHarness.Run(Network).GeneratedFiles, f => f.HintName == hintName);
            Snapshot.Match(file.Text, new SnapshotNameExtension(hintName.Replace(".g.cs", "", System.StringComparison.Ordinal)));
        }
    }
}
