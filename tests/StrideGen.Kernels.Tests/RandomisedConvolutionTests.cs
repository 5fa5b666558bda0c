using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// 500 random configurations over the whole declared space, each generated, compiled in-process, run and compared with
    /// the float64 reference. Under DOTNET_EnableAVX2=0 the same cases exercise the scalar path.
    /// </summary>
    public sealed class RandomisedConvolutionTests
    {
        public const int Seed = 20261125;
        public const int BatchSize = 100;

        public static IEnumerable<object[]> Batches() => Enumerable.Range(0, 5).Select(b => new object[] { b });

        [Theory]
        [MemberData(nameof(Batches))]
        public void Random_configurations_match_the_float64_reference(int batch)
        {
            var cases = RandomConvCases.Generate(Seed + batch, BatchSize);
            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed ^ batch), 12));
        }
    }
}
