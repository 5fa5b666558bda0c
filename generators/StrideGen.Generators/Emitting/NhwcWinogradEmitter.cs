using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>
    /// Writes the kernel class of an NHWC layer run as Winograd's F(2×2, 3×3) with its channels in the vector lanes (see
    /// <see cref="NhwcWinogradPlan"/>): per vector path of the plan, a driver and its four steps (filters, input tiles,
    /// products, outputs); the paths the plan does not take go to the layer's own NHWC kernel.
    /// </summary>
    internal static class NhwcWinogradEmitter
    {
        /// <param name="className">The class the entry method calls.</param>
        /// <param name="pixelClass">The layer's own NHWC kernel, for the paths the plan does not take.</param>
        /// <param name="pixelPaths">That kernel's vector paths, in dispatch order.</param>
        /// <param name="parallel">Whether the layer runs on more than one thread: every driver then takes a part, and the layer's own kernel's too.</param>
        public static void Emit(IndentedWriter w, string className, string pixelClass, NhwcWinogradPlan plan, IReadOnlyList<string> pixelPaths, bool skipLocalsInit, bool parallel)
        {
            var s = plan.Shape;
            string refs = DriverParameters.Refs(s.HasBias, parallel);
            string args = DriverParameters.Args(s.HasBias, parallel);
            var paths = plan.Paths.ToList();

            w.Doc(
                "<summary>",
                "The kernel behind this file's layer, on the widest paths as Winograd's minimal filtering F(2×2, 3×3) with the",
                "channels in the vector lanes: each 2×2 tile of output pixels comes from the 4×4 block of input pixels under it",
                "with 16 multiply-adds per pair of channels, where the window takes 36. Each call transforms the filters (U = G·g·Gᵀ,",
                "9 weights to 16), then, a block of tiles at a time, the input tiles (V = Bᵀ·d·B), multiplies V by U for each of",
                "the 16 transformed positions (tiles × input channels times input × output channels), and folds each tile's 16",
                "sums back to its 4 output pixels (Y = Aᵀ·M·A). Results differ from the window's by rounding only.",
                "</summary>");
            w.Open($"file static class {className}");
            foreach (var path in paths)
            {
                EmitDriver(w, s, path, refs, skipLocalsInit, parallel);
                w.Line();
            }

            foreach (string path in pixelPaths.Where(p => paths.All(q => q.Target.Name != p)).Append("Scalar"))
            {
                w.Doc($"<summary>The {(path == "Scalar" ? "scalar" : path)} path: the layer's NHWC kernel ({pixelClass}).</summary>");
                w.Line($"public static void Run{path}({refs}) => {pixelClass}.Run{path}({args});");
                w.Line();
            }

            foreach (var path in paths)
            {
                EmitTransformFilters(w, s, path);
                w.Line();
                EmitTransformInput(w, s, path);
                w.Line();
                EmitMultiply(w, path);
                foreach (int tiles in GroupSizes(path))
                {
                    w.Line();
                    EmitGroup(w, path, tiles);
                }

                w.Line();
                EmitTransformOutput(w, s, path);
                w.Line();
            }

            KernelHelperEmitter.EmitAligned64(w);
            foreach (var path in paths)
            {
                KernelHelperEmitter.EmitMad(w, path.Target);
            }

            KernelHelperEmitter.EmitActivations(w, s.Activation, s.LeakyReluSlope, paths.Select(p => p.Target));
            w.Line();
            EntryMethodEmitter.EmitThrowHelpers(w);
            w.Close();
        }

        private static string Int(long value) => Literals.Int(value);

        private static string Plural(long count, string noun) => $"{Int(count)} {noun}{(count == 1 ? "" : "s")}";

        /// <summary>Whether the path's output fold adds to what earlier chunks of input channels stored.</summary>
        private static bool Accumulates(ConvShape s, NhwcWinogradPath path) => path.InChunk < s.InChannels;

        /// <summary>The register tiles' tile counts the products need: a whole group, and the remainders of a full block and of the last block.</summary>
        private static IEnumerable<int> GroupSizes(NhwcWinogradPath path) =>
            new[] { path.GroupTiles, path.BlockTiles % path.GroupTiles, path.LastBlockTiles % path.GroupTiles }.Where(n => n > 0).Distinct();

        private static void EmitDriver(IndentedWriter w, ConvShape s, NhwcWinogradPath path, string refs, bool skipLocalsInit, bool parallel)
        {
            string n = path.Target.Name;
            int oc = s.OutChannels, ic = s.InChannels;
            bool accumulates = Accumulates(s, path);
            long stackKb = (path.StackFloats + 16L) * sizeof(float) / 1024;
            w.Doc(
                $"<summary>The {n} path: output channels {Chunks(oc, path.OutChunk)}, input channels {Chunks(ic, path.InChunk)}; the map's",
                $"{Plural(path.Tiles, "tile")} ({Int(path.TileRows)} × {Int(path.TilesPerRow)}) in {Plural(path.Blocks, "block")} of at most {Int(path.BlockTiles)}; about {Int(stackKb)} KB of stack.{PartDoc(path, parallel)}</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            if (skipLocalsInit)
            {
                w.Line("[SkipLocalsInit] // every float of the stack blocks is written before it is read");
            }

            w.Open($"public static void Run{n}({refs})");
            w.Line($"Span<float> blocks = stackalloc float[{Int(path.StackFloats + 16)}];");
            w.Line($"ref float filters = ref Aligned64(blocks); // 16 planes × {Int(path.InChunk)} input × {Int(path.OutChunk)} output channels: the transformed filters");
            w.Line($"ref float tiles = ref Unsafe.Add(ref filters, {Int(16L * path.FilterPlane)}); // 16 planes × {Int(path.BlockTiles)} tiles × {Int(path.InChunk)} input channels: the transformed input");
            w.Line($"ref float sums = ref Unsafe.Add(ref tiles, {Int(16L * path.InputPlane)}); // 16 planes × {Int(path.BlockTiles)} tiles × {Int(path.OutChunk)} output channels: the products' sums");
            w.Open($"for (int o0 = 0; o0 < {Int(oc)}; o0 += {Int(path.OutChunk)})");
            w.Open($"for (int c0 = 0; c0 < {Int(ic)}; c0 += {Int(path.InChunk)})");
            w.Line($"TransformFilters{n}(ref weights, ref filters, c0, o0);");
            if (path.Parts > 1)
            {
                w.Line($"int first = part * {Int(path.Blocks)} / {Int(path.Parts)} * {Int(path.BlockTiles)}, end = Math.Min((part + 1) * {Int(path.Blocks)} / {Int(path.Parts)} * {Int(path.BlockTiles)}, {Int(path.Tiles)}); // this part's blocks, of {Int(path.Parts)}");
            }

            string range = path.Parts > 1 ? "int t0 = first; t0 < end;" : $"int t0 = 0; t0 < {Int(path.Tiles)};";
            w.Open($"for ({range} t0 += {Int(path.BlockTiles)})");
            w.Line(path.Blocks == 1
                ? $"const int count = {Int(path.Tiles)}; // every tile in one block"
                : $"int count = Math.Min({Int(path.BlockTiles)}, {Int(path.Tiles)} - t0); // the block's tiles");
            w.Line($"TransformInput{n}(ref input, ref tiles, t0, count, c0);");
            w.Line($"Multiply{n}(ref tiles, ref filters, ref sums, count);");
            string bias = s.HasBias ? "ref bias, " : "";
            w.Line(accumulates
                ? $"TransformOutput{n}(ref sums, ref output, {bias}t0, count, o0, c0 == 0, c0 == {Int(ic - path.InChunk)}); // the first chunk stores, later ones add, the last activates"
                : $"TransformOutput{n}(ref sums, ref output, {bias}t0, count, o0);");
            w.Close();
            w.Close();
            w.Close();
            w.Close();
        }

        private static string PartDoc(NhwcWinogradPath path, bool parallel) =>
            !parallel ? ""
            : path.Parts > 1 ? $" Runs part <paramref name=\"part\"/> of {Int(path.Parts)}: a contiguous range of blocks, the filters transformed by each part."
            : " The map is one block: part 0 takes it all.";

        private static string Chunks(int channels, int chunk) =>
            chunk >= channels ? $"all {Int(channels)} at once" : $"{Int(chunk)} at a time";

        /// <summary>U = G·g·Gᵀ for a chunk pair, a vector of output channels at a time, from the HWIO weights.</summary>
        private static void EmitTransformFilters(IndentedWriter w, ConvShape s, NhwcWinogradPath path)
        {
            string n = path.Target.Name, vec = path.Target.Type;
            long tapStride = (long)s.InChannels * s.OutChannels;
            w.Doc(
                $"<summary>",
                $"Transforms the filters of input channels c0..c0+{Int(path.InChunk - 1)} and output channels o0..o0+{Int(path.OutChunk - 1)}: U = G·g·Gᵀ with",
                "G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1], a vector of output channels at a time. Plane ξ = 4·i + j holds U[i, j] at",
                $"ξ·{Int(path.FilterPlane)} + c·{Int(path.OutChunk)} + o.",
                "</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void TransformFilters{n}(ref float weights, ref float filters, int c0, int o0)");
            w.Line($"{vec} half = {n}.Create(0.5f);");
            w.Open($"for (int c = 0; c < {Int(path.InChunk)}; c++)");
            w.Open($"for (int o = 0; o < {Int(path.OutChunk)}; o += {Int(path.Lanes)})");
            w.Line($"nint g = (nint)(c0 + c) * {Int(s.OutChannels)} + o0 + o; // HWIO: tap (kh, kw) {Int(tapStride)} floats after the tap before");
            w.Line($"nint u = (nint)c * {Int(path.OutChunk)} + o;");
            for (int kh = 0; kh < 3; kh++)
            {
                string loads = string.Join(", ", Enumerable.Range(0, 3).Select(kw =>
                    $"g{kh}{kw} = {n}.LoadUnsafe(ref weights, (nuint)({Literals.Offset("g", (kh * 3 + kw) * tapStride)}))"));
                w.Line($"{vec} {loads};");
            }

            w.Line("// G·g: the kernel rows combined, a column at a time");
            for (int kw = 0; kw < 3; kw++)
            {
                w.Line($"{vec} r0{kw} = g0{kw}, r1{kw} = (g0{kw} + g1{kw} + g2{kw}) * half, r2{kw} = (g0{kw} - g1{kw} + g2{kw}) * half, r3{kw} = g2{kw};");
            }

            w.Line("// (G·g)·Gᵀ: each row's columns combined, and stored");
            for (int i = 0; i < 4; i++)
            {
                string[] values =
                {
                    $"r{i}0",
                    $"(r{i}0 + r{i}1 + r{i}2) * half",
                    $"(r{i}0 - r{i}1 + r{i}2) * half",
                    $"r{i}2",
                };
                for (int j = 0; j < 4; j++)
                {
                    w.Line($"{n}.StoreUnsafe({values[j]}, ref filters, (nuint)({Literals.Offset("u", (4 * i + j) * (long)path.FilterPlane)}));");
                }
            }

            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>V = Bᵀ·d·B for a block's tiles, a vector of input channels at a time; input pixels in the padding read as zero.</summary>
        private static void EmitTransformInput(IndentedWriter w, ConvShape s, NhwcWinogradPath path)
        {
            string n = path.Target.Name;
            int h = s.InputHeight, wd = s.InputWidth, ic = s.InChannels;
            w.Doc(
                "<summary>",
                $"Transforms input channels c0..c0+{Int(path.InChunk - 1)} of tiles t0..t0+count−1 (tile t covers output rows 2·(t / {Int(path.TilesPerRow)}) and",
                $"columns 2·(t % {Int(path.TilesPerRow)}), two of each, and reads the 4×4 input pixels from row 2·(t / {Int(path.TilesPerRow)}) − {Int(s.PadTop)} and column",
                $"2·(t % {Int(path.TilesPerRow)}) − {Int(s.PadLeft)}): V = Bᵀ·d·B with Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1], a vector of input",
                $"channels at a time. Plane ξ = 4·i + j holds V[i, j] at ξ·{Int(path.InputPlane)} + t·{Int(path.InChunk)} + c. Pixels in the padding read as zero.",
                "</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void TransformInput{n}(ref float input, ref float tiles, int t0, int count, int c0)");
            w.Open("for (int t = 0; t < count; t++)");
            w.Line($"int tile = t0 + t, tr = tile / {Int(path.TilesPerRow)}, tc = tile - tr * {Int(path.TilesPerRow)};");
            w.Line($"int ih = 2 * tr - {Int(s.PadTop)}, iw = 2 * tc - {Int(s.PadLeft)}; // the input pixel under the tile's top left corner");
            w.Line($"nint x = ((nint)ih * {Int(wd)} + iw) * {Int(ic)} + c0, v = (nint)t * {Int(path.InChunk)};");
            bool interiorExists = h >= 4 && wd >= 4;
            if (interiorExists)
            {
                w.Open($"if ((uint)ih <= {Int(h - 4)} && (uint)iw <= {Int(wd - 4)})");
                w.Line("// all 16 pixels on real input");
                w.Open($"for (int c = 0; c < {Int(path.InChunk)}; c += {Int(path.Lanes)})");
                EmitInputTile(w, s, path, (i, j) => null);
                w.Close();
                w.Close();
                w.Open("else");
            }

            w.Line("// a border tile: pixels in the padding read as zero");
            w.Line($"bool r0 = (uint)ih < {Int(h)}, r1 = (uint)(ih + 1) < {Int(h)}, r2 = (uint)(ih + 2) < {Int(h)}, r3 = (uint)(ih + 3) < {Int(h)};");
            w.Line($"bool k0 = (uint)iw < {Int(wd)}, k1 = (uint)(iw + 1) < {Int(wd)}, k2 = (uint)(iw + 2) < {Int(wd)}, k3 = (uint)(iw + 3) < {Int(wd)};");
            w.Open($"for (int c = 0; c < {Int(path.InChunk)}; c += {Int(path.Lanes)})");
            EmitInputTile(w, s, path, (i, j) => $"r{i} & k{j}");
            w.Close();
            if (interiorExists)
            {
                w.Close();
            }

            w.Close();
            w.Close();
        }

        /// <summary>One tile's 16 pixel vectors loaded (under <paramref name="condition"/>, else zero), transformed and stored.</summary>
        private static void EmitInputTile(IndentedWriter w, ConvShape s, NhwcWinogradPath path, System.Func<int, int, string?> condition)
        {
            string n = path.Target.Name, vec = path.Target.Type;
            for (int j = 0; j < 4; j++)
            {
                var loads = Enumerable.Range(0, 4).Select(i =>
                {
                    string load = $"{n}.LoadUnsafe(ref input, (nuint)({Literals.Offset("x + c", ((long)i * s.InputWidth + j) * s.InChannels)}))";
                    string? test = condition(i, j);
                    return $"d{i}{j} = {(test is null ? load : $"{test} ? {load} : {vec}.Zero")}";
                });
                w.Line($"{vec} {string.Join(", ", loads)}; // input column {Int(j)}");
                w.Line($"{vec} b0{j} = d0{j} - d2{j}, b1{j} = d1{j} + d2{j}, b2{j} = d2{j} - d1{j}, b3{j} = d1{j} - d3{j}; // Bᵀ·d, column {Int(j)}");
            }

            for (int i = 0; i < 4; i++)
            {
                string[] values = { $"b{i}0 - b{i}2", $"b{i}1 + b{i}2", $"b{i}2 - b{i}1", $"b{i}1 - b{i}3" };
                for (int j = 0; j < 4; j++)
                {
                    w.Line($"{n}.StoreUnsafe({values[j]}, ref tiles, (nuint)({Literals.Offset("v + c", (4 * i + j) * (long)path.InputPlane)}));");
                }
            }
        }

        /// <summary>The 16 products M = V·U of a block, in register tiles.</summary>
        private static void EmitMultiply(IndentedWriter w, NhwcWinogradPath path)
        {
            string n = path.Target.Name;
            int group = path.GroupTiles, step = path.GroupVectors * path.Lanes;
            w.Doc(
                $"<summary>For each of the 16 planes: the block's sums M = V·U, count tiles × {Int(path.OutChunk)} output channels, each the sum over the chunk's",
                $"{Int(path.InChunk)} input channels; in register tiles of {Plural(group, "tile")} × {Plural(path.GroupVectors, "vector")} of output channels.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void Multiply{n}(ref float tiles, ref float filters, ref float sums, int count)");
            w.Open("for (int xi = 0; xi < 16; xi++)");
            w.Line($"ref float v = ref Unsafe.Add(ref tiles, xi * {Int(path.InputPlane)});");
            w.Line($"ref float u = ref Unsafe.Add(ref filters, xi * {Int(path.FilterPlane)});");
            w.Line($"ref float m = ref Unsafe.Add(ref sums, xi * {Int(path.SumPlane)});");
            w.Line("int t = 0;");
            w.Open($"for (; t + {Int(group)} <= count; t += {Int(group)})");
            w.Open($"for (int o = 0; o < {Int(path.OutChunk)}; o += {Int(step)})");
            w.Line($"Group{n}x{Int(group)}(ref Unsafe.Add(ref v, t * {Int(path.InChunk)}), ref Unsafe.Add(ref u, o), ref Unsafe.Add(ref m, t * {Int(path.OutChunk)} + o));");
            w.Close();
            w.Close();
            var rests = GroupSizes(path).Where(r => r != group).ToList();
            foreach (int rest in rests)
            {
                w.Open($"{(rest == rests[0] ? "" : "else ")}if (count - t == {Int(rest)})");
                w.Open($"for (int o = 0; o < {Int(path.OutChunk)}; o += {Int(step)})");
                w.Line($"Group{n}x{Int(rest)}(ref Unsafe.Add(ref v, t * {Int(path.InChunk)}), ref Unsafe.Add(ref u, o), ref Unsafe.Add(ref m, t * {Int(path.OutChunk)} + o));");
                w.Close();
                w.Close();
            }

            w.Close();
            w.Close();
        }

        /// <summary>One register tile: <paramref name="tiles"/> tiles × the path's output-channel vectors, summed over the chunk's input channels.</summary>
        private static void EmitGroup(IndentedWriter w, NhwcWinogradPath path, int tiles)
        {
            string n = path.Target.Name, vec = path.Target.Type;
            int vectors = path.GroupVectors, lanes = path.Lanes;
            w.Doc($"<summary>Sums of {Plural(tiles, "tile")} × {Int(vectors * lanes)} output channels over the chunk's {Int(path.InChunk)} input channels: each input a broadcast, each filter vector read once per input channel.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void Group{n}x{Int(tiles)}(ref float v, ref float u, ref float m)");
            for (int p = 0; p < tiles; p++)
            {
                w.Line($"{vec} {string.Join(", ", Enumerable.Range(0, vectors).Select(g => $"a{p}_{g} = {vec}.Zero"))};");
            }

            w.Line($"nint cu = 0; // the filters of input channel c: c·{Int(path.OutChunk)}");
            w.Open($"for (nint c = 0; c < {Int(path.InChunk)}; c++, cu += {Int(path.OutChunk)})");
            w.Line($"{vec} {string.Join(", ", Enumerable.Range(0, vectors).Select(g => $"u{g} = {n}.LoadUnsafe(ref u, (nuint)({Literals.Offset("cu", (long)g * lanes)}))"))}, x;");
            for (int p = 0; p < tiles; p++)
            {
                w.Line($"x = {n}.Create(Unsafe.Add(ref v, {Literals.Offset("c", (long)p * path.InChunk)}));");
                w.Line(string.Join(" ", Enumerable.Range(0, vectors).Select(g => $"a{p}_{g} = Mad(x, u{g}, a{p}_{g});")));
            }

            w.Close();
            for (int p = 0; p < tiles; p++)
            {
                w.Line(string.Join(" ", Enumerable.Range(0, vectors).Select(g => $"{n}.StoreUnsafe(a{p}_{g}, ref m, {Int((long)p * path.OutChunk + g * lanes)});")));
            }

            w.Close();
        }

        /// <summary>Y = Aᵀ·M·A for a block's tiles, a vector of output channels at a time, into the output pixels.</summary>
        private static void EmitTransformOutput(IndentedWriter w, ConvShape s, NhwcWinogradPath path)
        {
            string n = path.Target.Name, vec = path.Target.Type;
            bool accumulates = Accumulates(s, path);
            bool activate = s.Activation != ActivationKind.None;
            long oh = s.OutputHeight, ow = s.OutputWidth;
            int oc = s.OutChannels;
            w.Doc(
                "<summary>",
                $"Folds the sums of tiles t0..t0+count−1 back to their output pixels, output channels o0..o0+{Int(path.OutChunk - 1)}: Y = Aᵀ·M·A with",
                $"Aᵀ = [1 1 1 0; 0 1 −1 −1], a vector of output channels at a time{(s.HasBias ? (accumulates ? "; the first chunk of input channels adds the bias" : "; adds the bias") : "")}{(accumulates ? ", later ones add to the outputs stored" : "")}{(activate ? (accumulates ? ", and the last activates" : ", activates") : "")}.",
                oh % 2 == 1 || ow % 2 == 1 ? "The last tile row or column covers one output row or column: its other half is not stored." : "Every tile's four pixels are outputs.",
                "</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            string parameters = $"ref float sums, ref float output, {(s.HasBias ? "ref float bias, " : "")}int t0, int count, int o0{(accumulates ? ", bool first, bool last" : "")}";
            w.Open($"private static void TransformOutput{n}({parameters})");
            w.Open("for (int t = 0; t < count; t++)");
            w.Line($"int tile = t0 + t, tr = tile / {Int(path.TilesPerRow)}, tc = tile - tr * {Int(path.TilesPerRow)};");
            w.Line($"nint y = ((nint)(2 * tr) * {Int(ow)} + 2 * tc) * {Int(oc)} + o0, m = (nint)t * {Int(path.OutChunk)}; // output pixel (2·tr, 2·tc)");
            if (ow % 2 == 1)
            {
                w.Line($"bool right = 2 * tc + 1 < {Int(ow)}; // the tile's right column is an output column");
            }

            if (oh % 2 == 1)
            {
                w.Line($"bool lower = 2 * tr + 1 < {Int(oh)}; // the tile's lower row is an output row");
            }

            w.Open($"for (int o = 0; o < {Int(path.OutChunk)}; o += {Int(path.Lanes)})");
            for (int j = 0; j < 4; j++)
            {
                var loads = Enumerable.Range(0, 4).Select(i => $"m{i}{j} = {n}.LoadUnsafe(ref sums, (nuint)({Literals.Offset("m + o", (4 * i + j) * (long)path.SumPlane)}))");
                w.Line($"{vec} {string.Join(", ", loads)};");
                w.Line($"{vec} s0{j} = m0{j} + m1{j} + m2{j}, s1{j} = m1{j} - m2{j} - m3{j}; // Aᵀ·M, column {Int(j)}");
            }

            w.Line($"{vec} y00 = s00 + s01 + s02, y01 = s01 - s02 - s03, y10 = s10 + s11 + s12, y11 = s11 - s12 - s13;");
            var pixels = new[]
            {
                (Name: "y00", Offset: 0L, Test: (string?)null),
                (Name: "y01", Offset: (long)oc, Test: ow % 2 == 1 ? "right" : null),
                (Name: "y10", Offset: ow * oc, Test: oh % 2 == 1 ? "lower" : null),
                (Name: "y11", Offset: (ow + 1) * oc, Test: oh % 2 == 1 && ow % 2 == 1 ? "lower & right" : oh % 2 == 1 ? "lower" : ow % 2 == 1 ? "right" : null),
            };
            string Address(long offset) => $"(nuint)({Literals.Offset("y + o", offset)})";
            if (s.HasBias)
            {
                if (accumulates)
                {
                    w.Open("if (first)");
                }

                w.Line($"{vec} b = {n}.LoadUnsafe(ref bias, (nuint)(o0 + o));");
                w.Line("y00 += b; y01 += b; y10 += b; y11 += b;");
                if (accumulates)
                {
                    w.Close();
                }
            }

            if (accumulates)
            {
                w.Open(s.HasBias ? "else" : "if (!first)");
                w.Line("// the outputs the earlier chunks of input channels stored");
                foreach (var (name, offset, test) in pixels)
                {
                    string load = $"{n}.LoadUnsafe(ref output, {Address(offset)})";
                    w.Line(test is null ? $"{name} += {load};" : $"if ({test}) {name} += {load};");
                }

                w.Close();
            }

            if (activate)
            {
                if (accumulates)
                {
                    w.Open("if (last)");
                }

                w.Line("y00 = Activate(y00); y01 = Activate(y01); y10 = Activate(y10); y11 = Activate(y11);");
                if (accumulates)
                {
                    w.Close();
                }
            }

            foreach (var (name, offset, test) in pixels)
            {
                string store = $"{n}.StoreUnsafe({name}, ref output, {Address(offset)});";
                w.Line(test is null ? store : $"if ({test}) {store}");
            }

            w.Close();
            w.Close();
            w.Close();
        }
    }
}
