using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// 60 random configurations declared with <c>Threads</c> = 2, 3 or 4, a third of them NHWC, each beside its one-thread
    /// twin in one compilation (AllowUnsafe on): every multi-threaded layer must match the float64 reference and its twin bit
    /// for bit, and write nothing outside its output. Under DOTNET_EnableAVX512=0, EnableAVX2=0 or EnableHWIntrinsic=0 the
    /// same cases exercise the narrower paths.
    /// </summary>
    public sealed class RandomisedParallelConvolutionTests
    {
        public const int Seed = 20261126;
        public const int CaseCount = 60;

        /// <summary>The multi-threaded cases: the randomised space with Threads 2–4 and every third case NHWC.</summary>
        public static List<ConvCase> Cases() =>
            RandomConvCases.Generate(Seed, CaseCount)
                .Select((c, i) => c with { Threads = 2 + i % 3, Layout = i % 3 == 1 ? TensorLayout.Nhwc : TensorLayout.Nchw })
                .ToList();

        [Fact]
        public void Random_multi_threaded_configurations_match_the_reference_and_their_one_thread_twins()
        {
            var cases = Cases();
            Assert.Null(ThreadedTwins.MismatchReport(cases, new Random(Seed), 12));
        }
    }
}
