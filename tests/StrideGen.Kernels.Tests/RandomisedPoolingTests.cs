using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>The test classes that share the compiled <see cref="PoolBatches"/> (compiling is most of their time).</summary>
    [CollectionDefinition(Name)]
    public sealed class PoolingCollection : ICollectionFixture<PoolBatches>
    {
        public const string Name = "Pooling layers";
    }

    /// <summary>
    /// The pooling layers of the randomised tests, generated and compiled once per test run: 320 random configurations in
    /// four batches, and a batch of edge cases (windows too wide to unroll, windows without a real cell).
    /// </summary>
    public sealed class PoolBatches
    {
        public const int Seed = 20_261_207;
        public const int BatchCount = 4;
        public const int BatchSize = 80;

        private readonly Lazy<PoolLayerBatch>[] random = Enumerable.Range(0, BatchCount)
            .Select(b => new Lazy<PoolLayerBatch>(() => new PoolLayerBatch(RandomPoolCases.Generate(Seed + b, BatchSize))))
            .ToArray();

        private readonly Lazy<PoolLayerBatch> edges = new(() => new PoolLayerBatch(EdgeCases));

        private readonly Lazy<PoolLayerBatch> globals = new(() => new PoolLayerBatch(GlobalCases));

        /// <summary>
        /// Global pooling (one window per channel, exactly its plane), whose Vector256 path reduces each plane in vectors of 8:
        /// planes of one vector exactly, one and a bit, two, an odd number of vectors and a remainder, the paired loop with a
        /// remainder, a single row; max and average; with ceil mode and a stride written, which change nothing here.
        /// </summary>
        public static IReadOnlyList<PoolCase> GlobalCases { get; } = new[]
        {
            new PoolCase(true, 3, 2, 4, 2, 4),
            new PoolCase(false, 3, 3, 3, 3, 3),
            new PoolCase(false, 2, 4, 4, 4, 4, 1, 1),
            new PoolCase(true, 2, 5, 5, 5, 5),
            new PoolCase(true, 5, 7, 7, 7, 7),
            new PoolCase(false, 5, 7, 7, 7, 7, CeilMode: true),
            new PoolCase(false, 4, 10, 10, 10, 10, 2, 3),
            new PoolCase(true, 4, 10, 10, 10, 10),
            new PoolCase(true, 4, 1, 20, 1, 20),
            new PoolCase(false, 33, 14, 14, 14, 14),
        };

        /// <summary>
        /// Windows too large to unroll: kernel rows looped (a 30×10 window), kernel rows and columns looped (1×256 at stride 1,
        /// 1×70 at stride 3), and more row kinds than the unrolled plan allows (7×7 with padding 6) — with padding, ceil mode and
        /// CountIncludePad, so the band tables are exercised too. Then dilated max pools on inputs smaller than the dilation,
        /// whose windows hold no real cell (−∞) in every row, or in a column.
        /// </summary>
        public static IReadOnlyList<PoolCase> EdgeCases { get; } = new[]
        {
            new PoolCase(true, 3, 50, 60, 30, 10, 1, 1, PadTop: 5, PadBottom: 7, PadLeft: 4, PadRight: 9),
            new PoolCase(false, 2, 50, 61, 30, 10, 2, 2, PadTop: 5, PadBottom: 7, PadLeft: 4, PadRight: 9, CeilMode: true, CountIncludePad: true),
            new PoolCase(true, 2, 3, 700, 1, 256, 1, 1, PadLeft: 60, PadRight: 33),
            new PoolCase(false, 2, 2, 700, 2, 256, 1, 1, PadLeft: 60, PadRight: 33, CountIncludePad: true),
            new PoolCase(true, 2, 2, 500, 1, 70, 1, 3, DilationWidth: 2, PadLeft: 20, PadRight: 11, CeilMode: true),
            new PoolCase(false, 2, 2, 500, 2, 70, 1, 3, PadLeft: 20, PadRight: 11, CeilMode: true),
            new PoolCase(true, 4, 30, 33, 7, 7, 1, 1, PadTop: 6, PadBottom: 6, PadLeft: 6, PadRight: 5),
            new PoolCase(false, 4, 30, 33, 7, 7, 2, 2, PadTop: 6, PadBottom: 5, PadLeft: 6, PadRight: 6, CeilMode: true, CountIncludePad: true),
        };

        /// <summary>
        /// Dilated max pools on inputs smaller than the dilation, whose windows hold no real cell in some row or column: the shape
        /// model rejects them (SGEN001), so they get a body that throws instead of a kernel.
        /// </summary>
        public static IReadOnlyList<PoolCase> EmptyWindowCases { get; } = new[]
        {
            new PoolCase(true, 3, 2, 30, 2, 3, 1, 1, DilationHeight: 3, PadTop: 1, PadBottom: 1),
            new PoolCase(true, 2, 12, 1, 3, 2, 1, 1, DilationWidth: 2, PadTop: 1, PadBottom: 2, PadLeft: 1, PadRight: 1, CeilMode: true),
        };

        /// <summary>Every random configuration, batch by batch.</summary>
        public static IEnumerable<PoolCase> RandomCases =>
            Enumerable.Range(0, BatchCount).SelectMany(b => RandomPoolCases.Generate(Seed + b, BatchSize));

        public PoolLayerBatch Random(int batch) => random[batch].Value;

        public PoolLayerBatch Edges => edges.Value;

        public PoolLayerBatch Globals => globals.Value;

        public IEnumerable<PoolLayerBatch> All => random.Select(b => b.Value).Append(edges.Value).Append(globals.Value);
    }

    /// <summary>
    /// 320 random pooling configurations over the whole declared space, each generated, compiled in-process, run and compared
    /// with the float64 reference: a max exactly, an average within 1e-5·Σ|x|/count + 1e-6. Under DOTNET_EnableAVX2=0 the same
    /// cases exercise the scalar path.
    /// </summary>
    [Collection(PoolingCollection.Name)]
    public sealed class RandomisedPoolingTests
    {
        private readonly PoolBatches batches;

        public RandomisedPoolingTests(PoolBatches batches) => this.batches = batches;

        public static IEnumerable<object[]> Batches() => Enumerable.Range(0, PoolBatches.BatchCount).Select(b => new object[] { b });

        [Theory]
        [MemberData(nameof(Batches))]
        public void Random_configurations_match_the_float64_reference(int batch) =>
            AssertMatchesReference(batches.Random(batch), new Random(PoolBatches.Seed ^ batch));

        [Fact]
        public void Windows_too_wide_to_unroll_match_the_float64_reference()
        {
            AssertMatchesReference(batches.Edges, new Random(PoolBatches.Seed));
        }

        [Fact]
        public void Global_pools_match_the_float64_reference()
        {
            AssertMatchesReference(batches.Globals, new Random(PoolBatches.Seed + 1));
        }

        [Fact]
        public void Global_pools_and_only_they_reduce_whole_planes_in_vectors()
        {
            // White-box: the global cases above must reach the whole-plane path (or their numbers would test the band path),
            // and no other layer may take it, its windows not being whole planes.
            Assert.All(PoolBatches.GlobalCases, c => Assert.True(PoolPlanner.Plan(PoolGeometry.Resolve(Declaration(c)).Shape!).WholePlane, $"{c}: not planned as whole planes"));
            var others = PoolBatches.RandomCases.Concat(PoolBatches.EdgeCases)
                .Where(c => PoolPlanner.Plan(PoolGeometry.Resolve(Declaration(c)).Shape!).WholePlane)
                .Where(c => !(c.OutputHeight == 1 && c.OutputWidth == 1 && c.KernelHeight == c.InputHeight && c.KernelWidth == c.InputWidth
                    && c.Pads == (0, 0, 0, 0) && c.DilationHeight == 1 && c.DilationWidth == 1))
                .ToList();
            Assert.True(others.Count == 0, "Planned as whole planes, but their windows are not: " + string.Join("; ", others));
            Assert.False(PoolPlanner.Plan(PoolGeometry.Resolve(Declaration(new PoolCase(true, 2, 7, 7, 7, 7, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1))).Shape!).WholePlane);
            Assert.False(PoolPlanner.Plan(PoolGeometry.Resolve(Declaration(new PoolCase(false, 2, 2, 3, 2, 3))).Shape!).WholePlane); // 6 floats: less than a vector
        }

        [Fact]
        public void Windows_without_a_real_cell_get_a_throwing_body_naming_the_problem()
        {
            foreach (var c in PoolBatches.EmptyWindowCases)
            {
                Assert.True(c.HasEmptyWindow, $"{c} was meant to have an empty window");
                var run = GeneratorHarness.Run("using System;\nusing StrideGen;\nnamespace Edge;\npublic static partial class Layers\n{\n" + c.Declaration("Pool") + "\n}\n");
                string text = Assert.Single(run.GeneratedFiles).Text;
                Assert.Contains("throw new global::System.InvalidOperationException(", text, StringComparison.Ordinal);
                Assert.Contains("reads no real input", text, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void The_random_configurations_cover_the_declared_space()
        {
            var cases = PoolBatches.RandomCases.ToList();
            Assert.True(cases.Count >= 300);
            Assert.Contains(cases, c => c.IsMax && c.DilationHeight > 1);
            Assert.Contains(cases, c => c.IsMax && c.DilationWidth > 1 && c.DilationWidth != c.DilationHeight);
            Assert.Contains(cases, c => c.KernelHeight != c.KernelWidth);
            Assert.Contains(cases, c => c.StrideHeight is null && c.StrideWidth is null);
            Assert.Contains(cases, c => c.ColumnStep == 2 && c.OutputWidth >= 9);
            Assert.Contains(cases, c => c.ColumnStep >= 3 && c.OutputWidth >= 9);
            Assert.Contains(cases, c => c.RowStep != c.ColumnStep);
            foreach (PaddingMode mode in Enum.GetValues<PaddingMode>())
            {
                Assert.Contains(cases, c => c.PaddingMode == mode);
            }

            Assert.Contains(cases, c => c.PadTop != c.PadBottom || c.PadLeft != c.PadRight);
            Assert.Contains(cases, c => c.CeilMode && c.OutputHeight > (c.InputHeight + c.Pads.Top + c.Pads.Bottom - c.KernelHeight) / c.RowStep + 1);
            Assert.Contains(cases, c => !c.IsMax && c.CountIncludePad && c.Pads.Top + c.Pads.Left > 0);
            Assert.Contains(cases, c => !c.IsMax && !c.CountIncludePad && c.Pads.Top + c.Pads.Left > 0);
            Assert.Contains(cases, c => !c.IsMax && c.CountIncludePad && c.CeilMode && HangsPastThePadding(c));
            Assert.Contains(cases, c => c.InputHeight != c.InputWidth);
            Assert.Contains(cases, c => c.Channels >= 30);
            Assert.Contains(cases, c => c.OutputWidth < 8);
        }

        [Fact]
        public void Generated_kernel_methods_stay_far_below_the_JIT_optimisation_limits()
        {
            // The JIT compiles a method past 60000 IL bytes or 2000 locals with MinOpts; stay five times below.
            var problems = new List<string>();
            int methods = 0;
            foreach (var batch in batches.All)
            {
                foreach (MethodInfo method in batch.KernelMethods)
                {
                    methods++;
                    var body = method.GetMethodBody();
                    int il = body?.GetILAsByteArray()?.Length ?? 0;
                    int locals = body?.LocalVariables.Count ?? 0;
                    if (il > 12000 || locals > 400)
                    {
                        problems.Add($"{method.DeclaringType!.Name}.{method.Name}: {il} IL bytes, {locals} locals");
                    }
                }
            }

            Assert.True(methods > 1000, $"only {methods} kernel methods found");
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void Planned_vector_loads_deliver_each_tap_and_stay_inside_the_input_row()
        {
            // White-box: the numbers cannot show a load that strays past the row but whose extra lanes are discarded, so check
            // the plan itself, with the test's own arithmetic for which columns are interior and what each lane must hold.
            var problems = new List<string>();
            int loads = 0;
            foreach (var c in PoolBatches.RandomCases.Concat(PoolBatches.EdgeCases))
            {
                var plan = PoolPlanner.Plan(PoolGeometry.Resolve(Declaration(c)).Shape!);
                int left = c.Pads.Left, stride = c.ColumnStep, dilation = c.DilationWidth, width = c.InputWidth;
                var interior = Enumerable.Range(0, c.OutputWidth)
                    .Where(o => Enumerable.Range(0, c.KernelWidth).All(k => o * stride - left + k * dilation is var x && x >= 0 && x < width))
                    .ToList();
                if (plan.Vectors is not { } vectors)
                {
                    if (interior.Count >= 8)
                    {
                        problems.Add($"{c}: {interior.Count} interior columns but no vectors");
                    }

                    continue;
                }

                var starts = new List<int>();
                for (int start = vectors.First; start < vectors.Last; start += 8)
                {
                    starts.Add(start);
                }

                starts.Add(vectors.Last);
                var covered = starts.SelectMany(start => Enumerable.Range(start, 8)).Distinct().OrderBy(o => o).ToList();
                if (!covered.SequenceEqual(interior))
                {
                    problems.Add($"{c}: vectors cover columns {covered.First()}..{covered.Last()}, the interior is {interior.First()}..{interior.Last()}");
                    continue;
                }

                var columnLoads = !plan.UnrollColumns
                    ? Enumerable.Range(0, c.KernelWidth).Select(k => new PoolColumnLoad(k, plan.LoopedLoad, k * dilation)).ToList()
                    : plan.ColumnLoads.ToList();
                if (columnLoads.Count != c.KernelWidth)
                {
                    problems.Add($"{c}: {columnLoads.Count} column loads for a kernel {c.KernelWidth} wide");
                    continue;
                }

                foreach (var load in columnLoads)
                {
                    loads++;
                    int tap = load.Tap * dilation;
                    (bool delivers, int[] reads) = load.Kind switch
                    {
                        PoolLoad.Contiguous => (stride == 1 && load.Offset == tap, Enumerable.Range(load.Offset, 8).ToArray()),
                        PoolLoad.PairEven => (stride == 2 && load.Offset == tap, Enumerable.Range(load.Offset, 16).ToArray()),
                        PoolLoad.PairOdd => (stride == 2 && load.Offset == tap - 1, Enumerable.Range(load.Offset, 16).ToArray()),
                        _ => (load.Offset == tap, Enumerable.Range(0, 8).Select(j => load.Offset + j * stride).ToArray()),
                    };
                    if (!delivers)
                    {
                        problems.Add($"{c}: kernel column {load.Tap} loaded as {load.Kind} at offset {load.Offset}");
                    }

                    foreach (int start in starts)
                    {
                        int origin = start * stride - left; // input column of tap 0 of the vector's first output column
                        if (reads.Any(r => origin + r < 0 || origin + r >= width))
                        {
                            problems.Add($"{c}: kernel column {load.Tap} ({load.Kind}) of the vector at column {start} reads input columns {origin + reads.Min()}..{origin + reads.Max()} of {width}");
                        }
                    }
                }
            }

            Assert.True(loads > 1000, $"only {loads} loads checked");
            Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        }

        /// <summary>The declaration as the generator reads it from the attribute, to ask the planner for its plan.</summary>
        private static LayerDeclaration Declaration(PoolCase c)
        {
            bool explicitPads = c.PaddingMode == PaddingMode.Explicit;
            return new LayerDeclaration
            {
                Kind = c.IsMax ? LayerKind.MaxPool2D : LayerKind.AvgPool2D,
                Channels = c.Channels,
                InputHeight = c.InputHeight,
                InputWidth = c.InputWidth,
                KernelHeight = c.KernelHeight,
                KernelWidth = c.KernelWidth,
                StrideHeight = c.StrideHeight,
                StrideWidth = c.StrideWidth,
                DilationHeight = c.IsMax ? c.DilationHeight : null,
                DilationWidth = c.IsMax ? c.DilationWidth : null,
                PaddingMode = (int)c.PaddingMode,
                PadTop = explicitPads ? c.PadTop : null,
                PadBottom = explicitPads ? c.PadBottom : null,
                PadLeft = explicitPads ? c.PadLeft : null,
                PadRight = explicitPads ? c.PadRight : null,
                CeilMode = c.CeilMode,
                CountIncludePad = c.IsMax ? null : c.CountIncludePad,
            };
        }

        /// <summary>Whether the last window of some axis reaches past the trailing padding (ceil mode), by the test's own arithmetic.</summary>
        private static bool HangsPastThePadding(PoolCase c)
        {
            var (top, bottom, left, right) = c.Pads;
            return (c.OutputHeight - 1) * c.RowStep - top + c.KernelHeight > c.InputHeight + bottom
                || (c.OutputWidth - 1) * c.ColumnStep - left + c.KernelWidth > c.InputWidth + right;
        }

        private static void AssertMatchesReference(PoolLayerBatch layers, Random random)
        {
            var failures = new List<string>();
            for (int i = 0; i < layers.Cases.Count; i++)
            {
                var c = layers.Cases[i];
                var input = RandomPoolCases.Values(random, c.InputLength);
                var (expected, magnitude) = PoolReference.Compute(c, input);
                var (output, guardedInput) = layers.Invoke(i, input);
                string? miss = PoolReference.FirstMismatch(c, expected, magnitude, output.AsSpan(PoolLayerBatch.Guard, c.OutputLength));
                if (miss is null && !PoolLayerBatch.GuardsIntact(output, c.OutputLength))
                {
                    miss = "wrote outside the output span";
                }

                if (miss is null && !guardedInput.AsSpan(PoolLayerBatch.Guard, c.InputLength).SequenceEqual(input))
                {
                    miss = "changed its input";
                }

                if (miss is not null)
                {
                    failures.Add($"{c}: {miss}");
                }
            }

            Assert.True(failures.Count == 0, $"{failures.Count} of {layers.Cases.Count} configurations differ:\n" + string.Join("\n", failures.Take(12)));
        }
    }
}
