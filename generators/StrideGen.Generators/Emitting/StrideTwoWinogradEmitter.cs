using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>
    /// Writes the Vector512 kernel of a 3×3 <see cref="TileRowWinogradPlan"/>: the filter transform, the input transform,
    /// and the products summed in registers and folded into the outputs, inside the driver, row copies and stores of
    /// <see cref="TileRowWinogradFrame"/>. The other paths call the layer's own NCHW kernel.
    /// </summary>
    internal static class StrideTwoWinogradEmitter
    {
        /// <summary>The rows of a tile's 5×5 products in the order they are summed: rows 0, 3 and 1 make output row 0, rows 1, 2 and 4 output row 1.</summary>
        private static readonly int[] RowOrder = { 0, 3, 1, 2, 4 };

        /// <param name="className">The class the entry method calls.</param>
        /// <param name="planeClass">The layer's own NCHW kernel, for the paths the plan does not take.</param>
        /// <param name="planePaths">That kernel's vector paths, in dispatch order.</param>
        /// <param name="parallel">Whether the layer runs on more than one thread: every driver then takes a part.</param>
        public static void Emit(IndentedWriter w, string className, string planeClass, TileRowWinogradPlan plan, IReadOnlyList<string> planePaths, bool skipLocalsInit, bool parallel)
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
            TileRowWinogradFrame.EmitDriver(w, plan, refs, skipLocalsInit, parallel);
            w.Line();
            TileRowWinogradFrame.EmitPlanePaths(w, planeClass, planePaths, refs, args);

            EmitTransformFilters(w, plan, parallel);
            w.Line();
            TileRowWinogradFrame.EmitCopyRows(w, plan);
            w.Line();
            EmitTransformInput(w, plan);
            w.Line();
            EmitColumns(w);
            w.Line();
            EmitProducts(w, plan);
            TileRowWinogradFrame.EmitStoresAndHelpers(w, plan);
            w.Close();
        }

        /// <summary>
        /// Gg along both axes of every filter of a chunk of input channels, 4 output channels at a time in Vector128 lanes:
        /// 16 floats a filter, stored per group of 4 output channels as [row][input channel][column][channel].
        /// </summary>
        private static void EmitTransformFilters(IndentedWriter w, TileRowWinogradPlan plan, bool parallel)
        {
            bool byGroups = TileRowWinogradFrame.SplitsGroups(plan, parallel);
            var (signature, groups) = TileRowWinogradFrame.TransformFiltersSignature(byGroups);
            var s = plan.Shape;
            int chunk = plan.InChannelChunk, filter = s.InChannels * 9;
            w.Doc(
                "<summary>",
                $"The filters of input channels from <paramref name=\"weights\"/> on (<paramref name=\"count\"/> of them), {groups}:",
                "G·g·Gᵀ with G's distinct rows (1, 0, 0), (1, 0, 1), (0, 0, 1), (0, 1, 0) (the fifth equals the fourth), so 16 floats",
                "a filter. Group g's block holds [row][input channel][column][4 output channels]; a last group's missing channels are zero.",
                "</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open(signature);
            TileRowWinogradFrame.EmitFilterGroups(w, plan, byGroups, channels => EmitFilterGroup(w, chunk, filter, "g", channels));

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

        /// <summary>Bᵀ·d·B of one channel's tiles from its 5 padded rows, a vector of 16 tiles at a time.</summary>
        private static void EmitTransformInput(IndentedWriter w, TileRowWinogradPlan plan)
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
            TileRowWinogradFrame.OpenVectorLoop(w, plan.RowVectors, "v");
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
            TileRowWinogradFrame.EmitDeinterleave(w);
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
        private static void EmitProducts(IndentedWriter w, TileRowWinogradPlan plan)
        {
            var s = plan.Shape;
            int chunk = plan.InChannelChunk;
            bool oddRows = s.OutputHeight % 2 == 1;
            bool tail = TileRowWinogradFrame.TailColumns(plan) < 32;
            w.Doc(
                "<summary>",
                "Output channels 4·g .. 4·g + <paramref name=\"channels\"/> − 1 of tile row <paramref name=\"tileRow\"/>, from the group's",
                "transformed filters <paramref name=\"u\"/> and the row's transformed tiles <paramref name=\"v\"/>: per vector of tiles",
                "and row a of the 5×5 products (in the order 0, 3, 1, 2, 4), 4 channels × 5 columns of sums over the input channels, each",
                "row folded at once: even columns + m0 + m1 + m3, odd columns + m1 + m2 + m4; rows 0, 1, 3 make the tiles' upper output",
                "row, rows 1, 2, 4 the lower one.",
                "</summary>");
            TileRowWinogradFrame.OpenProducts(w, plan, "ref float row0 = ref Unsafe.Add(ref y, vector * 32);");

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
        private static void EmitGroupStores(IndentedWriter w, TileRowWinogradPlan plan, string row, bool tail)
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

        private static string Plural(int count, string noun) => WinogradEmitter.Plural(count, noun);
    }
}
