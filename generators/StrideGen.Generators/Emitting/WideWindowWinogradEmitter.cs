using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>
    /// Writes the Vector512 kernel of a <see cref="TileRowWinogradPlan"/> for a 5×5 or 7×7 window at stride 2, or a 5×5
    /// one at stride 1: the driver over chunks of input channels and tile rows the 3×3 one has too
    /// (<see cref="TileRowWinogradFrame"/>), with transforms written from the tables of <see cref="WinogradAxisTransform"/>,
    /// and products summed a row of positions at a time for 2 output channels (the row is 6 to 9 positions wide, so 4
    /// channels' sums would not fit in registers).
    /// </summary>
    internal static class WideWindowWinogradEmitter
    {
        public static void Emit(IndentedWriter w, string className, string planeClass, TileRowWinogradPlan plan, IReadOnlyList<string> planePaths, bool skipLocalsInit, bool parallel)
        {
            var s = plan.Shape;
            string refs = DriverParameters.Refs(s.HasBias, parallel);
            string args = DriverParameters.Args(s.HasBias, parallel);
            int k = plan.Taps;
            int even = (k + 1) / 2, odd = (k - 1) / 2;

            if (plan.Stride == 2)
            {
                w.Doc(
                    "<summary>",
                    $"The kernel behind this file's layer, on the Vector512 path as Winograd's minimal filtering for stride 2: along each axis",
                    $"two outputs at stride 2 read inputs d0..d{k + 1}; the {even} even taps over the even inputs are a stride-1 filter F(2, {even})",
                    $"computes with {even + 1} products, the {odd} odd taps over the odd inputs one F(2, {odd}) computes with {odd + 1}. Each 2×2 tile of",
                    $"outputs comes from the {k + 2}×{k + 2} block of input under it with {plan.Positions} multiply-adds per pair of channels, where the window",
                    $"takes {4 * k * k}. Results differ from the window's by rounding only.",
                    "</summary>");
            }
            else
            {
                w.Doc(
                    "<summary>",
                    $"The kernel behind this file's layer, on the Vector512 path as Winograd's minimal filtering F(2×2, {k}×{k}): along each axis two",
                    $"outputs read inputs d0..d{k}, which F(2, {k}) (Toom-Cook at 0, ±1, ±2 and ∞) combines with {k + 1} products. Each 2×2 tile of",
                    $"outputs comes from the {k + 1}×{k + 1} block of input under it with {plan.Positions} multiply-adds per pair of channels, where the window",
                    $"takes {4 * k * k}. Results differ from the window's by rounding only.",
                    "</summary>");
            }

            w.Open($"file static class {className}");
            TileRowWinogradFrame.EmitDriver(w, plan, refs, skipLocalsInit, parallel);
            w.Line();
            TileRowWinogradFrame.EmitPlanePaths(w, planeClass, planePaths, refs, args);

            EmitTransformFilters(w, plan, parallel);
            w.Line();
            TileRowWinogradFrame.EmitCopyRows(w, plan);
            w.Line();
            EmitTransformInput(w, plan);
            w.Line();
            EmitColumnTerms(w, plan);
            w.Line();
            EmitProducts(w, plan);
            TileRowWinogradFrame.EmitStoresAndHelpers(w, plan);
            w.Close();
        }

        /// <summary>
        /// G·g·Gᵀ of every filter of a chunk of input channels, 4 output channels at a time in Vector128 lanes: along each
        /// kernel row first, then down the rows; stored per group of 4 output channels as [row position][input channel][column position][channel].
        /// </summary>
        private static void EmitTransformFilters(IndentedWriter w, TileRowWinogradPlan plan, bool parallel)
        {
            bool byGroups = TileRowWinogradFrame.SplitsGroups(plan, parallel);
            var (signature, groups) = TileRowWinogradFrame.TransformFiltersSignature(byGroups);
            w.Doc(
                "<summary>",
                $"The filters of input channels from <paramref name=\"weights\"/> on (<paramref name=\"count\"/> of them), {groups}:",
                $"G·g·Gᵀ, {plan.Positions} floats a filter, along the kernel rows first (into a scratch), then down. Group g's block holds [row position][input channel][column position][4 output channels];",
                "a last group's missing channels are zero.",
                "</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open(signature);
            w.Line($"Span<float> rowBlock = stackalloc float[{plan.Taps * plan.Axis.Terms * 4}]; // a filter group's kernel rows transformed along: {plan.Taps} rows × {plan.Axis.Terms} positions × 4 channels");
            w.Line("ref float h = ref MemoryMarshal.GetReference(rowBlock);");
            TileRowWinogradFrame.EmitFilterGroups(w, plan, byGroups, channels => EmitFilterGroup(w, plan, channels));

            w.Close();
        }

        private static void EmitFilterGroup(IndentedWriter w, TileRowWinogradPlan plan, int channels)
        {
            int taps = plan.Taps, terms = plan.Axis.Terms, chunk = plan.InChannelChunk;
            int filter = plan.Shape.InChannels * taps * taps;
            var g = plan.Axis.FilterWeights;
            w.Open("for (int c = 0; c < count; c++)");
            w.Line($"ref float f = ref Unsafe.Add(ref weights, g * {4 * filter} + c * {taps * taps}); // tap 0 of output channel 4·g, input channel c");
            w.Line($"ref float u = ref Unsafe.Add(ref filters, g * {4 * chunk * plan.Positions} + c * {terms * 4});");
            w.Line("// Along each kernel row: G·(row), into the scratch as [kernel row][column position][channel].");
            for (int kh = 0; kh < taps; kh++)
            {
                w.Open("");
                for (int kw = 0; kw < taps; kw++)
                {
                    var lanes = Enumerable.Range(0, 4).Select(o => o < channels ? $"Unsafe.Add(ref f, {Literals.Int(o * filter + kh * taps + kw)})" : "0f");
                    w.Line($"var k{kw} = Vector128.Create({string.Join(", ", lanes)});");
                }

                for (int j = 0; j < terms; j++)
                {
                    w.Line($"{Parenthesised(Combination(g[j], kw => $"k{kw}"))}.StoreUnsafe(ref h, {(kh * terms + j) * 4});");
                }

                w.Close();
            }

            w.Line("// Down the rows: G·(column), stored.");
            w.Open($"for (int b = 0; b < {terms}; b++)");
            w.Line("ref float column = ref Unsafe.Add(ref h, b * 4);");
            w.Line("ref float to = ref Unsafe.Add(ref u, b * 4);");
            for (int kh = 0; kh < taps; kh++)
            {
                w.Line($"var r{kh} = Vector128.LoadUnsafe(ref column, {kh * terms * 4});");
            }

            for (int i = 0; i < terms; i++)
            {
                w.Line($"{Parenthesised(Combination(g[i], kh => $"r{kh}"))}.StoreUnsafe(ref to, {i * chunk * terms * 4});");
            }

            w.Close();
            w.Close();
        }

        /// <summary>Bᵀ·d·B of one channel's tiles of a tile row: each padded row along its columns into the scratch, then down the rows.</summary>
        private static void EmitTransformInput(IndentedWriter w, TileRowWinogradPlan plan)
        {
            int chunk = plan.InChannelChunk, padded = plan.PaddedRow, terms = plan.Axis.Terms, rows = plan.InputRows;
            var b = plan.Axis.InputWeights;
            if (plan.PairsTileRows)
            {
                w.Doc(
                    "<summary>",
                    $"One input channel's tiles of two tile rows, from their {plan.CopiedRows} padded rows (the first tile row's {rows} from row 0, the second's",
                    $"from row {plan.TileStep}): Bᵀ along each pair of rows into <paramref name=\"scratch\"/> (<see cref=\"ColumnTerms\"/>, the first tile row in lanes 0 .. 7,",
                    "the second in lanes 8 .. 15), then down the rows, stored at position (row a, column b) as [a][input channel][b][16 tiles].",
                    "</summary>");
            }
            else
            {
                w.Doc(
                    "<summary>",
                    $"One input channel's tiles of a tile row, from its {rows} padded rows: Bᵀ along each row into <paramref name=\"scratch\"/>",
                    $"(<see cref=\"ColumnTerms\"/>), then down the rows, stored at position (row a, column b) of vector v as [v][a][input channel][b][16 tiles].",
                    "</summary>");
            }

            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open("private static void TransformInput(ref float rows, ref float tiles, ref float scratch)");
            TileRowWinogradFrame.OpenVectorLoop(w, plan.RowVectors, "v");
            w.Line($"ref float row = ref Unsafe.Add(ref rows, v * {16 * plan.TileStep});");
            w.Line($"for (int r = 0; r < {rows}; r++)");
            w.Line(plan.PairsTileRows
                ? $"    ColumnTerms(ref Unsafe.Add(ref row, r * {padded}), ref Unsafe.Add(ref row, (r + {plan.TileStep}) * {padded}), ref Unsafe.Add(ref scratch, r * {terms * 16}));"
                : $"    ColumnTerms(ref Unsafe.Add(ref row, r * {padded}), ref Unsafe.Add(ref scratch, r * {terms * 16}));");
            w.Line($"ref float at = ref Unsafe.Add(ref tiles, v * {plan.Positions * chunk * 16});");
            w.Open($"for (int b = 0; b < {terms}; b++)");
            w.Line("ref float column = ref Unsafe.Add(ref scratch, b * 16);");
            w.Line("ref float to = ref Unsafe.Add(ref at, b * 16);");
            for (int r = 0; r < rows; r++)
            {
                w.Line($"var s{r} = Vector512.LoadUnsafe(ref column, {r * terms * 16});");
            }

            for (int a = 0; a < terms; a++)
            {
                w.Line($"{Parenthesised(Combination(b[a], r => $"s{r}"))}.StoreUnsafe(ref to, {a * chunk * terms * 16});");
            }

            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>The row transform: a padded row de-interleaved four ways (stride 2) or two (stride 1) into 16 tiles' columns, then Bᵀ along it.</summary>
        private static void EmitColumnTerms(IndentedWriter w, TileRowWinogradPlan plan)
        {
            int inputs = plan.Axis.Inputs, terms = plan.Axis.Terms;
            var b = plan.Axis.InputWeights;
            if (plan.Stride == 2)
            {
                w.Doc(
                    "<summary>",
                    $"Bᵀ along one padded row for 16 tiles (tile j's columns 4j .. 4j + {inputs - 1}): the 64 floats de-interleaved four ways by two",
                    "rounds of two-source permutes, the columns past 4j + 3 the same moved on a lane (the next vector's first columns in the",
                    $"last lane); the {terms} positions stored to <paramref name=\"to\"/>, 16 floats apart.",
                    "</summary>");
            }
            else if (plan.PairsTileRows)
            {
                w.Doc(
                    "<summary>",
                    $"Bᵀ along two padded rows for 8 tiles each (tile j's columns 2j .. 2j + {inputs - 1}): 16 floats from each of columns 0, 2 and 4 on of",
                    "<paramref name=\"upper\"/> (lanes 0 .. 7) and of <paramref name=\"lower\"/> (lanes 8 .. 15), de-interleaved two ways by two-source",
                    $"permutes; the {terms} positions stored to <paramref name=\"to\"/>, 16 floats apart.",
                    "</summary>");
            }
            else
            {
                w.Doc(
                    "<summary>",
                    $"Bᵀ along one padded row for 16 tiles (tile j's columns 2j .. 2j + {inputs - 1}): 32 floats from each of columns 0, 2 and 4 on,",
                    $"de-interleaved two ways by two-source permutes; the {terms} positions stored to <paramref name=\"to\"/>, 16 floats apart.",
                    "</summary>");
            }

            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open(plan.PairsTileRows ? "private static void ColumnTerms(ref float upper, ref float lower, ref float to)" : "private static void ColumnTerms(ref float row, ref float to)");
            if (plan.Stride == 2)
            {
                TileRowWinogradFrame.EmitDeinterleave(w);
                for (int k = 4; k < inputs; k++)
                {
                    w.Line($"var d{k} = Avx512F.AlignRight32(Vector512.CreateScalarUnsafe(Unsafe.Add(ref row, {60 + k})).AsUInt32(), d{k - 4}.AsUInt32(), 1).AsSingle(); // column 4j + {k}");
                }
            }
            else
            {
                w.Line("var even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);");
                w.Line("var odd = Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);");
                for (int k = 0; k < inputs; k += 2)
                {
                    w.Line(plan.PairsTileRows ? $"var l{k} = Vector512.LoadUnsafe(ref upper, {k});" : $"var l{k} = Vector512.LoadUnsafe(ref row, {k});");
                    w.Line(plan.PairsTileRows ? $"var h{k} = Vector512.LoadUnsafe(ref lower, {k});" : $"var h{k} = Vector512.LoadUnsafe(ref row, {k + 16});");
                    w.Line($"var d{k} = Avx512F.PermuteVar16x32x2(l{k}, even, h{k}); // column 2j + {k}");
                    if (k + 1 < inputs)
                    {
                        w.Line($"var d{k + 1} = Avx512F.PermuteVar16x32x2(l{k}, odd, h{k}); // column 2j + {k + 1}");
                    }
                }
            }

            for (int t = 0; t < terms; t++)
            {
                w.Line($"{Parenthesised(Combination(b[t], k => $"d{k}"))}.StoreUnsafe(ref to, {t * 16});");
            }

            w.Close();
        }

        /// <summary>
        /// A group of 4 output channels × a tile row, two channels at a time: per vector of tiles and row of positions, the
        /// row's sums over the chunk's input channels in registers, folded (·A) into the tiles' output columns at once.
        /// </summary>
        private static void EmitProducts(IndentedWriter w, TileRowWinogradPlan plan)
        {
            var s = plan.Shape;
            var a = plan.Axis.OutputWeights;
            int chunk = plan.InChannelChunk, terms = plan.Axis.Terms;
            long outPlane = s.OutputHeight * s.OutputWidth;
            bool oddRows = s.OutputHeight % 2 == 1;
            bool tail = TileRowWinogradFrame.TailColumns(plan) < 32;
            w.Doc(
                "<summary>",
                $"Output channels 4·g .. 4·g + <paramref name=\"channels\"/> − 1 of tile row <paramref name=\"tileRow\"/>{(plan.PairsTileRows ? " and the next (lanes 8 .. 15)" : "")}, from the group's",
                $"transformed filters <paramref name=\"u\"/> and the {(plan.PairsTileRows ? "rows'" : "row's")} transformed tiles <paramref name=\"v\"/>, two channels at a time:",
                $"per vector of tiles and row of positions, 2 channels × {terms} columns of sums over the input channels, each row folded",
                "at once (Aᵀ·m·A) into the tiles' upper and lower output rows, even and odd columns.",
                "</summary>");
            // The columns' fold shares the sums of the positions that enter both output columns with weight 1.
            var shared = a.Select(x => x[0] == 1 && x[1] >= 1 ? 1.0 : 0).ToArray();
            var evenRest = a.Select((x, j) => x[0] - shared[j]).ToArray();
            var oddRest = a.Select((x, j) => x[1] - shared[j]).ToArray();
            TileRowWinogradFrame.OpenProducts(w, plan, rowLine: null);

            w.Open("for (int pair = 0; pair < channels; pair += 2)");
            w.Line("ref float up = ref Unsafe.Add(ref u, pair);");
            w.Line($"ref float row0 = ref Unsafe.Add(ref y, vector * 32 + pair * {outPlane});");
            w.Line("Vector512<float> upperEven0 = default, upperOdd0 = default, lowerEven0 = default, lowerOdd0 = default;");
            w.Line("Vector512<float> upperEven1 = default, upperOdd1 = default, lowerEven1 = default, lowerOdd1 = default;");
            for (int i = 0; i < terms; i++)
            {
                w.Open("");
                w.Line($"// position row {i}: {Contribution(a[i])}");
                for (int j = 0; j < terms; j++)
                {
                    w.Line($"Vector512<float> m{j}_0 = default, m{j}_1 = default;");
                }

                w.Line($"ref float uRow = ref Unsafe.Add(ref up, {i * chunk * terms * 4});");
                w.Line($"ref float vRow = ref Unsafe.Add(ref tiles, {i * chunk * terms * 16});");
                w.Open("for (nint c = 0; c < count; c++)");
                w.Line($"ref float uc = ref Unsafe.Add(ref uRow, c * {terms * 4});");
                w.Line($"ref float vc = ref Unsafe.Add(ref vRow, c * {terms * 16});");
                for (int j = 0; j < terms; j++)
                {
                    w.Line($"var t{j} = Vector512.LoadUnsafe(ref vc, {j * 16});");
                    w.Line($"m{j}_0 = Avx512F.FusedMultiplyAdd(t{j}, Vector512.Create(Unsafe.Add(ref uc, {j * 4})), m{j}_0);");
                    w.Line($"m{j}_1 = Avx512F.FusedMultiplyAdd(t{j}, Vector512.Create(Unsafe.Add(ref uc, {j * 4 + 1})), m{j}_1);");
                }

                w.Close();
                for (int o = 0; o < 2; o++)
                {
                    w.Line($"var shared{o} = {Combination(shared, j => $"m{j}_{o}")};");
                    w.Line($"var even{o} = {Combination(evenRest, j => $"m{j}_{o}", $"shared{o}")};");
                    w.Line($"var odd{o} = {Combination(oddRest, j => $"m{j}_{o}", $"shared{o}")};");
                    foreach (var (half, weight) in new[] { ("upper", a[i][0]), ("lower", a[i][1]) })
                    {
                        if (weight != 0)
                        {
                            string evenSum = Accumulate(weight, $"{half}Even{o}", $"even{o}"), oddSum = Accumulate(weight, $"{half}Odd{o}", $"odd{o}");
                            if (Math.Abs(weight) == 1)
                            {
                                w.Line($"{evenSum} {oddSum}");
                            }
                            else
                            {
                                w.Line(evenSum);
                                w.Line(oddSum);
                            }
                        }
                    }
                }

                w.Close();
            }

            if (plan.PairsTileRows)
            {
                EmitPairStores(w, s, "row0", "upper", tail: false, second: "second");
                // The first tile row's lower output row is past the map only where the second tile row is too.
                w.Open(oddRows ? "if (second)" : "");
                w.Line($"ref float row1 = ref Unsafe.Add(ref row0, {s.OutputWidth});");
                EmitPairStores(w, s, "row1", "lower", tail: false, second: oddRows ? "secondLower" : "second");
            }
            else
            {
                EmitPairStores(w, s, "row0", "upper", tail);
                if (oddRows)
                {
                    w.Open("if (lower)");
                }
                else
                {
                    w.Open("");
                }

                w.Line($"ref float row1 = ref Unsafe.Add(ref row0, {s.OutputWidth});");
                EmitPairStores(w, s, "row1", "lower", tail);
            }

            w.Close();
            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>The pair's two output rows (the second only where the group has it): even and odd columns interleaved, stored or added.</summary>
        private static void EmitPairStores(IndentedWriter w, ConvShape s, string row, string half, bool tail, string? second = null)
        {
            long outPlane = s.OutputHeight * s.OutputWidth;
            for (int o = 0; o < 2; o++)
            {
                string bias = s.HasBias ? $"Unsafe.Add(ref bias, {(o == 0 ? "pair" : "pair + 1")}), " : "";
                string target = o == 0 ? $"ref {row}" : $"ref Unsafe.Add(ref {row}, {outPlane})";
                string call = second is not null
                    ? $"StoreRows({target}, {half}Even{o}, {half}Odd{o}, {bias}first, last, {second});"
                    : $"StoreRow{(tail ? "s" : "")}({target}, {half}Even{o}, {half}Odd{o}, {bias}first, last{(tail ? ", tail" : "")});";
                w.Line(o == 0 ? call : $"if (pair + 1 < channels) {call}");
            }
        }

        /// <summary>Which output rows a row of positions enters, for the comment above it.</summary>
        private static string Contribution(double[] weights) =>
            (weights[0] != 0, weights[1] != 0) switch
            {
                (true, true) => "enters both output rows",
                (true, false) => "enters the upper output row",
                _ => "enters the lower output row",
            };

        /// <summary><c>sum += x;</c>, <c>sum -= x;</c>, or for another weight a fused multiply-add.</summary>
        private static string Accumulate(double weight, string sum, string x) =>
            weight == 1 ? $"{sum} += {x};"
            : weight == -1 ? $"{sum} -= {x};"
            : $"{sum} = Avx512F.FusedMultiplyAdd({x}, Vector512.Create({Literals.Float((float)weight)}), {sum});";

        /// <summary>
        /// Σ weights[k]·name(k) over the nonzero weights, as C# over vectors (± for weights of one, a product otherwise),
        /// after <paramref name="first"/> where one is given; summed pairwise, so the chain of additions is short.
        /// </summary>
        private static string Combination(IReadOnlyList<double> weights, Func<int, string> name, string? first = null)
        {
            var terms = new List<(bool Negative, string Text)>();
            if (first is not null)
            {
                terms.Add((false, first));
            }

            for (int k = 0; k < weights.Count; k++)
            {
                double weight = weights[k], magnitude = Math.Abs(weight);
                if (weight != 0)
                {
                    terms.Add((weight < 0, magnitude == 1 ? name(k) : $"{name(k)} * {Literals.Float((float)magnitude)}"));
                }
            }

            if (terms.Count == 0)
            {
                return "default";
            }

            while (terms.Count > 1)
            {
                var next = new List<(bool Negative, string Text)>();
                for (int t = 0; t + 1 < terms.Count; t += 2)
                {
                    var (x, y) = (terms[t], terms[t + 1]);
                    string a = Operand(x.Text), b = Operand(y.Text);
                    next.Add((x.Negative, y.Negative) switch
                    {
                        (false, false) => (false, $"{a} + {b}"),
                        (false, true) => (false, $"{a} - {b}"),
                        (true, false) => (false, $"{b} - {a}"),
                        _ => (true, $"{a} + {b}"),
                    });
                }

                if (terms.Count % 2 == 1)
                {
                    next.Add(terms[terms.Count - 1]);
                }

                terms = next;
            }

            var (negative, text) = terms[0];
            return negative ? $"-{Operand(text)}" : text;
        }

        /// <summary>A name as it is; a sum or product parenthesised, to be one side of another.</summary>
        private static string Operand(string text) => text.IndexOf(' ') >= 0 ? $"({text})" : text;

        /// <summary>A combination made a receiver: parenthesised unless it is a single name.</summary>
        private static string Parenthesised(string combination) =>
            combination.IndexOfAny(new[] { ' ', '-' }) >= 0 ? $"({combination})" : combination;

        private static string Plural(int count, string noun) => WinogradEmitter.Plural(count, noun);
    }
}
