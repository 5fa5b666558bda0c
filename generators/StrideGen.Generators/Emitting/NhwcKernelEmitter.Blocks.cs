using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    internal sealed partial class NhwcKernelEmitter
    {
        /// <summary>The names of one channel block's methods: <c>Row16</c>, <c>Tile16x6</c>, <c>Pixel4Scalar</c>, …</summary>
        private readonly struct MethodNames
        {
            public MethodNames(NhwcPath path, ChannelBlock block)
            {
                // (Vector256 names carry no suffix: it was the only vector path.)
                string suffix = !path.IsVector ? "Scalar" : path.LaneWidth == NhwcKernelPlan.VectorWidth ? "" : path.Target.Name;
                Row = $"Row{block.Name}{suffix}";
                Pixel = $"Pixel{block.Name}{suffix}";
                Tile = $"Tile{block.Name}x{block.Pixels}{suffix}";
                PackChunk = $"PackChunk{block.Name}{suffix}";
                string tile = Tile;
                EdgeTile = edge => $"{tile}At{edge.Start}";
            }

            /// <summary>An edge tile's method: the tile's name and its first column (<c>Tile16x6At0</c>).</summary>
            public System.Func<EdgeTile, string> EdgeTile { get; }

            public string Row { get; }

            public string Pixel { get; }

            public string Tile { get; }

            /// <summary>The method that packs a chunk's weights for a chunked block (<c>PackChunk48Vector512</c>).</summary>
            public string PackChunk { get; }
        }

        /// <summary>Writes the methods of one channel block in one path: the row method, the register tile and the border pixel.</summary>
        private sealed class BlockEmitter
        {
            private readonly NhwcKernelEmitter k;
            private readonly IndentedWriter w;
            private readonly ConvShape s;
            private readonly ChannelBlock block;
            private readonly bool vector;
            private readonly int laneWidth;
            private readonly string type; // Vector512 or Vector256 (the static class of the vector type), or "" for scalar
            private readonly MethodNames names;
            private int broadcasts; // numbers the border pixel's broadcast values, so every one has a name of its own

            public BlockEmitter(NhwcKernelEmitter kernel, NhwcPath path, ChannelBlock block)
            {
                k = kernel;
                w = kernel.w;
                s = kernel.s;
                this.block = block;
                vector = path.IsVector;
                laneWidth = path.LaneWidth;
                type = vector ? path.Target.Name : "";
                names = new MethodNames(path, block);
            }

            private string Lane => vector ? $"{type}<float>" : "float";

            /// <summary>The block's channels, for doc comments: "output channels oc..oc+15", "output channels oc-4..oc+3".</summary>
            private string Channels
            {
                get
                {
                    int from = block.Offsets[0], to = block.Offsets[block.Offsets.Count - 1] + laneWidth - 1;
                    return from == to ? $"output channel {Compact(from)}" : $"output channels {Compact(from)}..{Compact(to)}";

                    static string Compact(int offset) => offset == 0 ? "oc" : offset > 0 ? $"oc+{offset}" : $"oc-{-offset}";
                }
            }

            private bool ChannelLoop => !k.depthwise && s.InChannelsPerGroup > 1;

            /// <summary>Whether the block passes over the rows once per chunk of input channels (see <see cref="ChannelBlock.ChunkChannels"/>).</summary>
            private bool Chunked => !k.depthwise && block.ChunkChannels < s.InChannelsPerGroup;

            /// <summary>Input channels one call of a tile or pixel method reads.</summary>
            private int CallChannels => k.depthwise ? 1 : block.ChunkChannels;

            /// <summary>The extra parameters and arguments of a chunked block's tile and pixel methods.</summary>
            private string ChunkParameters => Chunked ? ", int cc, bool firstChunk, bool lastChunk" : "";

            private string ChunkArguments => Chunked ? ", cc, firstChunk, lastChunk" : "";

            /// <summary>
            /// Where the weights of output channel oc for the call's first input channel start (HWIO, tap (0, 0)); in a block
            /// that packs its chunks, the chunk's packed weights, which start with them.
            /// </summary>
            private string WeightBase => block.PacksChunks ? "0" : Chunked ? $"oc + cc * {s.OutChannels}" : "oc";

            /// <summary>Weights between one input channel's and the next's: a row of HWIO, or of the packed chunk ([tap][channel][block]).</summary>
            private long ChannelWeights => block.PacksChunks ? block.Step : s.OutChannels;

            /// <summary>Weights of one tap (kh, kw): all input channels of HWIO, or the chunk's.</summary>
            private long TapWeights => ChannelWeights * (block.PacksChunks ? block.ChunkChannels : s.InChannelsPerGroup);

            /// <summary>Weights of one kernel row.</summary>
            private long KernelRowWeights => s.KernelWidth * TapWeights;

            public void Emit()
            {
                if (block.PacksChunks)
                {
                    EmitPackChunk();
                }

                EmitRow();
                if (block.Tiles.Count > 0)
                {
                    EmitTile();
                }

                foreach (var edge in block.Edges)
                {
                    EmitEdgeTile(edge);
                }

                if (block.Edges.Count == 0 && k.plan.ColumnBands.Any(b => !k.plan.IsInteriorColumnBand(b)))
                {
                    EmitPixel();
                }
            }

            /// <summary>
            /// The chunk packing: the weights of the block's channels for the chunk's input channels, every tap, copied to
            /// [tap][channel][block channels]. In HWIO a channel's row of the block is OutChannels floats from the next; with
            /// a power-of-two count of them a chunk's rows crowd into few of L1's sets and evict each other.
            /// </summary>
            private void EmitPackChunk()
            {
                int taps = s.KernelHeight * s.KernelWidth, chunk = block.ChunkChannels;
                w.Line();
                w.Doc($"<summary>Copies the weights of output channels oc..oc+{block.Step - 1} for input channels cc..cc+{chunk - 1} of each of the {taps} taps to <paramref name=\"packed\"/>, contiguous: [tap][channel][{block.Step}].</summary>");
                w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                w.Open($"private static void {names.PackChunk}(ref float weights, int oc, int cc, ref float packed)");
                w.Open($"for (nint t = 0; t < {taps}; t++)");
                w.Open($"for (nint c = 0; c < {chunk}; c++)");
                w.Line($"ref float from = ref Unsafe.Add(ref weights, (t * {s.InChannelsPerGroup} + cc + c) * {s.OutChannels} + oc);");
                w.Line($"ref float to = ref Unsafe.Add(ref packed, (t * {chunk} + c) * {block.Step});");
                for (int i = 0; i < block.Step; i += laneWidth)
                {
                    w.Line(i == 0 ? $"{type}.LoadUnsafe(ref from).StoreUnsafe(ref to);" : $"{type}.LoadUnsafe(ref from, {i}).StoreUnsafe(ref to, {i});");
                }

                w.Close();
                w.Close();
                w.Close();
            }

            private void EmitRow()
            {
                w.Line();
                string borders = block.Edges.Count == 0 ? "border columns one pixel at a time" : "border columns in edge tiles that skip their taps on padding";
                w.Doc($"<summary>Output row <paramref name=\"oh\"/>, {Channels}, reading kernel rows [khFirst, khEnd): interior columns in register tiles, {borders}.</summary>");
                w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                w.Open($"private static void {names.Row}({k.Refs}, {k.ChannelParameters}, int oh, int khFirst, int khEnd{(Chunked ? ", int cc" : "")})");
                string row = Literals.Offset(s.StrideHeight == 1 ? "oh" : $"oh * {s.StrideHeight}", -s.PadTop);
                string rowStart = row == "oh" ? "(nint)oh" : $"(nint)({row})";
                string channel = k.depthwise ? "oc" : "c0";
                string where = s.PadTop > 0 ? " (in the top padding for the first rows)" : "";
                if (Chunked)
                {
                    w.Line($"nint x = {rowStart} * {k.InputRow} + c0 + cc; // input row of kernel row 0{where}, the chunk's first channel");
                    w.Line($"bool firstChunk = cc == 0, lastChunk = cc == {s.InChannelsPerGroup - block.ChunkChannels}; // the first stores partial sums, the last activates");
                }
                else
                {
                    w.Line($"nint x = {rowStart} * {k.InputRow} + {channel}; // input row of kernel row 0{where}, channel {channel}");
                }

                w.Line($"nint y = (nint)oh * {k.OutputRow} + oc;");
                if (block.Edges.Count > 0)
                {
                    // The whole row in tiles, left to right: an edge tile at each end, interior tiles between them.
                    EmitEdgeCall(block.Edges[0]);
                    EmitTileCalls($"columns {block.Edges[0].Pixels}..{block.Tiles.Select(run => run.End).DefaultIfEmpty(block.Edges[0].Pixels).Max() - 1}: interior");
                    foreach (var edge in block.Edges.Skip(1))
                    {
                        EmitEdgeCall(edge);
                    }

                    w.Close();
                    return;
                }

                foreach (var band in k.plan.ColumnBands)
                {
                    if (k.plan.IsInteriorColumnBand(band) && block.Tiles.Count > 0)
                    {
                        EmitTileCalls($"columns {band.Start}..{band.End - 1}: interior");
                        continue;
                    }

                    string what = k.plan.IsInteriorColumnBand(band) ? "interior" : band.TapFirst == band.TapEnd ? "padding only" : $"kernel columns {band.TapFirst}..{band.TapEnd - 1}";
                    string taps = $"oc, khFirst, khEnd, {band.TapFirst}, {band.TapEnd}{ChunkArguments}";
                    if (band.Length == 1)
                    {
                        w.Line($"{names.Pixel}({k.RefArgs}, {InputColumn(band.Start)}, {OutputColumn(band.Start)}, {taps}); // column {band.Start}: {what}");
                    }
                    else
                    {
                        w.Line($"for (nint ow = {band.Start}; ow < {band.End}; ow++) {names.Pixel}({k.RefArgs}, {InputColumn(null)}, {OutputColumn(null)}, {taps}); // columns {band.Start}..{band.End - 1}: {what}");
                    }
                }

                w.Close();
            }

            /// <summary>The calls of the interior tiles, under a comment saying which <paramref name="columns"/> they cover.</summary>
            private void EmitTileCalls(string columns)
            {
                if (!block.Tiles.Any(run => run.Count > 0))
                {
                    return;
                }

                w.Line($"// {columns}, in tiles of {block.Pixels}{(block.Tiles.Count > 1 ? ", the last one overlapping its neighbour" : "")}");
                foreach (var run in block.Tiles)
                {
                    if (run.Count == 1)
                    {
                        w.Line($"{names.Tile}({k.RefArgs}, {InputColumn(run.Start)}, {OutputColumn(run.Start)}, oc, khFirst, khEnd{ChunkArguments});");
                    }
                    else if (run.Count > 1)
                    {
                        string step = run.Pixels == 1 ? "ow++" : $"ow += {run.Pixels}";
                        w.Line($"for (nint ow = {run.Start}; ow < {run.End}; {step}) {names.Tile}({k.RefArgs}, {InputColumn(null)}, {OutputColumn(null)}, oc, khFirst, khEnd{ChunkArguments});");
                    }
                }
            }

            private void EmitEdgeCall(EdgeTile edge) =>
                w.Line($"{names.EdgeTile(edge)}({k.RefArgs}, {InputColumn(edge.Start)}, {OutputColumn(edge.Start)}, oc, khFirst, khEnd{ChunkArguments}); // columns {edge.Start}..{edge.Start + edge.Pixels - 1}: an edge tile");

            /// <summary>The input index of tap (0, 0) of output column <paramref name="column"/> (null: the loop variable <c>ow</c>).</summary>
            private string InputColumn(int? column) => column is int c
                ? Literals.Offset("x", c * k.PixelStep - (long)s.PadLeft * s.InChannels)
                : Literals.Offset($"x + ow * {k.PixelStep}", -(long)s.PadLeft * s.InChannels);

            private string OutputColumn(int? column) => column is int c
                ? Literals.Offset("y", (long)c * s.OutChannels)
                : $"y + ow * {s.OutChannels}";

            private void EmitTile()
            {
                int pixels = block.Pixels, lanes = block.Lanes, unroll = block.ChannelUnroll;
                bool columnsLooped = block.Unroll == WindowUnroll.None;
                string what = columnsLooped ? "one tap at a time" : "each kernel row's taps unrolled";
                if (unroll > 1)
                {
                    what += $", {unroll} input channels per step";
                }

                w.Line();
                w.Doc($"<summary>{Capitalised(Channels)} × {pixels} output column(s) from <paramref name=\"y\"/>: {pixels * lanes} accumulators, kernel rows [khFirst, khEnd), {what}.</summary>");
                w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                w.Open($"private static void {names.Tile}({k.Refs}, nint x, nint y, int oc, int khFirst, int khEnd{ChunkParameters})");
                EmitAccumulators(pixels, sets: 1);
                w.Open("for (int kh = khFirst; kh < khEnd; kh++)");
                if (columnsLooped)
                {
                    w.Open($"for (int kw = 0; kw < {s.KernelWidth}; kw++)");
                    w.Line($"nint xc = x + kh * {k.TapRowStep} + kw * {k.TapColumnStep}, wc = {WeightBase} + kh * {KernelRowWeights} + kw * {TapWeights}; // {(block.PacksChunks ? "packed chunk" : "HWIO")}: tap (kh, kw), output channel oc");
                    EmitChannelSteps(unroll, u =>
                    {
                        EmitStep("xc", u, "wc", u * ChannelWeights, pixels);
                    });
                    w.Close();
                }
                else
                {
                    EmitKernelRowUnrolled(pixels, unroll, kw => Enumerable.Range(0, pixels).ToList(), first: 0);
                }

                w.Close();
                EmitStores(pixels);
                w.Close();
            }

            /// <summary>
            /// An edge tile: the register tile's <see cref="EdgeTile.Pixels"/> columns from the row's first (or to its last)
            /// column, each kernel column's multiply-adds written only for the columns whose window meets real input there.
            /// </summary>
            private void EmitEdgeTile(EdgeTile edge)
            {
                int pixels = edge.Pixels, lanes = block.Lanes, unroll = block.ChannelUnroll;
                string columns = string.Join(", ", edge.Kw.Select((taps, p) => !taps.Stored ? $"column {edge.Start + p} left to the tile before"
                    : taps.First == 0 && taps.End == s.KernelWidth ? null
                    : taps.First == taps.End ? $"column {edge.Start + p} none" : $"column {edge.Start + p} {taps.First}..{taps.End - 1}").Where(t => t is not null));
                w.Line();
                System.Func<int, List<int>> pixelsAt = kw => Enumerable.Range(0, pixels).Where(p => edge.Kw[p].First <= kw && kw < edge.Kw[p].End).ToList();
                bool readsInput = Enumerable.Range(0, s.KernelWidth).Any(kw => pixelsAt(kw).Count > 0);
                w.Doc($"<summary>{Capitalised(Channels)} × output columns {edge.Start}..{edge.Start + pixels - 1}: {pixels * lanes} accumulators, kernel rows [khFirst, khEnd), "
                    + $"each kernel row's taps unrolled{(unroll > 1 ? $", {unroll} input channels per step" : "")}"
                    + (columns.Length == 0 ? ".</summary>" : $"; kernel columns on real input only ({columns}).</summary>"));
                w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                w.Open($"private static void {names.EdgeTile(edge)}({k.Refs}, nint x, nint y, int oc, int khFirst, int khEnd{ChunkParameters})");
                EmitAccumulators(pixels, sets: 1);
                if (readsInput)
                {
                    w.Open("for (int kh = khFirst; kh < khEnd; kh++)");
                    EmitKernelRowUnrolled(pixels, unroll, pixelsAt, edge.Start);
                    w.Close();
                }
                else
                {
                    // Padding wider than the window: these columns' windows lie wholly on padding, so there is nothing to read.
                    w.Line("// every window of these columns lies on padding: nothing to multiply");
                }

                EmitStores(pixels, p => edge.Kw[p].Stored);
                w.Close();
            }

            /// <summary>
            /// Inside a tile's loop over kernel rows: the input channels, <paramref name="unroll"/> per step, each step every
            /// kernel column of the row unrolled, with the multiply-adds of the tile's pixels <paramref name="pixelsAt"/> gives
            /// for that column (all of them in an interior tile; an edge tile leaves out those whose tap falls on padding).
            /// <paramref name="first"/> is the output column of pixel 0, for the comments.
            /// </summary>
            private void EmitKernelRowUnrolled(int pixels, int unroll, System.Func<int, List<int>> pixelsAt, int first)
            {
                w.Line($"nint xc = x + kh * {k.TapRowStep}, wc = {WeightBase} + kh * {KernelRowWeights}; // {(block.PacksChunks ? "packed chunk" : "HWIO")}: tap (kh, 0), output channel oc");
                EmitChannelSteps(unroll, u =>
                {
                    for (int kw = 0; kw < s.KernelWidth; kw++)
                    {
                        var real = pixelsAt(kw);
                        if (real.Count == 0)
                        {
                            continue;
                        }

                        string which = real.Count == pixels ? "" : $" (columns {string.Join(", ", real.Select(p => first + p))})";
                        w.Line(ChannelLoop && unroll > 1 ? $"// kernel column {kw}, input channel c+{u}{which}" : $"// kernel column {kw}{which}");
                        EmitStep("xc", kw * k.TapColumnStep + u, "wc", kw * TapWeights + u * ChannelWeights, real);
                    }
                });
            }

            /// <summary>
            /// The group's input channels, <paramref name="unroll"/> per step, each step reading from <c>xc</c> and <c>wc</c>
            /// (advanced after it); <paramref name="body"/> writes the multiply-adds of the step's channel u.
            /// </summary>
            private void EmitChannelSteps(int unroll, System.Action<int> body)
            {
                int steps = k.depthwise ? 1 : CallChannels / unroll;
                if (steps > 1)
                {
                    w.Open($"for (int c = 0; c < {CallChannels}; {(unroll == 1 ? "c++" : $"c += {unroll}")})");
                }

                DeclareTemporaries();
                for (int u = 0; u < (k.depthwise ? 1 : unroll); u++)
                {
                    body(u);
                }

                if (steps > 1)
                {
                    w.Line(unroll == 1 ? "xc++;" : $"xc += {unroll};");
                    w.Line($"wc += {unroll * ChannelWeights};");
                    w.Close();
                }
            }

            private void DeclareTemporaries()
            {
                var temporaries = Enumerable.Range(0, block.Lanes).Select(j => $"w{j}").ToList();
                if (!k.depthwise)
                {
                    temporaries.Add("xb");
                }

                w.Line($"{Lane} {string.Join(", ", temporaries)};");
            }

            private void EmitPixel()
            {
                int sets = block.PixelSets;
                string dealt = sets == 1 ? "" : k.depthwise
                    ? $"; its kernel rows are dealt round {sets} accumulator sets, summed at the end"
                    : $"; its input channels are dealt round {sets} accumulator sets, summed at the end";
                w.Line();
                w.Doc($"<summary>One output pixel, {Channels}, reading kernel rows [khFirst, khEnd) and columns [kwFirst, kwEnd) only{dealt}.</summary>");
                w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                w.Open($"private static void {names.Pixel}({k.Refs}, nint x, nint y, int oc, int khFirst, int khEnd, int kwFirst, int kwEnd{ChunkParameters})");
                EmitAccumulators(1, sets);
                broadcasts = 0;
                if (k.depthwise && sets > 1)
                {
                    // Kernel rows dealt round the sets (a border column keeps its rows; it is its columns that are clipped).
                    w.Line("int kh = khFirst;");
                    w.Open($"for (; kh + {sets - 1} < khEnd; kh += {sets})");
                    w.Open("for (int kw = kwFirst; kw < kwEnd; kw++)");
                    w.Line($"nint xc = x + kh * {k.TapRowStep} + kw * {k.TapColumnStep}, wc = {WeightBase} + kh * {KernelRowWeights} + kw * {TapWeights};");
                    for (int set = 0; set < sets; set++)
                    {
                        EmitPixelStep(set, "xc", set * k.TapRowStep, "wc", set * KernelRowWeights);
                    }

                    w.Close();
                    w.Close();
                    w.Open("for (; kh < khEnd; kh++)");
                }
                else
                {
                    w.Open("for (int kh = khFirst; kh < khEnd; kh++)");
                }

                w.Open("for (int kw = kwFirst; kw < kwEnd; kw++)");
                w.Line($"nint xc = x + kh * {k.TapRowStep} + kw * {k.TapColumnStep}, wc = {WeightBase} + kh * {KernelRowWeights} + kw * {TapWeights};");
                if (!ChannelLoop)
                {
                    EmitPixelStep(0, "xc", 0, "wc", 0);
                }
                else
                {
                    // Input channels dealt round the sets: channel c goes to set c % sets; the rest after the loop.
                    int steps = CallChannels / sets, rest = CallChannels % sets;
                    if (steps > 1)
                    {
                        w.Open($"for (int c = 0; c < {steps * sets}; {(sets == 1 ? "c++" : $"c += {sets}")})");
                    }

                    for (int set = 0; set < sets; set++)
                    {
                        EmitPixelStep(set, "xc", set, "wc", set * ChannelWeights);
                    }

                    if (steps > 1)
                    {
                        w.Line(sets == 1 ? "xc++;" : $"xc += {sets};");
                        w.Line($"wc += {sets * ChannelWeights};");
                        w.Close();
                    }

                    long done = steps > 1 ? 0 : sets;
                    for (int set = 0; set < rest; set++)
                    {
                        EmitPixelStep(set, "xc", done + set, "wc", (done + set) * ChannelWeights);
                    }
                }

                w.Close();
                w.Close();
                for (int j = 0; j < block.Lanes && sets > 1; j++)
                {
                    var terms = Enumerable.Range(0, sets).Select(set => $"a{set}_{j}").ToList();
                    string sum = sets == 4 ? $"({terms[0]} + {terms[1]}) + ({terms[2]} + {terms[3]})" : string.Join(" + ", terms);
                    w.Line($"a0_{j} = {sum};");
                }

                EmitStores(1);
                w.Close();
            }

            /// <summary>Accumulators a{pixel or set}_{lane}: the first starting from the bias (or zero); other pixels from the same, other sets from zero.</summary>
            private void EmitAccumulators(int pixels, int sets)
            {
                for (int p = 0; p < System.Math.Max(pixels, sets); p++)
                {
                    var declarations = new List<string>();
                    for (int j = 0; j < block.Lanes; j++)
                    {
                        string init = p == 0 ? Bias(block.Offsets[j]) : pixels > 1 ? $"a0_{j}" : vector ? $"{type}<float>.Zero" : "0f";
                        if (Chunked && p < pixels)
                        {
                            // A later chunk adds to the partial sums the earlier ones stored.
                            string stored = Load("output", Literals.Offset("y", (long)p * s.OutChannels + block.Offsets[j]));
                            init = p == 0 ? $"firstChunk ? {init} : {stored}" : $"firstChunk ? a0_{j} : {stored}";
                        }

                        declarations.Add($"a{p}_{j} = {init}");
                    }

                    w.Line($"{Lane} {string.Join(", ", declarations)};");
                }
            }

            private string Bias(int offset)
            {
                if (!k.bias)
                {
                    return vector ? $"{type}<float>.Zero" : "0f";
                }

                return vector
                    ? $"{type}.LoadUnsafe(ref bias, {Unsigned(Literals.Offset("oc", offset))})"
                    : $"Unsafe.Add(ref bias, {Literals.Offset("oc", offset)})";
            }

            /// <summary>
            /// One tap and input channel for <paramref name="pixels"/> neighbouring output pixels: load each lane's weights
            /// once, then per pixel broadcast its input value (depthwise: load its input lanes) and multiply-add.
            /// </summary>
            private void EmitStep(string xBase, long xOffset, string wBase, long wOffset, int pixels) =>
                EmitStep(xBase, xOffset, wBase, wOffset, Enumerable.Range(0, pixels).ToList());

            /// <summary>One tap and input channel for the tile's pixels <paramref name="pixels"/> (an edge tile leaves out those on padding).</summary>
            private void EmitStep(string xBase, long xOffset, string wBase, long wOffset, List<int> pixels)
            {
                for (int j = 0; j < block.Lanes; j++)
                {
                    w.Line($"w{j} = {Load("weights", Literals.Offset(wBase, wOffset + block.Offsets[j]))};");
                }

                foreach (int p in pixels)
                {
                    long pixel = xOffset + p * k.PixelStep;
                    if (!k.depthwise)
                    {
                        string value = $"Unsafe.Add(ref input, {Literals.Offset(xBase, pixel)})";
                        w.Line($"xb = {(vector ? $"{type}.Create({value})" : value)};");
                    }

                    for (int j = 0; j < block.Lanes; j++)
                    {
                        string x = k.depthwise ? Load("input", Literals.Offset(xBase, pixel + block.Offsets[j])) : "xb";
                        w.Line(Multiply($"a{p}_{j}", x, $"w{j}"));
                    }
                }
            }

            /// <summary>One tap and input channel of the border pixel into accumulator set <paramref name="set"/>, each weight used once.</summary>
            private void EmitPixelStep(int set, string xBase, long xOffset, string wBase, long wOffset)
            {
                string? broadcast = null;
                if (!k.depthwise)
                {
                    string value = $"Unsafe.Add(ref input, {Literals.Offset(xBase, xOffset)})";
                    broadcast = $"xb{broadcasts++}";
                    w.Line($"{Lane} {broadcast} = {(vector ? $"{type}.Create({value})" : value)};");
                }

                for (int j = 0; j < block.Lanes; j++)
                {
                    string x = broadcast ?? Load("input", Literals.Offset(xBase, xOffset + block.Offsets[j]));
                    w.Line(Multiply($"a{set}_{j}", x, Load("weights", Literals.Offset(wBase, wOffset + block.Offsets[j]))));
                }
            }

            private string Multiply(string accumulator, string x, string weight) => vector
                ? $"{accumulator} = Mad({x}, {weight}, {accumulator});"
                : $"{accumulator} += {x} * {weight};";

            private string Load(string tensor, string index) => vector
                ? $"{type}.LoadUnsafe(ref {tensor}, {Unsigned(index)})"
                : $"Unsafe.Add(ref {tensor}, {index})";

            /// <summary>An index as the <c>nuint</c> the vector loads and stores take.</summary>
            private static string Unsigned(string index) => index.IndexOf(' ') < 0 ? $"(nuint){index}" : $"(nuint)({index})";

            private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1);

            private void EmitStores(int pixels, System.Func<int, bool>? stored = null)
            {
                for (int p = 0; p < pixels; p++)
                {
                    if (stored is not null && !stored(p))
                    {
                        continue; // another tile writes this column
                    }

                    for (int j = 0; j < block.Lanes; j++)
                    {
                        string value = s.Activation == ActivationKind.None ? $"a{p}_{j}" : Chunked ? $"lastChunk ? Activate(a{p}_{j}) : a{p}_{j}" : $"Activate(a{p}_{j})";
                        string index = Literals.Offset("y", (long)p * s.OutChannels + block.Offsets[j]);
                        w.Line(vector
                            ? $"{type}.StoreUnsafe({value}, ref output, {Unsigned(index)});"
                            : $"Unsafe.Add(ref output, {index}) = {value};");
                    }
                }
            }
        }
    }
}
