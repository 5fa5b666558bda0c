using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Emitting;
using StrideGen.Generators.Planning;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// An NHWC layer whose kernel class would be too long (wide windows on a map with many border columns: each vector path
    /// unrolls a kernel row a step and gives its border columns edge tiles) plans its narrower paths compactly, one at a time:
    /// one tap a step, border columns in pixel methods. The Vector512 path keeps its tiles, and the file stays under the
    /// 200 KB every generated file stays under (a 14 → 92 layer in 2 groups, 5×7 on a 17×39 map, wrote 248 KB).
    /// </summary>
    public sealed class LongNhwcKernelTests
    {
        private const int Seed = 20261130;

        private static readonly ConvCase[] Cases =
        {
            new(14, 92, 17, 39, 5, 7, PadTop: 2, PadBottom: 2, PadLeft: 3, PadRight: 3, Groups: 2, Activation: Activation.Relu6, Layout: TensorLayout.Nhwc),
            new(16, 96, 17, 39, 7, 7, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, HasBias: true, Layout: TensorLayout.Nhwc),
        };

        [Fact]
        public void The_narrower_paths_are_compact_and_Vector512_keeps_its_tiles()
        {
            foreach (var c in Cases)
            {
                var shape = ConvCaseDeclarations.ShapeOf(c);
                Assert.Contains(NhwcKernelPlanner.Plan(shape, vector128Fallback: true).Vector128!.Blocks, b => b.Unroll == WindowUnroll.Rows);

                var plan = ConvLayerEmitter.Plans("Kernel", shape).NhwcPlan!;
                Assert.All(plan.Vector128!.Blocks, b => Assert.Equal(WindowUnroll.None, b.Unroll));
                Assert.All(plan.Vector512!.Blocks, b => Assert.True(b.Unroll == WindowUnroll.Rows && b.Edges.Count > 0, $"{c}: Vector512 tiles compact"));

                var run = GeneratorHarness.Run($"using System;\nusing StrideGen;\nnamespace App;\npublic static partial class Layers\n{{\n{c.Declaration("Layer")}\n}}\n");
                Assert.InRange(run.GeneratedFiles.Single(f => f.HintName.EndsWith(".Layer.g.cs", StringComparison.Ordinal)).Text.Length, 1, 200_000);
            }
        }

        [Fact]
        public void Compact_narrow_paths_match_the_float64_reference()
        {
            Assert.Null(ConvLayerBatch.MismatchReport(Cases.ToList(), new Random(Seed)));
        }
    }
}
