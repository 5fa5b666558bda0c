using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>
    /// What the kernels of a <see cref="TileRowWinogradPlan"/> share, whatever the window (3×3 at stride 2 in
    /// <see cref="StrideTwoWinogradEmitter"/>, 5×5 and 7×7 at stride 2 and 5×5 at stride 1 in
    /// <see cref="WideWindowWinogradEmitter"/>): the driver over chunks of input channels and tile rows, the other paths'
    /// forwards to the layer's NCHW kernel, the copy of a tile row's input rows into padded rows, the four-way de-interleave
    /// of a padded row at stride 2, and the output rows' stores with the helpers they call.
    /// </summary>
    internal static class TileRowWinogradFrame
    {
        /// <summary>The kernel class's forwards for the paths other than Vector512: the layer's own NCHW kernel.</summary>
        public static void EmitPlanePaths(IndentedWriter w, string planeClass, IReadOnlyList<string> planePaths, string refs, string args)
        {
            foreach (string path in planePaths.Where(p => p != VectorTarget.Vector512.Name).Append("Scalar"))
            {
                w.Doc($"<summary>The {(path == "Scalar" ? "scalar" : path)} path: the layer's NCHW kernel ({planeClass}).</summary>");
                w.Line($"public static void Run{path}({refs}) => {planeClass}.Run{path}({args});");
                w.Line();
            }
        }

        /// <summary>
        /// <c>RunVector512</c>: the stack blocks, then per chunk of input channels the filters' transform and per tile row
        /// (of this part's, on several threads) the copy and transform of the chunk's input rows and the products of every
        /// group of 4 output channels.
        /// </summary>
        public static void EmitDriver(IndentedWriter w, TileRowWinogradPlan plan, string refs, bool skipLocalsInit, bool parallel)
        {
            var s = plan.Shape;
            int ic = s.InChannels, chunk = plan.InChannelChunk, terms = plan.Axis.Terms, taps = plan.Taps;
            long outPlane = s.OutputHeight * s.OutputWidth;
            long stackKb = plan.StackFloats * sizeof(float) / 1024;
            int groupFloats = 4 * chunk * plan.FilterPositions;
            string map = plan.PairsTileRows
                ? $"two tile rows at a time ({plan.TilesPerRow} tiles each, side by side in one vector)"
                : $"a tile row at a time ({plan.TilesPerRow} tiles in {WinogradEmitter.Plural(plan.RowVectors, "vector")})";
            w.Doc(
                $"<summary>The Vector512 path: input channels {(chunk >= ic ? $"all {ic} at once" : $"{chunk} at a time")}, each chunk's filters transformed first (every output channel),",
                $"then the map {map}, the chunk's input transformed and its products summed",
                $"and folded into the outputs{(plan.InChannelChunks > 1 ? " (stored by the first chunk, added to by the others)" : "")}. About {stackKb} KB of stack.{(parallel ? $" Runs part <paramref name=\"part\"/> of {plan.Parts}: {PartRange(plan)}." : "")}</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            if (skipLocalsInit)
            {
                w.Line("[SkipLocalsInit]");
            }

            w.Open($"public static void RunVector512({refs})");
            string filterLayout = plan.Taps == 3 ? $"4 rows × {chunk} input channels × 16" : $"{plan.Positions} positions × {chunk} input channels";
            w.Line($"Span<float> filterBlock = stackalloc float[{plan.FilterFloats + 15}]; // {plan.ChannelGroups} groups of 4 output channels × {filterLayout}: the transformed filters");
            w.Line($"Span<float> tileBlock = stackalloc float[{plan.TileFloats + 15}]; // {WinogradEmitter.Plural(plan.RowVectors, "vector")} of tiles × {plan.Positions} positions × {chunk} input channels: {(plan.PairsTileRows ? "two tile rows'" : "a tile row's")} transformed input");
            w.Line($"Span<float> rowBlock = stackalloc float[{plan.RowFloats + 15}]; // {plan.CopiedRows} padded input rows × {chunk} input channels");
            bool scratch = plan.ScratchFloats > 0;
            if (scratch)
            {
                w.Line($"Span<float> scratchBlock = stackalloc float[{plan.ScratchFloats + 15}]; // {plan.InputRows} rows × {terms} column positions: a vector of tiles' rows transformed along the columns");
            }

            w.Line("rowBlock.Clear(); // the columns on padding stay zero");
            w.Line("ref float filters = ref Aligned64(filterBlock);");
            w.Line("ref float tiles = ref Aligned64(tileBlock);");
            w.Line("ref float rows = ref Aligned64(rowBlock);");
            if (scratch)
            {
                w.Line("ref float scratch = ref Aligned64(scratchBlock);");
            }

            string firstRow = "0", endRow = plan.TileRows.ToString();
            bool byGroups = SplitsGroups(plan, parallel);
            if (byGroups)
            {
                w.Line($"int firstGroup = part * {plan.ChannelGroups} / {plan.Parts}, endGroup = (part + 1) * {plan.ChannelGroups} / {plan.Parts}; // this part's groups of 4 output channels, of {plan.Parts}");
            }
            else if (parallel && plan.PairsTileRows)
            {
                w.Line($"int firstRow = part * {plan.RowSteps} / {plan.Parts} * 2, endRow = Math.Min((part + 1) * {plan.RowSteps} / {plan.Parts} * 2, {plan.TileRows}); // this part's pairs of tile rows, of {plan.Parts}");
                (firstRow, endRow) = ("firstRow", "endRow");
            }
            else if (parallel)
            {
                w.Line($"int firstRow = part * {plan.TileRows} / {plan.Parts}, endRow = (part + 1) * {plan.TileRows} / {plan.Parts}; // this part's tile rows, of {plan.Parts}");
                (firstRow, endRow) = ("firstRow", "endRow");
            }

            if (chunk >= ic)
            {
                w.Open("");
                w.Line($"const int ic = 0, count = {ic};");
            }
            else
            {
                w.Open($"for (int ic = 0; ic < {ic}; ic += {chunk})");
                w.Line(ic % chunk == 0 ? $"const int count = {chunk};" : $"int count = Math.Min({chunk}, {ic} - ic);");
            }

            w.Line($"TransformFilters(ref Unsafe.Add(ref weights, ic * {taps * taps}), count, ref filters{(byGroups ? ", firstGroup, endGroup" : "")});");
            w.Open(plan.PairsTileRows
                ? $"for (int ty = {firstRow}; ty < {endRow}; ty += 2) // tile rows ty and ty + 1 (past the map after an odd last one: computed, never stored)"
                : $"for (int ty = {firstRow}; ty < {endRow}; ty++)");
            w.Line("for (int c = 0; c < count; c++)");
            w.Line($"    CopyRows(ref Unsafe.Add(ref input, (nint)(ic + c) * {(long)s.InputHeight * s.InputWidth}), ty, ref Unsafe.Add(ref rows, c * {plan.CopiedRows * plan.PaddedRow}));");
            w.Line("for (int c = 0; c < count; c++)");
            w.Line($"    TransformInput(ref Unsafe.Add(ref rows, c * {plan.CopiedRows * plan.PaddedRow}), ref Unsafe.Add(ref tiles, c * {terms * 16}){(scratch ? ", ref scratch" : "")});");
            w.Line($"bool first = ic == 0, last = ic + count == {ic};");
            int full = s.OutChannels / 4, rest = s.OutChannels % 4;
            string bias = s.HasBias ? "ref Unsafe.Add(ref bias, g * 4), " : "";
            if (full > 0)
            {
                w.Line(GroupLoop(full, byGroups));
                w.Line($"    Products(ref Unsafe.Add(ref filters, g * {groupFloats}), ref tiles, count, ref Unsafe.Add(ref output, g * {4 * outPlane} + (nint)ty * {2 * s.OutputWidth}), {bias}4, first, last, ty);");
            }

            if (rest > 0)
            {
                string restBias = s.HasBias ? $"ref Unsafe.Add(ref bias, {full * 4}), " : "";
                string call = $"Products(ref Unsafe.Add(ref filters, {full * groupFloats}), ref tiles, count, ref Unsafe.Add(ref output, {full * 4 * outPlane} + (nint)ty * {2 * s.OutputWidth}), {restBias}{rest}, first, last, ty); // the last {WinogradEmitter.Plural(rest, "output channel")}";
                if (byGroups)
                {
                    w.Line($"if (endGroup > {full})");
                    w.Line("    " + call);
                }
                else
                {
                    w.Line(call);
                }
            }

            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>The input rows under a tile row, one channel: copied into padded rows (zero where they lie on padding).</summary>
        public static void EmitCopyRows(IndentedWriter w, TileRowWinogradPlan plan)
        {
            var s = plan.Shape;
            int width = s.InputWidth, padded = plan.PaddedRow, rows = plan.CopiedRows;
            string under = plan.PairsTileRows ? $" (under tile rows <paramref name=\"tileRow\"/> and the next, from its row {plan.TileStep} on)" : "";
            w.Doc($"<summary>Input rows {plan.TileStep}·<paramref name=\"tileRow\"/> − {s.PadTop} .. + {rows - 1}{under} of one channel into {rows} padded rows of {padded} floats, column x at {s.PadLeft} + x; a row on padding is all zero.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Open("private static void CopyRows(ref float plane, int tileRow, ref float rows)");
            w.Open($"for (int k = 0; k < {rows}; k++)");
            w.Line($"int y = tileRow * {plan.TileStep} - {s.PadTop} + k;");
            w.Line($"if ((uint)y < {s.InputHeight})");
            w.Line($"    MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref plane, (nint)y * {width}), {width}).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref rows, k * {padded} + {s.PadLeft}), {width}));");
            w.Line("else");
            w.Line($"    MemoryMarshal.CreateSpan(ref Unsafe.Add(ref rows, k * {padded}), {padded}).Clear();");
            w.Close();
            w.Close();
        }

        /// <summary>
        /// Loads 64 floats of a padded row (16 tiles, 4 columns each) from <c>row</c> and de-interleaves them four ways by two
        /// rounds of two-source permutes: d0 .. d3 hold columns 4j .. 4j + 3 of tiles j = 0 .. 15.
        /// </summary>
        public static void EmitDeinterleave(IndentedWriter w)
        {
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
        }

        /// <summary>Whether a part of a multi-threaded layer takes a range of groups of output channels (rather than of tile rows).</summary>
        public static bool SplitsGroups(TileRowWinogradPlan plan, bool parallel) => parallel && plan.SplitsOutputChannels;

        /// <summary>
        /// The signature of <c>TransformFilters</c>, and the end of its summary: every group of output channels, or (a part that
        /// takes a range of them) the groups from <c>firstGroup</c> to <c>endGroup</c>.
        /// </summary>
        public static (string Signature, string Groups) TransformFiltersSignature(bool byGroups) => byGroups
            ? ("private static void TransformFilters(ref float weights, int count, ref float filters, int firstGroup, int endGroup)", "the groups of 4 output channels <paramref name=\"firstGroup\"/> .. <paramref name=\"endGroup\"/> − 1")
            : ("private static void TransformFilters(ref float weights, int count, ref float filters)", "every output channel");

        /// <summary>The loop over the whole groups of 4 output channels: all of them, or a part's range.</summary>
        private static string GroupLoop(int full, bool byGroups) =>
            byGroups ? $"for (int g = firstGroup; g < Math.Min(endGroup, {full}); g++)" : $"for (int g = 0; g < {full}; g++)";

        /// <summary>What a part of a multi-threaded layer takes, for the driver's summary.</summary>
        private static string PartRange(TileRowWinogradPlan plan) => plan.SplitsOutputChannels
            ? "a contiguous range of groups of 4 output channels, whose filters alone it transforms (every tile row's input too)"
            : plan.PairsTileRows ? "a contiguous range of pairs of tile rows" : "a contiguous range of tile rows";

        /// <summary>
        /// The groups of 4 output channels inside <c>TransformFilters</c>: a loop over the whole groups, then the last group
        /// of fewer channels (the rest of its lanes zero); <paramref name="emitGroup"/> writes a group's body for so many channels.
        /// </summary>
        public static void EmitFilterGroups(IndentedWriter w, TileRowWinogradPlan plan, bool byGroups, Action<int> emitGroup)
        {
            int full = plan.Shape.OutChannels / 4, rest = plan.Shape.OutChannels % 4;
            if (full > 0)
            {
                w.Open(GroupLoop(full, byGroups));
                emitGroup(4);
                w.Close();
            }

            if (rest > 0)
            {
                w.Open(byGroups ? $"if (endGroup > {full})" : "");
                w.Line($"const int g = {full}; // the last {WinogradEmitter.Plural(rest, "output channel")}, the rest of the group zero");
                emitGroup(rest);
                w.Close();
            }
        }

        /// <summary>
        /// Opens <c>Products</c> (after its summary) and its loop over the vectors of tiles of a tile row: the signature, the
        /// <c>lower</c> flag of a map with an odd last row, the vector's transformed tiles, <paramref name="rowLine"/> where
        /// one is given, and the <c>tail</c> flag of a row whose last vector is clipped. Two blocks stay open.
        /// </summary>
        public static void OpenProducts(IndentedWriter w, TileRowWinogradPlan plan, string? rowLine)
        {
            var s = plan.Shape;
            int rv = plan.RowVectors;
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void Products(ref float u, ref float v, int count, ref float y, {(s.HasBias ? "ref float bias, " : "")}int channels, bool first, bool last, int tileRow)");
            if (plan.PairsTileRows)
            {
                w.Line($"bool second = tileRow < {plan.TileRows - 1}; // the vector's second tile row (lanes 8 .. 15) is in the map");
                if (s.OutputHeight % 2 == 1)
                {
                    w.Line($"bool secondLower = tileRow < {plan.TileRows - 2}; // the second tile row's lower output row is in the map (the last tile row's is not)");
                }
            }
            else if (s.OutputHeight % 2 == 1)
            {
                w.Line($"bool lower = tileRow < {plan.TileRows - 1}; // the last tile row's lower output row is past the map");
            }

            OpenVectorLoop(w, rv, "vector");
            w.Line($"ref float tiles = ref Unsafe.Add(ref v, vector * {plan.Positions * plan.InChannelChunk * 16});");
            if (rowLine is not null)
            {
                w.Line(rowLine);
            }

            if (!plan.PairsTileRows && TailColumns(plan) < 32)
            {
                w.Line(rv == 1 ? "const bool tail = true;" : $"bool tail = vector == {rv - 1};");
            }
        }

        /// <summary>The stores of the output rows and the helpers the kernel class calls: aligned blocks, partial loads and stores, the activation, the throw helpers.</summary>
        public static void EmitStoresAndHelpers(IndentedWriter w, TileRowWinogradPlan plan)
        {
            var s = plan.Shape;
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
        }

        /// <summary>Valid output columns in the last vector of tiles of a row (1 to 32: 16 tiles, two columns each).</summary>
        public static int TailColumns(TileRowWinogradPlan plan) => (int)plan.Shape.OutputWidth - 32 * (plan.RowVectors - 1);

        /// <summary>The partial widths the last vector's two halves store (none where a half is whole or empty); paired tile rows, each half a row of the output width.</summary>
        private static IEnumerable<int> PartialLanes(TileRowWinogradPlan plan)
        {
            if (plan.PairsTileRows)
            {
                if (plan.Shape.OutputWidth < 16)
                {
                    yield return (int)plan.Shape.OutputWidth;
                }

                yield break;
            }

            int tail = TailColumns(plan);
            foreach (int lanes in new[] { Math.Min(16, tail), tail - 16 })
            {
                if (lanes > 0 && lanes < 16)
                {
                    yield return lanes;
                }
            }
        }

        /// <summary>
        /// <c>StoreRow</c>: one output row of a vector of tiles, its even and odd columns interleaved (32 columns), with the bias
        /// (first chunk) or added to the row (later chunks), activated by the last chunk; <c>StoreRows</c> picks the clipped
        /// version for the row's last vector.
        /// </summary>
        private static void EmitStoreRows(IndentedWriter w, TileRowWinogradPlan plan)
        {
            var s = plan.Shape;
            int tailColumns = TailColumns(plan);
            bool accumulates = plan.InChannelChunks > 1;
            string biasParameter = s.HasBias ? "float bias, " : "";
            string biasArgument = s.HasBias ? "bias, " : "";
            if (plan.PairsTileRows)
            {
                EmitStoreRowPair(w, plan, biasParameter, accumulates);
                return;
            }

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

        /// <summary>
        /// <c>StoreRows</c> of paired tile rows: lanes 0 .. 7 of the even and odd columns, interleaved, are an output row of
        /// the first tile row, lanes 8 .. 15 the same row of the second, two output rows on (stored only where
        /// <c>second</c> says it is in the map); with the bias, read back and added to, and activated as <see cref="EmitStoreRow"/>.
        /// </summary>
        private static void EmitStoreRowPair(IndentedWriter w, TileRowWinogradPlan plan, string biasParameter, bool accumulates)
        {
            var s = plan.Shape;
            int columns = (int)s.OutputWidth;
            long next = 2 * s.OutputWidth;
            string Load(long at) => columns == 16 ? $"Vector512.LoadUnsafe(ref row, {at})" : $"Load{columns}Of16(ref row, {at})";
            string Store(string x, long at) => columns == 16 ? $"{x}.StoreUnsafe(ref row, {at});" : $"Store{columns}Of16({x}, ref row, {at});";
            w.Line();
            w.Doc(
                $"<summary>An output row ({columns} column{(columns == 1 ? "" : "s")}) of each of the vector's two tile rows: lanes 0 .. 7 of the tiles' even and odd columns interleaved",
                $"into <paramref name=\"row\"/>, lanes 8 .. 15 into the row {next} floats on (two output rows down) where <paramref name=\"second\"/>{(s.HasBias ? "; the bias added by the first chunk" : "")}{(accumulates ? "; the rows read back and added to by the later chunks" : "")}.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Open($"private static void StoreRows(ref float row, Vector512<float> even, Vector512<float> odd, {biasParameter}bool first, bool last, bool second)");
            w.Line("var lo = Avx512F.PermuteVar16x32x2(even, Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23), odd);");
            w.Line("var hi = Avx512F.PermuteVar16x32x2(even, Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31), odd);");
            if (accumulates)
            {
                w.Open("if (!first)");
                w.Line($"lo += {Load(0)};");
                w.Line("if (second)");
                w.Line($"    hi += {Load(next)};");
                w.Close();
                if (s.HasBias)
                {
                    w.Open("else");
                }
            }

            if (s.HasBias)
            {
                if (!accumulates)
                {
                    w.Open("");
                }

                w.Line("var b = Vector512.Create(bias);");
                w.Line("lo += b;");
                w.Line("hi += b;");
                w.Close();
            }

            if (s.Activation != ActivationKind.None)
            {
                w.Open("if (last)");
                w.Line("lo = Activate(lo);");
                w.Line("hi = Activate(hi);");
                w.Close();
            }

            w.Line(Store("lo", 0));
            w.Line("if (second)");
            w.Line($"    {Store("hi", next)}");
            w.Close();
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
        public static void OpenVectorLoop(IndentedWriter w, int vectors, string index)
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
    }
}
