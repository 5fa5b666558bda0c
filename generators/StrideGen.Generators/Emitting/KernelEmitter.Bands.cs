using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>The packed-band path of an NCHW kernel (<see cref="BandPlan"/>): its driver, the packing method and the band tiles.</summary>
    internal sealed partial class KernelEmitter
    {
        private long Taps => (long)s.KernelHeight * s.KernelWidth;

        /// <summary>Floats of one input channel's packed rows (see <see cref="BandPlanner.ChannelFloats"/>).</summary>
        private long ChannelFloats(BandPlan band) => BandPlanner.ChannelFloats(band, s, plan.OutputWidth);

        /// <summary>Floats of the packed block: one chunk's channels.</summary>
        private long BlockFloats(BandPlan band) => BandPlanner.BlockFloats(band, s, plan.OutputWidth);

        /// <summary>Where the tail positions' input columns start in the block: after the chunk's packed rows.</summary>
        private long TailStart(BandPlan band) => band.ChunkChannels * ChannelFloats(band);

        /// <summary>Inputs of one chunk: its input channels × the window's taps (the length of a tail column).</summary>
        private long ChunkInputs(BandPlan band) => band.ChunkChannels * Taps;

        /// <summary>Where packed row (kw, window row ky) starts in a channel's packed rows (see <see cref="BandPlanner.PackedRow"/>).</summary>
        private long PackedRow(BandPlan band, int kw, int ky) => BandPlanner.PackedRow(band, s, plan.OutputWidth, kw, ky);

        private bool Chunked(BandPlan band) => band.ChunkChannels < s.InChannelsPerGroup;

        private string BandRefs => bias ? "ref float band, ref float weights, ref float bias, ref float output" : "ref float band, ref float weights, ref float output";

        private string BandRefArgs => bias ? "ref band, ref weights, ref bias, ref output" : "ref band, ref weights, ref output";

        private string BandSummary(VectorPlan p, BandPlan band) =>
            $"{p.Target.Name}: bands of {band.Rows} output row(s) packed into a {Literals.Kilobytes((long)BlockFloats(band) * sizeof(float))} KB block on the stack"
            + (Chunked(band) ? $" ({band.ChunkChannels} input channels at a time)" : "")
            + $", then tiles of {p.ChannelTile} output channel(s) × {p.VectorsPerTile} vector(s) of the band's {band.Positions} positions, every load contiguous"
            + (band.LoopedRows ? ", kernel rows looped" : "")
            + (band.Tail > 0 ? $", its last {band.Tail} as dot products." : ".");

        /// <summary>The driver of a band path: for each band (of this part), pack it chunk by chunk and run every output-channel tile over it.</summary>
        private void EmitBandDriver(VectorPlan p, BandPlan band)
        {
            int bands = plan.OutputHeight / band.Rows;
            string what = p.Split switch
            {
                { Unit: WorkUnit.Rows } => $" Runs part <paramref name=\"part\"/> of {p.Split.Parts}: a contiguous range of the {bands} bands" + (s.Groups > 1 ? " of every group." : "."),
                _ => PartDoc(p.Split),
            };
            string groups = s.Groups > 1 ? $" Each of the {s.Groups} groups in turn, as a layer of its own: its {s.InChannelsPerGroup} input channels packed, its {s.OutChannelsPerGroup} output channels run." : "";
            w.Doc($"<summary>The {p.Target.Name} path: bands of {band.Rows} output row(s), each packed so every tap's inputs lie in one contiguous row, then output-channel tiles × the band's {band.Positions} positions.{groups}{what}</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            if (skipLocalsInit)
            {
                w.Line("[SkipLocalsInit] // the packed block is written before it is read: no need to zero it each call");
            }

            w.Open($"public static void Run{p.Target.Name}({Refs}{PartParameter})");
            long floats = BlockFloats(band);
            string firstRow = Literals.Offset(s.StrideHeight == 1 ? "oh" : $"oh·{s.StrideHeight}", -s.PadTop).Replace("-", "−");
            string order = s.StrideHeight == 1 ? "by kw, then by ky" : $"by kw, then by residue ky mod {s.StrideHeight}, then ky div {s.StrideHeight}";
            w.Line($"// The packed block: for each input channel c and kernel column kw, input row ky of the band's window (row {firstRow} + ky) packed");
            w.Line($"// {order}, so tap (kh, kw) reads the band's {band.Positions} inputs as one run ({floats * sizeof(float)} bytes).");
            w.Line($"Span<float> packed = stackalloc float[{floats + KernelHelperEmitter.AlignmentSlack}];");
            w.Line("ref float band = ref Aligned64(packed);");
            bool tileSplit = p.Split is { Unit: WorkUnit.ChannelTiles };
            int opened = 0;
            // A grouped layer runs group by group (this part's groups, where the parts split whole groups): the group's input
            // channels start at gc, its output channels (and their weights) at first.
            if (s.Groups > 1)
            {
                if (p.Split is { Unit: WorkUnit.Groups } groupSplit)
                {
                    w.Line($"// this part's groups, of {groupSplit.Parts} parts: [part·{groupSplit.Units}/{groupSplit.Parts}, (part+1)·{groupSplit.Units}/{groupSplit.Parts}) of {groupSplit.Units}, every output channel of each");
                    w.Open($"for (int g = part * {groupSplit.Units} / {groupSplit.Parts}; g < (part + 1) * {groupSplit.Units} / {groupSplit.Parts}; g++)");
                }
                else
                {
                    w.Open($"for (int g = 0; g < {s.Groups}; g++)");
                }

                w.Line($"int gc = g * {s.InChannelsPerGroup}; // first input channel of the group");
                w.Line($"int first = g * {s.OutChannelsPerGroup}; // first output channel of the group");
                opened++;
            }

            // Output channel oc of the group, as a channel of the layer (and as an offset).
            string Channel(string oc) => s.Groups > 1 ? $"first + {oc}" : oc;
            string ChannelOffset(string oc) => s.Groups > 1 ? $"(nint)(first + {oc})" : $"(nint){oc}";
            if (p.Split is { Unit: WorkUnit.Rows } rows)
            {
                w.Line($"// this part's bands, of {rows.Parts} parts: [part·{rows.Units}/{rows.Parts}, (part+1)·{rows.Units}/{rows.Parts}) of {rows.Units}");
                w.Open($"for (int oh = part * {rows.Units} / {rows.Parts} * {band.Rows}; oh < (part + 1) * {rows.Units} / {rows.Parts} * {band.Rows}; oh += {band.Rows})");
                opened++;
            }
            else
            {
                if (p.Split is { Unit: WorkUnit.ChannelTiles } tiles)
                {
                    w.Line($"// this part's output-channel tiles, of {tiles.Parts} parts: [part·{tiles.Units}/{tiles.Parts}, (part+1)·{tiles.Units}/{tiles.Parts}) of {tiles.Units}"
                        + (p.ChannelRemainder > 0 ? $" (the last is the {p.ChannelRemainder}-channel remainder)" : ""));
                    w.Line($"int tileFirst = part * {tiles.Units} / {tiles.Parts}, tileEnd = (part + 1) * {tiles.Units} / {tiles.Parts};");
                }

                if (bands == 1)
                {
                    w.Line("const int oh = 0; // one band: the whole output plane");
                }
                else
                {
                    w.Open($"for (int oh = 0; oh < {plan.OutputHeight}; oh += {band.Rows})");
                    opened++;
                }
            }

            // Where output channel oc's weights for the chunk start.
            string WeightsAt(string oc) => $"{ChannelOffset(oc)} * {Window}" + (Chunked(band) ? $" + c0 * {Taps}" : "");
            string weightsAt = WeightsAt("oc");
            if (Chunked(band))
            {
                w.Line($"// input channels {band.ChunkChannels} at a time: the first chunk stores partial sums, later ones add to them, the last activates");
                w.Open($"for (int c0 = 0; c0 < {s.InChannelsPerGroup}; c0 += {band.ChunkChannels})");
                opened++;
            }
            else
            {
                w.Line("const int c0 = 0; // every input channel in one block");
            }

            w.Line($"{PackName(p)}(ref input, ref band, oh, {(s.Groups > 1 ? "gc + c0" : "c0")});");
            w.Line($"nint y = (nint)oh * {plan.OutputWidth};");
            string flags = Chunked(band) ? $", c0 == 0, c0 == {s.InChannelsPerGroup - band.ChunkChannels}" : "";
            int main = p.ChannelTilesPerGroup * p.ChannelTile;
            foreach (var cover in band.Covers)
            {
                bool remainder = cover.Channels != p.ChannelTile || p.ChannelTilesPerGroup == 0;
                if (remainder)
                {
                    w.Open(tileSplit ? $"if (tileEnd > {p.ChannelTilesPerGroup})" : "");
                    w.Line($"const int oc = {main}; // the remaining {cover.Channels} output channel(s)");
                }
                else
                {
                    w.Open(tileSplit
                        ? $"for (int oc = Math.Min(tileFirst, {p.ChannelTilesPerGroup}) * {p.ChannelTile}; oc < Math.Min(tileEnd, {p.ChannelTilesPerGroup}) * {p.ChannelTile}; oc += {p.ChannelTile})"
                        : $"for (int oc = 0; oc < {main}; oc += {p.ChannelTile})");
                }

                foreach (var tile in cover.Tiles)
                {
                    w.Line($"{tile.Name}({BandRefArgs}, {weightsAt}, {Literals.Offset($"{ChannelOffset("oc")} * {OutputPlane} + y", tile.Start)}, {tile.Start}, {Channel("oc")}{flags});");
                }

                if (band.Tail > 0)
                {
                    // Right after the tiles, while these channels' weights are still in cache.
                    int channels = TailChannels(p, band);
                    string Tail(string oc) => $"{p.Target.Name}Tail{channels}({BandRefArgs}, {WeightsAt(oc)}, {Literals.Offset($"{ChannelOffset(oc)} * {OutputPlane} + y", band.Positions - band.Tail)}, {Channel(oc)}{flags});";
                    w.Line($"// the band's last {band.Tail} position(s): a dot product per output channel");
                    w.Line(cover.Channels == channels ? Tail("oc") : $"for (int ot = oc; ot < oc + {cover.Channels}; ot += {channels}) {Tail("ot")}");
                }

                w.Close();
            }

            for (int i = 0; i < opened; i++)
            {
                w.Close();
            }

            w.Close();
        }

        /// <summary>
        /// The packing method a band path calls: its own, or a wider path's that packs exactly the same way (rows narrower
        /// than both paths' vectors are packed in the same narrow vectors), tail columns included: a path whose band ends
        /// in dot products reads columns only a packing method with the same tail writes.
        /// </summary>
        private string PackName(VectorPlan p)
        {
            var same = plan.VectorPlans.First(q => q.Band is { } other && other.Rows == p.Band!.Rows && other.ChunkChannels == p.Band.ChunkChannels
                && other.WindowRows == p.Band.WindowRows && other.RowStores == p.Band.RowStores && other.Tail == p.Band.Tail);
            return $"Pack{same.Target.Name}";
        }

        /// <summary>The packing method (unless a wider path's is shared) and the band tile methods of a band path.</summary>
        private void EmitBandMethods(VectorPlan p, BandPlan band)
        {
            if (PackName(p) == $"Pack{p.Target.Name}")
            {
                EmitPack(p.Target, band);
            }

            foreach (var tile in band.Covers.SelectMany(c => c.Tiles).GroupBy(t => t.Name).Select(g => g.First()))
            {
                EmitBandTile(p.Target, band, tile);
            }

            if (band.Tail > 0)
            {
                EmitTail(p, band);
            }
        }

        /// <summary>
        /// Packs input channels c0.. of one chunk for output rows oh..: each input row of the band's window is loaded once
        /// (each vector its stores need, once, just before the first store that reads it) and stored once per kernel column,
        /// its stride-2 lanes gathered by two-source permutes and its lanes on padding zeroed; a window row outside the image
        /// is stored as zeros.
        /// </summary>
        private void EmitPack(VectorTarget target, BandPlan band)
        {
            w.Line();
            w.Doc($"<summary>Packs input channels c0..c0+{band.ChunkChannels - 1} for output rows oh..oh+{band.Rows - 1}: packed row (kw, ky) of channel c holds, at output column ow, input (c0 + c, oh·{s.StrideHeight} − {s.PadTop} + ky, ow·{s.StrideWidth} − {s.PadLeft} + kw{(s.DilationWidth == 1 ? "" : "·" + s.DilationWidth)}), zero on padding.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void Pack{target.Name}(ref float input, ref float band, int oh, int c0)");
            w.Line($"int top = {Literals.Offset(s.StrideHeight == 1 ? "oh" : $"oh * {s.StrideHeight}", -s.PadTop)}; // input row of window row 0");

            var stored = band.RowStores.Where(v => !v.Lanes.All(l => l < 0) && !BandPlanner.Gathered(s)).ToList();
            // A stride-1 vector reads one load from its first column; stride 2 reads that one and the next.
            var loads = stored.SelectMany(v => s.StrideWidth == 1 ? new[] { (Column: v.First, v.Width) } : new[] { (Column: v.First, v.Width), (Column: v.First + v.Width, v.Width) })
                .Distinct().OrderBy(l => l.Column).ThenBy(l => l.Width).ToList();
            string Name((int Column, int Width) load) => loads.Count(l => l.Column == load.Column) > 1 ? $"x{load.Column}w{load.Width}" : $"x{load.Column}";

            // A vector that takes its load's lanes in order, none on padding, is the load itself (a stride-1 interior vector).
            bool InPlace(PackedVector v) => s.StrideWidth == 1 && !v.Clipped && Enumerable.Range(0, v.Width).All(l => v.Lanes[l] == l || v.Offset + l >= plan.OutputWidth);
            string Lanes(PackedVector v) => string.Join(", ", v.Lanes.Select(l => Literals.Int(l < 0 ? 0 : l)));
            string Keep(PackedVector v) => string.Join(", ", v.Lanes.Select(l => l < 0 ? "0" : "-1"));

            // The lane indices and padding masks the row's vectors use, once each.
            var indices = stored.Where(v => !InPlace(v)).Select(v => (v.Width, Lanes: Lanes(v))).Distinct().ToList();
            var masks = stored.Where(v => v.Clipped).Select(v => (v.Width, Lanes: Keep(v))).Distinct().ToList();
            foreach (var (index, i) in indices.Select((index, i) => (index, i)))
            {
                w.Line($"{VectorTarget.OfWidth(index.Width).Name}<int> i{i} = {VectorTarget.OfWidth(index.Width).Name}.Create({index.Lanes});");
            }

            foreach (var (mask, i) in masks.Select((mask, i) => (mask, i)))
            {
                w.Line($"{VectorTarget.OfWidth(mask.Width).Type} m{i} = {VectorTarget.OfWidth(mask.Width).Name}.Create({mask.Lanes}).AsSingle(); // lanes on padding cleared");
            }

            string Value(PackedVector v)
            {
                if (v.Lanes.All(l => l < 0))
                {
                    return $"{v.Target.Type}.Zero";
                }

                if (InPlace(v))
                {
                    return Name((v.First, v.Width));
                }

                string index = "i" + indices.IndexOf((v.Width, Lanes(v)));
                string picked = s.StrideWidth == 1
                    ? $"Pick{v.Width}({Name((v.First, v.Width))}, {index})"
                    : $"Pick{v.Width}({Name((v.First, v.Width))}, {Name((v.First + v.Width, v.Width))}, {index})";
                return v.Clipped ? $"{picked} & m{masks.IndexOf((v.Width, Keep(v)))}" : picked;
            }

            // A window row outside the image is zeros: each kernel column's packed row, and the lanes its last vector runs past it.
            int rowFloats = band.RowStores.Select(v => v.Offset + v.Width).Max();
            w.Open($"for (int c = 0; c < {band.ChunkChannels}; c++)");
            w.Line($"nint x = (nint)(c0 + c) * {InputPlane}, b = (nint)c * {ChannelFloats(band)};");
            // The window rows of each residue of the stride, in order: rows of one residue are packed one after another.
            for (int residue = 0; residue < s.StrideHeight; residue++)
            {
                int count = band.ResidueRows(residue, s.StrideHeight);
                if (count == 0)
                {
                    continue; // no tap reads these rows
                }

                string row = s.StrideHeight == 1 ? Literals.Offset("top + i", residue) : Literals.Offset($"top + i * {s.StrideHeight}", residue);
                w.Line($"// window rows {residue}, {residue + s.StrideHeight}, …: input rows {row} for i = 0..{count - 1}");
                w.Open($"for (int i = 0; i < {count}; i++)");
                w.Line($"int row = {row};");
                w.Line($"nint br = {Literals.Offset("b", PackedRow(band, 0, residue))} + (nint)i * {plan.OutputWidth};");
                w.Open($"if ((uint)row < {s.InputHeight})");
                w.Line($"nint xr = x + (nint)row * {s.InputWidth};");
                if (BandPlanner.Gathered(s))
                {
                    GatherRow(target, band, residue);
                }

                // The stores in the order of the input columns they read, each load just before its first use (on one line
                // per store): a wide row's loads (a 224-wide stem: 50 vectors) would not all fit the registers at once, and
                // spilled ones cost a store and a load each.
                foreach (var group in loads.GroupBy(l => l.Width))
                {
                    w.Line($"{VectorTarget.OfWidth(group.Key).Type} {string.Join(", ", group.Select(Name))};");
                }

                var loaded = new HashSet<(int Column, int Width)>();
                foreach (var v in BandPlanner.Gathered(s) ? Enumerable.Empty<PackedVector>() : band.RowStores.OrderBy(v => v.First).ThenBy(v => v.Kw).ThenBy(v => v.Offset))
                {
                    var reads = v.Lanes.All(l => l < 0) ? Enumerable.Empty<(int Column, int Width)>()
                        : InPlace(v) || s.StrideWidth == 1 ? new[] { (Column: v.First, v.Width) }
                        : new[] { (Column: v.First, v.Width), (Column: v.First + v.Width, v.Width) };
                    var fresh = reads.Where(loaded.Add).ToList();
                    if (fresh.Count > 0)
                    {
                        w.Line(string.Join(" ", fresh.Select(load => $"{Name(load)} = {VectorTarget.OfWidth(load.Width).Name}.LoadUnsafe(ref input, (nuint)({Literals.Offset("xr", load.Column)}));")));
                    }

                    w.Line($"{v.Target.Name}.StoreUnsafe({Value(v)}, ref band, (nuint)({Literals.Offset("br", PackedRow(band, v.Kw, residue) - PackedRow(band, 0, residue) + v.Offset)}));");
                }

                w.Close();
                w.Open("else");
                for (int kw = 0; kw < s.KernelWidth; kw++)
                {
                    w.Line($"Unsafe.InitBlockUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref band, {Literals.Offset("br", PackedRow(band, kw, residue) - PackedRow(band, 0, residue))})), 0, {rowFloats * sizeof(float)});");
                }

                w.Close();
                w.Close();
            }

            if (band.Tail > 0)
            {
                // The tail positions' inputs, copied from the packed rows into one column each: input (c, tap) at c·taps + tap.
                w.Line($"// the band's last {band.Tail} position(s): their inputs in one column each (channel, then tap)");
                w.Line($"nint t = {TailStart(band)} + (nint)c * {Taps};");
                for (int j = 0; j < band.Tail; j++)
                {
                    int position = band.Positions - band.Tail + j, r = position / plan.OutputWidth, q = position % plan.OutputWidth;
                    for (int kh = 0; kh < s.KernelHeight; kh++)
                    {
                        for (int kw = 0; kw < s.KernelWidth; kw++)
                        {
                            long from = PackedRow(band, kw, r * s.StrideHeight + kh * s.DilationHeight) + q;
                            w.Line($"Unsafe.Add(ref band, {Literals.Offset("t", j * ChunkInputs(band) + kh * s.KernelWidth + kw)}) = Unsafe.Add(ref band, {Literals.Offset("b", from)});");
                        }
                    }
                }
            }

            w.Close();
            w.Close();
        }

        /// <summary>
        /// The packed rows of one input row at a stride above 2: for each kernel column, the output columns whose input
        /// column lies in the row copy it, the others on padding are zero. The copy takes a vector of output columns at a
        /// time where its inputs' loads stay in the row (<see cref="GatherVectors"/>), float by float for the rest.
        /// </summary>
        /// <remarks>
        /// Kernel column kw + stride/dilation reads, at output column ow, the input column kernel column kw reads at ow + 1:
        /// such a packed row is the earlier one shifted by one position, copied a vector at a time, only its last float read
        /// from the input. Only the first stride/dilation kernel columns are copied float by float (AlexNet's 11×11 stride-4
        /// window: 4 of 11).
        /// </remarks>
        private void GatherRow(VectorTarget target, BandPlan band, int residue)
        {
            int width = plan.OutputWidth, lanes = VectorTarget.Vector256.Width;
            string At(int kw) => Literals.Offset("br", PackedRow(band, kw, residue) - PackedRow(band, 0, residue));
            string Input(long shift, string ow) => Literals.Offset($"xr + {ow} * {s.StrideWidth}", shift);
            for (int kw = 0; kw < s.KernelWidth; kw++)
            {
                long shift = (long)kw * s.DilationWidth - s.PadLeft;
                string at = At(kw);
                string column = shift == 0 ? $"ow·{s.StrideWidth}" : $"ow·{s.StrideWidth} {(shift < 0 ? "−" : "+")} {Math.Abs(shift)}";
                if (CopiesPackedRow(kw))
                {
                    int step = s.StrideWidth / s.DilationWidth;
                    // Positions 0..width−2: kernel column kw − step's packed row from position 1; the last from the input.
                    int copies = width - 1;
                    w.Line($"// kernel column {kw} (input column {column}): kernel column {kw - step}'s packed row one position on, then its last column");
                    w.Line($"for (nint ow = 0; ow < {copies - lanes}; ow += {lanes}) Vector256.StoreUnsafe(Vector256.LoadUnsafe(ref band, (nuint)({At(kw - step)} + 1 + ow)), ref band, (nuint)({at} + ow));");
                    w.Line($"Vector256.StoreUnsafe(Vector256.LoadUnsafe(ref band, (nuint)({Literals.Offset(At(kw - step), 1 + copies - lanes)})), ref band, (nuint)({Literals.Offset(at, copies - lanes)}));");
                    long last = (long)(width - 1) * s.StrideWidth + shift;
                    w.Line($"Unsafe.Add(ref band, {Literals.Offset(at, width - 1)}) = {(last >= 0 && last < s.InputWidth ? $"Unsafe.Add(ref input, {Literals.Offset("xr", last)})" : "0f")};");
                    continue;
                }

                var (first, end) = GatheredColumns(shift);
                w.Line($"// kernel column {kw}: output columns {first}..{end - 1} read input column {column}{(first > 0 || end < width ? ", the others padding" : "")}");
                for (int ow = 0; ow < first; ow++)
                {
                    w.Line($"Unsafe.Add(ref band, {Literals.Offset(at, ow)}) = 0f;");
                }

                int vectorEnd = GatherVectors(target, at, shift, first, end);
                if (vectorEnd < end)
                {
                    w.Line($"for (nint ow = {vectorEnd}; ow < {end}; ow++) Unsafe.Add(ref band, {at} + ow) = Unsafe.Add(ref input, {Input(shift, "ow")});");
                }

                for (int ow = end; ow < width; ow++)
                {
                    w.Line($"Unsafe.Add(ref band, {Literals.Offset(at, ow)}) = 0f;");
                }
            }
        }

        /// <summary>
        /// Stride-s input columns, a vector of W output columns at a time where the vectors' loads stay in the input row (see
        /// <see cref="EmitGatherHelper"/>); returns the output column the vectors end at (<paramref name="first"/> where none
        /// fits), for the floats after it to be copied one by one.
        /// </summary>
        private int GatherVectors(VectorTarget target, string at, long shift, int first, int end)
        {
            int vectors = GatherVectorCount(target, shift, first, end);
            if (vectors == 0)
            {
                return first;
            }

            w.Line($"Gather{target.Width}(ref Unsafe.Add(ref input, {Literals.Offset("xr", (long)first * s.StrideWidth + shift)}), ref Unsafe.Add(ref band, {Literals.Offset(at, first)}), {vectors});");
            return first + vectors * target.Width;
        }

        /// <summary>
        /// <c>Gather{W}(from, to, vectors)</c>: W floats a stride apart, W at a time. A vector's inputs lie in the s·W floats
        /// from its first one, read as s loads (as many as the lanes reach) and folded by two-source permutes, one per load
        /// after the first: the first takes lane j from float s·j of loads 0 and 1, each later one keeps the lanes filled so
        /// far and takes those its load holds. Four loads and three permutes take the place of 16 loads and stores at
        /// stride 4 (copying float by float was a third of the ConvNeXt stem's time).
        /// </summary>
        private void EmitGatherHelper(VectorTarget target)
        {
            int lanes = target.Width, stride = s.StrideWidth, loads = GatherLoads(target);
            w.Line();
            w.Doc($"<summary>Stores <paramref name=\"vectors\"/> vectors of floats {stride} apart from <paramref name=\"from\"/> at <paramref name=\"to\"/>: lane j of vector v takes float {stride}·({lanes}·v + j).</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Open($"private static void Gather{lanes}(ref float from, ref float to, int vectors)");
            for (int m = 1; m < loads; m++)
            {
                var index = Enumerable.Range(0, lanes).Select(j =>
                {
                    int at = stride * j;
                    return m == 1 ? (at < 2 * lanes ? at : 0) : at < m * lanes ? j : at < (m + 1) * lanes ? lanes + at - m * lanes : 0;
                });
                w.Line($"{target.Name}<int> g{m} = {target.Name}.Create({string.Join(", ", index)}); // lane j: float {stride}·j of loads {(m == 1 ? "0 and 1" : $"0..{m}")}");
            }

            w.Open("for (int v = 0; v < vectors; v++)");
            w.Line($"ref float at = ref Unsafe.Add(ref from, v * {stride * lanes});");
            w.Line($"{target.Type} {string.Join(", ", Enumerable.Range(0, loads).Select(m => $"x{m} = {target.Name}.LoadUnsafe(ref at{(m == 0 ? "" : $", {m * lanes}")})"))};");
            w.Line($"{target.Type} lanes = Pick{lanes}(x0, x1, g1);");
            for (int m = 2; m < loads; m++)
            {
                w.Line($"lanes = Pick{lanes}(lanes, x{m}, g{m});");
            }

            w.Line($"{target.Name}.StoreUnsafe(lanes, ref to, (nuint)(v * {lanes}));");
            w.Close();
            w.Close();
        }

        /// <summary>Loads a gathered vector reads (<see cref="EmitGatherHelper"/>): enough for float s·(W − 1).</summary>
        private int GatherLoads(VectorTarget target) => s.StrideWidth * (target.Width - 1) / target.Width + 1;

        /// <summary>
        /// The most loads a gathered vector folds: strides up to 5 (four permutes for 16 floats on Vector512). At stride 8
        /// (DINO's 8×8 patches) seven permutes ran slower than copying float by float.
        /// </summary>
        private const int MaxGatherLoads = 5;

        /// <summary>
        /// Vectors of output columns from <paramref name="first"/> within <paramref name="end"/> whose loads stay in the input
        /// row (none at strides past <see cref="MaxGatherLoads"/>).
        /// </summary>
        private int GatherVectorCount(VectorTarget target, long shift, int first, int end)
        {
            int lanes = target.Width, vectors = 0;
            if (GatherLoads(target) > MaxGatherLoads)
            {
                return 0;
            }

            long reach = (long)GatherLoads(target) * lanes;
            while (first + (vectors + 1) * lanes <= end && (long)(first + vectors * lanes) * s.StrideWidth + shift + reach <= s.InputWidth)
            {
                vectors++;
            }

            return vectors;
        }

        /// <summary>Output columns [First, End) whose input column ow·stride + <paramref name="shift"/> lies in the row.</summary>
        private (int First, int End) GatheredColumns(long shift)
        {
            int width = plan.OutputWidth;
            int first = (int)Math.Min(width, Math.Max(0, (-shift + s.StrideWidth - 1) / s.StrideWidth));
            int end = (int)Math.Max(first, Math.Min(width, (s.InputWidth - 1 - shift) / s.StrideWidth + 1));
            return (first, end);
        }

        /// <summary>
        /// Whether kernel column <paramref name="kw"/>'s packed row is an earlier one's shifted by a position (see
        /// <see cref="GatherRow"/>), rather than gathered from the input.
        /// </summary>
        private bool CopiesPackedRow(int kw)
        {
            int step = s.StrideWidth % s.DilationWidth == 0 ? s.StrideWidth / s.DilationWidth : 0;
            return step > 0 && kw >= step && plan.OutputWidth > VectorTarget.Vector256.Width;
        }

        /// <summary>Whether some kernel column of a gathered pack on <paramref name="target"/> takes vectors (and needs <see cref="EmitGatherHelper"/>).</summary>
        private bool GathersVectors(VectorTarget target) =>
            BandPlanner.Gathered(s) && Enumerable.Range(0, s.KernelWidth).Where(kw => !CopiesPackedRow(kw))
                .Any(kw => { long shift = (long)kw * s.DilationWidth - s.PadLeft; var (first, end) = GatheredColumns(shift); return GatherVectorCount(target, shift, first, end) > 0; });

        /// <summary>
        /// Output channels per tail call: 4, 2 or 1, dividing the path's channel tile and the output channels (so a part's
        /// channel range is whole tail calls), with accumulators, weights and columns in the registers.
        /// </summary>
        private int TailChannels(VectorPlan p, BandPlan band) =>
            new[] { 8, 4, 2, 1 }.First(t => p.ChannelTile % t == 0 && s.OutChannelsPerGroup % t == 0 && t * band.Tail + t + band.Tail <= p.Target.Registers - 1 || t == 1);

        /// <summary>Partial sums per (channel, position): enough independent FMA chains (8) to hide the FMA latency, within the registers.</summary>
        private static int TailUnroll(VectorTarget target, int channels, int tail) =>
            Math.Max(1, Math.Min(Math.Min(4, (8 + channels * tail - 1) / (channels * tail)), (target.Registers - 1 - channels - tail) / (channels * tail)));

        /// <summary>
        /// A band's tail: output channels oc.. at the band's last positions, each a dot product of the channel's weights for
        /// the chunk with the position's input column, a vector of inputs at a time in several partial sums (independent
        /// FMA chains), then summed across the lanes.
        /// </summary>
        private void EmitTail(VectorPlan p, BandPlan band)
        {
            var target = p.Target;
            bool chunked = Chunked(band);
            int channels = TailChannels(p, band), tail = band.Tail, unroll = TailUnroll(target, channels, tail);
            long inputs = ChunkInputs(band);
            w.Line();
            w.Doc($"<summary>Output channel(s) oc..oc+{channels - 1} at the band's last {tail} position(s) (y on): dot products of their weights with the tail columns, {target.Width} inputs at a time in {unroll} partial sum(s) each"
                + (chunked ? "; the first chunk starts from the bias (or zero), later ones from the stored partial sums, and only the last activates" : "") + ".</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void {target.Name}Tail{channels}({BandRefs}, nint w, nint y, int oc{(chunked ? ", bool first, bool last" : "")})");
            WriteDotProducts(target, channels, tail, unroll, inputs, (j, offset) => Literals.Offset("k", TailStart(band) + j * inputs + offset), chunked);
            w.Close();
        }

        /// <summary>
        /// The body of a dot-product tile: output channels oc.. (weights from w, a row of <see cref="Window"/> floats each)
        /// × <paramref name="positions"/> input columns of <paramref name="inputs"/> floats in <c>band</c> (column j's float k
        /// at <paramref name="column"/>(j, offset)), each a vector of inputs at a time in <paramref name="unroll"/> partial
        /// sums, summed across the lanes, then the bias, the activation and the store at y + channel·plane + position. With
        /// <paramref name="chunked"/>, the first chunk starts from the bias and later ones from the stored partial sums. With
        /// <paramref name="rowByRow"/>, each channel's row is read in one pass before the next. With
        /// <paramref name="skewed"/> (whole vectors a column), the tile takes <c>skew</c>: the weight rows and the columns
        /// start that many floats past a vector boundary, so every load starts a vector before them and stays aligned, the
        /// first masked to the lanes from <c>skew</c> on and (where <c>skew</c> is not 0) a last one after the rows to the lanes before it.
        /// </summary>
        private void WriteDotProducts(VectorTarget target, int channels, int positions, int unroll, long inputs, System.Func<int, long, string> column, bool chunked, bool rowByRow = false, bool skewed = false)
        {
            int width = target.Width;
            // Skewed, the vectors between the first and the last load run from k = width to inputs.
            long first = skewed ? width : 0, step = (long)width * unroll, unrolled = first + (inputs - first) / step * step, whole = inputs / width * width;
            void DeclarePartialSums(int t) =>
                w.Line($"{target.Type} {string.Join(", ", Enumerable.Range(0, positions).SelectMany(j => Enumerable.Range(0, unroll).Select(u => $"a{t}_{j}_{u} = {target.Type}.Zero")))};");
            string Partials(int t, int j) => string.Join(" + ", Enumerable.Range(0, unroll).Select(u => $"a{t}_{j}_{u}"));
            if (rowByRow)
            {
                // Each row's partial sums live in its own block, only their total after it.
                w.Line($"{target.Type} {string.Join(", ", Enumerable.Range(0, channels).Select(t => $"total{t}"))};");
            }
            else
            {
                for (int t = 0; t < channels; t++)
                {
                    DeclarePartialSums(t);
                }
            }

            if (skewed)
            {
                w.Line("// the weight rows and the columns start skew floats past a vector boundary: from a vector before them every load is aligned");
                w.Line("x -= skew;");
                w.Line("w -= skew;");
                w.Line($"{target.Type} head = {target.Name}.GreaterThanOrEqual({target.Name}.Create({string.Join(", ", Enumerable.Range(0, width))}), {target.Name}.Create((int)skew)).AsSingle(); // the first vector's lanes from skew on");
            }

            w.Line("nint k = 0;");
            // One vector of every column and the weights of channels [t0, t1), u vectors on, into partial sums u (names end in
            // suffix); masked, only the products' lanes in mask are added. A skewed tile's first and last vectors reach past
            // its rows into whatever lies there (the column's stack slack, the array's header), so it masks both factors
            // instead: stray bits read as a subnormal float made each such multiply a slow microcode assist (MobileNet's
            // classifier ran 60–68 µs instead of 45).
            void Step(int u, string suffix, int t0, int t1, string? mask = null, bool maskFactors = false)
            {
                for (int j = 0; j < positions; j++)
                {
                    w.Line($"{target.Type} x{j}{suffix} = {target.Name}.LoadUnsafe(ref band, (nuint)({column(j, (long)u * width)}));");
                }

                for (int t = t0; t < t1; t++)
                {
                    w.Line($"{target.Type} w{t}{suffix} = {target.Name}.LoadUnsafe(ref weights, (nuint)({Literals.Offset("w + k", t * Window + (long)u * width)}));");
                    for (int j = 0; j < positions; j++)
                    {
                        w.Line(mask is null ? $"a{t}_{j}_{u} = Mad(x{j}{suffix}, w{t}{suffix}, a{t}_{j}_{u});"
                            : maskFactors ? $"a{t}_{j}_{u} += (x{j}{suffix} & {mask}) * (w{t}{suffix} & {mask});"
                            : $"a{t}_{j}_{u} += (x{j}{suffix} * w{t}{suffix}) & {mask};");
                    }
                }
            }

            // The last inputs past whole vectors: one vector ending at the column's end (every load inside the column and the
            // weight row), its lanes already counted masked off the products (so an infinite weight there cannot add a NaN).
            bool maskedLast = !skewed && whole < inputs && inputs >= width;
            int rest = (int)(inputs - whole);
            void DeclareLastLanes() =>
                w.Line($"{target.Type} lastLanes = {target.Name}.Create({string.Join(", ", Enumerable.Range(0, width).Select(l => l < width - rest ? "0" : "-1"))}).AsSingle();");

            // Channels [t0, t1) down the whole column: (skewed, the first vector masked,) every partial sum in step, the whole
            // vectors left over into the first partial sums, then the masked last vector.
            void Rows(int t0, int t1)
            {
                if (skewed)
                {
                    Step(0, "_head", t0, t1, "head", maskFactors: true);
                    w.Line($"k = {width};");
                }

                w.Open($"for (; k < {unrolled}; k += {step})");
                for (int u = 0; u < unroll; u++)
                {
                    Step(u, $"_{u}", t0, t1);
                }

                w.Close();
                if (unrolled < whole)
                {
                    w.Open($"for (; k < {whole}; k += {width})");
                    Step(0, "", t0, t1);
                    w.Close();
                }

                if (skewed)
                {
                    w.Open("if (skew != 0)");
                    w.Line("// the vector after the rows: its lanes before skew are the rows' last");
                    Step(0, "_tail", t0, t1, "~head", maskFactors: true);
                    w.Close();
                }

                if (maskedLast)
                {
                    if (rowByRow)
                    {
                        w.Line($"k = {inputs - width};");
                    }
                    else
                    {
                        w.Line($"// the last {rest} input(s): a vector ending at the column's end, its first {width - rest} lane(s) (counted above) masked off");
                        w.Line($"k = {inputs - width};");
                        DeclareLastLanes();
                    }

                    Step(0, "_last", t0, t1, "lastLanes");
                }
            }

            if (rowByRow)
            {
                if (maskedLast)
                {
                    w.Line($"// each row's last {rest} input(s): a vector ending at the column's end, its first {width - rest} lane(s) (counted before it) masked off");
                    DeclareLastLanes();
                }

                // One weight row at a time, each read in one pass: a single stream reads faster than several in step.
                for (int t = 0; t < channels; t++)
                {
                    w.Line($"// output channel oc{(t == 0 ? "" : $" + {t}")}");
                    w.Open("");
                    DeclarePartialSums(t);
                    if (t > 0)
                    {
                        w.Line("k = 0;");
                    }

                    Rows(t, t + 1);
                    w.Line($"total{t} = {Partials(t, 0)};");
                    w.Close();
                }
            }
            else
            {
                Rows(0, channels);
            }

            string Sum(int t, int j) => rowByRow ? $"total{t}" : Partials(t, j);
            if (target.Width >= VectorTarget.Vector256.Width)
            {
                // Four sums at a time across the lanes (Sum4), the last group padded with zero vectors.
                var sums = Enumerable.Range(0, channels).SelectMany(t => Enumerable.Range(0, positions).Select(j => (T: t, J: j))).ToList();
                for (int g = 0; g < sums.Count; g += 4)
                {
                    var group = sums.Skip(g).Take(4).ToList();
                    var operands = group.Select(x => Sum(x.T, x.J)).Concat(Enumerable.Repeat($"{target.Type}.Zero", 4 - group.Count));
                    w.Line($"Vector128<float> r{g / 4} = Sum4({string.Join(", ", operands)});");
                    w.Line($"float {string.Join(", ", group.Select((x, i) => $"s{x.T}_{x.J} = r{g / 4}.GetElement({i})"))};");
                }
            }
            else
            {
                for (int t = 0; t < channels; t++)
                {
                    w.Line($"float {string.Join(", ", Enumerable.Range(0, positions).Select(j => $"s{t}_{j} = {target.Name}.Sum({Sum(t, j)})"))};");
                }
            }

            if (whole < inputs && !maskedLast)
            {
                w.Open($"for (; k < {inputs}; k++)");
                for (int j = 0; j < positions; j++)
                {
                    w.Line($"float x{j} = Unsafe.Add(ref band, {column(j, 0)});");
                }

                for (int t = 0; t < channels; t++)
                {
                    for (int j = 0; j < positions; j++)
                    {
                        w.Line($"s{t}_{j} += x{j} * Unsafe.Add(ref weights, {Literals.Offset("w + k", (long)t * Window)});");
                    }
                }

                w.Close();
            }

            for (int t = 0; t < channels; t++)
            {
                string start = bias ? $"Unsafe.Add(ref bias, {Literals.Offset("oc", t)})" : "0f";
                for (int j = 0; j < positions; j++)
                {
                    string at = $"Unsafe.Add(ref output, {Literals.Offset("y", (long)t * OutputPlane + j)})";
                    if (chunked)
                    {
                        w.Line($"ref float o{t}_{j} = ref {at};");
                    }

                    string sum = chunked ? $"(first ? {start} : o{t}_{j}) + s{t}_{j}" : bias ? $"{start} + s{t}_{j}" : $"s{t}_{j}";
                    string value = s.Activation == ActivationKind.None ? sum : chunked ? $"last ? Activate({sum}) : {sum}" : $"Activate({sum})";
                    w.Line($"{(chunked ? $"o{t}_{j}" : at)} = {value};");
                }
            }
        }

        /// <summary>
        /// <c>Pick{W}(lo, hi, index)</c>: lane l is lane index[l] of lo and hi taken as one vector of 2·W lanes (stride 2);
        /// <c>Pick{W}(x, index)</c>: lane l is lane index[l] of x (stride 1).
        /// </summary>
        private void EmitPick(VectorTarget target)
        {
            string vec = target.Type, n = target.Name, ints = $"{n}<int>";
            int width = target.Width;
            if (s.StrideWidth == 1)
            {
                w.Line();
                w.Doc("<summary>Lane l is lane index[l] of <paramref name=\"x\"/>: a one-source permute.</summary>");
                w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
                w.Line($"private static {vec} Pick{width}({vec} x, {ints} index) =>");
                w.Line("    " + width switch
                {
                    16 => "Avx512F.PermuteVar16x32(x, index);",
                    8 => $"Avx2.IsSupported ? Avx2.PermuteVar8x32(x, index) : {n}.Shuffle(x, index);",
                    _ => $"Avx.IsSupported ? Avx.PermuteVar(x, index) : {n}.Shuffle(x, index);",
                });
                return;
            }

            w.Line();
            w.Doc($"<summary>Lane l is lane index[l] of <paramref name=\"lo\"/> and <paramref name=\"hi\"/> taken as one vector of {2 * width} lanes: a two-source permute.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Open($"private static {vec} Pick{width}({vec} lo, {vec} hi, {ints} index)");
            WriteTwoSourcePermute(target, "return ");

            w.Close();
        }

        /// <summary>
        /// A band tile: T output channels × V vectors of band positions, a loop over the chunk's packed rows (k), each step one
        /// contiguous load per vector and one broadcast weight per output channel.
        /// </summary>
        private void EmitBandTile(VectorTarget target, BandPlan band, BandTile tile)
        {
            int vectors = tile.Vectors.Count;
            var widest = tile.Vectors[0].Target;
            bool chunked = Chunked(band);
            w.Line();
            string widths = tile.Vectors.All(v => v.Width == widest.Width)
                ? $"{vectors} vector(s) of {widest.Width} positions"
                : $"{vectors} vectors of {string.Join(", ", tile.Vectors.Select(v => v.Width))} positions";
            w.Doc($"<summary>{char.ToUpperInvariant(Channels(tile.Channels)[0])}{Channels(tile.Channels).Substring(1)} × {widths} of the packed band from position p: "
                + $"{tile.Channels * vectors} accumulators over the chunk's {band.ChunkChannels} input channel(s), "
                + (band.LoopedColumns ? "kernel rows and columns looped" : band.LoopedRows ? "kernel rows looped, each row's taps unrolled" : "the window's taps unrolled")
                + (chunked ? "; the first chunk starts from the bias (or zero), later ones from the stored partial sums, and only the last activates" : "")
                + ".</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void {tile.Name}({BandRefs}, nint w, nint y, nint p, int oc{(chunked ? ", bool first, bool last" : "")})");
            for (int t = 0; t < tile.Channels; t++)
            {
                foreach (var group in Enumerable.Range(0, vectors).GroupBy(v => tile.Vectors[v].Width))
                {
                    var type = VectorTarget.OfWidth(group.Key);
                    var names = group.Select(v =>
                    {
                        string start = bias ? $"{type.Name}.Create({Literals.Offset("Unsafe.Add(ref bias, oc", t)}))" : $"{type.Type}.Zero";
                        return chunked
                            ? $"a{t}_{v} = first ? {start} : {type.Name}.LoadUnsafe(ref output, (nuint)({Literals.Offset("y", t * OutputPlane + tile.Vectors[v].Offset)}))"
                            : $"a{t}_{v} = {start}";
                    });
                    w.Line($"{type.Type} {string.Join(", ", names)};");
                }
            }

            // A vector that skips every kernel row (its outputs see padding only) loads nothing.
            var loaded = Enumerable.Range(0, vectors).Where(v => tile.Vectors[v].SkippedRows.Count < s.KernelHeight).ToList();
            foreach (var group in loaded.GroupBy(v => tile.Vectors[v].Width))
            {
                w.Line($"{VectorTarget.OfWidth(group.Key).Type} {string.Join(", ", group.Select(v => $"x{v}"))}{(group.Key == widest.Width ? ", wt" : "")};");
            }

            if (loaded.Count > 0 && !loaded.Any(v => tile.Vectors[v].Width == widest.Width))
            {
                w.Line($"{widest.Type} wt;");
            }

            // One tap: a contiguous load per vector from packed row `row` + `packed`, a weight per output channel from `weights` + `weight`;
            // of kernel row kh (unrolled windows), only for the vectors whose positions do not all meet padding there.
            void Tap(string row, long packed, string weight, long weightOffset, int kh = -1)
            {
                var live = Enumerable.Range(0, vectors).Where(v => !tile.Vectors[v].SkippedRows.Contains(kh)).ToList();
                if (live.Count == 0)
                {
                    w.Line("// every vector's positions meet padding here: nothing to add");
                    return;
                }

                foreach (int v in live)
                {
                    w.Line($"x{v} = {tile.Vectors[v].Target.Name}.LoadUnsafe(ref band, (nuint)({Literals.Offset(row, packed + tile.Vectors[v].Offset)}));");
                }

                for (int t = 0; t < tile.Channels; t++)
                {
                    w.Line($"wt = {widest.Name}.Create(Unsafe.Add(ref weights, {Literals.Offset(weight, weightOffset + t * Window)}));");
                    foreach (int v in live)
                    {
                        w.Line($"a{t}_{v} = Mad(x{v}, {Narrowed("wt", widest, tile.Vectors[v].Width)}, a{t}_{v});");
                    }
                }
            }

            w.Open($"for (int c = 0; c < {band.ChunkChannels}; c++)");
            if (band.LoopedRows)
            {
                foreach (var rows in BandPlan.KernelRowClasses(s.KernelHeight, s.DilationHeight, s.StrideHeight))
                {
                    // Kernel rows first, first + step, …: window rows of one residue, whose packed rows follow each other.
                    long start = PackedRow(band, 0, rows.First * s.DilationHeight);
                    w.Line($"// kernel rows {string.Join(", ", Enumerable.Range(0, rows.Count).Select(j => rows.First + j * rows.Step))}");
                    w.Open($"for (int j = 0; j < {rows.Count}; j++)");
                    w.Line($"nint pr = {Literals.Offset("p", start)} + (nint)j * {(long)rows.RowStep * plan.OutputWidth}, wr = {Literals.Offset("w", rows.First * s.KernelWidth)} + (nint)j * {rows.Step * s.KernelWidth};");
                    if (band.LoopedColumns)
                    {
                        // Kernel column kw's packed rows lie a column's block apart.
                        w.Open($"for (nint kw = 0; kw < {s.KernelWidth}; kw++)");
                        w.Line($"nint pk = pr + kw * {PackedRow(band, 1, 0) - PackedRow(band, 0, 0)}, wk = wr + kw;");
                        Tap("pk", 0, "wk", 0);
                        w.Close();
                    }

                    for (int kw = 0; kw < (band.LoopedColumns ? 0 : s.KernelWidth); kw++)
                    {
                        w.Line($"// kernel column {kw}");
                        Tap("pr", PackedRow(band, kw, rows.First * s.DilationHeight) - start, "wr", kw);
                    }

                    w.Close();
                }
            }
            else
            {
                for (int kh = 0; kh < s.KernelHeight; kh++)
                {
                    var skipping = Enumerable.Range(0, vectors).Where(v => tile.Vectors[v].SkippedRows.Contains(kh)).ToList();
                    if (skipping.Count > 0)
                    {
                        w.Line($"// kernel row {kh} meets only padding at vector(s) {string.Join(", ", skipping)}: their taps are left out");
                    }

                    for (int kw = 0; kw < s.KernelWidth; kw++)
                    {
                        w.Line($"// tap ({kh}, {kw})");
                        Tap("p", PackedRow(band, kw, kh * s.DilationHeight), "w", kh * s.KernelWidth + kw, kh);
                    }
                }
            }

            w.Line($"p += {ChannelFloats(band)};");
            w.Line($"w += {Taps};");
            w.Close();
            for (int t = 0; t < tile.Channels; t++)
            {
                for (int v = 0; v < vectors; v++)
                {
                    string value = s.Activation == ActivationKind.None ? $"a{t}_{v}" : chunked ? $"last ? Activate(a{t}_{v}) : a{t}_{v}" : $"Activate(a{t}_{v})";
                    w.Line($"{tile.Vectors[v].Target.Name}.StoreUnsafe({value}, ref output, (nuint)({Literals.Offset("y", t * OutputPlane + tile.Vectors[v].Offset)}));");
                }
            }

            w.Close();
        }
    }
}
