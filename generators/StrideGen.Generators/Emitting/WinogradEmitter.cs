using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>
    /// Writes the kernel class of a layer run as Winograd's F(2×2, 3×3) (see <see cref="WinogradPlan"/>): per vector path
    /// of the plan, a driver and its five steps (filters, input rows, input tiles, products, outputs); the paths the plan
    /// does not take (the scalar one always) go to the layer's own kernel.
    /// </summary>
    internal static partial class WinogradEmitter
    {
        /// <param name="className">The class the entry method calls.</param>
        /// <param name="planeClass">The layer's own NCHW kernel, for the paths the plan does not take.</param>
        /// <param name="planePaths">That kernel's vector paths, in dispatch order.</param>
        /// <param name="parallel">Whether the layer runs on more than one thread: every driver then takes a part, and the layer's own kernel's too.</param>
        public static void Emit(IndentedWriter w, string className, string planeClass, WinogradPlan plan, IReadOnlyList<string> planePaths, bool skipLocalsInit, bool parallel)
        {
            var s = plan.Shape;
            bool bias = s.HasBias;
            string refs = DriverParameters.Refs(bias, parallel);
            string args = DriverParameters.Args(bias, parallel);
            var paths = plan.Paths.ToList();

            w.Doc(
                "<summary>",
                "The kernel behind this file's layer, on the widest paths as Winograd's minimal filtering F(2×2, 3×3): each 2×2 tile",
                "of outputs comes from the 4×4 block of input under it with 16 multiply-adds per pair of channels, where the window",
                "takes 36. Each call transforms the filters (U = G·g·Gᵀ, 9 weights to 16), then, a block of tile rows at a time,",
                "the input tiles (V = Bᵀ·d·B), sums the 16 products U⊙V over the input channels with the tiles in the vector lanes,",
                "and folds each tile's 16 sums back to its 4 outputs (Y = Aᵀ·M·A). Results differ from the window's by rounding only.",
                "</summary>");
            w.Open($"file static class {className}");
            foreach (var path in paths)
            {
                EmitDriver(w, plan, path, refs, skipLocalsInit, parallel);
                w.Line();
            }

            foreach (string path in planePaths.Where(p => paths.All(q => q.Target.Name != p)).Append("Scalar"))
            {
                w.Doc($"<summary>The {(path == "Scalar" ? "scalar" : path)} path: the layer's NCHW kernel ({planeClass}).</summary>");
                w.Line($"public static void Run{path}({refs}) => {planeClass}.Run{path}({args});");
                w.Line();
            }

            var filterChunks = paths.Where(p => !p.AccumulatesOutput).Select(p => p.ChannelChunk).Distinct().ToList();
            foreach (int chunk in filterChunks)
            {
                EmitTransformFilters(w, s, chunk, paths.First(p => !p.AccumulatesOutput && p.ChannelChunk == chunk).FilterPlane);
                w.Line();
            }

            foreach (var path in paths.Where(p => p.AccumulatesOutput))
            {
                EmitTransformFilterBlock(w, s, path);
                w.Line();
            }

            for (int i = 0; i < paths.Count; i++)
            {
                if (i > 0)
                {
                    w.Line();
                }

                EmitCombineRows(w, s, paths[i]);
                w.Line();
                EmitTransformInput(w, s, paths[i]);
                w.Line();
                if (paths[i].FoldsProducts)
                {
                    EmitFoldProducts(w, plan, paths[i]);
                    continue;
                }

                EmitMultiply(w, paths[i]);
                w.Line();
                EmitTransformOutput(w, plan, paths[i]);
            }

            KernelHelperEmitter.EmitAligned64(w);
            foreach (var path in paths)
            {
                KernelHelperEmitter.EmitMad(w, path.Target);
                foreach (int lanes in PartialStores(s, path))
                {
                    KernelHelperEmitter.EmitPartialStore(w, path.Target, lanes);
                    if (Accumulates(path))
                    {
                        EmitPartialLoad(w, path.Target, lanes);
                    }
                }
            }

            KernelHelperEmitter.EmitActivations(w, s.Activation, s.LeakyReluSlope, paths.Select(p => p.Target));
            w.Line();
            EntryMethodEmitter.EmitThrowHelpers(w);
            w.Close();
        }

        private static readonly IFormatProvider Invariant = System.Globalization.CultureInfo.InvariantCulture;

        private static string Suffix(WinogradPath path) => path.Lanes.ToString(Invariant);

        /// <summary>Whether a path's output transform adds to the outputs of the chunks of input channels before.</summary>
        private static bool Accumulates(WinogradPath path) => path.AccumulatesOutput && path.InChannelChunks > 1;

        /// <summary>The driver of one path: stack blocks, then chunks of output channels × blocks of tile rows × chunks of input channels.</summary>
        private static void EmitDriver(IndentedWriter w, WinogradPlan plan, WinogradPath path, string refs, bool skipLocalsInit, bool parallel)
        {
            if (path.AccumulatesOutput)
            {
                EmitAccumulatingDriver(w, plan, path, refs, skipLocalsInit, parallel);
                return;
            }

            var s = plan.Shape;
            string n = Suffix(path);
            int oc = s.OutChannels, ic = s.InChannels, chunk = path.ChannelChunk, inChunk = path.InChannelChunk;
            long stackKb = (path.StackFloats + 4 * 15 + s.InputWidth) * 4 / 1024;
            w.Doc(
                $"<summary>The {path.Target.Name} path: output channels {Chunks(oc, chunk)}, the map in {path.Blocks} block{(path.Blocks == 1 ? "" : "s")} of {Plural(path.BlockRows, "tile row")}",
                $"({path.BlockRows * path.TilesPerRow} tiles in {Plural(path.BlockVectors, "vector")}), input channels {Chunks(ic, inChunk)};{(path.FoldsProducts ? "" : $" about {stackKb} KB of stack.{(parallel ? $" Runs part <paramref name=\"part\"/> of {path.Parts}: a contiguous range of blocks." : "")}</summary>")}");
            if (path.FoldsProducts)
            {
                w.Doc($"the products summed in registers and folded straight into the outputs, {Plural(path.TileChannels, "output channel")} at a time; about {stackKb} KB of stack.{(parallel ? $" Runs part <paramref name=\"part\"/> of {path.Parts}: a contiguous range of blocks." : "")}</summary>");
            }

            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            if (skipLocalsInit)
            {
                w.Line("[SkipLocalsInit]");
            }

            w.Open($"public static void Run{path.Target.Name}({refs})");
            EmitStackBlocks(w, s, path, $"16 planes × {ic} input × {chunk} output channels: the transformed filters");
            var opened = new Stack<bool>();
            void OpenIf(bool needed, string header)
            {
                if (needed)
                {
                    w.Open(header);
                }

                opened.Push(needed);
            }

            void CloseIf()
            {
                if (opened.Pop())
                {
                    w.Close();
                }
            }

            bool oneChunk = chunk >= oc;
            OpenIf(!oneChunk, $"for (int oc = 0; oc < {oc}; oc += {chunk})");
            string channels = oneChunk || oc % chunk == 0 ? Math.Min(chunk, oc).ToString(Invariant) : "channels";
            if (channels == "channels")
            {
                w.Line($"int channels = Math.Min({chunk}, {oc} - oc);");
            }

            w.Line($"TransformFilters{chunk}(ref {(oneChunk ? "weights" : $"Unsafe.Add(ref weights, oc * {ic * 9})")}, {channels}, ref filters);");
            if (parallel)
            {
                w.Line($"int firstRow = part * {path.Blocks} / {path.Parts} * {path.BlockRows}, endRow = Math.Min((part + 1) * {path.Blocks} / {path.Parts} * {path.BlockRows}, {path.TileRows}); // this part's blocks, of {path.Parts}");
            }

            w.Open(parallel ? $"for (int ty = firstRow; ty < endRow; ty += {path.BlockRows})" : $"for (int ty = 0; ty < {path.TileRows}; ty += {path.BlockRows})");
            bool oneInChunk = inChunk >= ic;
            OpenIf(!oneInChunk, $"for (int ic = 0; ic < {ic}; ic += {inChunk})");
            string count = EmitChunkInput(w, s, path);

            string outputAt = oneChunk ? "output" : $"Unsafe.Add(ref output, oc * {s.OutputHeight * s.OutputWidth})";
            string biasAt = !s.HasBias ? "" : oneChunk ? "ref bias, " : "ref Unsafe.Add(ref bias, oc), ";
            if (path.FoldsProducts)
            {
                // One chunk of input channels (PlanFolded): the products are summed and folded into the outputs at once.
                w.Line($"FoldProducts{n}(ref filters, ref tiles, ref {outputAt}, {biasAt}{channels}, ty);");
                CloseIf();
            }
            else
            {
                w.Line($"Multiply{n}(ref {(oneInChunk ? "filters" : $"Unsafe.Add(ref filters, ic * {chunk})")}, {count}, ref tiles, ref sums, {(oneInChunk ? "true" : "ic == 0")});");
                CloseIf();
                w.Line();
                w.Line($"TransformOutput{n}(ref sums, ref {outputAt}, {biasAt}{channels}, ty);");
            }

            w.Close();
            CloseIf();
            w.Close();
        }

        /// <summary>
        /// The driver of a path with the loops turned round: stack blocks, then blocks of tile rows × chunks of input
        /// channels (each transformed once) × chunks of output channels (filters transformed, products summed, outputs added to).
        /// </summary>
        private static void EmitAccumulatingDriver(IndentedWriter w, WinogradPlan plan, WinogradPath path, string refs, bool skipLocalsInit, bool parallel)
        {
            var s = plan.Shape;
            string n = Suffix(path);
            int oc = s.OutChannels, ic = s.InChannels, chunk = path.ChannelChunk, inChunk = path.InChannelChunk;
            int outputChunks = (oc + chunk - 1) / chunk;
            long stackKb = (path.StackFloats + 4 * 15 + s.InputWidth) * 4 / 1024;
            w.Doc(
                $"<summary>The {path.Target.Name} path: the map in {path.Blocks} block{(path.Blocks == 1 ? "" : "s")} of {Plural(path.BlockRows, "tile row")} ({path.BlockRows * path.TilesPerRow} tiles in {Plural(path.BlockVectors, "vector")}),",
                $"input channels {Chunks(ic, inChunk)}, each chunk's tiles transformed once; per chunk of input channels, output channels {Chunks(oc, chunk)}:",
                $"their filters transformed, the products summed{(Accumulates(path) ? " and added to the outputs" : "")}. About {stackKb} KB of stack.{(parallel ? $" Runs part <paramref name=\"part\"/> of {path.Parts}: a contiguous range of the chunks of output channels." : "")}</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            if (skipLocalsInit)
            {
                w.Line("[SkipLocalsInit]");
            }

            w.Open($"public static void Run{path.Target.Name}({refs})");
            EmitStackBlocks(w, s, path, $"{inChunk} input × {chunk} output channels × 16: the transformed filters");
            if (parallel)
            {
                w.Line($"int firstChannel = part * {outputChunks} / {path.Parts} * {chunk}, endChannel = Math.Min((part + 1) * {outputChunks} / {path.Parts} * {chunk}, {oc}); // this part's chunks of output channels, of {path.Parts}");
            }

            w.Open($"for (int ty = 0; ty < {path.TileRows}; ty += {path.BlockRows})");
            bool oneInChunk = inChunk >= ic;
            if (!oneInChunk)
            {
                w.Open($"for (int ic = 0; ic < {ic}; ic += {inChunk})");
            }

            string count = EmitChunkInput(w, s, path);

            w.Line();
            w.Open(parallel ? $"for (int oc = firstChannel; oc < endChannel; oc += {chunk})" : $"for (int oc = 0; oc < {oc}; oc += {chunk})");
            string channels = oc % chunk == 0 ? chunk.ToString(Invariant) : "channels";
            if (channels == "channels")
            {
                w.Line($"int channels = Math.Min({chunk}, {oc} - oc);");
            }

            string weightsAt = oneInChunk ? $"oc * {ic * 9}" : $"oc * {ic * 9} + ic * 9";
            w.Line($"TransformFilterBlock{n}(ref Unsafe.Add(ref weights, {weightsAt}), {channels}, {count}, ref filters);");
            w.Line($"Multiply{n}(ref filters, {count}, ref tiles, ref sums, true);");
            string biasAt = !s.HasBias ? "" : "ref Unsafe.Add(ref bias, oc), ";
            string flags = Accumulates(path) ? $", ic == 0, ic + {inChunk} >= {ic}" : "";
            w.Line($"TransformOutput{n}(ref sums, ref Unsafe.Add(ref output, oc * {s.OutputHeight * s.OutputWidth}), {biasAt}{channels}, ty{flags});");
            w.Close();
            if (!oneInChunk)
            {
                w.Close();
            }

            w.Close();
            w.Close();
        }

        /// <summary>The driver's four stack blocks (each on a cache line) and a row of padding.</summary>
        private static void EmitStackBlocks(IndentedWriter w, ConvShape s, WinogradPath path, string filterComment)
        {
            int chunk = path.ChannelChunk, inChunk = path.InChannelChunk;
            w.Line($"Span<float> filterBlock = stackalloc float[{path.FilterFloats + 15}]; // {filterComment}");
            w.Line($"Span<float> tileBlock = stackalloc float[{16 * path.InputPlane + 15}]; // 16 planes × {inChunk} input channels × {path.BlockStride} tiles: the transformed input");
            if (!path.FoldsProducts)
            {
                w.Line($"Span<float> sumBlock = stackalloc float[{16 * path.SumPlane + 15}]; // 16 planes × {chunk} output channels × {path.BlockStride} tiles: the sums");
            }

            w.Line($"Span<float> rowBlock = stackalloc float[{4 * inChunk * path.CombinedRow + 15}]; // 4 combined rows × {inChunk} input channels");
            w.Line($"Span<float> zeroRow = stackalloc float[{s.InputWidth}]; // a row of padding");
            w.Line("rowBlock.Clear(); // the columns on padding stay zero");
            w.Line("zeroRow.Clear();");
            w.Line("ref float filters = ref Aligned64(filterBlock);");
            w.Line("ref float tiles = ref Aligned64(tileBlock);");
            if (!path.FoldsProducts)
            {
                w.Line("ref float sums = ref Aligned64(sumBlock);");
            }

            w.Line("ref float rows = ref Aligned64(rowBlock);");
            w.Line("ref float zero = ref MemoryMarshal.GetReference(zeroRow);");
        }

        /// <summary>
        /// A block's input, one chunk of input channels (from <c>ic</c>, or all of them): its rows combined and transformed
        /// into tiles, tile row after tile row. Returns the chunk's channel count (a literal, or <c>count</c> where the last
        /// chunk is smaller).
        /// </summary>
        private static string EmitChunkInput(IndentedWriter w, ConvShape s, WinogradPath path)
        {
            string n = Suffix(path);
            int ic = s.InChannels, inChunk = path.InChannelChunk;
            bool oneInChunk = inChunk >= ic;
            string count = oneInChunk || ic % inChunk == 0 ? Math.Min(inChunk, ic).ToString(Invariant) : "count";
            if (count == "count")
            {
                w.Line($"int count = Math.Min({inChunk}, {ic} - ic);");
            }

            string icAt = oneInChunk ? "c" : "ic + c";
            long plane = (long)s.InputHeight * s.InputWidth;
            if (path.BlockRows == 1)
            {
                EmitRowTiles(w, n, path, icAt, plane, count, "ty", "");
            }
            else
            {
                bool partial = path.TileRows % path.BlockRows != 0;
                w.Line("// The block's tile rows one after another in the lanes.");
                w.Open($"for (int r = 0; r < {path.BlockRows}{(partial ? $" && ty + r < {path.TileRows}" : "")}; r++)");
                EmitRowTiles(w, n, path, icAt, plane, count, "ty + r", $" + r * {path.TilesPerRow}");
                w.Close();
            }

            return count;
        }

        /// <summary>One tile row's input, every channel of the chunk: rows combined for all of them first, then de-interleaved into tiles (the loads of a row long after its stores).</summary>
        private static void EmitRowTiles(IndentedWriter w, string n, WinogradPath path, string icAt, long plane, string count, string tileRow, string rowOffset)
        {
            w.Line($"for (int c = 0; c < {count}; c++)");
            w.Line($"    CombineRows{n}(ref Unsafe.Add(ref input, ({icAt}) * {plane}), {tileRow}, ref Unsafe.Add(ref rows, c * {4 * path.CombinedRow}), ref zero);");
            w.Line($"for (int c = 0; c < {count}; c++)");
            w.Line($"    TransformInput{n}(ref Unsafe.Add(ref rows, c * {4 * path.CombinedRow}), ref Unsafe.Add(ref tiles, c * {path.BlockStride}{rowOffset}));");
        }

        private static string Chunks(int total, int chunk) => chunk >= total ? $"all {total} at once" : $"{chunk} at a time";

        internal static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

        /// <summary>
        /// The filter transform U = G·g·Gᵀ of one chunk of output channels, scalar: G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1].
        /// Plane ξ = 4·i + j holds element (i, j) of every filter, input channels × output channels of the chunk; the
        /// chunk's padding channels are zero.
        /// </summary>
        private static void EmitTransformFilters(IndentedWriter w, ConvShape s, int chunk, int filterPlane)
        {
            int ic = s.InChannels;
            w.Doc(
                $"<summary>Transforms the 3×3 filters of <paramref name=\"channels\"/> output channels (from <paramref name=\"weights\"/>, OIHW) to 4×4: U = G·g·Gᵀ,",
                "G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]. Plane 4·i + j of <paramref name=\"filters\"/> holds element (i, j) of every filter,",
                $"[input channel][output channel]; channels past <paramref name=\"channels\"/> (of {chunk}) are zero.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void TransformFilters{chunk}(ref float weights, int channels, ref float filters)");
            w.Open($"for (int c = 0; c < {ic}; c++)");
            w.Open($"for (int o = 0; o < {chunk}; o++)");
            w.Line($"ref float u = ref Unsafe.Add(ref filters, c * {chunk} + o);");
            w.Open("if (o >= channels)");
            for (int plane = 0; plane < 16; plane++)
            {
                w.Line($"Unsafe.Add(ref u, {plane * filterPlane}) = 0f;");
            }

            w.Line("continue;");
            w.Close();
            w.Line();
            w.Line($"ref float g = ref Unsafe.Add(ref weights, (o * {ic} + c) * 9);");
            w.Line("float g00 = g, g01 = Unsafe.Add(ref g, 1), g02 = Unsafe.Add(ref g, 2);");
            w.Line("float g10 = Unsafe.Add(ref g, 3), g11 = Unsafe.Add(ref g, 4), g12 = Unsafe.Add(ref g, 5);");
            w.Line("float g20 = Unsafe.Add(ref g, 6), g21 = Unsafe.Add(ref g, 7), g22 = Unsafe.Add(ref g, 8);");
            w.Line("// G·g: the kernel rows r0, (r0 + r1 + r2)/2, (r0 − r1 + r2)/2, r2.");
            w.Line("float h10 = 0.5f * (g00 + g10 + g20), h11 = 0.5f * (g01 + g11 + g21), h12 = 0.5f * (g02 + g12 + g22);");
            w.Line("float h20 = 0.5f * (g00 - g10 + g20), h21 = 0.5f * (g01 - g11 + g21), h22 = 0.5f * (g02 - g12 + g22);");
            w.Line("// (G·g)·Gᵀ: the same on the columns of each row.");
            string[][] rows =
            {
                new[] { "g00", "g01", "g02" },
                new[] { "h10", "h11", "h12" },
                new[] { "h20", "h21", "h22" },
                new[] { "g20", "g21", "g22" },
            };
            for (int i = 0; i < 4; i++)
            {
                string a = rows[i][0], b = rows[i][1], c = rows[i][2];
                w.Line($"Unsafe.Add(ref u, {4 * i * filterPlane}) = {a};");
                w.Line($"Unsafe.Add(ref u, {(4 * i + 1) * filterPlane}) = 0.5f * ({a} + {b} + {c});");
                w.Line($"Unsafe.Add(ref u, {(4 * i + 2) * filterPlane}) = 0.5f * ({a} - {b} + {c});");
                w.Line($"Unsafe.Add(ref u, {(4 * i + 3) * filterPlane}) = {c};");
            }

            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>
        /// The filter transform of a path with the loops turned round, 16 floats a filter: U = Σ g[kh, kw]·C[kh, kw], where
        /// element 4·i + j of C[kh, kw] is G[i, kh]·G[j, kw]; nine broadcast multiply-adds into one Vector512. The Vector256
        /// path does elements 0–7 of every filter, then 8–15, so its nine constants and three chains fit in the 16 registers
        /// AVX2 has. Filter (input channel c, output channel o) of the block lies at (c·chunk + o)·16.
        /// </summary>
        private static void EmitTransformFilterBlock(IndentedWriter w, ConvShape s, WinogradPath path)
        {
            string n = Suffix(path), v = path.Target.Name;
            int lanes = path.Lanes, chunk = path.ChannelChunk, halves = 16 / lanes;
            double[][] g = { new[] { 1, 0, 0.0 }, new[] { 0.5, 0.5, 0.5 }, new[] { 0.5, -0.5, 0.5 }, new[] { 0, 0, 1.0 } };
            w.Doc(
                $"<summary>Transforms the 3×3 filters of <paramref name=\"channels\"/> output × <paramref name=\"count\"/> input channels (from <paramref name=\"weights\"/>, OIHW, at the",
                $"block's first) to 4×4, U = G·g·Gᵀ: filter (c, o) at (c·{chunk} + o)·16 of <paramref name=\"filters\"/>, element (i, j) at 4·i + j; channels past",
                $"<paramref name=\"channels\"/> (of {chunk}) are zero.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void TransformFilterBlock{n}(ref float weights, int channels, int count, ref float filters)");
            for (int h = 0; h < halves; h++)
            {
                if (halves > 1)
                {
                    if (h > 0)
                    {
                        w.Line();
                    }

                    w.Line($"// Elements {h * lanes}–{h * lanes + lanes - 1} of every filter.");
                    w.Open("");
                }

                w.Line("// Tap (kh, kw) adds its weight times these: element 4·i + j is G[i, kh]·G[j, kw], G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1].");
                for (int kh = 0; kh < 3; kh++)
                {
                    for (int kw = 0; kw < 3; kw++)
                    {
                        var values = Enumerable.Range(h * lanes, lanes).Select(e => Literals.Float((float)(g[e / 4][kh] * g[e % 4][kw]) + 0f)); // + 0: no −0 among the constants
                        w.Line($"var k{kh}{kw} = {v}.Create({string.Join(", ", values)});");
                    }
                }

                string at = h == 0 ? "" : $" + {h * lanes}";
                w.Open($"for (int o = 0; o < {chunk}; o++)");
                w.Line($"ref float u = ref Unsafe.Add(ref filters, o * 16{at});");
                w.Open("if (o >= channels)");
                w.Line("for (int c = 0; c < count; c++)");
                w.Line($"    {v}<float>.Zero.StoreUnsafe(ref u, (nuint)(c * {chunk * 16}));");
                w.Line();
                w.Line("continue;");
                w.Close();
                w.Line();
                w.Line($"ref float g = ref Unsafe.Add(ref weights, o * {s.InChannels * 9});");
                w.Open("for (int c = 0; c < count; c++)");
                w.Line("// Three chains of three taps, one per kernel row.");
                for (int kh = 0; kh < 3; kh++)
                {
                    string Tap(int kw) => kh * 3 + kw == 0 ? $"{v}.Create(g)" : $"{v}.Create(Unsafe.Add(ref g, {kh * 3 + kw}))";
                    w.Line($"var r{kh} = {Tap(0)} * k{kh}0; r{kh} = Mad({Tap(1)}, k{kh}1, r{kh}); r{kh} = Mad({Tap(2)}, k{kh}2, r{kh});");
                }

                w.Line($"(r0 + r1 + r2).StoreUnsafe(ref u, (nuint)(c * {chunk * 16}));");
                w.Line("g = ref Unsafe.Add(ref g, 9);");
                w.Close();
                w.Close();
                if (halves > 1)
                {
                    w.Close();
                }
            }

            w.Close();
        }

        /// <summary>
        /// Bᵀ down the 4 input rows under a tile row (Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]), whole rows at a time,
        /// into 4 combined rows that keep their padding columns zero.
        /// </summary>
        private static void EmitCombineRows(IndentedWriter w, ConvShape s, WinogradPath path)
        {
            string n = Suffix(path);
            int width = s.InputWidth, lanes = path.Lanes;
            var combine = new[] { VectorTarget.Vector512, VectorTarget.Vector256, VectorTarget.Vector128 }.First(t => t.Width <= lanes && t.Width <= width);
            string v = combine.Name;
            w.Doc(
                "<summary>",
                $"Combines the 4 input rows under tile row <paramref name=\"tileRow\"/> of one channel (rows on padding read <paramref name=\"zero\"/>) as Bᵀ does:",
                "r0 − r2, r1 + r2, r2 − r1, r1 − r3, each into a row of <paramref name=\"rows\"/> from column",
                $"{lanes} on (its columns before and after the input's stay zero: the padding).",
                "</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Open($"private static void CombineRows{n}(ref float plane, int tileRow, ref float rows, ref float zero)");
            w.Line(s.PadTop == 0 ? "int y = 2 * tileRow;" : $"int y = 2 * tileRow - {s.PadTop};");
            for (int j = 0; j < 4; j++)
            {
                w.Line(j == 0
                    ? $"ref float r0 = ref (uint)y < {s.InputHeight} ? ref Unsafe.Add(ref plane, y * {width}) : ref zero;"
                    : $"ref float r{j} = ref (uint)(y + {j}) < {s.InputHeight} ? ref Unsafe.Add(ref plane, (y + {j}) * {width}) : ref zero;");
            }

            for (int i = 0; i < 4; i++)
            {
                w.Line($"ref float s{i} = ref Unsafe.Add(ref rows, {i * path.CombinedRow + lanes});");
            }

            int step = combine.Width;
            w.Open($"for (nuint x = 0; x < {width}; x += {step})");
            if (width % step != 0)
            {
                w.Line($"nuint at = x + {step} <= {width} ? x : {width - step}; // the last vector overlaps the one before");
            }

            string a = width % step != 0 ? "at" : "x";
            w.Line($"var a0 = {v}.LoadUnsafe(ref r0, {a});");
            w.Line($"var a1 = {v}.LoadUnsafe(ref r1, {a});");
            w.Line($"var a2 = {v}.LoadUnsafe(ref r2, {a});");
            w.Line($"var a3 = {v}.LoadUnsafe(ref r3, {a});");
            w.Line($"(a0 - a2).StoreUnsafe(ref s0, {a});");
            w.Line($"(a1 + a2).StoreUnsafe(ref s1, {a});");
            w.Line($"(a2 - a1).StoreUnsafe(ref s2, {a});");
            w.Line($"(a1 - a3).StoreUnsafe(ref s3, {a});");
            w.Close();
            w.Close();
        }

        /// <summary>
        /// B down the columns of each combined row: tile t of a row reads columns 2t..2t+3, so the row is split into its
        /// even and odd columns (c0 = even t, c1 = odd t, c2 = even t+1, c3 = odd t+1), and plane 4·i + j of a tile gets
        /// c0 − c2, c1 + c2, c2 − c1, c1 − c3.
        /// </summary>
        private static void EmitTransformInput(IndentedWriter w, ConvShape s, WinogradPath path)
        {
            string n = Suffix(path), vec = path.Target.Type;
            int lanes = path.Lanes;
            w.Doc(
                "<summary>",
                "Transforms one channel's tile row from its 4 combined rows: each row split into even and odd columns, and for",
                "tile t (columns 2t..2t+3) planes 4·i + 0..3 get c0 − c2, c1 + c2, c2 − c1, c1 − c3 (Bᵀ·d·B), the tiles in the lanes.",
                "</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Open($"private static void TransformInput{n}(ref float rows, ref float tiles)");
            if (lanes == 16)
            {
                w.Line("var even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);");
                w.Line("var odd = Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);");
            }

            w.Open("for (int i = 0; i < 4; i++)");
            w.Line($"ref float row = ref Unsafe.Add(ref rows, i * {path.CombinedRow} + {lanes - s.PadLeft}); // the padded row's first column");
            w.Line($"ref float plane = ref Unsafe.Add(ref tiles, 4 * i * {path.InputPlane});");
            if (lanes == 16)
            {
                w.Line("var lo = Vector512.LoadUnsafe(ref row);");
                w.Line("var hi = Vector512.LoadUnsafe(ref row, 16);");
                w.Line("var c0 = Avx512F.PermuteVar16x32x2(lo, even, hi);");
                w.Line("var c1 = Avx512F.PermuteVar16x32x2(lo, odd, hi);");
                w.Open($"for (nuint t = 0; t < {path.RowVectors * lanes}; t += 16)");
                w.Line("lo = Vector512.LoadUnsafe(ref row, 2 * t + 32);");
                w.Line("hi = Vector512.LoadUnsafe(ref row, 2 * t + 48);");
                w.Line("var next0 = Avx512F.PermuteVar16x32x2(lo, even, hi);");
                w.Line("var next1 = Avx512F.PermuteVar16x32x2(lo, odd, hi);");
                w.Line("// Columns 2t + 2 and 2t + 3: the even and odd vectors moved one lane down, the next ones' first lanes last.");
                w.Line("var c2 = Avx512F.AlignRight32(next0.AsUInt32(), c0.AsUInt32(), 1).AsSingle();");
                w.Line("var c3 = Avx512F.AlignRight32(next1.AsUInt32(), c1.AsUInt32(), 1).AsSingle();");
            }
            else
            {
                string v = path.Target.Name;
                w.Open($"for (nuint t = 0; t < {path.RowVectors * lanes}; t += {lanes})");
                w.Line($"var c0 = Evens({v}.LoadUnsafe(ref row, 2 * t), {v}.LoadUnsafe(ref row, 2 * t + {lanes}));");
                w.Line($"var c1 = Odds({v}.LoadUnsafe(ref row, 2 * t), {v}.LoadUnsafe(ref row, 2 * t + {lanes}));");
                w.Line($"var c2 = Evens({v}.LoadUnsafe(ref row, 2 * t + 2), {v}.LoadUnsafe(ref row, 2 * t + {lanes + 2}));");
                w.Line($"var c3 = Odds({v}.LoadUnsafe(ref row, 2 * t + 2), {v}.LoadUnsafe(ref row, 2 * t + {lanes + 2}));");
            }

            w.Line("(c0 - c2).StoreUnsafe(ref plane, t);");
            w.Line($"(c1 + c2).StoreUnsafe(ref plane, t + {path.InputPlane});");
            w.Line($"(c2 - c1).StoreUnsafe(ref plane, t + {2 * path.InputPlane});");
            w.Line($"(c1 - c3).StoreUnsafe(ref plane, t + {3 * path.InputPlane});");
            if (lanes == 16)
            {
                w.Line("c0 = next0;");
                w.Line("c1 = next1;");
            }

            w.Close();
            w.Close();
            w.Close();
            if (lanes == 8)
            {
                w.Line();
                w.Doc("<summary>The even lanes of lo:hi (16 consecutive floats), in order.</summary>");
                w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
                w.Line($"private static {vec} Evens({vec} lo, {vec} hi) => Avx2.Permute4x64(Avx.Shuffle(lo, hi, 0b10_00_10_00).AsDouble(), 0b11_01_10_00).AsSingle();");
                w.Line();
                w.Doc("<summary>The odd lanes of lo:hi (16 consecutive floats), in order.</summary>");
                w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
                w.Line($"private static {vec} Odds({vec} lo, {vec} hi) => Avx2.Permute4x64(Avx.Shuffle(lo, hi, 0b11_01_11_01).AsDouble(), 0b11_01_10_00).AsSingle();");
            }
            else if (lanes == 4)
            {
                // This path runs on x64 without AVX2 and on Arm64: SSE's two-source shuffle, NEON's unzip, else lane by lane.
                w.Line();
                w.Doc("<summary>The even lanes of lo:hi (8 consecutive floats), in order.</summary>");
                w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
                w.Line($"private static {vec} Evens({vec} lo, {vec} hi) =>");
                w.Line("    Sse.IsSupported ? Sse.Shuffle(lo, hi, 0b10_00_10_00) : AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.UnzipEven(lo, hi) : Vector128.Create(lo[0], lo[2], hi[0], hi[2]);");
                w.Line();
                w.Doc("<summary>The odd lanes of lo:hi (8 consecutive floats), in order.</summary>");
                w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
                w.Line($"private static {vec} Odds({vec} lo, {vec} hi) =>");
                w.Line("    Sse.IsSupported ? Sse.Shuffle(lo, hi, 0b11_01_11_01) : AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.UnzipOdd(lo, hi) : Vector128.Create(lo[1], lo[3], hi[1], hi[3]);");
                w.Line();
                w.Doc("<summary>Lanes 0 and 1 of <paramref name=\"even\"/> and <paramref name=\"odd\"/>, interleaved: e0 o0 e1 o1.</summary>");
                w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
                w.Line($"private static {vec} InterleaveLow({vec} even, {vec} odd) =>");
                w.Line("    Sse.IsSupported ? Sse.UnpackLow(even, odd) : AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipLow(even, odd) : Vector128.Create(even[0], odd[0], even[1], odd[1]);");
                w.Line();
                w.Doc("<summary>Lanes 2 and 3 of <paramref name=\"even\"/> and <paramref name=\"odd\"/>, interleaved: e2 o2 e3 o3.</summary>");
                w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
                w.Line($"private static {vec} InterleaveHigh({vec} even, {vec} odd) =>");
                w.Line("    Sse.IsSupported ? Sse.UnpackHigh(even, odd) : AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipHigh(even, odd) : Vector128.Create(even[2], odd[2], even[3], odd[3]);");
            }
        }

        /// <summary>
        /// The 16 products summed over a chunk of input channels: per plane, register tiles of
        /// <see cref="WinogradPath.TileChannels"/> output channels × <see cref="WinogradPath.GroupVectors"/> vectors of tiles,
        /// one broadcast filter value per channel and input channel, one load of tiles per vector.
        /// </summary>
        private static void EmitMultiply(IndentedWriter w, WinogradPath path)
        {
            string n = Suffix(path);
            int lanes = path.Lanes, r = path.TileChannels, group = System.Math.Min(path.GroupVectors, path.BlockVectors);
            int whole = path.BlockVectors / group * group, rest = path.BlockVectors - whole;
            w.Doc(
                "<summary>",
                $"Sums the products of the transformed filters and tiles over <paramref name=\"count\"/> input channels, into the 16 planes of <paramref name=\"sums\"/>",
                $"(set on the first chunk of input channels, added to after): per plane, {r} output channels × {group} vector{(group == 1 ? "" : "s")} of tiles at a time.",
                "</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void Multiply{n}(ref float filters, int count, ref float tiles, ref float sums, bool first)");
            string uAt;
            if (path.AccumulatesOutput)
            {
                // Filters 16 floats apart: a register tile's channels read from a few cache lines for all 16 planes.
                w.Open($"for (int o = 0; o < {path.ChannelChunk}; o += {r})");
                w.Open("for (int plane = 0; plane < 16; plane++)");
                w.Line("ref float u = ref Unsafe.Add(ref filters, o * 16 + plane);");
                uAt = "u";
            }
            else
            {
                w.Open("for (int plane = 0; plane < 16; plane++)");
                w.Line($"ref float u = ref Unsafe.Add(ref filters, plane * {path.FilterPlane});");
                uAt = "Unsafe.Add(ref u, o)";
            }

            w.Line($"ref float v = ref Unsafe.Add(ref tiles, plane * {path.InputPlane});");
            w.Line($"ref float m = ref Unsafe.Add(ref sums, plane * {path.SumPlane});");
            if (!path.AccumulatesOutput)
            {
                w.Open($"for (int o = 0; o < {path.ChannelChunk}; o += {r})");
            }

            if (whole > 0)
            {
                string call = $"Tile{r}x{group}_{n}(ref {uAt}, ref Unsafe.Add(ref v, g), ref Unsafe.Add(ref m, o * {path.BlockStride} + g), count, first);";
                if (whole == group)
                {
                    w.Line(call.Replace(", g)", ", 0)").Replace(" + g)", ")"));
                }
                else
                {
                    w.Line($"for (int g = 0; g < {whole * lanes}; g += {group * lanes})");
                    w.Line($"    {call}");
                }
            }

            if (rest > 0)
            {
                w.Line($"Tile{r}x{rest}_{n}(ref {uAt}, ref Unsafe.Add(ref v, {whole * lanes}), ref Unsafe.Add(ref m, o * {path.BlockStride} + {whole * lanes}), count, first);");
            }

            w.Close();
            w.Close();
            w.Close();
            w.Line();
            EmitTile(w, path, r, group);
            if (rest > 0 && rest != group)
            {
                w.Line();
                EmitTile(w, path, r, rest);
            }
        }

        private static void EmitTile(IndentedWriter w, WinogradPath path, int channels, int vectors)
        {
            string n = Suffix(path), v = path.Target.Name, vec = path.Target.Type;
            int lanes = path.Lanes, stride = path.BlockStride;
            w.Doc($"<summary>One register tile: {channels} output channels × {vectors * lanes} tiles, summed over <paramref name=\"count\"/> input channels.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Open($"private static void Tile{channels}x{vectors}_{n}(ref float u, ref float v, ref float m, int count, bool first)");
            var accumulators = new List<string>();
            for (int c = 0; c < channels; c++)
            {
                for (int k = 0; k < vectors; k++)
                {
                    accumulators.Add($"a{c}_{k}");
                }
            }

            w.Line($"{vec} {string.Join(", ", accumulators)};");
            w.Open("if (first)");
            w.Line($"{string.Join(" = ", accumulators)} = {vec}.Zero;");
            w.Close();
            w.Open("else");
            for (int c = 0; c < channels; c++)
            {
                w.Line(string.Join(" ", Enumerable.Range(0, vectors).Select(k => $"a{c}_{k} = {v}.LoadUnsafe(ref m, {c * stride + k * lanes});")));
            }

            w.Close();
            w.Line();
            w.Open("for (int c = 0; c < count; c++)");
            for (int k = 0; k < vectors; k++)
            {
                w.Line(k == 0 ? $"var x0 = {v}.LoadUnsafe(ref v);" : $"var x{k} = {v}.LoadUnsafe(ref v, {k * lanes});");
            }

            for (int c = 0; c < channels; c++)
            {
                int at = path.AccumulatesOutput ? 16 * c : c;
                string broadcast = c == 0 ? $"{v}.Create(u)" : $"{v}.Create(Unsafe.Add(ref u, {at}))";
                w.Line($"{(c == 0 ? "var " : "")}w = {broadcast}; " + string.Join(" ", Enumerable.Range(0, vectors).Select(k => $"a{c}_{k} = Mad(w, x{k}, a{c}_{k});")));
            }

            w.Line($"u = ref Unsafe.Add(ref u, {(path.AccumulatesOutput ? 16 * path.ChannelChunk : path.ChannelChunk)});");
            w.Line($"v = ref Unsafe.Add(ref v, {stride});");
            w.Close();
            w.Line();
            for (int c = 0; c < channels; c++)
            {
                w.Line(string.Join(" ", Enumerable.Range(0, vectors).Select(k => $"a{c}_{k}.StoreUnsafe(ref m, {c * stride + k * lanes});")));
            }

            w.Close();
        }

        /// <summary>Lane counts of the partial stores the output transform needs: the row's last vector of outputs, where it overhangs the row.</summary>
        private static IEnumerable<int> PartialStores(ConvShape s, WinogradPath path)
        {
            int lanes = path.Lanes, width = (int)s.OutputWidth;
            int full = width / (2 * lanes);
            if (full < path.RowVectors)
            {
                int rest = width - full * 2 * lanes;
                if (rest % lanes != 0)
                {
                    yield return rest % lanes;
                }
            }
        }

        /// <summary>
        /// Aᵀ·M·A per tile (Aᵀ = [1 1 1 0; 0 1 −1 −1]), plus bias and activation, and the tiles' two output columns
        /// interleaved back into rows.
        /// </summary>
        private static void EmitTransformOutput(IndentedWriter w, WinogradPlan plan, WinogradPath path)
        {
            var s = plan.Shape;
            string n = Suffix(path), v = path.Target.Name;
            int lanes = path.Lanes, width = (int)s.OutputWidth, height = (int)s.OutputHeight;
            long planeSize = (long)height * width;
            w.Doc(
                "<summary>",
                $"Folds each tile's 16 sums back to its 2×2 outputs (Y = Aᵀ·M·A, Aᵀ = [1 1 1 0; 0 1 −1 −1]){(s.HasBias ? ", adds the bias" : "")}{(s.Activation != ActivationKind.None ? ", activates" : "")}",
                $"and writes the block's output rows from tile row <paramref name=\"firstTileRow\"/> on, for <paramref name=\"channels\"/> channels.",
                "</summary>");
            string biasParameter = s.HasBias ? "ref float bias, " : "";
            bool accumulate = Accumulates(path);
            if (accumulate)
            {
                w.Doc(
                    "<remarks>The sums cover one chunk of input channels: the first chunk's outputs are stored (with the bias), the later",
                    $"ones added to them{(s.Activation != ActivationKind.None ? ", and the last one's activated" : "")}.</remarks>");
            }

            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void TransformOutput{n}(ref float sums, ref float output, {biasParameter}int channels, int firstTileRow{(accumulate ? ", bool first, bool last" : "")})");
            if (lanes == 16)
            {
                w.Line("var lowPairs = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);");
                w.Line("var highPairs = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);");
            }

            bool partial = path.TileRows % path.BlockRows != 0;
            if (path.BlockRows != 1)
            {
                w.Open($"for (int r = 0; r < {path.BlockRows}{(partial ? $" && firstTileRow + r < {path.TileRows}" : "")}; r++)");
            }

            string r = path.BlockRows == 1 ? "" : "r";
            w.Line($"int y = 2 * {(r == "" ? "firstTileRow" : "(firstTileRow + r)")};");
            bool oddRows = height % 2 != 0;
            w.Open("for (int o = 0; o < channels; o++)");
            w.Line($"ref float m = ref Unsafe.Add(ref sums, o * {path.BlockStride}{(r == "" ? "" : $" + r * {path.TilesPerRow}")});");
            w.Line($"ref float row0 = ref Unsafe.Add(ref output, o * {planeSize} + y * {width});");
            w.Line($"ref float row1 = ref Unsafe.Add(ref row0, {width});");
            if (s.HasBias)
            {
                w.Line(accumulate
                    ? $"var b = first ? {v}.Create(Unsafe.Add(ref bias, o)) : {v}<float>.Zero; // the bias once"
                    : $"var b = {v}.Create(Unsafe.Add(ref bias, o));");
            }

            int full = width / (2 * lanes);
            bool tail = full < path.RowVectors;
            bool blocks = full >= 1 && tail; // two vectors' locals in one method: each in a block of its own
            if (full == 1)
            {
                if (blocks)
                {
                    w.Line("// The row's first outputs.");
                    w.Open("");
                }

                EmitOutputVector(w, s, path, 0, oddRows, lastLanes: null);
                if (blocks)
                {
                    w.Close();
                }
            }
            else if (full > 1)
            {
                w.Open($"for (nuint t = 0; t < {full * lanes}; t += {lanes})");
                EmitOutputVector(w, s, path, null, oddRows, lastLanes: null);
                w.Close();
            }

            if (tail)
            {
                if (blocks)
                {
                    w.Line("// The row's last outputs.");
                    w.Open("");
                }

                EmitOutputVector(w, s, path, full * lanes, oddRows, lastLanes: width - full * 2 * lanes);
                if (blocks)
                {
                    w.Close();
                }
            }

            w.Close();
            CloseIfBlock(w, path.BlockRows != 1);
            w.Close();
        }

        private static void CloseIfBlock(IndentedWriter w, bool opened)
        {
            if (opened)
            {
                w.Close();
            }
        }

        /// <summary>
        /// One vector of tiles (at float <paramref name="tile"/> of the row, or at <c>t</c> in a loop): loads its 16 sums,
        /// folds them, and stores two vectors of each output row, the row's last ones clipped to <paramref name="lastLanes"/> outputs.
        /// </summary>
        private static void EmitOutputVector(IndentedWriter w, ConvShape s, WinogradPath path, int? tile, bool oddRows, int? lastLanes)
        {
            string v = path.Target.Name;
            string At(int plane) => tile is int at
                ? (at + plane * path.SumPlane == 0 ? "" : $", {at + plane * path.SumPlane}")
                : plane == 0 ? ", t" : $", t + {plane * path.SumPlane}";
            for (int i = 0; i < 4; i++)
            {
                w.Line(string.Join(" ", Enumerable.Range(0, 4).Select(j => $"var m{i}{j} = {v}.LoadUnsafe(ref m{At(4 * i + j)});")));
            }

            w.Line("// Aᵀ·M down the columns, then ·A along the rows.");
            w.Line("var p0 = m00 + m10 + m20; var p1 = m01 + m11 + m21; var p2 = m02 + m12 + m22; var p3 = m03 + m13 + m23;");
            w.Line("var q0 = m10 - m20 - m30; var q1 = m11 - m21 - m31; var q2 = m12 - m22 - m32; var q3 = m13 - m23 - m33;");
            bool accumulate = Accumulates(path);
            string Finish(string e)
            {
                string value = s.HasBias ? $"{e} + b" : e;
                return s.Activation == ActivationKind.None || accumulate ? value : $"Activate({value})";
            }

            w.Line($"var y00 = {Finish("p0 + p1 + p2")}; var y01 = {Finish("p1 - p2 - p3")};");
            w.Line($"var y10 = {Finish("q0 + q1 + q2")}; var y11 = {Finish("q1 - q2 - q3")};");
            w.Line("// Even and odd output columns interleaved back into the rows.");
            bool activate = s.Activation != ActivationKind.None;
            EmitRowStores(w, path, "row0", "y00", "y01", tile, lastLanes, accumulate, activate);
            if (oddRows)
            {
                w.Open($"if (y + 1 < {s.OutputHeight})");
                EmitRowStores(w, path, "row1", "y10", "y11", tile, lastLanes, accumulate, activate);
                w.Close();
            }
            else
            {
                EmitRowStores(w, path, "row1", "y10", "y11", tile, lastLanes, accumulate, activate);
            }
        }

        /// <summary>
        /// The expressions of a row's first and second vector of outputs: the even and odd columns interleaved (on
        /// Vector256, after a line that unpacks them).
        /// </summary>
        private static (string Low, string High) Interleaved(IndentedWriter w, WinogradPath path, string row, string even, string odd)
        {
            if (path.Lanes == 16)
            {
                return ($"Avx512F.PermuteVar16x32x2({even}, lowPairs, {odd})", $"Avx512F.PermuteVar16x32x2({even}, highPairs, {odd})");
            }

            if (path.Lanes == 8)
            {
                w.Line($"var {row}Low = Avx.UnpackLow({even}, {odd}); var {row}High = Avx.UnpackHigh({even}, {odd});");
                return ($"Avx.Permute2x128({row}Low, {row}High, 0x20)", $"Avx.Permute2x128({row}Low, {row}High, 0x31)");
            }

            return ($"InterleaveLow({even}, {odd})", $"InterleaveHigh({even}, {odd})");
        }

        private static void EmitRowStores(IndentedWriter w, WinogradPath path, string row, string even, string odd, int? tile, int? lastLanes, bool accumulate, bool activate)
        {
            if (accumulate)
            {
                EmitRowAdds(w, path, row, even, odd, tile, lastLanes, activate);
                return;
            }

            int lanes = path.Lanes;
            var (lo, hi) = Interleaved(w, path, row, even, odd);
            if (tile is not int at)
            {
                w.Line($"{lo}.StoreUnsafe(ref {row}, 2 * t);");
                w.Line($"{hi}.StoreUnsafe(ref {row}, 2 * t + {lanes});");
                return;
            }

            int last = lastLanes ?? 2 * lanes;
            EmitClipped(w, lo, row, 2 * at, Math.Min(last, lanes), lanes);
            if (last > lanes)
            {
                EmitClipped(w, hi, row, 2 * at + lanes, last - lanes, lanes);
            }
        }

        /// <summary>
        /// A row's two vectors of outputs with the loops turned round: interleaved, added to the outputs already there after
        /// the first chunk of input channels (clipped loads where the row ends), activated after the last, and stored.
        /// </summary>
        private static void EmitRowAdds(IndentedWriter w, WinogradPath path, string row, string even, string odd, int? tile, int? lastLanes, bool activate)
        {
            int lanes = path.Lanes;
            var (lo, hi) = Interleaved(w, path, row, even, odd);
            string v = path.Target.Name;
            int last = tile is int ? lastLanes ?? 2 * lanes : 2 * lanes;
            bool second = last > lanes;
            string at0 = tile is int t0 ? (2 * t0).ToString(Invariant) : "2 * t";
            string at1 = tile is int t1 ? (2 * t1 + lanes).ToString(Invariant) : $"2 * t + {lanes}";
            string Load(string at, int count) =>
                count < lanes ? $"Load{count}Of{lanes}(ref {row}, {at})" : at == "0" ? $"{v}.LoadUnsafe(ref {row})" : $"{v}.LoadUnsafe(ref {row}, {at})";
            w.Line(second ? $"var {row}A = {lo}; var {row}B = {hi};" : $"var {row}A = {lo};");
            w.Open("if (!first)");
            w.Line($"{row}A += {Load(at0, Math.Min(last, lanes))};");
            if (second)
            {
                w.Line($"{row}B += {Load(at1, last - lanes)};");
            }

            w.Close();
            w.Line();
            if (activate)
            {
                w.Open("if (last)");
                w.Line($"{row}A = Activate({row}A);");
                if (second)
                {
                    w.Line($"{row}B = Activate({row}B);");
                }

                w.Close();
                w.Line();
            }

            if (tile is not int at)
            {
                w.Line($"{row}A.StoreUnsafe(ref {row}, 2 * t);");
                w.Line($"{row}B.StoreUnsafe(ref {row}, 2 * t + {lanes});");
                return;
            }

            EmitClipped(w, $"{row}A", row, 2 * at, Math.Min(last, lanes), lanes);
            if (second)
            {
                EmitClipped(w, $"{row}B", row, 2 * at + lanes, last - lanes, lanes);
            }
        }

        /// <summary>
        /// <c>Load{n}Of{lanes}</c>: lanes 0..n−1 read from a row where it ends, the rest zero (nothing past the row is read),
        /// from halves down to 4 lanes, then 2 (as a double) or 1.
        /// </summary>
        internal static void EmitPartialLoad(IndentedWriter w, VectorTarget target, int count)
        {
            w.Line();
            w.Doc($"<summary>Lanes 0..{count - 1} of a vector read at <paramref name=\"y\"/>, the rest zero: nothing past them is read (the row ends there).</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Line($"private static {target.Type} Load{count}Of{target.Width}(ref float row, nint y) =>");
            w.Line($"    {PartialLoad(target.Width, count, 0)};");
        }

        private static string PartialLoad(int width, int count, int at)
        {
            string name = width switch { 16 => "Vector512", 8 => "Vector256", _ => "Vector128" };
            string y = Literals.Offset("y", at);
            if (count >= width)
            {
                return $"{name}.LoadUnsafe(ref row, (nuint)({y}))";
            }

            if (width == 4)
            {
                return count switch
                {
                    1 => $"Vector128.CreateScalar(Unsafe.Add(ref row, {y}))",
                    2 => $"Vector128.CreateScalar(Unsafe.ReadUnaligned<double>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref row, {y})))).AsSingle()",
                    _ => $"Vector128.Create(Unsafe.Add(ref row, {y}), Unsafe.Add(ref row, {Literals.Offset("y", at + 1)}), Unsafe.Add(ref row, {Literals.Offset("y", at + 2)}), 0f)",
                };
            }

            int half = width / 2;
            string halfName = half switch { 8 => "Vector256", _ => "Vector128" };
            return count > half
                ? $"{name}.Create({PartialLoad(half, half, at)}, {PartialLoad(half, count - half, at + half)})"
                : $"{name}.Create({PartialLoad(half, count, at)}, {halfName}<float>.Zero)";
        }

        private static void EmitClipped(IndentedWriter w, string value, string row, int at, int count, int lanes)
        {
            if (count >= lanes)
            {
                w.Line($"{value}.StoreUnsafe(ref {row}, {at});");
            }
            else
            {
                w.Line($"Store{count}Of{lanes}({value}, ref {row}, {at});");
            }
        }
    }
}
