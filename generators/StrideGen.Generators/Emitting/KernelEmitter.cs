using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Model;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>
    /// Writes the kernel class of one NCHW convolution, following its <see cref="KernelPlan"/>: a driver per vector target
    /// (Vector512, Vector256, Vector128) and a scalar driver over output-channel tiles and row bands, row methods that call tile methods
    /// along the row, unrolled tile methods, and scalar pixel methods. Every offset the plan fixes is a literal; only channel,
    /// row and column positions are run-time values.
    /// </summary>
    internal sealed partial class KernelEmitter
    {
        private readonly IndentedWriter w;
        private readonly KernelPlan plan;
        private readonly ConvShape s;
        private readonly bool bias;
        private readonly bool skipLocalsInit;

        /// <summary>Whether this kernel only takes the paths a channel-block kernel does not (see <see cref="ChannelBlockEmitter"/>), which has the entry's helpers.</summary>
        private readonly bool besideChannelBlocks;

        /// <summary>Beside a kernel that takes the widest paths (channel blocks, Winograd): which paths the class's summary says it is for.</summary>
        private readonly string? besideKernel;

        private KernelEmitter(IndentedWriter writer, KernelPlan plan, bool skipLocalsInit, bool besideChannelBlocks = false, string? besideKernel = null)
        {
            this.besideKernel = besideKernel;
            this.besideChannelBlocks = besideChannelBlocks;
            w = writer;
            this.plan = plan;
            s = plan.Shape;
            bias = s.HasBias;
            this.skipLocalsInit = skipLocalsInit;
        }

        /// <summary>The vector targets this kernel has a path for, widest first (the entry dispatches in this order).</summary>
        public static IReadOnlyList<string> VectorPaths(KernelPlan plan) => plan.VectorPlans.Select(p => p.Target.Name).ToList();

        /// <summary>Parameters every kernel method takes: the four tensors (three without bias) as refs to their first float.</summary>
        private string Refs => DriverParameters.Refs(bias);

        private string RefArgs => DriverParameters.Args(bias);

        /// <summary>Parameters of the methods that read a <see cref="PhaseSplit"/> instead of the input.</summary>
        private string PhaseRefs => Refs.Replace("ref float input", "ref float phases");

        private string PhaseRefArgs => RefArgs.Replace("ref input", "ref phases");

        /// <summary>The drivers' extra parameter in a multi-threaded layer: which part of the work to run.</summary>
        private string PartParameter => plan.IsSplit ? ", int part" : "";

        private long InputPlane => (long)s.InputHeight * s.InputWidth;

        private long OutputPlane => (long)plan.OutputHeight * plan.OutputWidth;

        private long Window => (long)s.InChannelsPerGroup * s.KernelHeight * s.KernelWidth;

        private long WindowPlane => (long)s.KernelHeight * s.KernelWidth;

        /// <summary>Input floats between vertically neighbouring taps.</summary>
        private long TapRowStep => (long)s.DilationHeight * s.InputWidth;

        /// <param name="skipLocalsInit">
        /// Whether the project allows unsafe code, so band drivers may be marked <c>[SkipLocalsInit]</c>: their packed block is
        /// written before it is read, and zeroing up to 128 KB a call costs about 2% of a CIFAR-sized stride-2 layer.
        /// </param>
        public static void Emit(IndentedWriter writer, string className, KernelPlan plan, bool skipLocalsInit = false) =>
            new KernelEmitter(writer, plan, skipLocalsInit).EmitClass(className);

        /// <summary>Writes the NCHW kernel of a layer that runs in channel blocks, for the paths the blocks do not take.</summary>
        public static void EmitBesideChannelBlocks(IndentedWriter writer, string className, KernelPlan plan, bool skipLocalsInit) =>
            new KernelEmitter(writer, plan, skipLocalsInit, besideChannelBlocks: true, besideKernel: "the paths its channel blocks do not take").EmitClass(className);

        /// <summary>The layer's kernel for the paths below a Winograd kernel's (Vector128, scalar).</summary>
        public static void EmitBesideWinograd(IndentedWriter writer, string className, KernelPlan plan, bool skipLocalsInit) =>
            new KernelEmitter(writer, plan, skipLocalsInit, besideChannelBlocks: true, besideKernel: "the paths its Winograd kernel does not take").EmitClass(className);

        /// <summary>The kernel of the stride-1 layer over a layer's column phases (see <see cref="ColumnPhaseEmitter"/>): every path; no entry helpers.</summary>
        public static void EmitOverColumnPhases(IndentedWriter writer, string className, KernelPlan plan, bool skipLocalsInit) =>
            new KernelEmitter(writer, plan, skipLocalsInit, besideChannelBlocks: true, besideKernel: "every path, run over the layer's input and filters split into column phases").EmitClass(className);

        private void EmitClass(string className)
        {
            w.Line("/// <summary>");
            w.Line(besideChannelBlocks
                ? $"/// The layer's NCHW kernel, for {besideKernel}. {Literals.Xml(PlanSummary())}"
                : $"/// The kernel behind this file's layer. {Literals.Xml(PlanSummary())}");
            w.Line("/// </summary>");
            w.Open($"file static class {className}");
            var vectorPlans = plan.VectorPlans.ToList();
            foreach (var vectors in vectorPlans)
            {
                EmitVectorDriver(vectors);
                w.Line();
            }

            EmitScalarDriver();
            foreach (var vectors in vectorPlans)
            {
                if (vectors.Band is { } band)
                {
                    EmitBandMethods(vectors, band);
                    continue;
                }

                if (vectors.Dot is { } dot)
                {
                    EmitDotMethods(vectors, dot);
                    continue;
                }

                if (vectors.Regions is { } regions)
                {
                    EmitRegionMethods(vectors, regions);
                    continue;
                }

                foreach (var cover in vectors.Covers)
                {
                    if (vectors.Flat)
                    {
                        EmitPlane(vectors.Target, cover);
                        foreach (var method in cover.Methods)
                        {
                            EmitTile(vectors.Target, method);
                        }

                        continue;
                    }

                    // (A cover whose row blocks take the whole plane has no single-row runs: no row method is called.)
                    if (cover.Runs.Count > 0)
                    {
                        EmitVectorRow(vectors, cover, clipped: false);
                        if (plan.HasClippedRows)
                        {
                            EmitVectorRow(vectors, cover, clipped: true);
                        }
                    }

                    if (cover.Block is { } block)
                    {
                        EmitBlockRow(block);
                        if (block.Phases is { } phases)
                        {
                            EmitPhaseSplit(vectors.Target, phases);
                        }
                    }

                    foreach (var method in cover.Methods)
                    {
                        EmitTile(vectors.Target, method);
                    }
                }
            }

            if (vectorPlans.FirstOrDefault(p => p.Dot is not null)?.Dot is { } gathered)
            {
                EmitGather(gathered); // the same windows for every path
            }

            var pixelTiles = new SortedSet<int>(plan.ScalarTileSizes);
            foreach (var cover in vectorPlans.SelectMany(p => p.Covers).Where(c => c.ScalarColumns.Count > 0))
            {
                pixelTiles.Add(cover.Channels);
            }

            foreach (int tile in plan.ScalarTileSizes)
            {
                EmitScalarRow(tile);
            }

            foreach (int tile in pixelTiles)
            {
                EmitPixel(tile);
            }

            EmitHelpers(plan.TargetsUsed);
            w.Close();
        }

        private string PlanSummary()
        {
            var parts = new List<string>();
            foreach (var p in plan.VectorPlans)
            {
                if (p.Band is { } band)
                {
                    parts.Add(BandSummary(p, band));
                    continue;
                }

                if (p.Dot is { } dot)
                {
                    parts.Add(DotSummary(p, dot));
                    continue;
                }

                if (p.Regions is { } regions)
                {
                    parts.Add(RegionSummary(p, regions));
                    continue;
                }

                var rowBlock = p.Covers.Select(c => c.Block).FirstOrDefault(b => b is not null);
                string blocks = rowBlock is null ? ""
                    : rowBlock.Guarded ? $" Output rows {rowBlock.Rows} at a time down the whole plane, each input row loaded once for the rows it serves."
                    : $" Interior output rows {rowBlock.Rows} at a time, each input row loaded once for the rows it serves.";
                if (rowBlock?.Phases is not null)
                {
                    blocks += " Each channel's plane split by column parity first, so every stride-2 tap is one contiguous load.";
                }

                // A row narrower than the path's vectors is one vector overhanging it.
                var overhanging = p.Covers.SelectMany(c => c.Methods).SelectMany(m => m.Vectors).FirstOrDefault(v => v.Stored < v.Width);
                string vectors = overhanging is null ? $"{p.VectorsPerTile} vector(s) of {p.Target.Width} columns"
                    : $"one vector of {overhanging.Width} lanes a row, its first {overhanging.Stored} stored";
                parts.Add(p.Flat
                    ? $"{p.Target.Name}: each output plane as one run of {OutputPlane} positions, tiles of {p.ChannelTile} output channel(s) × {p.VectorsPerTile} vector(s) of {p.Target.Width}, {p.TilesPerBlock} tile(s) per cache block."
                    : $"{p.Target.Name}: tiles of {p.ChannelTile} output channel(s) × {vectors}, {p.TilesPerBlock} tile(s) per cache block.{blocks}"
                        + (p.ColumnSegment > 0 ? $" Rows in segments of {p.ColumnSegment} columns, every tile over a segment while its input is in cache." : ""));
            }

            string window = plan.Unroll switch
            {
                WindowUnroll.Full => "Kernel window fully unrolled in interior rows; rows that lose taps to padding loop over their real kernel rows.",
                WindowUnroll.Rows => "Kernel rows looped, each row's taps unrolled (the window is too large to unroll whole).",
                _ => "Kernel window looped, register tile unrolled (the kernel is very wide); border columns in scalar code.",
            };
            if (plan.CompactVector128 && plan.Unroll != WindowUnroll.None && plan.Vector128 is not null)
            {
                window += " The Vector128 path loops the whole window, one tap at a time, its border columns in scalar code (its tiles would make this file too long).";
            }

            string columns = plan.UsesVectors ? "Columns whose window reaches into padding load only their real lanes." : "The output is narrower than one vector: scalar code throughout.";
            return $"Plan: {string.Join(" ", parts)} {window} {columns} {plan.RowBands.Count} row band(s).".Replace("  ", " ");
        }

        /// <param name="split">A split over whole groups: the loop covers only the part's groups.</param>
        /// <param name="inputChannels">Whether the calls inside read <c>c0</c>, the group's first input channel (a one-group layer declares it only then).</param>
        private void OpenGroups(WorkSplit? split = null, bool inputChannels = true)
        {
            if (s.Groups > 1 && split is { Unit: WorkUnit.Groups } groups)
            {
                w.Line($"// this part's groups, of {groups.Parts} parts: [part·{groups.Units}/{groups.Parts}, (part+1)·{groups.Units}/{groups.Parts}) of {groups.Units}, every output channel of each");
                w.Open($"for (int g = part * {groups.Units} / {groups.Parts}; g < (part + 1) * {groups.Units} / {groups.Parts}; g++)");
                w.Line($"int c0 = g * {s.InChannelsPerGroup}; // first input channel of the group");
                w.Line($"int first = g * {s.OutChannelsPerGroup}; // first output channel of the group");
            }
            else if (s.Groups > 1)
            {
                w.Open($"for (int g = 0; g < {s.Groups}; g++)");
                w.Line($"int c0 = g * {s.InChannelsPerGroup}; // first input channel of the group");
                w.Line($"int first = g * {s.OutChannelsPerGroup}; // first output channel of the group");
            }
            else
            {
                w.Line(inputChannels ? "const int c0 = 0, first = 0; // one group: every input and output channel" : "const int first = 0; // one group: every output channel");
            }
        }

        private void CloseGroups()
        {
            if (s.Groups > 1)
            {
                w.Close();
            }
        }

        private void EmitVectorDriver(VectorPlan p)
        {
            if (p.Band is { } band)
            {
                EmitBandDriver(p, band);
                return;
            }

            if (p.Dot is { } dot)
            {
                EmitDotDriver(p, dot);
                return;
            }

            if (p.Regions is { } regions)
            {
                EmitRegionDriver(p, regions);
                return;
            }

            w.Doc(p.Flat
                ? $"<summary>The {p.Target.Name} path: output-channel tiles × whole output planes, every position in vector registers.{PartDoc(p.Split)}</summary>"
                : $"<summary>The {p.Target.Name} path: output-channel tiles × output rows, every column in vector registers.{PartDoc(p.Split)}</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            var phases = p.Covers.Select(c => c.Block?.Phases).FirstOrDefault(split => split is not null);
            if (phases is not null && skipLocalsInit)
            {
                w.Line("[SkipLocalsInit] // every float of the phase split is cleared or written before it is read");
            }

            w.Open($"public static void Run{p.Target.Name}({Refs}{PartParameter})");
            if (phases is not null)
            {
                long floats = (long)s.InputHeight * phases.RowStep;
                w.Line($"// The row blocks' input: each channel's plane split by column parity, input row r as two rows of {phases.Width} floats ({floats * sizeof(float)} bytes).");
                w.Line($"Span<float> split = stackalloc float[{floats + KernelHelperEmitter.AlignmentSlack}];");
                if (phases.Stores.Any(v => v.Loads.Contains(LoadKind.Skip)))
                {
                    w.Line("split.Clear(); // floats wholly on padding: zero for every channel, never written again");
                }

                w.Line("ref float phases = ref Aligned64(split);");
            }

            if (p.Split is { Unit: WorkUnit.ChannelTiles } tiles)
            {
                EmitTileSplitDriver(tiles, p.ChannelTile, p.ChannelTilesPerGroup, p.ChannelRemainder, p.TilesPerBlock,
                    (tile, channelLoop) => EmitVectorRowCalls(p, tile, channelLoop));
                w.Close();
                return;
            }

            OpenGroups(p.Split);
            int mainChannels = p.ChannelTilesPerGroup * p.ChannelTile;
            if (p.ChannelTilesPerGroup > 0)
            {
                int blockChannels = p.TilesPerBlock * p.ChannelTile;
                if (p.TilesPerBlock < p.ChannelTilesPerGroup)
                {
                    w.Line($"// {p.TilesPerBlock} tile(s) of output channels per block: the block's weights stay in cache while every row goes past.");
                    w.Open($"for (int block = first; block < first + {mainChannels}; block += {blockChannels})");
                    w.Line($"int blockEnd = Math.Min(block + {blockChannels}, first + {mainChannels});");
                }
                else
                {
                    w.Open("");
                    w.Line(p.ChannelTilesPerGroup == 1 ? "int block = first;" : $"int block = first, blockEnd = first + {mainChannels};");
                }

                EmitVectorRowCalls(p, p.ChannelTile, p.ChannelTilesPerGroup == 1 ? "{ int oc = block; " : "for (int oc = block; oc < blockEnd; oc += " + p.ChannelTile + ") ");
                w.Close();
            }

            if (p.ChannelRemainder > 0)
            {
                w.Open("");
                w.Line($"int oc = first + {mainChannels}; // the remaining {p.ChannelRemainder} output channel(s)");
                EmitVectorRowCalls(p, p.ChannelRemainder, "");
                w.Close();
            }

            CloseGroups();
            w.Close();
        }

        /// <summary>" Runs part <paramref name="part"/> of N: ..." for a driver of a multi-threaded layer, else nothing.</summary>
        private static string PartDoc(WorkSplit? split) => split switch
        {
            null => "",
            { Unit: WorkUnit.Groups } => $" Runs part <paramref name=\"part\"/> of {split.Parts}: a contiguous range of whole groups.",
            _ => $" Runs part <paramref name=\"part\"/> of {split.Parts}: a contiguous range of each group's {split.Units} output-channel tile(s) (a narrower remainder tile is the last).",
        };

        /// <summary>
        /// The body of a driver whose parts split each group's output-channel tiles: units [tileFirst, tileEnd) of the
        /// group's <paramref name="tiles"/> main tiles and, as the last unit, the remainder tile; the tile methods and their
        /// alignment are the one-thread kernel's, so every output is computed exactly as there.
        /// </summary>
        /// <param name="rowCalls">Writes the row calls of one tile height, inside <c>channelLoop</c> (an <c>oc</c> loop header, or "").</param>
        private void EmitTileSplitDriver(WorkSplit split, int tile, int tiles, int remainder, int tilesPerBlock, System.Action<int, string> rowCalls, bool inputChannels = true)
        {
            w.Line($"// this part's output-channel tiles, of {split.Parts} parts: [part·{split.Units}/{split.Parts}, (part+1)·{split.Units}/{split.Parts}) of each group's {split.Units}"
                + (remainder > 0 ? $" (the last is the {remainder}-channel remainder)" : ""));
            w.Line($"int tileFirst = part * {split.Units} / {split.Parts}, tileEnd = (part + 1) * {split.Units} / {split.Parts};");
            OpenGroups(inputChannels: inputChannels);
            if (tiles > 0)
            {
                w.Open("");
                w.Line($"int partFirst = first + Math.Min(tileFirst, {tiles}) * {tile}, partEnd = first + Math.Min(tileEnd, {tiles}) * {tile};");
                if (tilesPerBlock < tiles)
                {
                    int blockChannels = tilesPerBlock * tile;
                    w.Line($"// {tilesPerBlock} tile(s) of output channels per block: the block's weights stay in cache while every row goes past.");
                    w.Open($"for (int block = partFirst; block < partEnd; block += {blockChannels})");
                    w.Line($"int blockEnd = Math.Min(block + {blockChannels}, partEnd);");
                    rowCalls(tile, $"for (int oc = block; oc < blockEnd; oc += {tile}) ");
                    w.Close();
                }
                else
                {
                    rowCalls(tile, $"for (int oc = partFirst; oc < partEnd; oc += {tile}) ");
                }

                w.Close();
            }

            if (remainder > 0)
            {
                w.Open($"if (tileEnd > {tiles})");
                w.Line($"int oc = first + {tiles * tile}; // the remaining {remainder} output channel(s)");
                rowCalls(remainder, "");
                w.Close();
            }

            CloseGroups();
        }

        private void EmitVectorRowCalls(VectorPlan p, int tile, string channelLoop)
        {
            string close = channelLoop.StartsWith("{", System.StringComparison.Ordinal) ? " }" : "";
            if (p.Flat)
            {
                w.Line("// the whole output plane as one run of positions");
                w.Line($"{channelLoop}Plane{tile}{p.Target.Name}({RefArgs}, oc, c0);{close}");
                return;
            }

            var block = p.Covers.First(c => c.Channels == tile).Block;
            if (block?.Phases is not null)
            {
                w.Line($"{SplitName(p.Target)}(ref input, ref phases, c0); // the channel's plane, split by column parity for the row blocks");
            }

            // Block spans and the rows they leave, in row order.
            var covered = new bool[plan.OutputHeight];
            var parts = new List<(int Start, System.Action Emit)>();
            foreach (var span in block?.Spans ?? EquatableArray<BlockRows>.Empty)
            {
                int inputRows = plan.BlockInputRows(block!.Rows);
                int last = span.Start + (span.Count - 1) * block.Rows;
                for (int row = span.Start; row < last + block.Rows; row++)
                {
                    covered[row] = true;
                }

                parts.Add((span.Start, () =>
                {
                    string args = block.Phases is null ? $"{RefArgs}, oc, c0" : $"{PhaseRefArgs}, oc";
                    string blockCall = $"{channelLoop}{block.Name}({args}, oh{(block.Guarded ? $", {span.SkipTop}, {inputRows - span.SkipBottom}" : "")});{close}";
                    string what = !block.Guarded ? "whole window" : span.SkipTop + span.SkipBottom == 0 ? $"all {inputRows} input rows" : $"input rows {span.SkipTop}..{inputRows - span.SkipBottom - 1} of {inputRows}, the rest padding";
                    w.Line(span.Count == 1
                        ? $"// output rows {span.Start}..{span.Start + block.Rows - 1}: {what}"
                        : $"// output rows {span.Start}..{last + block.Rows - 1}, {block.Rows} at a time: {what}");
                    w.Line(span.Count == 1
                        ? $"{{ const int oh = {span.Start}; {blockCall} }}"
                        : $"for (int oh = {span.Start}; oh <= {last}; oh += {block.Rows}) {blockCall}");
                }));
            }

            int segment = p.ColumnSegment;
            string columns = segment > 0 ? ", seg, seg + " + segment : "";
            if (segment > 0)
            {
                long bytes = (long)s.InChannelsPerGroup * s.KernelHeight * segment * s.StrideWidth * sizeof(float);
                w.Line($"// each row {segment} columns at a time: every output-channel tile passes over the segment's input ({(bytes + 1023) / 1024} KB) while it is in cache");
            }

            foreach (var band in plan.RowBands)
            {
                string call = plan.IsInteriorRowBand(band)
                    ? $"Row{tile}{p.Target.Name}({RefArgs}, oc, c0, oh{columns});"
                    : $"Row{tile}{p.Target.Name}Clipped({RefArgs}, oc, c0, oh, {band.TapFirst}, {band.TapEnd}{columns});";
                string body = segment == 0 ? channelLoop + call + close
                    : $"for (nint seg = 0; seg < {plan.OutputWidth}; seg += {segment}) {{ {(close.Length > 0 ? channelLoop.Substring(2) : channelLoop)}{call} }}";
                for (int row = band.Start; row < band.End;)
                {
                    int end = row;
                    while (end < band.End && !covered[end])
                    {
                        end++;
                    }

                    if (end > row)
                    {
                        var rows = band with { Start = row, End = end };
                        parts.Add((row, () => RowLoop(rows, body)));
                    }

                    row = end + 1;
                }
            }

            foreach (var part in parts.OrderBy(part => part.Start))
            {
                part.Emit();
            }
        }

        private void RowLoop(Band band, string body)
        {
            string what = plan.IsInteriorRowBand(band) ? "whole window" : band.TapFirst == band.TapEnd ? "padding only" : $"kernel rows {band.TapFirst}..{band.TapEnd - 1}";
            if (band.Length == 1)
            {
                w.Line($"// output row {band.Start}: {what}");
                w.Line($"{{ const int oh = {band.Start}; {body} }}");
            }
            else
            {
                w.Line($"// output rows {band.Start}..{band.End - 1}: {what}");
                w.Line($"for (int oh = {band.Start}; oh < {band.End}; oh++) {body}");
            }
        }

        private void EmitScalarDriver()
        {
            w.Doc("<summary>The scalar path, for hardware without vector acceleration" + (plan.UsesVectors ? "" : " and for outputs narrower than one vector") + $".{PartDoc(plan.ScalarSplit)}</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"public static void RunScalar({Refs}{PartParameter})");
            int tile = plan.ScalarChannelTile;
            int tiles = s.OutChannelsPerGroup / tile;
            int remainder = s.OutChannelsPerGroup % tile;
            if (plan.ScalarSplit is { Unit: WorkUnit.ChannelTiles } split)
            {
                // Scalar tiles are not cache-blocked: every tile of the part goes over all rows before the next.
                EmitTileSplitDriver(split, tile, tiles, remainder, tiles, (height, channelLoop) =>
                {
                    if (channelLoop.Length > 0)
                    {
                        w.Open(channelLoop.TrimEnd());
                    }

                    foreach (var band in plan.RowBands)
                    {
                        RowLoop(band, $"Row{height}Scalar({RefArgs}, oc, c0, oh, {band.TapFirst}, {band.TapEnd});");
                    }

                    if (channelLoop.Length > 0)
                    {
                        w.Close();
                    }
                });
                w.Close();
                return;
            }

            OpenGroups(plan.ScalarSplit);
            if (tiles > 0)
            {
                w.Open(tiles == 1 ? "" : $"for (int oc = first; oc < first + {tiles * tile}; oc += {tile})");
                if (tiles == 1)
                {
                    w.Line("int oc = first;");
                }

                foreach (var band in plan.RowBands)
                {
                    RowLoop(band, $"Row{tile}Scalar({RefArgs}, oc, c0, oh, {band.TapFirst}, {band.TapEnd});");
                }

                w.Close();
            }

            if (remainder > 0)
            {
                w.Open("");
                w.Line($"int oc = first + {tiles * tile}; // the remaining {remainder} output channel(s)");
                foreach (var band in plan.RowBands)
                {
                    RowLoop(band, $"Row{remainder}Scalar({RefArgs}, oc, c0, oh, {band.TapFirst}, {band.TapEnd});");
                }

                w.Close();
            }

            CloseGroups();
            w.Close();
        }

        private void RowPrologue()
        {
            string row = Literals.Offset(s.StrideHeight == 1 ? "oh" : $"oh * {s.StrideHeight}", -s.PadTop);
            w.Line($"nint x = (nint)c0 * {InputPlane} + (nint)({row}) * {s.InputWidth}; // input row of kernel row 0");
            w.Line($"nint w = (nint)oc * {Window};");
            w.Line($"nint y = (nint)oc * {OutputPlane} + (nint)oh * {plan.OutputWidth};");
        }

        /// <summary>"output channel oc" or "output channels oc..oc+3".</summary>
        private static string Channels(int tile) => tile == 1 ? "output channel oc" : $"output channels oc..oc+{tile - 1}";

        private string ColumnOffset(string column) =>
            Literals.Offset(s.StrideWidth == 1 ? $"x + {column}" : $"x + {column} * {s.StrideWidth}", -s.PadLeft);

        private void EmitVectorRow(VectorPlan p, RowCover cover, bool clipped)
        {
            int tile = cover.Channels;
            bool segmented = p.ColumnSegment > 0;
            string row = clipped
                ? $"Output row <paramref name=\"oh\"/> of {Channels(tile)}, reading kernel rows [khFirst, khEnd) only"
                : $"Output row <paramref name=\"oh\"/> of {Channels(tile)}, an interior row: every kernel row is read";
            w.Line();
            w.Doc(segmented
                ? $"<summary>{row}; only the tiles and columns that start in [owFirst, owEnd).</summary>"
                : $"<summary>{row}.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void Row{tile}{p.Target.Name}{(clipped ? "Clipped" : "")}({Refs}, int oc, int c0, int oh{(clipped ? ", int khFirst, int khEnd" : "")}{(segmented ? ", nint owFirst, nint owEnd" : "")})");
            RowPrologue();
            RunCalls(cover.Runs, run =>
            {
                string name = clipped ? run.ClippedMethod : run.InteriorMethod;
                var method = cover.Methods.First(m => m.Name == name);
                return (name, !method.RowsLooped ? "" : clipped ? ", khFirst, khEnd" : $", 0, {s.KernelHeight}");
            }, segmented);

            string khRange = clipped ? "khFirst, khEnd" : $"0, {s.KernelHeight}";
            foreach (var band in cover.ScalarColumns)
            {
                PixelCalls(tile, band, khRange, segmented);
            }

            w.Close();
        }

        /// <summary>The plane method of a flat plan: the tiles along the H·W positions of one output plane.</summary>
        private void EmitPlane(VectorTarget target, RowCover cover)
        {
            int tile = cover.Channels;
            w.Line();
            w.Doc($"<summary>The whole output plane of {Channels(tile)}, as one run of {OutputPlane} positions: each vector's lanes on padding are zeros.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void Plane{tile}{target.Name}({Refs}, int oc, int c0)");
            // Position ow of the plane reads input position ow + (kh − top)·W + (kw − left), as if the plane were one row.
            w.Line($"nint x = {Literals.Offset($"(nint)c0 * {InputPlane}", -(long)s.PadTop * s.InputWidth)}; // input row of kernel row 0 at output position 0");
            w.Line($"nint w = (nint)oc * {Window};");
            w.Line($"nint y = (nint)oc * {OutputPlane};");
            RunCalls(cover.Runs, run => (run.InteriorMethod, ""));
            w.Close();
        }

        /// <summary>The row method of a <see cref="RowBlock"/>: output rows oh..oh+R−1 along the block's runs of multi-row tiles.</summary>
        private void EmitBlockRow(RowBlock block)
        {
            w.Line();
            w.Doc(block.Guarded
                ? $"<summary>Output rows <paramref name=\"oh\"/>..oh+{block.Rows - 1} of {Channels(1)}, each of the block's input rows [jFirst, jEnd) loaded once for every output row it serves (the others lie in padding).</summary>"
                : $"<summary>Output rows <paramref name=\"oh\"/>..oh+{block.Rows - 1} of {Channels(1)}, interior rows: every kernel row is read, each input row once for the {block.Rows} output rows.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            if (block.Phases is not { } phases)
            {
                w.Open($"private static void {block.Name}({Refs}, int oc, int c0, int oh{(block.Guarded ? ", int jFirst, int jEnd" : "")})");
                RowPrologue();
                RunCalls(block.Runs, run => (run.InteriorMethod, block.Guarded ? ", jFirst, jEnd" : ""));
                w.Close();
                return;
            }

            w.Open($"private static void {block.Name}({PhaseRefs}, int oc, int oh{(block.Guarded ? ", int jFirst, int jEnd" : "")})");
            string row = Literals.Offset($"oh * {s.StrideHeight}", -s.PadTop);
            w.Line($"nint x = (nint)({row}) * {phases.RowStep}; // phase rows of kernel row 0's input row");
            w.Line($"nint w = (nint)oc * {Window};");
            w.Line($"nint y = (nint)oc * {OutputPlane} + (nint)oh * {plan.OutputWidth};");
            string guards = block.Guarded ? ", jFirst, jEnd" : "";
            foreach (var run in block.Runs)
            {
                string name = run.InteriorMethod;
                w.Line(run.Count == 1
                    ? $"{name}({PhaseRefArgs}, {Literals.Offset("x", run.Start)}, w, {Literals.Offset("y", run.Start)}, oc{guards});"
                    : $"for (nint ow = {run.Start}; ow < {run.Start + run.Count * run.Step}; ow += {run.Step}) {name}({PhaseRefArgs}, x + ow, w, y + ow, oc{guards});");
            }

            w.Close();
        }

        private static string SplitName(VectorTarget target) => $"SplitPhases{target.Name}";

        /// <summary>
        /// The method filling a channel's <see cref="PhaseSplit"/>: each input row's two phase rows, every float of them
        /// (zeros on padding), in vectors as a stride-2 tile would load them in place.
        /// </summary>
        private void EmitPhaseSplit(VectorTarget target, PhaseSplit phases)
        {
            w.Line();
            w.Doc($"<summary>Splits input channel <paramref name=\"c0\"/> by column parity: input row r becomes phase rows of {phases.Width} floats at r·{phases.RowStep} (float x of phase b: column 2x + b − {s.PadLeft}, zero on padding).</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void {SplitName(target)}(ref float input, ref float phases, int c0)");
            w.Open($"for (nint r = 0; r < {s.InputHeight}; r++)");
            w.Line($"nint x = (nint)c0 * {InputPlane} + r * {s.InputWidth}, p = r * {phases.RowStep};");
            for (int b = 0; b < 2; b++)
            {
                // (Vectors wholly on padding stay as the driver cleared them.)
                foreach (var v in phases.Stores.Where(v => v.Loads[b] != LoadKind.Skip))
                {
                    string value = Load(v.Target, v.Loads[b], v.LaneMasks[b], v.Shifts[b], "x", 2L * v.Offset + b - s.PadLeft);
                    w.Line($"{v.Target.Name}.StoreUnsafe({value}, ref phases, (nuint)({Literals.Offset("p", (long)b * phases.Width + v.Offset)}));");
                }
            }

            w.Close();
            w.Close();
        }

        /// <summary>
        /// The calls of a row's (or plane's) column runs: one call, or a loop over <c>ow</c>; each tile gets x at its first
        /// column's kernel column 0, w, y at its first column, oc, and what <paramref name="call"/> adds.
        /// </summary>
        /// <param name="segmented">
        /// Whether the row method runs one column segment, [owFirst, owEnd): each tile runs where its first column lies, so a
        /// looped run starts at its first tile in the segment (segments start at multiples of every looped run's step).
        /// </param>
        private void RunCalls(IEnumerable<ColumnRun> runs, System.Func<ColumnRun, (string Method, string Tail)> call, bool segmented = false)
        {
            foreach (var run in runs)
            {
                var (name, tail) = call(run);
                if (run.Count == 1)
                {
                    w.Line((segmented ? $"if (owFirst <= {run.Start} && {run.Start} < owEnd) " : "")
                        + $"{name}({RefArgs}, {Literals.Offset("x", (long)run.Start * s.StrideWidth - s.PadLeft)}, w, {Literals.Offset("y", run.Start)}, oc{tail});");
                }
                else
                {
                    int end = run.Start + run.Count * run.Step;
                    string first = !segmented ? $"{run.Start}" : $"Math.Max({run.Start}, {Literals.Offset("owFirst", run.Start % run.Step)})";
                    string last = !segmented ? $"{end}" : $"Math.Min({end}, owEnd)";
                    w.Line($"for (nint ow = {first}; ow < {last}; ow += {run.Step}) {name}({RefArgs}, {ColumnOffset("ow")}, w, y + ow, oc{tail});");
                }
            }
        }

        private void EmitScalarRow(int tile)
        {
            w.Line();
            w.Doc($"<summary>Output row <paramref name=\"oh\"/> of {Channels(tile)} in scalar code, reading kernel rows [khFirst, khEnd).</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void Row{tile}Scalar({Refs}, int oc, int c0, int oh, int khFirst, int khEnd)");
            RowPrologue();
            foreach (var band in plan.ColumnBands)
            {
                PixelCalls(tile, band, "khFirst, khEnd");
            }

            w.Close();
        }

        private void PixelCalls(int tile, Band band, string khRange, bool segmented = false)
        {
            string what = plan.IsInteriorColumnBand(band) ? "whole window" : band.TapFirst == band.TapEnd ? "padding only" : $"kernel columns {band.TapFirst}..{band.TapEnd - 1}";
            string tail = $"oc, {khRange}, {band.TapFirst}, {band.TapEnd}); // {(band.Length == 1 ? $"column {band.Start}" : $"columns {band.Start}..{band.End - 1}")}: {what}";
            if (band.Length == 1)
            {
                w.Line((segmented ? $"if (owFirst <= {band.Start} && {band.Start} < owEnd) " : "")
                    + $"Pixel{tile}({RefArgs}, {Literals.Offset("x", (long)band.Start * s.StrideWidth - s.PadLeft)}, w, {Literals.Offset("y", band.Start)}, {tail}");
            }
            else
            {
                string range = segmented ? $"Math.Max({band.Start}, owFirst); ow < Math.Min({band.End}, owEnd)" : $"{band.Start}; ow < {band.End}";
                w.Line($"for (nint ow = {range}; ow++) Pixel{tile}({RefArgs}, {ColumnOffset("ow")}, w, y + ow, {tail}");
            }
        }

        private void EmitTile(VectorTarget target, TileMethod m)
        {
            if (m.Rows > 1)
            {
                EmitRowsTile(m);
                return;
            }

            int vectors = m.Vectors.Count;
            var widest = m.Vectors[0].Target;
            w.Line();
            string columns = string.Join(", ", m.Vectors.Select(v => $"+{v.Offset}"));
            string widths = m.Vectors.All(v => v.Width == target.Width)
                ? $"{vectors} vector(s) of {target.Width} columns"
                : $"{vectors} vectors of {string.Join(", ", m.Vectors.Select(v => v.Width))} columns";
            w.Doc($"<summary>{char.ToUpperInvariant(Channels(m.Channels)[0])}{Channels(m.Channels).Substring(1)} × {widths} at y {columns}: {m.Channels * vectors} accumulators"
                + (m.RowsLooped ? ", kernel rows [khFirst, khEnd)" : ", the whole window unrolled")
                + (m.Vectors.Any(v => v.Clipped) ? "; lanes on padding are zeros" : "")
                + (m.Vectors.Any(v => v.Stored < v.Width) ? $"; of a vector past the row's end only the first {m.Vectors.First(v => v.Stored < v.Width).Stored} lanes are stored" : "")
                + ".</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void {m.Name}({Refs}, nint x, nint w, nint y, int oc{(m.RowsLooped ? ", int khFirst, int khEnd" : "")})");
            for (int t = 0; t < m.Channels; t++)
            {
                // Vector 0 is the widest (narrower vectors only end a row); the others start from its lower lanes.
                string init = bias ? $"{widest.Name}.Create({Literals.Offset("Unsafe.Add(ref bias, oc", t)}))" : $"{widest.Type}.Zero";
                foreach (var group in Enumerable.Range(0, vectors).GroupBy(v => m.Vectors[v].Width))
                {
                    var names = group.Select(v => $"a{t}_{v} = {(v == 0 ? init : Narrowed($"a{t}_0", widest, group.Key))}");
                    w.Line($"{VectorTarget.OfWidth(group.Key).Type} {string.Join(", ", names)};");
                }
            }

            OpenChannelLoop();
            // Only the registers some tap loads: a vector whose every tap falls on padding would leave its variable, and a
            // tile with no live tap its weight, declared but never used (CS0168, an error where warnings are).
            var loaded = Enumerable.Range(0, vectors).Where(v => m.Vectors[v].Loads.Any(l => l != LoadKind.Skip)).ToList();
            int LoadIndex(int kh, int kw) => m.Flat ? kh * s.KernelWidth + kw : kw;
            // The weight is broadcast at the tile's widest width (vector 0's); narrower vectors use its lower lanes.
            foreach (var group in loaded.GroupBy(v => m.Vectors[v].Width))
            {
                w.Line($"{VectorTarget.OfWidth(group.Key).Type} {string.Join(", ", group.Select(v => $"x{v}"))}{(group.Key == widest.Width ? ", wt" : "")};");
            }

            if (loaded.Count > 0 && loaded.All(v => m.Vectors[v].Width != widest.Width))
            {
                w.Line($"{widest.Type} wt;");
            }

            string xBase = "x", wBase = "w";
            if (m.RowsLooped)
            {
                w.Open("for (int kh = khFirst; kh < khEnd; kh++)");
                w.Line($"nint xr = x + kh * {TapRowStep}, wr = w + kh * {s.KernelWidth};");
                xBase = "xr";
                wBase = "wr";
            }

            if (m.ColumnsLooped)
            {
                w.Open($"for (int kw = 0; kw < {s.KernelWidth}; kw++)");
                w.Line($"nint xk = {xBase} + kw{(s.DilationWidth == 1 ? "" : " * " + s.DilationWidth)}, wk = {wBase} + kw;");
                xBase = "xk";
                wBase = "wk";
            }

            int khCount = m.RowsLooped ? 1 : s.KernelHeight;
            int kwCount = m.ColumnsLooped ? 1 : s.KernelWidth;
            // A flat tile goes down each kernel column: a vector's lanes on padding are the same from one interior kernel
            // row to the next (its row ends), so the JIT keeps that lane mask in a register for the column's taps rather
            // than load it again with each input.
            var taps = m.Flat
                ? Enumerable.Range(0, kwCount).SelectMany(kw => Enumerable.Range(0, khCount).Select(kh => (kh, kw)))
                : Enumerable.Range(0, khCount).SelectMany(kh => Enumerable.Range(0, kwCount).Select(kw => (kh, kw)));
            foreach (var (kh, kw) in taps)
            {
                {
                    int tap = LoadIndex(kh, kw);
                    var live = Enumerable.Range(0, vectors).Where(v => m.Vectors[v].Loads[tap] != LoadKind.Skip).ToList();
                    if (live.Count == 0)
                    {
                        continue; // every lane of this tap falls on padding
                    }

                    long xTap = (m.RowsLooped ? 0 : kh * TapRowStep) + (m.ColumnsLooped ? 0 : (long)kw * s.DilationWidth);
                    long wTap = (m.RowsLooped ? 0 : (long)kh * s.KernelWidth) + (m.ColumnsLooped ? 0 : kw);
                    if (!m.RowsLooped || !m.ColumnsLooped)
                    {
                        w.Line(m.RowsLooped ? $"// kernel column {kw}" : m.ColumnsLooped ? $"// kernel row {kh}" : $"// tap ({kh}, {kw})");
                    }

                    foreach (int v in live)
                    {
                        var vector = m.Vectors[v];
                        w.Line($"x{v} = {Load(vector.Target, vector.Loads[tap], vector.LaneMasks[tap], vector.Shifts[tap], xBase, xTap + (long)vector.Offset * s.StrideWidth, vector.Stored)};");
                    }

                    for (int t = 0; t < m.Channels; t++)
                    {
                        w.Line($"wt = {widest.Name}.Create(Unsafe.Add(ref weights, {Literals.Offset(wBase, wTap + t * Window)}));");
                        foreach (int v in live)
                        {
                            w.Line($"a{t}_{v} = Mad(x{v}, {Narrowed("wt", widest, m.Vectors[v].Width)}, a{t}_{v});");
                        }
                    }
                }
            }

            if (m.ColumnsLooped)
            {
                w.Close();
            }

            if (m.RowsLooped)
            {
                w.Close();
            }

            CloseChannelLoop();
            for (int t = 0; t < m.Channels; t++)
            {
                for (int v = 0; v < vectors; v++)
                {
                    string value = s.Activation == ActivationKind.None ? $"a{t}_{v}" : $"Activate(a{t}_{v})";
                    w.Line(Store(m.Vectors[v], value, Literals.Offset("y", t * OutputPlane + m.Vectors[v].Offset)));
                }
            }

            w.Close();
        }

        /// <summary>
        /// A depthwise tile of R output rows × V vectors (one input and one output channel): the window's weights are broadcast
        /// once into registers; input row j of the block is loaded once per kernel column and feeds every output row i whose
        /// kernel row j − i it is.
        /// </summary>
        private void EmitRowsTile(TileMethod m)
        {
            int vectors = m.Vectors.Count;
            var widest = m.Vectors[0].Target;
            w.Line();
            string widths = m.Vectors.All(v => v.Width == widest.Width)
                ? $"{vectors} vector(s) of {widest.Width} columns"
                : $"{vectors} vectors of {string.Join(", ", m.Vectors.Select(v => v.Width))} columns";
            w.Doc($"<summary>{char.ToUpperInvariant(Channels(m.Channels)[0])}{Channels(m.Channels).Substring(1)}, output rows oh..oh+{m.Rows - 1} × {widths} at y {string.Join(", ", m.Vectors.Select(v => $"+{v.Offset}"))}: "
                + $"{m.Rows * vectors * m.Partials} accumulators{(m.Partials > 1 ? " (even and odd kernel rows apart)" : "")}, {(m.WeightsInRegisters ? "the window's weights in registers" : "each weight broadcast where an input row meets its kernel row")}, each input row loaded once for the rows it serves"
                + (m.Vectors.Any(v => v.Clipped) ? "; lanes on padding are zeros" : "")
                + (m.Vectors.Any(v => v.Stored < v.Width) ? $"; of a vector past the row's end only the first {m.Vectors.First(v => v.Stored < v.Width).Stored} lanes are stored" : "")
                + ".</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void {m.Name}({(m.PhaseWidth > 0 ? PhaseRefs : Refs)}, nint x, nint w, nint y, int oc{(m.GuardTop + m.GuardBottom > 0 ? ", int jFirst, int jEnd" : "")})");
            var usedTaps = Enumerable.Range(0, s.KernelWidth).Where(kw => m.Vectors.Any(v => v.Loads[kw] != LoadKind.Skip)).ToList();
            for (int kh = 0; kh < (m.WeightsInRegisters ? s.KernelHeight : 0); kh++)
            {
                var names = usedTaps.Select(kw => $"w{kh}_{kw} = {widest.Name}.Create(Unsafe.Add(ref weights, {Literals.Offset("w", (long)kh * s.KernelWidth + kw)}))");
                if (usedTaps.Count > 0)
                {
                    w.Line($"{widest.Type} {string.Join(", ", names)};");
                }
            }

            string init = bias ? $"{widest.Name}.Create(Unsafe.Add(ref bias, oc))" : $"{widest.Type}.Zero";
            for (int i = 0; i < m.Rows; i++)
            {
                foreach (var group in Enumerable.Range(0, vectors).GroupBy(v => m.Vectors[v].Width))
                {
                    var names = group.Select(v => $"a{i}_{v} = {(i == 0 && v == 0 ? init : Narrowed("a0_0", widest, group.Key))}")
                        .Concat(group.Where(v => m.Partials > 1).Select(v => $"b{i}_{v} = {VectorTarget.OfWidth(group.Key).Type}.Zero"));
                    w.Line($"{VectorTarget.OfWidth(group.Key).Type} {string.Join(", ", names)};");
                }
            }

            var loaded = Enumerable.Range(0, vectors).Where(v => m.Vectors[v].Loads.Any(l => l != LoadKind.Skip)).ToList();
            foreach (var group in loaded.GroupBy(v => m.Vectors[v].Width))
            {
                w.Line($"{VectorTarget.OfWidth(group.Key).Type} {string.Join(", ", group.Select(v => $"x{v}"))}{(!m.WeightsInRegisters && group.Key == widest.Width ? ", wt" : "")};");
            }

            // (A tile whose every tap falls on padding loads nothing and broadcasts nothing.)
            if (!m.WeightsInRegisters && loaded.Count > 0 && !loaded.Any(v => m.Vectors[v].Width == widest.Width))
            {
                w.Line($"{widest.Type} wt;");
            }

            // Output row i reads input rows i·stride + kh: input row j serves every output row i with j − i·stride in the window.
            int step = s.StrideHeight;
            int inputRows = plan.BlockInputRows(m.Rows);
            for (int j = 0; j < inputRows; j++)
            {
                if (m.LoopsInputRows && j == m.LoopFirst)
                {
                    EmitLoopedInputRows(m, inputRows, usedTaps);
                    j = m.LoopEnd - 1;
                    continue;
                }

                var uses = Enumerable.Range(0, m.Rows).Where(i => j - i * step >= 0 && j - i * step < s.KernelHeight).ToList();
                w.Line($"// input row {j}: kernel row {string.Join(", ", uses.Select(i => $"{j - i * step} of output row {i}"))}");
                var guards = new List<string>();
                if (j < m.GuardTop)
                {
                    guards.Add($"jFirst <= {j}");
                }

                if (j >= inputRows - m.GuardBottom)
                {
                    guards.Add($"jEnd > {j}");
                }

                if (guards.Count > 0)
                {
                    w.Open($"if ({string.Join(" && ", guards)})");
                }

                EmitInputRow(m, usedTaps, uses, j, "x", "w");
                if (guards.Count > 0)
                {
                    w.Close();
                }
            }

            for (int i = 0; i < m.Rows; i++)
            {
                for (int v = 0; v < vectors; v++)
                {
                    string sum = m.Partials > 1 ? $"a{i}_{v} + b{i}_{v}" : $"a{i}_{v}";
                    string value = s.Activation == ActivationKind.None ? sum : $"Activate({sum})";
                    w.Line(Store(m.Vectors[v], value, Literals.Offset("y", (long)i * plan.OutputWidth + m.Vectors[v].Offset)));
                }
            }

            w.Close();
        }

        /// <summary>
        /// Input row <paramref name="j"/> of a multi-row tile, relative to <paramref name="xBase"/> and <paramref name="wBase"/>
        /// (the tile's row 0, or a looped row's own offsets with <paramref name="j"/> 0): each used kernel column's vectors
        /// loaded once, then multiplied into every output row in <paramref name="uses"/> by the weight of kernel row j − i·stride.
        /// </summary>
        private void EmitInputRow(TileMethod m, List<int> usedTaps, List<int> uses, int j, string xBase, string wBase)
        {
            var widest = m.Vectors[0].Target;
            int step = s.StrideHeight;
            // The accumulator of output row i, vector v for kernel row kh: a, or with two partial sums b for odd kh.
            string Sum(int i, int v, int kh) => $"{(m.Partials > 1 && kh % 2 == 1 ? "b" : "a")}{i}_{v}";
            foreach (int kw in usedTaps)
            {
                var live = Enumerable.Range(0, m.Vectors.Count).Where(v => m.Vectors[v].Loads[kw] != LoadKind.Skip).ToList();
                foreach (int v in live)
                {
                    var vector = m.Vectors[v];
                    // From a phase split: phase kw mod 2 of input row j, kw div 2 floats on; in place: the input row's columns.
                    w.Line(m.PhaseWidth > 0
                        ? $"x{v} = {vector.Target.Name}.LoadUnsafe(ref phases, (nuint)({Literals.Offset(xBase, (long)j * 2 * m.PhaseWidth + kw % 2 * m.PhaseWidth + kw / 2 + vector.Offset)}));"
                        : $"x{v} = {Load(vector.Target, vector.Loads[kw], vector.LaneMasks[kw], vector.Shifts[kw], xBase, j * TapRowStep + (long)kw * s.DilationWidth + (long)vector.Offset * s.StrideWidth, vector.Stored)};");
                }

                foreach (int i in uses)
                {
                    string weight = $"w{j - i * step}_{kw}";
                    if (!m.WeightsInRegisters)
                    {
                        w.Line($"wt = {widest.Name}.Create(Unsafe.Add(ref weights, {Literals.Offset(wBase, (long)(j - i * step) * s.KernelWidth + kw)}));");
                        weight = "wt";
                    }

                    foreach (int v in live)
                    {
                        w.Line($"{Sum(i, v, j - i * step)} = Mad(x{v}, {Narrowed(weight, widest, m.Vectors[v].Width)}, {Sum(i, v, j - i * step)});");
                    }
                }
            }
        }

        /// <summary>
        /// The input rows [<see cref="TileMethod.LoopFirst"/>, <see cref="TileMethod.LoopEnd"/>) of a multi-row tile as a loop:
        /// each serves every output row, so its code is the same but for the row's offsets into the input and the weights.
        /// Rows the block may leave out (guarded ones) bound the loop by jFirst and jEnd.
        /// </summary>
        private void EmitLoopedInputRows(TileMethod m, int inputRows, List<int> usedTaps)
        {
            int first = m.LoopFirst, end = m.LoopEnd;
            string from = first < m.GuardTop ? $"jFirst > {first} ? jFirst : {first}" : Literals.Int(first);
            string to = end > inputRows - m.GuardBottom ? $"jEnd < {end} ? jEnd : {end}" : Literals.Int(end);
            long rowStep = m.PhaseWidth > 0 ? 2L * m.PhaseWidth : TapRowStep;
            w.Line($"// input rows {first}..{end - 1}: kernel row j − {(s.StrideHeight == 1 ? "i" : $"{s.StrideHeight}·i")} of every output row i");
            w.Line($"nint jTo = {to};");
            w.Open($"for (nint j = {from}; j < jTo; j++)");
            w.Line($"nint xj = x + j * {Literals.Int(rowStep)}, wj = w + j * {Literals.Int(s.KernelWidth)};");
            EmitInputRow(m, usedTaps, Enumerable.Range(0, m.Rows).ToList(), 0, "xj", "wj");
            w.Close();
        }

        /// <summary>The statement storing a tile vector's output lanes at <paramref name="at"/>: the whole vector, or the first <see cref="TileVector.Stored"/> lanes of one past the row's end.</summary>
        private static string Store(TileVector vector, string value, string at) => vector.Stored == vector.Width
            ? $"{vector.Target.Name}.StoreUnsafe({value}, ref output, (nuint)({at}));"
            : $"Store{vector.Stored}Of{vector.Width}({value}, ref output, {at});";

        /// <summary>The lower <paramref name="width"/> lanes of a <paramref name="target"/> vector (free: the same register).</summary>
        private static string Narrowed(string value, VectorTarget target, int width)
        {
            for (int lanes = target.Width; lanes > width; lanes /= 2)
            {
                value += ".GetLower()";
            }

            return value;
        }

        /// <summary>The loop over the group's input channels (a plain block when each group has one).</summary>
        private void OpenChannelLoop()
        {
            w.Open(s.InChannelsPerGroup == 1 ? "" : $"for (int c = 0; c < {s.InChannelsPerGroup}; c++)");
        }

        private void CloseChannelLoop()
        {
            if (s.InChannelsPerGroup > 1)
            {
                w.Line($"x += {InputPlane};");
                w.Line($"w += {WindowPlane};");
            }

            w.Close();
        }

        /// <param name="lanes">The lanes that matter, from lane 0 (a vector overhanging its row computes the others from anything); by default all.</param>
        private string Load(VectorTarget target, LoadKind kind, int mask, int shift, string xBase, long offset, int? lanes = null)
        {
            string at = Literals.Offset(xBase, offset);
            switch (kind)
            {
                case LoadKind.Shifted:
                    // Lane l reads the loaded float l − shift; lanes on padding keep nothing.
                    var index = Enumerable.Range(0, target.Width).Select(lane => (mask & (1 << lane)) == 0 ? "0" : Literals.Int(lane - shift));
                    var keep = Enumerable.Range(0, target.Width).Select(lane => (mask & (1 << lane)) == 0 ? "0" : "-1");
                    if (shift == 0)
                    {
                        // Already in place: only the lanes on padding to clear.
                        return $"{target.Name}.LoadUnsafe(ref input, (nuint)({at})) & {target.Name}.Create({string.Join(", ", keep)}).AsSingle()";
                    }

                    return $"Shifted{target.Width}(ref input, {Literals.Offset(xBase, offset + shift)}, {target.Name}.Create({string.Join(", ", index)}), {target.Name}.Create({string.Join(", ", keep)}))";
                case LoadKind.Stride2Shifted:
                    // Lane l reads float 2l − shift of the two loaded vectors; lanes on padding keep nothing.
                    var pairIndex = Enumerable.Range(0, target.Width).Select(lane => (mask & (1 << lane)) == 0 ? "0" : Literals.Int(2 * lane - shift));
                    var pairKeep = Enumerable.Range(0, target.Width).Select(lane => (mask & (1 << lane)) == 0 ? "0" : "-1");
                    return $"Stride2Shifted{target.Width}(ref input, {Literals.Offset(xBase, offset + shift)}, {target.Name}.Create({string.Join(", ", pairIndex)}), {target.Name}.Create({string.Join(", ", pairKeep)}))";
                case LoadKind.Stride2Pair:
                    // Lane l reads column 2l − shift of the row from its first load, or, past that load, from its second
                    // (the row's last width columns); lanes on padding are zeroed, lanes past the row read anything.
                    var fromPair = Enumerable.Range(0, target.Width).Select(lane => (mask & (1 << lane)) == 0 ? "0"
                        : Literals.Int(2 * lane - shift < target.Width ? 2 * lane - shift : 2 * lane - shift - (s.InputWidth - target.Width) + target.Width));
                    string pair = $"Stride2Pair{target.Width}(ref input, {Literals.Offset(xBase, offset + shift)}, {target.Name}.Create({string.Join(", ", fromPair)}))";
                    if (mask == KernelPlanner.FullMask(lanes ?? target.Width))
                    {
                        return pair;
                    }

                    var pairZeros = Enumerable.Range(0, target.Width).Select(lane => (mask & (1 << lane)) == 0 ? "0" : "-1");
                    return $"{pair} & {target.Name}.Create({string.Join(", ", pairZeros)}).AsSingle()";
                case LoadKind.Contiguous:
                    return $"{target.Name}.LoadUnsafe(ref input, (nuint)({at}))";
                case LoadKind.Stride2Permute:
                    return $"Stride2x{target.Width}(ref input, {at})";
                default:
                    var each = Enumerable.Range(0, target.Width).Select(lane => (mask & (1 << lane)) == 0
                        ? "0f"
                        : $"Unsafe.Add(ref input, {Literals.Offset(xBase, offset + (long)lane * s.StrideWidth)})");
                    return $"{target.Name}.Create({string.Join(", ", each)})";
            }
        }

        private void EmitPixel(int tile)
        {
            w.Line();
            w.Doc($"<summary>One output pixel of {Channels(tile)} in scalar code, reading kernel rows [khFirst, khEnd) and columns [kwFirst, kwEnd).</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void Pixel{tile}({Refs}, nint x, nint w, nint y, int oc, int khFirst, int khEnd, int kwFirst, int kwEnd)");
            var names = Enumerable.Range(0, tile).Select(t => $"a{t} = {(bias ? $"Unsafe.Add(ref bias, {Literals.Offset("oc", t)})" : "0f")}");
            w.Line($"float {string.Join(", ", names)};");
            OpenChannelLoop();
            w.Open("for (int kh = khFirst; kh < khEnd; kh++)");
            w.Line($"nint xr = x + kh * {TapRowStep}, wr = w + kh * {s.KernelWidth};");
            w.Open("for (int kw = kwFirst; kw < kwEnd; kw++)");
            w.Line($"float v = Unsafe.Add(ref input, xr + kw{(s.DilationWidth == 1 ? "" : " * " + s.DilationWidth)});");
            for (int t = 0; t < tile; t++)
            {
                w.Line($"a{t} += v * Unsafe.Add(ref weights, {Literals.Offset("wr + kw", t * Window)});");
            }

            w.Close();
            w.Close();
            CloseChannelLoop();
            for (int t = 0; t < tile; t++)
            {
                string value = s.Activation == ActivationKind.None ? $"a{t}" : $"Activate(a{t})";
                w.Line($"Unsafe.Add(ref output, {Literals.Offset("y", t * OutputPlane)}) = {value};");
            }

            w.Close();
        }

        private void EmitHelpers(IReadOnlyList<VectorTarget> targets)
        {
            if (!besideChannelBlocks)
            {
                w.Line();
                EntryMethodEmitter.EmitThrowHelpers(w);
            }

            bool stride2 = s.StrideWidth == 2;
            if (plan.UsesStackBlock)
            {
                KernelHelperEmitter.EmitAligned64(w);
            }

            // Skewed dot products place their columns as far past a vector boundary as the weights start.
            foreach (int width in plan.VectorPlans.Where(p => p.Dot is { Skewed: true }).Select(p => p.Target.Width).Distinct())
            {
                KernelHelperEmitter.EmitSkew(w, width);
            }

            // Dot products (band tails and dot-product paths) sum four at a time across the lanes.
            var dotWidths = plan.VectorPlans.Where(p => p.Dot is not null || p.Band is { Tail: > 0 }).Select(p => p.Target.Width).ToList();
            foreach (var target in new[] { VectorTarget.Vector512, VectorTarget.Vector256 }.Where(t => dotWidths.Any(d => d >= t.Width)))
            {
                KernelHelperEmitter.EmitSum4(w, target);
            }

            foreach (var target in targets)
            {
                string vec = target.Type;
                KernelHelperEmitter.EmitMad(w, target);
                if (stride2 && plan.UsesVectors && Uses(target, LoadKind.Stride2Permute))
                {
                    w.Line();
                    w.Doc($"<summary>The even inputs of 2·{target.Width} consecutive ones (stride 2), from two loads and one permute; reads one float past the last lane.</summary>");
                    w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
                    w.Open($"private static {vec} Stride2x{target.Width}(ref float input, nint x)");
                    w.Line($"{vec} lo = {target.Name}.LoadUnsafe(ref input, (nuint)x), hi = {target.Name}.LoadUnsafe(ref input, (nuint)(x + {target.Width}));");
                    if (target.Width == 16)
                    {
                        w.Line("return Avx512F.PermuteVar16x32x2(lo, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), hi);");
                    }
                    else if (target.Width == 4)
                    {
                        w.Line("return Sse.IsSupported ? Sse.Shuffle(lo, hi, 0b10_00_10_00) : Vector128.Create(lo[0], lo[2], hi[0], hi[2]);");
                    }
                    else
                    {
                        w.Line("return Avx2.IsSupported");
                        w.Line("    ? Avx2.Permute4x64(Avx.Shuffle(lo, hi, 0b10_00_10_00).AsDouble(), 0b11_01_10_00).AsSingle()");
                        w.Line("    : Vector256.Create(lo[0], lo[2], lo[4], lo[6], hi[0], hi[2], hi[4], hi[6]);");
                    }

                    w.Close();
                }
            }

            foreach (var target in targets.Where(t => Uses(t, LoadKind.Shifted)))
            {
                string vec = target.Type, n = target.Name, ints = $"{n}<int>";
                string permute = target.Width switch
                {
                    16 => "Avx512F.IsSupported ? Avx512F.PermuteVar16x32(loaded, index)",
                    8 => "Avx2.IsSupported ? Avx2.PermuteVar8x32(loaded, index)",
                    _ => "Avx.IsSupported ? Avx.PermuteVar(loaded, index)",
                };
                w.Line();
                w.Doc($"<summary>{target.Width} floats from <paramref name=\"x\"/> (inside the row), lane l taking float index[l], lanes whose keep is 0 zeroed: a vector whose window is partly padding.</summary>");
                w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
                w.Open($"private static {vec} Shifted{target.Width}(ref float input, nint x, {ints} index, {ints} keep)");
                w.Line($"{vec} loaded = {n}.LoadUnsafe(ref input, (nuint)x);");
                w.Line($"return ({permute} : {n}.Shuffle(loaded, index)) & keep.AsSingle();");
                w.Close();
            }

            foreach (var target in targets.Where(t => Uses(t, LoadKind.Stride2Shifted)))
            {
                EmitTwoLoadPermute(target, "Stride2Shifted", target.Width, keep: true,
                    $"2·{target.Width} floats from <paramref name=\"x\"/> (inside the row) in two loads, lane l taking float index[l] of them, lanes whose keep is 0 zeroed: a stride-2 vector whose window is partly padding or ends the row.");
            }

            foreach (var target in targets.Where(t => Uses(t, LoadKind.Stride2Pair)))
            {
                EmitTwoLoadPermute(target, "Stride2Pair", s.InputWidth - target.Width, keep: false,
                    $"A row of {s.InputWidth} floats from <paramref name=\"x\"/> (its first column) in two loads, the second its last {target.Width}, lane l taking float index[l] of them (the second's from {target.Width}): a stride-2 vector on a row narrower than two vectors.");
            }

            foreach (var vector in plan.VectorPlans.SelectMany(p => p.Covers).SelectMany(c => c.Methods).SelectMany(m => m.Vectors)
                .Where(v => v.Stored < v.Width).Select(v => (v.Stored, v.Width)).Distinct().OrderBy(v => v.Width).ThenBy(v => v.Stored))
            {
                KernelHelperEmitter.EmitPartialStore(w, VectorTarget.OfWidth(vector.Width), vector.Stored);
            }

            // (A stride-1 band whose vectors are all loads in place needs no permute: the helper then goes unused, which is harmless.)
            // Gathered bands' vectors of stride-s columns fold their loads with the same permutes.
            var gathers = targets.Where(t => plan.VectorPlans.Any(p => p.Band is not null && p.Target == t) && GathersVectors(t)).ToList();
            foreach (var target in targets.Where(t => gathers.Contains(t) || plan.VectorPlans.Any(p => p.Band is { } band && band.RowStores.Any(v => v.Width == t.Width && !v.Lanes.All(l => l < 0)))))
            {
                EmitPick(target);
            }

            foreach (var target in gathers)
            {
                EmitGatherHelper(target);
            }

            KernelHelperEmitter.EmitActivations(w, s.Activation, s.LeakyReluSlope, targets);
        }

        /// <summary>
        /// <c>{name}{W}(ref input, x, index[, keep])</c>: two loads, at x and <paramref name="second"/> floats on, lane l taking
        /// lane index[l] of them (taken as one vector of 2·W lanes), and with <paramref name="keep"/> the lanes whose keep is 0 zeroed.
        /// </summary>
        private void EmitTwoLoadPermute(VectorTarget target, string name, long second, bool keep, string summary)
        {
            string vec = target.Type, n = target.Name, ints = $"{n}<int>";
            w.Line();
            w.Doc($"<summary>{summary}</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Open($"private static {vec} {name}{target.Width}(ref float input, nint x, {ints} index{(keep ? $", {ints} keep" : "")})");
            w.Line($"{vec} lo = {n}.LoadUnsafe(ref input, (nuint)x), hi = {n}.LoadUnsafe(ref input, (nuint)(x + {second}));");
            if (keep)
            {
                WriteTwoSourcePermute(target, $"{vec} pair = ");
                w.Line("return pair & keep.AsSingle();");
            }
            else
            {
                WriteTwoSourcePermute(target, "return ");
            }

            w.Close();
        }

        /// <summary>
        /// Writes <paramref name="assignTo"/> followed by lane l = lane index[l] of lo and hi taken as one vector of 2·W
        /// lanes: AVX-512's two-source permute, or without it one permute per source and a blend (or, with no x86
        /// permute, two shuffles), ending the statement.
        /// </summary>
        private void WriteTwoSourcePermute(VectorTarget target, string assignTo)
        {
            string n = target.Name;
            int width = target.Width;
            if (width == 16)
            {
                w.Line($"{assignTo}Avx512F.PermuteVar16x32x2(lo, index, hi);");
                return;
            }

            string one = width == 8 ? "Avx2.PermuteVar8x32" : "Avx.PermuteVar";
            w.Line($"{assignTo}Avx512F.VL.IsSupported ? Avx512F.VL.PermuteVar{width}x32x2(lo, index, hi)");
            w.Line($"    : {(width == 8 ? "Avx2" : "Avx")}.IsSupported ? {n}.ConditionalSelect({n}.GreaterThan(index, {n}.Create({width - 1})).AsSingle(), {one}(hi, index), {one}(lo, index))");
            w.Line($"    : {n}.Shuffle(lo, index) | {n}.Shuffle(hi, index - {n}.Create({width}));");
        }

        /// <summary>Whether some vector of the target's width is loaded in place with <paramref name="kind"/>: by a tile (other than one reading a phase split) or by a phase split.</summary>
        private bool Uses(VectorTarget target, LoadKind kind)
        {
            var covers = plan.VectorPlans.SelectMany(p => p.Covers).ToList();
            return covers.SelectMany(c => c.Methods).Where(m => m.PhaseWidth == 0).SelectMany(m => m.Vectors)
                .Concat(covers.SelectMany(c => c.Block?.Phases?.Stores ?? EquatableArray<TileVector>.Empty))
                .Any(v => v.Width == target.Width && v.Loads.Contains(kind));
        }
    }
}
