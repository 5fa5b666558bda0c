using System.Linq;
using StrideGen.Generators.Planning;

namespace StrideGen.Generators.Emitting
{
    /// <summary>
    /// The dot-product path of an NCHW kernel (<see cref="DotProductPlan"/>): its driver, the method that gathers every
    /// output position's window, and the dot-product tiles.
    /// </summary>
    internal sealed partial class KernelEmitter
    {
        private const string GatherName = "GatherWindows";

        private bool Chunked(DotProductPlan dot) => dot.ChunkChannels < s.InChannels;

        private string DotSummary(VectorPlan p, DotProductPlan dot) =>
            $"{p.Target.Name}: each output position's window gathered into a column of {dot.ChunkDepth} inputs ({Literals.Kilobytes((long)dot.WindowFloats * sizeof(float))} KB on the stack"
            + (Chunked(dot) ? $", {dot.ChunkChannels} input channels at a time), " : "), ")
            + $"then tiles of {dot.Channels} output channel(s) × {dot.TilePositions} position(s), each a dot product of a channel's weights with a column, {p.Target.Width} inputs at a time"
            + (dot.RowByRow ? $", one weight row after another in {dot.Unroll} partial sums (each weight is read once: one stream reads faster than several)" : "")
            + (dot.Skewed ? ", every load aligned to where the weights start in a vector." : ".");

        private static string DotTileName(VectorTarget target, int channels, int positions) => $"{target.Name}Dot{channels}x{positions}";

        /// <summary>The driver of a dot-product path: gather the windows, then run every output-channel tile over every position tile.</summary>
        private void EmitDotDriver(VectorPlan p, DotProductPlan dot)
        {
            w.Doc($"<summary>The {p.Target.Name} path: every output position's window gathered into a column, then each output a dot product of its channel's weights with its column.{PartDoc(p.Split)}</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            if (skipLocalsInit)
            {
                w.Line("[SkipLocalsInit] // every gathered float is written before it is read: no need to zero them each call");
            }

            w.Open($"public static void Run{p.Target.Name}({Refs}{PartParameter})");
            w.Line($"// {dot.Positions} column(s) of {dot.ChunkDepth} inputs: position p's input (c, kh, kw) at p·{dot.ChunkDepth} + (c·{s.KernelHeight} + kh)·{s.KernelWidth} + kw, the weights' order");
            if (dot.Skewed)
            {
                // A vector more: the columns start skew floats in, and each one's loads run from a vector before it to a vector after its end.
                w.Line($"Span<float> windows = stackalloc float[{dot.WindowFloats + KernelHelperEmitter.AlignmentSlack + p.Target.Width}];");
                w.Line($"nint skew = Skew{p.Target.Width}(ref weights); // how far past a vector boundary the weights (and so every weight row) start");
                w.Line("ref float band = ref Unsafe.Add(ref Aligned64(windows), skew); // the columns start as far past one: every load is aligned");
            }
            else
            {
                w.Line($"Span<float> windows = stackalloc float[{dot.WindowFloats + KernelHelperEmitter.AlignmentSlack}];");
                w.Line("ref float band = ref Aligned64(windows);");
            }

            bool banded = dot.Rows < plan.OutputHeight;
            if (banded)
            {
                w.Line($"// output rows {dot.Rows} at a time: each band's windows gathered, then every tile over them");
                w.Open($"for (int oh = 0; oh < {plan.OutputHeight}; oh += {dot.Rows})");
            }
            else
            {
                w.Line("const int oh = 0; // the whole output plane at once");
            }

            if (Chunked(dot))
            {
                w.Line($"// input channels {dot.ChunkChannels} at a time: the first chunk stores partial sums, later ones add to them, the last activates");
                w.Open($"for (int c0 = 0; c0 < {s.InChannels}; c0 += {dot.ChunkChannels})");
            }
            else
            {
                w.Line("const int c0 = 0; // every input channel in one gather");
            }

            w.Line($"{GatherName}(ref input, ref band, oh, c0);");
            if (p.Split is { Unit: WorkUnit.ChannelTiles } tiles)
            {
                EmitTileSplitDriver(tiles, p.ChannelTile, p.ChannelTilesPerGroup, p.ChannelRemainder, p.TilesPerBlock, (tile, channelLoop) => EmitDotCalls(p, dot, tile, channelLoop), inputChannels: false);
            }
            else
            {
                if (p.ChannelTilesPerGroup > 0)
                {
                    EmitDotCalls(p, dot, p.ChannelTile, $"for (int oc = 0; oc < {p.ChannelTilesPerGroup * p.ChannelTile}; oc += {p.ChannelTile})");
                }

                if (p.ChannelRemainder > 0)
                {
                    w.Open("");
                    w.Line($"int oc = {p.ChannelTilesPerGroup * p.ChannelTile}; // the remaining {p.ChannelRemainder} output channel(s)");
                    EmitDotCalls(p, dot, p.ChannelRemainder, "");
                    w.Close();
                }
            }

            if (Chunked(dot))
            {
                w.Close();
            }

            if (banded)
            {
                w.Close();
            }

            w.Close();
        }

        /// <summary>The calls of one output-channel tile height over the plane's position tiles, inside <paramref name="channelLoop"/> (an <c>oc</c> loop header, or "").</summary>
        private void EmitDotCalls(VectorPlan p, DotProductPlan dot, int channels, string channelLoop)
        {
            if (channelLoop.Length > 0)
            {
                w.Open(channelLoop.TrimEnd());
            }

            foreach (var (first, count) in dot.PositionTiles)
            {
                string flags = Chunked(dot) ? $", c0 == 0, c0 == {s.InChannels - dot.ChunkChannels}" : "";
                w.Line($"{DotTileName(p.Target, channels, count)}({BandRefArgs}, (nint)oc * {dot.Depth}{(Chunked(dot) ? $" + c0 * {Taps}" : "")}, {Literals.Offset(dot.Rows < plan.OutputHeight ? $"(nint)oc * {OutputPlane} + oh * {plan.OutputWidth}" : $"(nint)oc * {OutputPlane}", first)}, oc, {(long)first * dot.ChunkDepth}{(dot.Skewed ? ", skew" : "")}{flags});");
            }

            if (channelLoop.Length > 0)
            {
                w.Close();
            }
        }

        /// <summary>The dot-product tiles of a path: each output-channel tile height × each position tile length.</summary>
        private void EmitDotMethods(VectorPlan p, DotProductPlan dot)
        {
            var target = p.Target;
            foreach (int channels in ChannelTiles.Sizes(s.OutChannels, dot.Channels))
            {
                foreach (int positions in dot.PositionTiles.Select(t => t.Count).Distinct())
                {
                    w.Line();
                    w.Doc($"<summary>Output channel(s) oc..oc+{channels - 1} at {positions} position(s) from y: dot products of their weights (from w) with the gathered columns (from x), {target.Width} inputs at a time in {dot.Unroll} partial sum(s) each{(dot.RowByRow ? ", one channel's row after another" : "")}"
                        + (Chunked(dot) ? "; the first chunk starts from the bias (or zero), later ones from the stored partial sums, and only the last activates" : "") + ".</summary>");
                    w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                    w.Open($"private static void {DotTileName(target, channels, positions)}({BandRefs}, nint w, nint y, int oc, nint x{(dot.Skewed ? ", nint skew" : "")}{(Chunked(dot) ? ", bool first, bool last" : "")})");
                    WriteDotProducts(target, channels, positions, dot.Unroll, dot.ChunkDepth, (j, offset) => Literals.Offset("k + x", (long)j * dot.ChunkDepth + offset), Chunked(dot), dot.RowByRow, dot.Skewed);
                    w.Close();
                }
            }
        }

        /// <summary>
        /// Gathers every output position's window into its column, in the weights' order (channel, kernel row, kernel
        /// column), with zeros where the window meets padding: one pass over positions and taps, channels innermost.
        /// </summary>
        private void EmitGather(DotProductPlan dot)
        {
            long inputPlane = InputPlane, taps = (long)s.KernelHeight * s.KernelWidth;
            if (WindowIsInput(dot))
            {
                w.Line();
                w.Doc($"<summary>Copies input channels c0..c0+{dot.ChunkChannels - 1} into the column: the one window is the whole input (no padding), in the weights' order already.</summary>");
                w.Open($"private static void {GatherName}(ref float input, ref float band, int oh0, int c0)");
                w.Line($"MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref input, (nint)c0 * {inputPlane}), {dot.ChunkDepth}).CopyTo(MemoryMarshal.CreateSpan(ref band, {dot.ChunkDepth}));");
                w.Close();
                return;
            }

            if (dot.Rows == plan.OutputHeight && (long)dot.Positions * taps <= MaxUnrolledGatherCopies)
            {
                EmitUnrolledGather(dot);
                return;
            }

            w.Line();
            w.Doc($"<summary>Copies the window of each output position in rows oh0..oh0+{dot.Rows - 1} over input channels c0..c0+{dot.ChunkChannels - 1} into its column: input (c0 + c, kh, kw) to column·{dot.ChunkDepth} + (c·KH + kh)·KW + kw, zeros on padding.</summary>");
            w.Open($"private static void {GatherName}(ref float input, ref float band, int oh0, int c0)");
            w.Open($"for (int oh = oh0; oh < oh0 + {dot.Rows}; oh++)");
            w.Open($"for (int ow = 0; ow < {plan.OutputWidth}; ow++)");
            w.Line($"nint column = (nint)((oh - oh0) * {plan.OutputWidth} + ow) * {dot.ChunkDepth};");
            w.Open($"for (int kh = 0; kh < {s.KernelHeight}; kh++)");
            w.Line($"int ih = {Literals.Offset(Scaled("oh", s.StrideHeight), -s.PadTop)} + {Scaled("kh", s.DilationHeight)};");
            w.Open($"for (int kw = 0; kw < {s.KernelWidth}; kw++)");
            w.Line($"int iw = {Literals.Offset(Scaled("ow", s.StrideWidth), -s.PadLeft)} + {Scaled("kw", s.DilationWidth)};");
            w.Line($"nint to = column + kh * {s.KernelWidth} + kw;");
            w.Open($"if ((uint)ih < {s.InputHeight} && (uint)iw < {s.InputWidth})");
            w.Line($"nint from = (nint)c0 * {inputPlane} + (nint)ih * {s.InputWidth} + iw;");
            w.Line($"for (int c = 0; c < {dot.ChunkChannels}; c++) Unsafe.Add(ref band, to + (nint)c * {taps}) = Unsafe.Add(ref input, from + (nint)c * {inputPlane});");
            w.Close();
            w.Open("else");
            w.Line($"for (int c = 0; c < {dot.ChunkChannels}; c++) Unsafe.Add(ref band, to + (nint)c * {taps}) = 0f;");
            w.Close();
            w.Close();
            w.Close();
            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>
        /// The most copies a channel (the map's positions × the window's taps) whose gather is written out, one statement a
        /// float: SSD's 3×3 heads take 81.
        /// </summary>
        private const int MaxUnrolledGatherCopies = 512;

        /// <summary>
        /// The gather of a small map, a channel at a time: each position's taps of the channel written in the columns' order
        /// (their floats one after another), every tap's source or its zero fixed when the kernel is generated. Looping over
        /// channels innermost instead, a store 36 bytes past the last, took 12 of the 19 µs of SSD's 3×3 box head.
        /// </summary>
        private void EmitUnrolledGather(DotProductPlan dot)
        {
            long inputPlane = InputPlane, taps = (long)s.KernelHeight * s.KernelWidth;
            w.Line();
            w.Doc($"<summary>Copies the window of each of the map's {dot.Positions} position(s) over input channels c0..c0+{dot.ChunkChannels - 1} into its column, a channel at a time: input (c0 + c, kh, kw) to column·{dot.ChunkDepth} + (c·KH + kh)·KW + kw, zeros on padding.</summary>");
            w.Open($"private static void {GatherName}(ref float input, ref float band, int oh0, int c0)");
            w.Open($"for (int c = 0; c < {dot.ChunkChannels}; c++)");
            w.Line($"ref float x = ref Unsafe.Add(ref input, (nint)(c0 + c) * {inputPlane});");
            w.Line($"ref float column = ref Unsafe.Add(ref band, (nint)c * {taps});");
            for (int position = 0; position < dot.Positions; position++)
            {
                int oh = position / plan.OutputWidth, ow = position % plan.OutputWidth;
                w.Line($"// position {position}: output row {oh}, column {ow}");
                for (int kh = 0; kh < s.KernelHeight; kh++)
                {
                    long ih = (long)oh * s.StrideHeight - s.PadTop + (long)kh * s.DilationHeight;
                    for (int kw = 0; kw < s.KernelWidth; kw++)
                    {
                        long iw = (long)ow * s.StrideWidth - s.PadLeft + (long)kw * s.DilationWidth;
                        string to = $"Unsafe.Add(ref column, {(long)position * dot.ChunkDepth + (long)kh * s.KernelWidth + kw})";
                        w.Line(ih >= 0 && ih < s.InputHeight && iw >= 0 && iw < s.InputWidth
                            ? $"{to} = Unsafe.Add(ref x, {ih * s.InputWidth + iw});"
                            : $"{to} = 0f;");
                    }
                }
            }

            w.Close();
            w.Close();
        }

        /// <summary>
        /// Whether the one output position's window is the whole input, without padding (a classifier as a 1×1
        /// convolution, LeNet's C5): its column is then the input itself, copied a vector at a time. (Written float by float,
        /// the column's vector loads that follow ran unsteadily: MobileNet's classifier took 50–68 µs, copied 50–52.)
        /// </summary>
        private bool WindowIsInput(DotProductPlan dot) =>
            dot.Positions == 1 && plan.OutputHeight == 1 && plan.OutputWidth == 1 && s.KernelHeight == s.InputHeight && s.KernelWidth == s.InputWidth
            && s.PadTop == 0 && s.PadBottom == 0 && s.PadLeft == 0 && s.PadRight == 0;

        private static string Scaled(string name, int factor) => factor == 1 ? name : $"{name} * {factor}";
    }
}
