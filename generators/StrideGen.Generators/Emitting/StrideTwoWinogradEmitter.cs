using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>
    /// Writes the Vector512 kernel of a <see cref="StrideTwoWinogradPlan"/>: a driver over chunks of input channels and
    /// tile rows, the filter transform, the copy of a tile row's input rows into padded rows, the input transform, and the
    /// products summed in registers and folded into the outputs. The other paths call the layer's own NCHW kernel.
    /// </summary>
    internal static class StrideTwoWinogradEmitter
    {
        /// <summary>The rows of a tile's 5×5 products in the order they are summed: rows 0, 3 and 1 make output row 0, rows 1, 2 and 4 output row 1.</summary>
        private static readonly int[] RowOrder = { 0, 3, 1, 2, 4 };

        /// <param name="className">The class the entry method calls.</param>
        /// <param name="planeClass">The layer's own NCHW kernel, for the paths the plan does not take.</param>
        /// <param name="planePaths">That kernel's vector paths, in dispatch order.</param>
        /// <param name="parallel">Whether the layer runs on more than one thread: every driver then takes a part.</param>
        public static void Emit(IndentedWriter w, string className, string planeClass, StrideTwoWinogradPlan plan, IReadOnlyList<string> planePaths, bool skipLocalsInit, bool parallel)
        {
            var s = plan.Shape;
            string refs = DriverParameters.Refs(s.HasBias, parallel);
            string args = DriverParameters.Args(s.HasBias, parallel);

            w.Doc(
                "<summary>",
                "The kernel behind this file's layer, on the Vector512 path as Winograd's minimal filtering for stride 2: along each",
                "axis two outputs at stride 2 read inputs d0..d4, whose even taps are a 2-tap filter F(2, 2) computes with 3 products",
                "and whose middle tap meets d1 and d3 once each (Bᵀd = (d0 − d2, d2, d4 − d2, d1, d3), Gg = (g0, g0 + g2, g2, g1, g1),",
                "y0 = m0 + m1 + m3, y1 = m1 + m2 + m4). Each 2×2 tile of outputs comes from the 5×5 block of input under it with 25",
                "multiply-adds per pair of channels, where the window takes 36. Results differ from the window's by rounding only.",
                "</summary>");
            w.Open($"file static class {className}");
            EmitDriver(w, plan, refs, skipLocalsInit, parallel);
            w.Line();
            foreach (string path in planePaths.Where(p => p != VectorTarget.Vector512.Name).Append("Scalar"))
            {
                w.Doc($"<summary>The {(path == "Scalar" ? "scalar" : path)} path: the layer's NCHW kernel ({planeClass}).</summary>");
                w.Line($"public static void Run{path}({refs}) => {planeClass}.Run{path}({args});");
                w.Line();
            }

            EmitTransformFilters(w, plan);
            w.Line();
            EmitCopyRows(w, plan);
            w.Line();
            EmitTransformInput(w, plan);
            w.Line();
            EmitColumns(w);
            w.Line();
            EmitProducts(w, plan);
            EmitStoreRows(w, plan);
            KernelHelperEmitter.EmitAligned64(w);
            foreach (int lanes in PartialLanes(plan).Distinct())
            {
                KernelHelperEmitter.EmitPartialStore(w, VectorTarget.Vector512, lanes);
                if (plan.InChannelChunks > 1)
                {
                    WinogradEmitter.EmitPartialLoad(w, VectorTarget.Vector512, lanes);
                }
            }

            KernelHelperEmitter.EmitActivations(w, s.Activation, s.LeakyReluSlope, new[] { VectorTarget.Vector512 });
            w.Line();
            EntryMethodEmitter.EmitThrowHelpers(w);
            w.Close();
        }

        /// <summary>Valid output columns in the last vector of tiles of a row (1 to 32: 16 tiles, two columns each).</summary>
        internal static int TailColumns(StrideTwoWinogradPlan plan) => (int)plan.Shape.OutputWidth - 32 * (plan.RowVectors - 1);

        /// <summary>The partial widths the last vector's two halves store (none where a half is whole or empty).</summary>
        internal static IEnumerable<int> PartialLanes(StrideTwoWinogradPlan plan)
        {
            int tail = TailColumns(plan);
            foreach (int lanes in new[] { Math.Min(16, tail), tail - 16 })
            {
                if (lanes > 0 && lanes < 16)
                {
                    yield return lanes;
                }
            }
        }

        private static void EmitDriver(IndentedWriter w, StrideTwoWinogradPlan plan, string refs, bool skipLocalsInit, bool parallel)
        {
            var s = plan.Shape;
            int ic = s.InChannels, chunk = plan.InChannelChunk;
            long outPlane = s.OutputHeight * s.OutputWidth;
            long stackKb = plan.StackFloats * sizeof(float) / 1024;
            w.Doc(
                $"<summary>The Vector512 path: input channels {(chunk >= ic ? $"all {ic} at once" : $"{chunk} at a time")}, each chunk's filters transformed first (every output channel),",
                $"then the map a tile row at a time ({plan.TilesPerRow} tiles in {Plural(plan.RowVectors, "vector")}), the chunk's input transformed and its products summed",
                $"and folded into the outputs{(plan.InChannelChunks > 1 ? " (stored by the first chunk, added to by the others)" : "")}. About {stackKb} KB of stack.{(parallel ? $" Runs part <paramref name=\"part\"/> of {plan.Parts}: a contiguous range of tile rows." : "")}</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            if (skipLocalsInit)
            {
                w.Line("[SkipLocalsInit]");
            }

            w.Open($"public static void RunVector512({refs})");
            w.Line($"Span<float> filterBlock = stackalloc float[{plan.FilterFloats + 15}]; // {plan.ChannelGroups} groups of 4 output channels × 4 rows × {chunk} input channels × 16: the transformed filters");
            w.Line($"Span<float> tileBlock = stackalloc float[{plan.TileFloats + 15}]; // {Plural(plan.RowVectors, "vector")} of tiles × 25 positions × {chunk} input channels: a tile row's transformed input");
            w.Line($"Span<float> rowBlock = stackalloc float[{plan.RowFloats + 15}]; // 5 padded input rows × {chunk} input channels");
            w.Line("rowBlock.Clear(); // the columns on padding stay zero");
            w.Line("ref float filters = ref Aligned64(filterBlock);");
            w.Line("ref float tiles = ref Aligned64(tileBlock);");
            w.Line("ref float rows = ref Aligned64(rowBlock);");
            string firstRow = "0", endRow = plan.TileRows.ToString();
            if (parallel)
            {
                w.Line($"int firstRow = part * {plan.TileRows} / {plan.Parts}, endRow = (part + 1) * {plan.TileRows} / {plan.Parts}; // this part's tile rows, of {plan.Parts}");
                (firstRow, endRow) = ("firstRow", "endRow");
            }

            bool oneChunk = chunk >= ic;
            if (oneChunk)
            {
                w.Open("");
                w.Line($"const int ic = 0, count = {ic};");
            }
            else
            {
                w.Open($"for (int ic = 0; ic < {ic}; ic += {chunk})");
                w.Line(ic % chunk == 0 ? $"const int count = {chunk};" : $"int count = Math.Min({chunk}, {ic} - ic);");
            }

            w.Line("TransformFilters(ref Unsafe.Add(ref weights, ic * 9), count, ref filters);");
            w.Open($"for (int ty = {firstRow}; ty < {endRow}; ty++)");
            w.Line("for (int c = 0; c < count; c++)");
            w.Line($"    CopyRows(ref Unsafe.Add(ref input, (nint)(ic + c) * {(long)s.InputHeight * s.InputWidth}), ty, ref Unsafe.Add(ref rows, c * {5 * plan.PaddedRow}));");
            w.Line("for (int c = 0; c < count; c++)");
            w.Line($"    TransformInput(ref Unsafe.Add(ref rows, c * {5 * plan.PaddedRow}), ref Unsafe.Add(ref tiles, c * 80));");
            w.Line($"bool first = ic == 0, last = ic + count == {ic};");
            int full = s.OutChannels / 4, rest = s.OutChannels % 4;
            string bias = s.HasBias ? "ref Unsafe.Add(ref bias, g * 4), " : "";
            w.Line($"for (int g = 0; g < {full}; g++)");
            w.Line($"    Products(ref Unsafe.Add(ref filters, g * {64 * chunk}), ref tiles, count, ref Unsafe.Add(ref output, g * {4 * outPlane} + (nint)ty * {2 * s.OutputWidth}), {bias}4, first, last, ty);");
            if (rest > 0)
            {
                string restBias = s.HasBias ? $"ref Unsafe.Add(ref bias, {full * 4}), " : "";
                w.Line($"Products(ref Unsafe.Add(ref filters, {full * 64 * chunk}), ref tiles, count, ref Unsafe.Add(ref output, {full * 4 * outPlane} + (nint)ty * {2 * s.OutputWidth}), {restBias}{rest}, first, last, ty); // the last {Plural(rest, "output channel")}");
            }

            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>
        /// Gg along both axes of every filter of a chunk of input channels, 4 output channels at a time in Vector128 lanes:
        /// 16 floats a filter, stored per group of 4 output channels as [row][input channel][column][channel].
        /// </summary>
        private static void EmitTransformFilters(IndentedWriter w, StrideTwoWinogradPlan plan)
        {
            var s = plan.Shape;
            int chunk = plan.InChannelChunk, filter = s.InChannels * 9, full = s.OutChannels / 4, rest = s.OutChannels % 4;
            w.Doc(
                "<summary>",
                "The filters of input channels from <paramref name=\"weights\"/> on (<paramref name=\"count\"/> of them), every output channel:",
                "G·g·Gᵀ with G's distinct rows (1, 0, 0), (1, 0, 1), (0, 0, 1), (0, 1, 0) (the fifth equals the fourth), so 16 floats",
                "a filter. Group g's block holds [row][input channel][column][4 output channels]; a last group's missing channels are zero.",
                "</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open("private static void TransformFilters(ref float weights, int count, ref float filters)");
            if (full > 0)
            {
                w.Open($"for (int g = 0; g < {full}; g++)");
                EmitFilterGroup(w, chunk, filter, "g", 4);
                w.Close();
            }

            if (rest > 0)
            {
                w.Open("");
                w.Line($"const int g = {full}; // the last {Plural(rest, "output channel")}, the rest of the group zero");
                EmitFilterGroup(w, chunk, filter, "g", rest);
                w.Close();
            }

            w.Close();
        }

        private static void EmitFilterGroup(IndentedWriter w, int chunk, int filter, string g, int channels)
        {
            w.Open("for (int c = 0; c < count; c++)");
            w.Line($"ref float f = ref Unsafe.Add(ref weights, {g} * {4 * filter} + c * 9); // tap 0 of output channel 4·g, input channel c");
            w.Line($"ref float u = ref Unsafe.Add(ref filters, {g} * {64 * chunk} + c * 16);");
            for (int t = 0; t < 9; t++)
            {
                var lanes = Enumerable.Range(0, 4).Select(o => o < channels ? $"Unsafe.Add(ref f, {Literals.Int(o * filter + t)})" : "0f");
                w.Line($"var k{t} = Vector128.Create({string.Join(", ", lanes)});");
            }

            w.Line("// Along each kernel row: (g0, g0 + g2, g2, g1).");
            for (int kh = 0; kh < 3; kh++)
            {
                w.Line($"var r{kh}0 = k{3 * kh}; var r{kh}1 = k{3 * kh} + k{3 * kh + 2}; var r{kh}2 = k{3 * kh + 2}; var r{kh}3 = k{3 * kh + 1};");
            }

            w.Line("// Down the rows, the same: row 0, rows 0 + 2, row 2, row 1.");
            for (int b = 0; b < 4; b++)
            {
                w.Line($"r00.StoreUnsafe(ref u, {b * 4});".Replace("r00", $"r0{b}"));
            }

            for (int b = 0; b < 4; b++)
            {
                w.Line($"(r0{b} + r2{b}).StoreUnsafe(ref u, {chunk * 16 + b * 4});");
            }

            for (int b = 0; b < 4; b++)
            {
                w.Line($"r2{b}.StoreUnsafe(ref u, {2 * chunk * 16 + b * 4});");
            }

            for (int b = 0; b < 4; b++)
            {
                w.Line($"r1{b}.StoreUnsafe(ref u, {3 * chunk * 16 + b * 4});");
            }

            w.Close();
        }

        /// <summary>The 5 input rows under a tile row, one channel: copied into padded rows (zero where they lie on padding).</summary>
        private static void EmitCopyRows(IndentedWriter w, StrideTwoWinogradPlan plan)
        {
            var s = plan.Shape;
            int width = s.InputWidth, padded = plan.PaddedRow;
            w.Doc($"<summary>Input rows 4·<paramref name=\"tileRow\"/> − {s.PadTop} .. + 4 of one channel into 5 padded rows of {padded} floats, column x at {s.PadLeft} + x; a row on padding is all zero.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Open("private static void CopyRows(ref float plane, int tileRow, ref float rows)");
            w.Open("for (int k = 0; k < 5; k++)");
            w.Line($"int y = tileRow * 4 - {s.PadTop} + k;");
            w.Line($"if ((uint)y < {s.InputHeight})");
            w.Line($"    MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref plane, (nint)y * {width}), {width}).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref rows, k * {padded} + {s.PadLeft}), {width}));");
            w.Line("else");
            w.Line($"    MemoryMarshal.CreateSpan(ref Unsafe.Add(ref rows, k * {padded}), {padded}).Clear();");
            w.Close();
            w.Close();
        }

        /// <summary>Bᵀ·d·B of one channel's tiles from its 5 padded rows, a vector of 16 tiles at a time.</summary>
        private static void EmitTransformInput(IndentedWriter w, StrideTwoWinogradPlan plan)
        {
            int chunk = plan.InChannelChunk, padded = plan.PaddedRow;
            w.Doc(
                "<summary>",
                "One input channel's tiles of a tile row, from its 5 padded rows: Bᵀ along each row (<see cref=\"Columns\"/>), then down",
                "the rows (d0 − d2, d2, d4 − d2, d1, d3), stored at position (row a, column b) of vector v as [v][a][input channel][b][16 tiles].",
                "Row 2 goes first: it enters three of the five.",
                "</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open("private static void TransformInput(ref float rows, ref float tiles)");
            OpenVectorLoop(w, plan.RowVectors, "v");
            w.Line("ref float row = ref Unsafe.Add(ref rows, v * 64);");
            w.Line($"ref float at = ref Unsafe.Add(ref tiles, v * {25 * chunk * 16});");
            w.Line($"Columns(ref Unsafe.Add(ref row, {2 * padded}), out var m0, out var m1, out var m2, out var m3, out var m4);");
            w.Line($"Columns(ref row, out var t0, out var t1, out var t2, out var t3, out var t4); // row 0: position row 0 = row 0 − row 2");
            EmitTileRowStores(w, chunk, 0, b => $"t{b} - m{b}");
            w.Line($"Columns(ref Unsafe.Add(ref row, {4 * padded}), out t0, out t1, out t2, out t3, out t4); // row 4: position row 2 = row 4 − row 2");
            EmitTileRowStores(w, chunk, 2, b => $"t{b} - m{b}");
            w.Line("// position row 1 = row 2");
            EmitTileRowStores(w, chunk, 1, b => $"m{b}");
            w.Line($"Columns(ref Unsafe.Add(ref row, {padded}), out t0, out t1, out t2, out t3, out t4); // position row 3 = row 1");
            EmitTileRowStores(w, chunk, 3, b => $"t{b}");
            w.Line($"Columns(ref Unsafe.Add(ref row, {3 * padded}), out t0, out t1, out t2, out t3, out t4); // position row 4 = row 3");
            EmitTileRowStores(w, chunk, 4, b => $"t{b}");
            w.Close();
            w.Close();
        }

        private static void EmitTileRowStores(IndentedWriter w, int chunk, int a, Func<int, string> value)
        {
            for (int b = 0; b < 5; b++)
            {
                string v = value(b);
                w.Line($"{(v.Contains(' ') ? $"({v})" : v)}.StoreUnsafe(ref at, {a * chunk * 80 + b * 16});");
            }
        }

        /// <summary>The row transform: a padded row de-interleaved four ways into 16 tiles' columns, then Bᵀ along it.</summary>
        private static void EmitColumns(IndentedWriter w)
        {
            w.Doc(
                "<summary>",
                "Bᵀ along one padded row for 16 tiles (tile j's columns 4j .. 4j + 4): the 64 floats de-interleaved four ways by two",
                "rounds of two-source permutes, the fifth column the first one lane on (the next vector's first column in the last",
                "lane); then (d0 − d2, d2, d4 − d2, d1, d3).",
                "</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Open("private static void Columns(ref float row, out Vector512<float> c0, out Vector512<float> c1, out Vector512<float> c2, out Vector512<float> c3, out Vector512<float> c4)");
            w.Line("var l0 = Vector512.LoadUnsafe(ref row);");
            w.Line("var l1 = Vector512.LoadUnsafe(ref row, 16);");
            w.Line("var l2 = Vector512.LoadUnsafe(ref row, 32);");
            w.Line("var l3 = Vector512.LoadUnsafe(ref row, 48);");
            w.Line("var firstTwo = Vector512.Create(0, 4, 8, 12, 16, 20, 24, 28, 1, 5, 9, 13, 17, 21, 25, 29); // columns 4j and 4j + 1 of 8 tiles");
            w.Line("var lastTwo = Vector512.Create(2, 6, 10, 14, 18, 22, 26, 30, 3, 7, 11, 15, 19, 23, 27, 31); // columns 4j + 2 and 4j + 3");
            w.Line("var low = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);");
            w.Line("var high = Vector512.Create(8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31);");
            w.Line("var a01 = Avx512F.PermuteVar16x32x2(l0, firstTwo, l1);");
            w.Line("var a23 = Avx512F.PermuteVar16x32x2(l0, lastTwo, l1);");
            w.Line("var b01 = Avx512F.PermuteVar16x32x2(l2, firstTwo, l3);");
            w.Line("var b23 = Avx512F.PermuteVar16x32x2(l2, lastTwo, l3);");
            w.Line("var d0 = Avx512F.PermuteVar16x32x2(a01, low, b01);");
            w.Line("var d1 = Avx512F.PermuteVar16x32x2(a01, high, b01);");
            w.Line("var d2 = Avx512F.PermuteVar16x32x2(a23, low, b23);");
            w.Line("var d3 = Avx512F.PermuteVar16x32x2(a23, high, b23);");
            w.Line("var d4 = Avx512F.AlignRight32(Vector512.CreateScalarUnsafe(Unsafe.Add(ref row, 64)).AsUInt32(), d0.AsUInt32(), 1).AsSingle();");
            w.Line("c0 = d0 - d2;");
            w.Line("c1 = d2;");
            w.Line("c2 = d4 - d2;");
            w.Line("c3 = d1;");
            w.Line("c4 = d3;");
            w.Close();
        }

        /// <summary>
        /// A group of 4 output channels × a tile row: per vector of tiles, the 25 products summed over the chunk's input
        /// channels a row of 5 at a time (20 sums), each row folded (·A) into the tiles' even and odd output columns.
        /// </summary>
        private static void EmitProducts(IndentedWriter w, StrideTwoWinogradPlan plan)
        {
            var s = plan.Shape;
            int chunk = plan.InChannelChunk, rv = plan.RowVectors;
            bool oddRows = s.OutputHeight % 2 == 1;
            bool tail = TailColumns(plan) < 32;
            string biasParameter = s.HasBias ? "ref float bias, " : "";
            w.Doc(
                "<summary>",
                "Output channels 4·g .. 4·g + <paramref name=\"channels\"/> − 1 of tile row <paramref name=\"tileRow\"/>, from the group's",
                "transformed filters <paramref name=\"u\"/> and the row's transformed tiles <paramref name=\"v\"/>: per vector of tiles",
                "and row a of the 5×5 products (in the order 0, 3, 1, 2, 4), 4 channels × 5 columns of sums over the input channels, each",
                "row folded at once: even columns + m0 + m1 + m3, odd columns + m1 + m2 + m4; rows 0, 1, 3 make the tiles' upper output",
                "row, rows 1, 2, 4 the lower one.",
                "</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void Products(ref float u, ref float v, int count, ref float y, {biasParameter}int channels, bool first, bool last, int tileRow)");
            if (oddRows)
            {
                w.Line($"bool lower = tileRow < {plan.TileRows - 1}; // the last tile row's lower output row is past the map");
            }

            OpenVectorLoop(w, rv, "vector");
            w.Line($"ref float tiles = ref Unsafe.Add(ref v, vector * {25 * chunk * 16});");
            w.Line("ref float row0 = ref Unsafe.Add(ref y, vector * 32);");
            if (tail)
            {
                w.Line(rv == 1 ? "const bool tail = true;" : $"bool tail = vector == {rv - 1};");
            }

            for (int o = 0; o < 4; o++)
            {
                w.Line($"Vector512<float> even{o}, odd{o};");
            }

            foreach (int a in RowOrder)
            {
                if (a == 2)
                {
                    if (oddRows)
                    {
                        w.Open("if (lower)");
                    }
                    else
                    {
                        w.Open("");
                    }
                }

                EmitProductRow(w, chunk, a);
                if (a == 1)
                {
                    // Still inside product row 1's block: its folded sums e0..o3 also start the lower output row.
                    EmitGroupStores(w, plan, "row0", tail);
                    for (int o = 0; o < 4; o++)
                    {
                        w.Line($"even{o} = e{o}; odd{o} = o{o}; // the lower output row starts from product row 1");
                    }

                    w.Close();
                }

                if (a == 4)
                {
                    w.Line($"ref float row1 = ref Unsafe.Add(ref row0, {s.OutputWidth});");
                    EmitGroupStores(w, plan, "row1", tail);
                    w.Close();
                }
            }

            w.Close();
            w.Close();
        }

        /// <summary>One row a of the products: 20 sums over the chunk's input channels, folded into e0..e3 (even) and o0..o3 (odd).</summary>
        private static void EmitProductRow(IndentedWriter w, int chunk, int a)
        {
            int filterRow = Math.Min(a, 3);
            w.Open("");
            w.Line($"// product row {a}{(a == 4 ? " (its filters are row 3's)" : "")}");
            for (int b = 0; b < 5; b++)
            {
                w.Line($"Vector512<float> {string.Join(", ", Enumerable.Range(0, 4).Select(o => $"m{b}_{o} = Vector512<float>.Zero"))};");
            }

            w.Line($"ref float uRow = ref Unsafe.Add(ref u, {filterRow * chunk * 16});");
            w.Line($"ref float vRow = ref Unsafe.Add(ref tiles, {a * chunk * 80});");
            w.Open("for (nint c = 0; c < count; c++)");
            w.Line("ref float uc = ref Unsafe.Add(ref uRow, c * 16);");
            w.Line("ref float vc = ref Unsafe.Add(ref vRow, c * 80);");
            for (int b = 0; b < 5; b++)
            {
                w.Line($"var t{b} = Vector512.LoadUnsafe(ref vc, {b * 16});");
            }

            for (int b = 0; b < 5; b++)
            {
                int filterColumn = Math.Min(b, 3);
                for (int o = 0; o < 4; o++)
                {
                    w.Line($"m{b}_{o} = Avx512F.FusedMultiplyAdd(t{b}, Vector512.Create(Unsafe.Add(ref uc, {filterColumn * 4 + o})), m{b}_{o});");
                }
            }

            w.Close();
            for (int o = 0; o < 4; o++)
            {
                string even = $"m0_{o} + m1_{o} + m3_{o}", odd = $"m1_{o} + m2_{o} + m4_{o}";
                w.Line(a switch
                {
                    0 => $"even{o} = {even}; odd{o} = {odd};",
                    1 => $"var e{o} = {even}; var o{o} = {odd}; even{o} += e{o}; odd{o} += o{o};",
                    _ => $"even{o} += {even}; odd{o} += {odd};",
                });
            }

            if (a != 1)
            {
                w.Close();
            }
        }

        /// <summary>The group's 4 (or fewer) output rows: each channel's even and odd columns interleaved, stored or added.</summary>
        private static void EmitGroupStores(IndentedWriter w, StrideTwoWinogradPlan plan, string row, bool tail)
        {
            var s = plan.Shape;
            long outPlane = s.OutputHeight * s.OutputWidth;
            for (int o = 0; o < 4; o++)
            {
                string bias = s.HasBias ? $"Unsafe.Add(ref bias, {o}), " : "";
                string call = $"StoreRow{(tail ? "s" : "")}(ref Unsafe.Add(ref {row}, {o * outPlane}), even{o}, odd{o}, {bias}first, last{(tail ? ", tail" : "")});";
                w.Line(o == 0 ? call : $"if (channels > {o}) {call}");
            }
        }

        /// <summary>
        /// <c>StoreRow</c>: one output row of a vector of tiles, its even and odd columns interleaved (32 columns), with the bias
        /// (first chunk) or added to the row (later chunks), activated by the last chunk; <c>StoreRows</c> picks the clipped
        /// version for the row's last vector.
        /// </summary>
        internal static void EmitStoreRows(IndentedWriter w, StrideTwoWinogradPlan plan)
        {
            var s = plan.Shape;
            int tailColumns = TailColumns(plan);
            bool accumulates = plan.InChannelChunks > 1;
            string biasParameter = s.HasBias ? "float bias, " : "";
            string biasArgument = s.HasBias ? "bias, " : "";
            if (tailColumns < 32)
            {
                w.Line();
                w.Doc("<summary>The row's last vector of tiles (<paramref name=\"tail\"/>) stores only the columns in the map.</summary>");
                w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
                w.Open($"private static void StoreRows(ref float row, Vector512<float> even, Vector512<float> odd, {biasParameter}bool first, bool last, bool tail)");
                if (plan.RowVectors == 1)
                {
                    w.Line($"StoreRowTail(ref row, even, odd, {biasArgument}first, last);");
                }
                else
                {
                    w.Line("if (tail)");
                    w.Line($"    StoreRowTail(ref row, even, odd, {biasArgument}first, last);");
                    w.Line("else");
                    w.Line($"    StoreRow(ref row, even, odd, {biasArgument}first, last);");
                }

                w.Close();
            }

            if (tailColumns == 32 || plan.RowVectors > 1)
            {
                EmitStoreRow(w, "StoreRow", biasParameter, s.HasBias, accumulates, s.Activation != ActivationKind.None, 32);
            }

            if (tailColumns < 32)
            {
                EmitStoreRow(w, "StoreRowTail", biasParameter, s.HasBias, accumulates, s.Activation != ActivationKind.None, tailColumns);
            }
        }

        private static void EmitStoreRow(IndentedWriter w, string name, string biasParameter, bool bias, bool accumulates, bool activates, int columns)
        {
            int low = Math.Min(16, columns), high = columns - 16;
            w.Line();
            w.Doc($"<summary>{(columns == 32 ? "32 output columns" : $"The first {columns} output column{(columns == 1 ? "" : "s")}")} of a row: tiles' even and odd columns interleaved{(bias ? ", the bias added by the first chunk" : "")}{(accumulates ? ", the row read back and added to by the later chunks" : "")}.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Open($"private static void {name}(ref float row, Vector512<float> even, Vector512<float> odd, {biasParameter}bool first, bool last)");
            w.Line("var lo = Avx512F.PermuteVar16x32x2(even, Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23), odd);");
            if (high > 0)
            {
                w.Line("var hi = Avx512F.PermuteVar16x32x2(even, Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31), odd);");
            }

            string Load(int count, int at) => count == 16 ? $"Vector512.LoadUnsafe(ref row, {at})" : $"Load{count}Of16(ref row, {at})";
            if (accumulates)
            {
                w.Open("if (!first)");
                w.Line($"lo += {Load(low, 0)};");
                if (high > 0)
                {
                    w.Line($"hi += {Load(high, 16)};");
                }

                w.Close();
                if (bias)
                {
                    w.Open("else");
                }
            }

            if (bias)
            {
                if (!accumulates)
                {
                    w.Open("");
                }

                w.Line("var b = Vector512.Create(bias);");
                w.Line("lo += b;");
                if (high > 0)
                {
                    w.Line("hi += b;");
                }

                w.Close();
            }

            if (activates)
            {
                w.Open("if (last)");
                w.Line("lo = Activate(lo);");
                if (high > 0)
                {
                    w.Line("hi = Activate(hi);");
                }

                w.Close();
            }
            w.Line(low == 16 ? "lo.StoreUnsafe(ref row);" : $"Store{low}Of16(lo, ref row, 0);");
            if (high > 0)
            {
                w.Line(high == 16 ? "hi.StoreUnsafe(ref row, 16);" : $"Store{high}Of16(hi, ref row, 16);");
            }

            w.Close();
        }

        /// <summary>A loop over the vectors of tiles of a tile row, or for a single vector a block with the index a constant.</summary>
        internal static void OpenVectorLoop(IndentedWriter w, int vectors, string index)
        {
            if (vectors == 1)
            {
                w.Open("");
                w.Line($"const int {index} = 0; // one vector of tiles a row");
            }
            else
            {
                w.Open($"for (int {index} = 0; {index} < {vectors}; {index}++)");
            }
        }

        private static string Plural(int count, string noun) => WinogradEmitter.Plural(count, noun);
    }
}
