using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// Layers that pack bands of output rows (<see cref="BandPlan"/>: stride 2, and stride 1 where rows fill vectors badly): the plan read as data over a grid of shapes
    /// (every packed lane reads the input column its tap meets, loads stay inside the row, a tap's rows follow each other,
    /// packed rows never collide, the tiles cover the band), and hand-picked layers run against the float64 reference:
    /// channel chunks, rows narrower than a vector, 1×1 and 2×2 windows, 7×7 ones whose tiles loop over kernel rows, dilation, "same" padding, odd widths, and strides
    /// that differ down and across, and stride-1 layers with 28- and 14-wide rows and 5×5 windows.
    /// </summary>
    public sealed class PackedBandTests
    {
        private const int Seed = 20261127;

        /// <summary>Layers the planner packs in bands on both the Vector512 and the Vector256 path.</summary>
        public static List<ConvCase> EdgeCases() => new List<ConvCase>
        {
            // ResNet's downsampling shape with fewer channels: bias and ReLU.
            new(32, 32, 28, 28, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu, HasBias: true),
            // 96 input channels do not fit one block: chunks, the last one activating.
            new(96, 32, 56, 56, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.1f),
            // A 7-wide output (ResNet's last downsampling): rows packed in 4-lane vectors, one band; a remainder channel tile.
            new(48, 44, 14, 14, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, HasBias: true),
            // The 1×1 shortcut: only every other input row is read.
            new(24, 64, 28, 28, 1, 1, 2, 2),
            // "Same" padding on odd sizes: 17-wide rows end in a vector that runs past the row.
            new(20, 32, 27, 33, 3, 3, 2, 2, PaddingMode: PaddingMode.Same, Activation: Activation.Relu6),
            // Dilation 2 both ways.
            new(16, 32, 30, 30, 3, 3, 2, 2, 2, 2, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2),
            // A 5×5 window, bias.
            new(12, 32, 20, 21, 5, 5, 2, 2, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2, HasBias: true),
            // A 2×2 patchify layer: no padding, every window row read once.
            new(16, 48, 32, 32, 2, 2, 2, 2),
            // Stride 1 down the columns, 2 across; and stride 3 down, 2 across.
            new(12, 36, 23, 41, 3, 3, 1, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
            new(8, 32, 30, 30, 3, 3, 3, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
            // Asymmetric explicit padding, 32-wide output (whole vectors).
            new(8, 40, 64, 64, 3, 3, 2, 2, PadTop: 0, PadBottom: 2, PadLeft: 2, PadRight: 0),
            // Stride 1 where rows fill vectors badly: ResNet's 28- and 14-wide stages with fewer channels (bias, ReLU), 1×1,
            // dilation 2, and "same" padding on an odd size.
            new(24, 32, 28, 28, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu, HasBias: true),
            new(40, 48, 14, 14, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
            new(72, 40, 28, 28, 1, 1),
            // (28 wide: on a 30-wide map the band's taps on padding cost what its fuller lanes save, and the rows run in place.)
            new(16, 32, 28, 28, 3, 3, DilationHeight: 2, DilationWidth: 2, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2),
            new(12, 36, 13, 27, 3, 3, PaddingMode: PaddingMode.SameLower, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.2f),
            // 7×7 maps (49 positions: three vectors and a dot product): ResNet's last stage with fewer channels, a 1×1
            // projection with bias, 27 inputs per dot product (not a whole number of vectors), and 288 input channels in
            // chunks, the last one activating.
            new(40, 48, 7, 7, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
            new(96, 32, 7, 7, 1, 1, HasBias: true),
            new(3, 32, 7, 7, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu),
            new(288, 32, 7, 7, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu6, HasBias: true),
            // 7×7 windows, whose tiles loop over kernel rows (one loop per residue of the stride): ResNet's stem with fewer
            // channels (bias, ReLU); dilation 2, where every window row has residue 0; and stride 3 down, three loops.
            new(3, 32, 64, 64, 7, 7, 2, 2, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, Activation: Activation.Relu, HasBias: true),
            new(8, 32, 30, 30, 7, 7, 2, 2, 2, 2, PadTop: 6, PadBottom: 6, PadLeft: 6, PadRight: 6),
            new(8, 40, 40, 40, 7, 7, 3, 2, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3),
            // Maps whose bands end in a dot product on both paths, the Vector512 band after a last 8-lane vector (13×13 and
            // 11×11 at stride 1, 5×5 from a 10×10 input at stride 2: YOLO's, SqueezeNet's and SSD's late layers with fewer
            // channels). Where the two paths' tails differ (14×14 above), neither may share a packing method that leaves
            // its tail columns unwritten.
            new(64, 32, 13, 13, 1, 1, HasBias: true),
            new(40, 32, 13, 13, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.LeakyRelu, LeakyReluSlope: 0.1f, HasBias: true),
            new(48, 32, 11, 11, 1, 1),
            new(32, 40, 10, 10, 3, 3, 2, 2, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu, HasBias: true),
            // Strides above 2 across, gathered (a kernel column a stride past another copied from its packed row one
            // position on): AlexNet's 11×11 stride-4 first layer with fewer channels (its tiles loop over kernel
            // columns too), stride 3 with padding, a 1-D signal layer at stride 5 (wav2vec 2.0's first layer with fewer
            // channels), and stride 4 with dilation 2 (kernel column kw + 2 copied from kw).
            new(3, 32, 67, 67, 11, 11, 4, 4, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2, Activation: Activation.Relu, HasBias: true),
            new(8, 32, 31, 40, 3, 3, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1),
            new(1, 32, 1, 400, 1, 10, 1, 5),
            new(4, 32, 30, 50, 5, 5, 4, 4, 2, 2, PadTop: 4, PadBottom: 4, PadLeft: 4, PadRight: 3, HasBias: true),
            // Rows wide enough for vectors of stride-s columns folded from s loads (on Vector512 too): SegFormer's 7×7
            // stride-4 stem with fewer channels, whose first columns read padding and whose last ones pass the row's end
            // for a vector's loads (copied float by float), and stride 3 with 34 outputs a row (two vectors and a float).
            new(3, 32, 100, 100, 7, 7, 4, 4, PadTop: 3, PadBottom: 3, PadLeft: 3, PadRight: 3, HasBias: true),
            new(4, 32, 60, 100, 3, 3, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu),
            // 5×5 windows at stride 1, whose rows could run in place: AlexNet's second layer and Inception's 5×5 branch with
            // fewer channels, the original AlexNet's in 2 groups, "same" padding on odd sizes, and dilation 2. AlexNet's
            // ungrouped layer and the Same-padded one run as F(2×2, 5×5) on Vector512 (their bands there are planned, not
            // run); the others run their Vector512 bands.
            new(24, 48, 27, 27, 5, 5, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2, Activation: Activation.Relu, HasBias: true),
            new(24, 64, 27, 27, 5, 5, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2, Groups: 2, Activation: Activation.Relu, HasBias: true),
            new(16, 32, 35, 35, 5, 5, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2),
            new(12, 40, 21, 27, 5, 5, PaddingMode: PaddingMode.Same, Activation: Activation.Relu6),
            new(8, 32, 27, 27, 5, 5, DilationHeight: 2, DilationWidth: 2, PadTop: 4, PadBottom: 4, PadLeft: 4, PadRight: 4),
            // Whole-plane bands whose first and last vectors leave out the kernel rows they meet only on padding: Inception's
            // 7×1 layer with fewer channels, with asymmetric padding, and a 9×9 map's 3×3 window (bias, ReLU).
            new(24, 32, 17, 17, 7, 1, PadTop: 3, PadBottom: 3),
            new(16, 40, 17, 17, 7, 1, PadTop: 3, PadBottom: 1, Activation: Activation.Relu, HasBias: true),
            new(40, 32, 9, 9, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1, Activation: Activation.Relu, HasBias: true),
        };

        [Fact]
        public void Edge_layers_are_packed_in_bands_on_both_vector_paths()
        {
            foreach (var c in EdgeCases())
            {
                var plan = ConvCaseDeclarations.PlanOf(c);
                Assert.True(plan.Vector512?.Band is not null, $"{c}: Vector512 is not banded");
                Assert.True(plan.Vector256?.Band is not null, $"{c}: Vector256 is not banded");
            }

            // The chunked case really is chunked, the 7-wide one really packs 4-lane vectors, and the 7×7 maps end in a dot
            // product (the last of them chunked).
            BandPlan Band(int i) => ConvCaseDeclarations.PlanOf(EdgeCases()[i]).Vector512!.Band!;
            Assert.True(Band(1).ChunkChannels < 96);
            Assert.All(Band(2).RowStores, v => Assert.Equal(4, v.Width));
            int sevenBySeven = EdgeCases().FindIndex(c => c.KernelHeight == 7), last = sevenBySeven - 1;
            Assert.All(new[] { last - 3, last - 2, last - 1, last }, i => Assert.Equal(1, Band(i).Tail));
            Assert.True(Band(last).ChunkChannels < 288);
            // The 7×7 windows loop over kernel rows.
            int tailOnlyOn256 = EdgeCases().FindIndex(c => c.InputHeight == 13 && c.InputWidth == 13);
            Assert.All(Enumerable.Range(sevenBySeven, tailOnlyOn256 - sevenBySeven), i => Assert.True(Band(i).LoopedRows, EdgeCases()[i].ToString()));
            // The next four end in a dot product on both paths: on Vector256 after whole 8-lane vectors, on Vector512 after
            // an 8-lane vector that follows its 16-lane ones (a 13×13 map: 10 × 16 + 8 + 1).
            BandPlan Band256(int i) => ConvCaseDeclarations.PlanOf(EdgeCases()[i]).Vector256!.Band!;
            int gatheredFrom = EdgeCases().FindIndex(c => c.StrideWidth > 2);
            Assert.All(Enumerable.Range(tailOnlyOn256, gatheredFrom - tailOnlyOn256), i =>
                Assert.True(Band(i).Tail > 0 && Band256(i).Tail > 0 && (Band(i).Positions - Band(i).Tail) % 16 == 8,
                    $"{EdgeCases()[i]}: tails {Band(i).Tail} and {Band256(i).Tail}"));
            // Some layer's two paths end their bands in different tails, so neither may share the other's packing method.
            Assert.Contains(EdgeCases(), c => ConvCaseDeclarations.PlanOf(c).Vector512!.Band!.Tail != ConvCaseDeclarations.PlanOf(c).Vector256!.Band!.Tail);
            // The 11×11 stride-4 window loops over kernel rows and columns.
            Assert.True(Band(gatheredFrom).LoopedColumns && Band256(gatheredFrom).LoopedColumns);
            // Of the 5×5 stride-1 layers, the grouped and the dilated one run their Vector512 bands (F(2×2, 5×5) takes
            // neither), and so does Inception's (35-wide rows half fill a second vector of tiles: not 1.1× cheaper).
            var fiveByFive = EdgeCases().Where(c => c.KernelHeight == 5 && c.StrideHeight == 1).ToList();
            Assert.Equal(5, fiveByFive.Count);
            Assert.Equal(new[] { true, false, false, true, false },
                fiveByFive.Select(c => TileRowWinogradPlanner.Plan(ConvCaseDeclarations.ShapeOf(c)) is not null));
        }

        [Fact]
        public void Edge_layers_match_the_float64_reference_and_stay_inside_their_spans()
        {
            var cases = EdgeCases();
            Assert.All(cases, c => Assert.True(c.IsValid, c.ToString()));
            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed)));
        }

        /// <summary>Random layers of the kind the planner packs (one group, 32–80 output channels, stride 1 or 2), kept when it does (grouped ones: <see cref="GroupedBandTests"/>).</summary>
        private static List<ConvCase> RandomBandCases(int seed, int count)
        {
            var random = new Random(seed);
            var cases = new List<ConvCase>();
            for (int attempt = 0; cases.Count < count && attempt < 50 * count; attempt++)
            {
                int strideWidth = random.Next(1, 3), strideHeight = random.Next(4) == 0 ? random.Next(1, 4) : strideWidth;
                int kernel = strideWidth == 2 ? new[] { 1, 2, 3, 3, 5, 7 }[random.Next(6)] : new[] { 1, 3, 3, 5 }[random.Next(4)];
                int dilation = kernel == 3 && random.Next(4) == 0 ? 2 : 1;
                var mode = (PaddingMode)random.Next(4);
                int Pad() => mode == PaddingMode.Explicit ? random.Next(0, Math.Min(3, kernel)) : 0;
                var c = new ConvCase(random.Next(1, 81), random.Next(32, 81), random.Next(4, 41), random.Next(4, 41), kernel, kernel,
                    strideHeight, strideWidth, dilation, dilation, mode, Pad(), Pad(), Pad(), Pad(),
                    Activation: (Activation)random.Next(4), LeakyReluSlope: 0.1f, HasBias: random.Next(2) == 0);
                if (c.IsValid && c.MultiplyAccumulates <= 20_000_000
                    && ConvCaseDeclarations.PlanOf(c).Vector512?.Band is not null)
                {
                    cases.Add(c);
                }
            }

            return cases;
        }

        [Fact]
        public void Random_banded_layers_match_the_float64_reference()
        {
            var cases = RandomBandCases(Seed, 40);
            Assert.Equal(40, cases.Count);
            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed + 1), 12));
        }

        /// <summary>
        /// Random small maps packed as one whole-plane band with tall, asymmetric row padding (windows 3–7 rows high, 1–5
        /// wide, stride 1 or 2 down, dilation up to 2), kept where some vector leaves out a kernel row on some path: the
        /// layers whose border vectors skip taps, against the float64 reference.
        /// </summary>
        [Fact]
        public void Random_whole_plane_bands_that_skip_border_rows_match_the_float64_reference()
        {
            var random = new Random(Seed + 2);
            var cases = new List<ConvCase>();
            for (int attempt = 0; cases.Count < 24 && attempt < 2000; attempt++)
            {
                int kernelHeight = random.Next(3, 8), kernelWidth = new[] { 1, 1, 3, 5 }[random.Next(4)], dilation = random.Next(4) == 0 ? 2 : 1;
                int reach = (kernelHeight - 1) * dilation;
                int size = random.Next(5, 20);
                var c = new ConvCase(random.Next(1, 49), random.Next(32, 65), size, random.Next(5, 24), kernelHeight, kernelWidth,
                    random.Next(3) == 0 ? 2 : 1, 1, dilation, 1, PadTop: random.Next(0, reach + 1), PadBottom: random.Next(0, reach + 1),
                    PadLeft: kernelWidth / 2, PadRight: kernelWidth / 2, Activation: (Activation)random.Next(4), LeakyReluSlope: 0.1f, HasBias: random.Next(2) == 0);
                if (c.IsValid && c.MultiplyAccumulates <= 20_000_000
                    && ConvCaseDeclarations.PlanOf(c).VectorPlans.Any(p => p.Band is { } band && band.Covers.Any(cover => cover.Tiles.Any(t => t.Vectors.Any(v => v.SkippedRows.Count > 0)))))
                {
                    cases.Add(c);
                }
            }

            Assert.Equal(24, cases.Count);
            Assert.Null(ConvLayerBatch.MismatchReport(cases, new Random(Seed + 3), 12));
        }

        /// <summary>Stride-2 and stride-1 shapes across channel counts, sizes, windows, paddings and dilations.</summary>
        private static IEnumerable<ConvCase> GridCases()
        {
            foreach (int inChannels in new[] { 3, 16, 72 })
            {
                foreach (int outChannels in new[] { 32, 44 })
                {
                    foreach (int size in new[] { 13, 16, 28, 33, 56 })
                    {
                        foreach (int kernel in new[] { 1, 2, 3, 5, 7 })
                        {
                            foreach (int pad in new[] { 0, kernel / 2 })
                            {
                                foreach (int dilation in kernel == 3 ? new[] { 1, 2 } : new[] { 1 })
                                {
                                    foreach (int stride in new[] { 1, 2 })
                                    {
                                        var c = new ConvCase(inChannels, outChannels, size, size + 3, kernel, kernel, stride, stride, dilation, dilation,
                                            PadTop: pad, PadBottom: pad, PadLeft: pad, PadRight: 0);
                                        if (c.IsValid)
                                        {
                                            yield return c;
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        /// <summary>
        /// A vector that leaves out a kernel row must meet only padding there at every one of its positions (else the
        /// output would miss real products), over the grid and the edge layers, on both wide paths; and the Inception-like
        /// 7×1 edge layer really leaves rows out (its first vector, on output row 0, meets real input from kernel row 3 on).
        /// </summary>
        [Fact]
        public void Skipped_kernel_rows_meet_only_padding_at_every_position_of_their_vector()
        {
            var problems = new List<string>();
            int skipping = 0;
            foreach (var c in GridCases().Concat(EdgeCases()))
            {
                var plan = ConvCaseDeclarations.PlanOf(c);
                int outputWidth = plan.OutputWidth;
                foreach (var p in plan.VectorPlans.Where(p => p.Band is not null))
                {
                    foreach (var tile in p.Band!.Covers.SelectMany(cover => cover.Tiles))
                    {
                        foreach (var v in tile.Vectors.Where(v => v.SkippedRows.Count > 0))
                        {
                            skipping++;
                            if (p.Band.Rows != plan.OutputHeight)
                            {
                                problems.Add($"{c}: {p.Target.Name} skips rows in a band of {p.Band.Rows} of {plan.OutputHeight} rows");
                            }

                            foreach (int kh in v.SkippedRows)
                            {
                                for (int position = tile.Start + v.Offset; position < tile.Start + v.Offset + v.Width; position++)
                                {
                                    // The resolved padding ("same" modes included).
                                    int inputRow = position / outputWidth * c.StrideHeight - plan.Shape.PadTop + kh * c.DilationHeight;
                                    if (inputRow >= 0 && inputRow < c.InputHeight)
                                    {
                                        problems.Add($"{c}: {p.Target.Name} {tile.Name} skips kernel row {kh} at position {position}, which reads input row {inputRow}");
                                    }
                                }
                            }
                        }
                    }
                }
            }

            Assert.True(problems.Count == 0, string.Join("\n", problems.Take(12)));
            var inception = ConvCaseDeclarations.PlanOf(EdgeCases().First(c => c.KernelHeight == 7 && c.KernelWidth == 1)).Vector512!.Band!;
            Assert.Equal(new[] { 0, 1, 2 }, inception.Covers[0].Tiles[0].Vectors[0].SkippedRows);
            Assert.True(skipping > 0);
        }

        [Fact]
        public void Packed_rows_hold_the_input_each_tap_meets_and_tiles_cover_the_band()
        {
            var problems = new List<string>();
            int banded = 0, chunked = 0, overflowing = 0, looped = 0, gathered = 0, loopedColumns = 0;
            foreach (var c in GridCases().Concat(EdgeCases()))
            {
                var shape = ConvCaseDeclarations.ShapeOf(c);
                var plan = KernelPlanner.Plan(shape);
                foreach (var path in plan.VectorPlans.Where(p => p.Band is not null))
                {
                    banded++;
                    var band = path.Band!;
                    chunked += band.ChunkChannels < shape.InChannels ? 1 : 0;
                    overflowing += band.RowStores.Any(v => v.Offset + v.Width > plan.OutputWidth) ? 1 : 0;
                    looped += band.LoopedRows ? 1 : 0;
                    gathered += BandPlanner.Gathered(shape) ? 1 : 0;
                    loopedColumns += band.LoopedColumns ? 1 : 0;
                    if (band.LoopedColumns && !band.LoopedRows)
                    {
                        problems.Add($"{c} {path.Target.Name}: kernel columns looped in a tile that unrolls its rows");
                    }

                    string where = $"{c} {path.Target.Name}";
                    CheckBandShape(where, shape, plan, band, problems);
                    CheckStores(where, shape, plan, band, problems);
                    CheckRows(where, shape, plan, band, problems);
                    CheckTiles(where, shape, path, band, problems);
                    CheckKernelRowLoops(where, shape, plan, band, problems);
                }
            }

            Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct().Take(12)));
            // Not vacuous: the grid reaches banded paths, chunked blocks and rows whose last vector runs past the row.
            Assert.True(banded > 50, $"{banded} banded paths");
            Assert.True(chunked > 0);
            Assert.True(overflowing > 0);
            Assert.True(looped > 0);
            Assert.True(gathered > 0);
            Assert.True(loopedColumns > 0);
        }

        /// <summary>
        /// A tile that loops over kernel rows visits each kernel row once, and step j of a loop reads the packed rows and
        /// weights of kernel row First + j·Step, RowStep·j packed rows past the loop's first. (A looped band has no tail.)
        /// </summary>
        private static void CheckKernelRowLoops(string where, ConvShape shape, KernelPlan plan, BandPlan band, List<string> problems)
        {
            if (!band.LoopedRows)
            {
                return;
            }

            if (band.Tail != 0)
            {
                problems.Add($"{where}: a looped band with a tail");
            }

            var visited = new List<int>();
            foreach (var (first, count, step, rowStep) in BandPlan.KernelRowClasses(shape.KernelHeight, shape.DilationHeight, shape.StrideHeight))
            {
                for (int j = 0; j < count; j++)
                {
                    int kh = first + j * step;
                    visited.Add(kh);
                    for (int kw = 0; kw < shape.KernelWidth; kw++)
                    {
                        long start = BandPlanner.PackedRow(band, shape, plan.OutputWidth, kw, first * shape.DilationHeight);
                        if (BandPlanner.PackedRow(band, shape, plan.OutputWidth, kw, kh * shape.DilationHeight) != start + (long)j * rowStep * plan.OutputWidth)
                        {
                            problems.Add($"{where}: kernel row {kh} is not step {j} of its loop");
                        }
                    }
                }
            }

            if (!visited.OrderBy(kh => kh).SequenceEqual(Enumerable.Range(0, shape.KernelHeight)))
            {
                problems.Add($"{where}: the loops visit kernel rows {string.Join(",", visited)}");
            }
        }

        private static void CheckBandShape(string where, ConvShape shape, KernelPlan plan, BandPlan band, List<string> problems)
        {
            if (plan.OutputHeight % band.Rows != 0 || band.Positions != band.Rows * plan.OutputWidth)
            {
                problems.Add($"{where}: {band.Rows} rows, {band.Positions} positions for {plan.OutputHeight}×{plan.OutputWidth}");
            }

            if (shape.InChannels % band.ChunkChannels != 0)
            {
                problems.Add($"{where}: chunks of {band.ChunkChannels} of {shape.InChannels} input channels");
            }

            // The chunk's packed rows and its tail columns (one input per channel and tap for each tail position).
            long block = band.ChunkChannels * (BandPlanner.ChannelFloats(band, shape, plan.OutputWidth) + (long)band.Tail * shape.KernelHeight * shape.KernelWidth) * sizeof(float);
            if (block > BandPlanner.ScratchBytes || block != BandPlanner.BlockFloats(band, shape, plan.OutputWidth) * sizeof(float))
            {
                problems.Add($"{where}: a {block}-byte block");
            }

            if (band.Tail < 0 || band.Tail >= (plan.Vector512 ?? plan.Vector256)!.Target.Width || band.Tail >= band.Positions)
            {
                problems.Add($"{where}: a tail of {band.Tail} of {band.Positions} positions");
            }

            // Every window row a tap reads, and only those.
            var reads = Enumerable.Range(0, band.Rows)
                .SelectMany(r => Enumerable.Range(0, shape.KernelHeight).Select(kh => r * shape.StrideHeight + kh * shape.DilationHeight)).Distinct().OrderBy(ky => ky);
            if (!reads.SequenceEqual(band.WindowRows))
            {
                problems.Add($"{where}: window rows {string.Join(",", band.WindowRows)}");
            }
        }

        /// <summary>Lane l of the vector at output column q = offset + l, kernel column kw, reads input column q·stride − left + kw·dilation, or is zero on padding.</summary>
        private static void CheckStores(string where, ConvShape shape, KernelPlan plan, BandPlan band, List<string> problems)
        {
            for (int kw = 0; kw < shape.KernelWidth; kw++)
            {
                var covered = new bool[plan.OutputWidth];
                foreach (var v in band.RowStores.Where(v => v.Kw == kw))
                {
                    bool loads = v.Lanes.Any(l => l >= 0);
                    // One load from the first column at stride 1, two at stride 2: inside the row. (Gathered float by float,
                    // lanes name the row's columns.)
                    int span = BandPlanner.Gathered(shape) ? shape.InputWidth : shape.StrideWidth * v.Width;
                    if (loads && (v.First < 0 || v.First + span > shape.InputWidth))
                    {
                        problems.Add($"{where}: kw {kw} loads columns {v.First}..{v.First + span - 1} of {shape.InputWidth}");
                    }

                    for (int lane = 0; lane < v.Width; lane++)
                    {
                        int q = v.Offset + lane;
                        if (q >= plan.OutputWidth)
                        {
                            continue; // past the row: lands on the next row or the slack
                        }

                        covered[q] = true;
                        int column = q * shape.StrideWidth - shape.PadLeft + kw * shape.DilationWidth;
                        bool real = column >= 0 && column < shape.InputWidth;
                        int lanePick = v.Lanes[lane];
                        if (real ? lanePick < 0 || lanePick >= span || v.First + lanePick != column : lanePick != -1)
                        {
                            problems.Add($"{where}: kw {kw}, column {q} takes lane {lanePick} of the pair at {v.First}, not input column {column}");
                        }
                    }
                }

                if (covered.Any(c => !c))
                {
                    problems.Add($"{where}: kw {kw} leaves an output column unpacked");
                }
            }
        }

        /// <summary>
        /// A tap's packed rows for output rows r = 0, 1, … follow each other; packed rows never overlap; a vector running past
        /// its row lands only on rows packed later (or slack) and inside the channel's block.
        /// </summary>
        private static void CheckRows(string where, ConvShape shape, KernelPlan plan, BandPlan band, List<string> problems)
        {
            int width = plan.OutputWidth;
            long channel = BandPlanner.ChannelFloats(band, shape, width);
            for (int kh = 0; kh < shape.KernelHeight; kh++)
            {
                for (int kw = 0; kw < shape.KernelWidth; kw++)
                {
                    long first = BandPlanner.PackedRow(band, shape, width, kw, kh * shape.DilationHeight);
                    for (int r = 1; r < band.Rows; r++)
                    {
                        if (BandPlanner.PackedRow(band, shape, width, kw, r * shape.StrideHeight + kh * shape.DilationHeight) != first + (long)r * width)
                        {
                            problems.Add($"{where}: tap ({kh}, {kw}) row {r} is not where the run continues");
                        }
                    }
                }
            }

            var rows = band.WindowRows.SelectMany(ky => Enumerable.Range(0, shape.KernelWidth).Select(kw => (Kw: kw, Ky: ky, Start: BandPlanner.PackedRow(band, shape, width, kw, ky)))).ToList();
            foreach (var row in rows)
            {
                if (rows.Any(other => other != row && other.Start < row.Start + width && row.Start < other.Start + width))
                {
                    problems.Add($"{where}: packed row (kw {row.Kw}, ky {row.Ky}) overlaps another");
                }

                foreach (var v in band.RowStores.Where(v => v.Kw == row.Kw))
                {
                    long end = row.Start + v.Offset + v.Width;
                    if (end > channel)
                    {
                        problems.Add($"{where}: packed row (kw {row.Kw}, ky {row.Ky}) runs past the channel's block");
                    }

                    // Rows packed before this one (by residue of the stride, then row, then kernel column).
                    if (v.Offset + v.Width > width && rows.Any(other => PackedBefore(shape, other, row)
                        && other.Start < end && row.Start + width < other.Start + width))
                    {
                        problems.Add($"{where}: packed row (kw {row.Kw}, ky {row.Ky}) runs into a row packed before it");
                    }
                }
            }
        }

        private static bool PackedBefore(ConvShape shape, (int Kw, int Ky, long Start) a, (int Kw, int Ky, long Start) b)
        {
            var keyA = (a.Ky % shape.StrideHeight, a.Ky / shape.StrideHeight, a.Kw);
            var keyB = (b.Ky % shape.StrideHeight, b.Ky / shape.StrideHeight, b.Kw);
            return keyA.CompareTo(keyB) < 0;
        }

        private static void CheckTiles(string where, ConvShape shape, VectorPlan path, BandPlan band, List<string> problems)
        {
            bool chunked = band.ChunkChannels < shape.InChannels;
            foreach (var cover in band.Covers)
            {
                // The tiles cover the band's positions but its tail, which dot products compute.
                var lanes = new int[band.Positions - band.Tail];
                BandTile? previous = null;
                foreach (var tile in cover.Tiles)
                {
                    int registers = tile.Channels * tile.Vectors.Count + tile.Vectors.Count + 1;
                    if (registers > path.Target.Registers - 1)
                    {
                        problems.Add($"{where}: {tile.Name} needs {registers} vector registers");
                    }

                    foreach (var vector in tile.Vectors)
                    {
                        for (int lane = 0; lane < vector.Width; lane++)
                        {
                            int position = tile.Start + vector.Offset + lane;
                            if (position < 0 || position >= lanes.Length)
                            {
                                problems.Add($"{where}: {tile.Name} reaches position {position} of {lanes.Length} (then a tail of {band.Tail})");
                                continue;
                            }

                            lanes[position]++;
                        }
                    }

                    // With several chunks a later chunk adds to stored sums: calls must not share positions.
                    if (previous is not null && chunked)
                    {
                        var last = previous.Vectors[previous.Vectors.Count - 1];
                        if (tile.Start < previous.Start + last.Offset + last.Width)
                        {
                            problems.Add($"{where}: {tile.Name} overlaps {previous.Name} though the block is chunked");
                        }
                    }

                    previous = tile;
                }

                if (lanes.Any(count => count == 0))
                {
                    problems.Add($"{where}: {cover.Channels}-channel tiles leave a band position out");
                }
            }
        }
    }
}
