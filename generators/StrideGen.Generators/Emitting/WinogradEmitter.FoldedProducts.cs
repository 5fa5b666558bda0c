using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>
    /// The products and output transform of a path with <see cref="WinogradPath.FoldsProducts"/>: the 16 sums of a vector
    /// of tiles summed over every input channel in registers and folded straight into its outputs.
    /// </summary>
    internal static partial class WinogradEmitter
    {
        /// <summary>
        /// <c>FoldProducts{lanes}</c>, which deals a chunk's output channels to <c>Fold{g}_{lanes}</c> in groups of
        /// <see cref="WinogradPath.TileChannels"/> (a last smaller group one channel at a time), and those methods.
        /// </summary>
        private static void EmitFoldProducts(IndentedWriter w, WinogradPlan plan, WinogradPath path)
        {
            var s = plan.Shape;
            string n = Suffix(path);
            int g = path.TileChannels;
            long planeSize = (long)s.OutputHeight * s.OutputWidth;
            string biasParameter = s.HasBias ? "ref float bias, " : "";
            string BiasAt(string o) => s.HasBias ? $"ref Unsafe.Add(ref bias, {o}), " : "";
            w.Doc(
                "<summary>",
                $"The outputs of tile row <paramref name=\"firstTileRow\"/> for <paramref name=\"channels\"/> output channels: {Plural(g, "channel")} at a time,",
                "each vector of tiles' 16 sums over the input channels kept in registers and folded to outputs (Y = Aᵀ·M·A).",
                "</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void FoldProducts{n}(ref float filters, ref float tiles, ref float output, {biasParameter}int channels, int firstTileRow)");
            bool remainder = RemainderChannels(s, path);
            if (g == 1)
            {
                w.Line("for (int o = 0; o < channels; o++)");
                w.Line($"    Fold1_{n}(ref Unsafe.Add(ref filters, o), ref tiles, ref Unsafe.Add(ref output, o * {planeSize}), {BiasAt("o")}firstTileRow);");
            }
            else
            {
                w.Line("int o = 0;");
                w.Line($"for (; o + {g} <= channels; o += {g})");
                w.Line($"    Fold{g}_{n}(ref Unsafe.Add(ref filters, o), ref tiles, ref Unsafe.Add(ref output, o * {planeSize}), {BiasAt("o")}firstTileRow);");
                if (remainder)
                {
                    w.Line("for (; o < channels; o++)");
                    w.Line($"    Fold1_{n}(ref Unsafe.Add(ref filters, o), ref tiles, ref Unsafe.Add(ref output, o * {planeSize}), {BiasAt("o")}firstTileRow);");
                }
            }

            w.Close();
            w.Line();
            EmitFold(w, s, path, g);
            if (g > 1 && remainder)
            {
                w.Line();
                EmitFold(w, s, path, 1);
            }
        }

        /// <summary>Whether some chunk's channel count is not a whole number of groups (the layer's last chunk, or every chunk).</summary>
        private static bool RemainderChannels(ConvShape s, WinogradPath path)
        {
            int chunk = path.ChannelChunk, last = s.OutChannels % chunk;
            return (chunk < s.OutChannels && chunk % path.TileChannels != 0)
                || (System.Math.Min(chunk, s.OutChannels) % path.TileChannels != 0)
                || (last != 0 && last % path.TileChannels != 0);
        }

        /// <summary>
        /// <c>Fold{channels}_{lanes}</c>: the outputs of <paramref name="channels"/> output channels for the block's one tile
        /// row (<see cref="WinogradPlanner.PlanFolded"/>), its vectors of tiles in a loop and its last (overhanging) vector clipped.
        /// </summary>
        private static void EmitFold(IndentedWriter w, ConvShape s, WinogradPath path, int channels)
        {
            string n = Suffix(path), v = path.Target.Name;
            int lanes = path.Lanes, width = (int)s.OutputWidth, height = (int)s.OutputHeight;
            long planeSize = (long)height * width;
            w.Doc(
                $"<summary>{(channels == 1 ? "One output channel's" : $"{channels} output channels'")} outputs in tile row <paramref name=\"firstTileRow\"/>: per vector of",
                $"tiles, the 16 sums a row of 4 at a time over all {s.InChannels} input channels, each row folded as soon as it is summed.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void Fold{channels}_{n}(ref float u, ref float m, ref float output, {(s.HasBias ? "ref float bias, " : "")}int firstTileRow)");
            if (lanes == 16)
            {
                w.Line("var lowPairs = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);");
                w.Line("var highPairs = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);");
            }

            if (s.HasBias)
            {
                w.Line(string.Join(" ", Enumerable.Range(0, channels).Select(k => k == 0 ? $"var b0 = {v}.Create(bias);" : $"var b{k} = {v}.Create(Unsafe.Add(ref bias, {k}));")));
            }

            w.Line("int y = 2 * firstTileRow;");

            for (int k = 0; k < channels; k++)
            {
                w.Line($"ref float row0_{k} = ref Unsafe.Add(ref output, {(k == 0 ? "" : $"{k * planeSize} + ")}y * {width});");
                w.Line($"ref float row1_{k} = ref Unsafe.Add(ref row0_{k}, {width});");
            }

            int full = width / (2 * lanes);
            bool tail = full < path.RowVectors;
            if (full == 1)
            {
                EmitFoldVector(w, s, path, channels, tile: 0, lastLanes: null, block: tail ? "The row's first outputs." : null);
            }
            else if (full > 1)
            {
                w.Open($"for (nuint t = 0; t < {full * lanes}; t += {lanes})");
                EmitFoldVector(w, s, path, channels, tile: null, lastLanes: null, block: null);
                w.Close();
            }

            if (tail)
            {
                EmitFoldVector(w, s, path, channels, tile: full * lanes, lastLanes: width - full * 2 * lanes, block: full >= 1 ? "The row's last outputs." : null);
            }

            w.Close();
        }

        /// <summary>
        /// One vector of tiles (at float <paramref name="tile"/> of the tile row, or at <c>t</c> in a loop) for every channel
        /// of the group: the 4 rows of sums one after another, each summed over the input channels (4 planes × the group's
        /// channels in registers) and folded at once; then bias, activation and the interleaved stores, the row's last
        /// ones clipped to <paramref name="lastLanes"/> outputs. In a block of its own where <paramref name="block"/> says why.
        /// </summary>
        private static void EmitFoldVector(IndentedWriter w, ConvShape s, WinogradPath path, int channels, int? tile, int? lastLanes, string? block)
        {
            string v = path.Target.Name, vec = path.Target.Type;
            var ks = Enumerable.Range(0, channels).ToList();
            if (block is not null)
            {
                w.Line($"// {block}");
                w.Open("");
            }

            string at = tile is int t0 ? (t0 == 0 ? "" : $", {t0}") : ", t";
            w.Line($"{vec} {string.Join(", ", ks.SelectMany(k => new[] { $"y00_{k}", $"y01_{k}", $"y10_{k}", $"y11_{k}" }))};");
            for (int i = 0; i < 4; i++)
            {
                w.Line($"// Row {i} of the sums: planes {4 * i}–{4 * i + 3}, over the input channels.");
                w.Open("");
                w.Line($"{vec} {string.Join(", ", ks.SelectMany(k => Enumerable.Range(0, 4).Select(j => $"s{k}{j}")))};");
                w.Line($"{string.Join(" = ", ks.SelectMany(k => Enumerable.Range(0, 4).Select(j => $"s{k}{j}")))} = {v}<float>.Zero;");
                w.Line(i == 0 ? "ref float x = ref m; // plane 0, input channel 0" : $"ref float x = ref Unsafe.Add(ref m, {4 * i * path.InputPlane}); // plane {4 * i}, input channel 0");
                w.Line(i == 0 ? "ref float f = ref u;" : $"ref float f = ref Unsafe.Add(ref u, {4 * i * path.FilterPlane});");
                w.Open($"for (int c = 0; c < {s.InChannels}; c++)");
                for (int j = 0; j < 4; j++)
                {
                    string load = $"{v}.LoadUnsafe(ref x{(j == 0 ? at : tile is int tj ? $", {tj + j * path.InputPlane}" : $", t + {j * path.InputPlane}")})";
                    var terms = ks.Select(k =>
                    {
                        string uAt = j * path.FilterPlane + k == 0 ? "f" : $"Unsafe.Add(ref f, {j * path.FilterPlane + k})";
                        return $"s{k}{j} = Mad({v}.Create({uAt}), x{j}, s{k}{j});";
                    });
                    w.Line($"var x{j} = {load}; {string.Join(" ", terms)}");
                }

                w.Line($"x = ref Unsafe.Add(ref x, {path.BlockStride});");
                w.Line($"f = ref Unsafe.Add(ref f, {path.ChannelChunk});");
                w.Close();
                w.Line("// ·A along the row: its even and odd output columns.");
                foreach (int k in ks)
                {
                    string e = $"s{k}0 + s{k}1 + s{k}2", o = $"s{k}1 - s{k}2 - s{k}3";
                    w.Line(i switch
                    {
                        0 => $"y00_{k} = {e}; y01_{k} = {o};",
                        1 => $"var e{k} = {e}; var o{k} = {o}; y00_{k} += e{k}; y01_{k} += o{k}; y10_{k} = e{k}; y11_{k} = o{k};",
                        2 => $"var e{k} = {e}; var o{k} = {o}; y00_{k} += e{k}; y01_{k} += o{k}; y10_{k} -= e{k}; y11_{k} -= o{k};",
                        _ => $"y10_{k} -= {e}; y11_{k} -= {o};",
                    });
                }

                w.Close();
            }

            bool activate = s.Activation != ActivationKind.None;
            w.Line((s.HasBias, activate) switch
            {
                (true, true) => "// Bias and activation, then the even and odd output columns interleaved back into the rows.",
                (true, false) => "// Bias, then the even and odd output columns interleaved back into the rows.",
                (false, true) => "// Activation, then the even and odd output columns interleaved back into the rows.",
                _ => "// The even and odd output columns interleaved back into the rows.",
            });
            foreach (int k in ks)
            {
                string Finish(string y)
                {
                    string value = s.HasBias ? $"{y} + b{k}" : y;
                    return activate ? $"Activate({value})" : value;
                }

                if (s.HasBias || activate)
                {
                    w.Line($"y00_{k} = {Finish($"y00_{k}")}; y01_{k} = {Finish($"y01_{k}")}; y10_{k} = {Finish($"y10_{k}")}; y11_{k} = {Finish($"y11_{k}")};");
                }

                EmitRowStores(w, path, $"row0_{k}", $"y00_{k}", $"y01_{k}", tile, lastLanes, accumulate: false, activate);
                if (s.OutputHeight % 2 != 0)
                {
                    w.Open($"if (y + 1 < {s.OutputHeight})");
                    EmitRowStores(w, path, $"row1_{k}", $"y10_{k}", $"y11_{k}", tile, lastLanes, accumulate: false, activate);
                    w.Close();
                }
                else
                {
                    EmitRowStores(w, path, $"row1_{k}", $"y10_{k}", $"y11_{k}", tile, lastLanes, accumulate: false, activate);
                }
            }

            if (block is not null)
            {
                w.Close();
            }
        }
    }
}
