using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// 60 random configurations shaped like real networks' layers (<see cref="RandomNetworkCases"/>: up to 2048 channels,
    /// maps up to 112, each layout, packed weights and two threads), each generated, compiled in-process, run with its spans
    /// among NaN guards and compared with the float64 reference. They reach the plans of large layers that
    /// <see cref="RandomisedConvolutionTests"/>' small ones never take. Under DOTNET_EnableAVX2=0 the same cases exercise
    /// the scalar path.
    /// </summary>
    public sealed class RandomisedNetworkConvolutionTests
    {
        public const int Seed = 20261127;
        public const int BatchSize = 20;

        public static IEnumerable<object[]> Batches() => Enumerable.Range(0, 3).Select(b => new object[] { b });

        [Theory]
        [MemberData(nameof(Batches))]
        public void Random_network_shaped_configurations_match_the_float64_reference(int batch)
        {
            var cases = RandomNetworkCases.Generate(Seed + batch, BatchSize);
            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed ^ batch), 12));
        }
    }
}
