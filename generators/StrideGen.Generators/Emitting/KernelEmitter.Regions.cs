using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>
    /// The window-region path of an NCHW kernel (<see cref="RegionPlan"/>): its driver, the method that runs one call of a
    /// region's positions, the region tiles, and the packing and storing methods the paths share.
    /// </summary>
    internal sealed partial class KernelEmitter
    {
        private const string PackCallName = "PackRealTaps";

        private const string StoreCallName = "StoreCallSums";

        private const string PackRowsName = "PackRegionRows";

        /// <summary>
        /// Whether a whole-plane path packs its regions row by row (<see cref="EmitPackRegionRows"/>) rather than call by call:
        /// at a stride across, whose inputs a float at a time are read best in the order they lie.
        /// </summary>
        private bool PacksRegionRows => s.StrideWidth > 1;

        private const string CopyName = "CopyFloats";

        /// <summary>The region arguments every call method takes after the tensors: where the region lies and which taps are real.</summary>
        private const string RegionParameters = "int row, int column, int columns, int khFirst, int khEnd, int kwFirst, int kwEnd, int start, int count";

        private string RegionSummary(VectorPlan p, RegionPlan regions) =>
            $"{p.Target.Name}: the output plane in {regions.Regions.Count} region(s) of windows with the same real taps, "
            + (regions.WholePlane
                ? $"every region's real taps packed for the whole plane ({Literals.Kilobytes(regions.BlockFloats * sizeof(float))} KB on the stack, {ChunkText(regions)} at a time), "
                    + $"then tiles of {p.ChannelTile} output channel(s) × up to {p.VectorsPerTile} vector(s) of a region's positions add into the output{(Reorders(regions) ? ", kept in region order until the last chunk" : "")}; "
                : $"each in calls of up to {regions.CallPositions} positions; a call packs its positions' real taps ({Literals.Kilobytes(regions.BlockFloats * sizeof(float))} KB on the stack"
                    + (regions.ChunkChannels < s.InChannels || regions.RowChunks ? $", {ChunkText(regions)} at a time" : "")
                    + $"), then tiles of {p.ChannelTile} output channel(s) × up to {p.VectorsPerTile} vector(s) of its positions add into partial sums on the stack ({Literals.Kilobytes(regions.StageFloats * sizeof(float))} KB), written to the output rows once; ")
            + "no multiply-add reads padding.";

        private static string ChunkText(RegionPlan regions) =>
            regions.RowChunks ? $"one input channel's kernel rows {regions.ChunkRows}" : $"{regions.ChunkChannels} input channel(s)";

        private static string RegionTileName(VectorTarget target, int channels, RegionTileShape shape) =>
            $"{target.Name}Region{channels}x{shape.Vectors}{(shape.NarrowLast ? "Narrow" : "")}";

        private static string Lines(int first, int count) => count == 1 ? $"{first}" : $"{first}..{first + count - 1}";

        private static string RegionComment(WindowRegion region) =>
            $"output rows {Lines(region.Row, region.Rows)} × columns {Lines(region.Column, region.Columns)}: "
            + (region.Taps == 0 ? "no real tap, the bias alone" : $"kernel rows {Lines(region.KhFirst, region.KhEnd - region.KhFirst)} × columns {Lines(region.KwFirst, region.KwEnd - region.KwFirst)} real ({region.Taps} tap(s))");

        /// <summary>The arguments that place a region and its real taps (see <see cref="RegionParameters"/>, without start and count).</summary>
        private static string RegionLiterals(WindowRegion region, bool rowChunks = false) =>
            $"{region.Row}, {region.Column}, {region.Columns}, {(rowChunks ? "kh0, kh1" : $"{region.KhFirst}, {region.KhEnd}")}, {region.KwFirst}, {region.KwEnd}";

        /// <summary>
        /// Declares <c>ocFirst</c> and <c>ocEnd</c>, the output channels this driver runs: a multi-threaded layer's part takes
        /// a contiguous range of output-channel tiles (the remainder tile last), packing its own blocks; otherwise every one.
        /// </summary>
        private void EmitRegionChannelRange(VectorPlan p)
        {
            if (p.Split is { Unit: WorkUnit.ChannelTiles } tiles)
            {
                w.Line($"// this part's output-channel tiles, of {tiles.Parts} parts: [part·{tiles.Units}/{tiles.Parts}, (part+1)·{tiles.Units}/{tiles.Parts}) of {tiles.Units}"
                    + (p.ChannelRemainder > 0 ? $" (the last is the {p.ChannelRemainder}-channel remainder)" : ""));
                w.Line($"int ocFirst = part * {tiles.Units} / {tiles.Parts} * {p.ChannelTile}, ocEnd = Math.Min((part + 1) * {tiles.Units} / {tiles.Parts} * {p.ChannelTile}, {s.OutChannels});");
            }
            else
            {
                w.Line($"const int ocFirst = 0, ocEnd = {s.OutChannels}; // every output channel");
            }
        }

        /// <summary>
        /// Opens a region driver: its summary, attributes and signature, and its stack block: the packed block, then
        /// <paramref name="secondFloats"/> floats named <paramref name="second"/> (none where <paramref name="secondDescription"/> is null).
        /// </summary>
        private void OpenRegionDriver(VectorPlan p, RegionPlan regions, string summary, string? secondDescription, string second, long secondFloats)
        {
            w.Doc($"<summary>The {p.Target.Name} path: {summary}.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            if (skipLocalsInit)
            {
                w.Line($"[SkipLocalsInit] // the packed block{(secondDescription is null ? " is" : $" and the {second} are")} written before {(secondDescription is null ? "it is" : "they are")} read: no need to zero {(secondDescription is null ? "it" : "them")} each call");
            }

            w.Open($"public static void Run{p.Target.Name}({Refs}{PartParameter})");
            string taps = regions.RowChunks ? $"one input channel's real taps in up to {regions.ChunkRows} kernel rows" : $"{regions.ChunkChannels} input channel(s) × {(regions.WholePlane ? "every region's real taps" : $"{regions.MaxTaps} real tap(s)")}";
            string positions = regions.WholePlane ? "its positions" : $"{regions.CallPositions} positions";
            w.Line($"// The packed block ({taps} × {positions}){(secondDescription is null ? "" : $", then {secondDescription}")}.");
            w.Line($"Span<float> scratch = stackalloc float[{regions.BlockFloats + secondFloats + KernelHelperEmitter.AlignmentSlack}];");
            w.Line("ref float block = ref Aligned64(scratch);");
            if (secondDescription is not null)
            {
                w.Line($"ref float {second} = ref Unsafe.Add(ref block, {regions.BlockFloats});");
            }
        }

        /// <summary>The driver of a region path: each region's calls (or, for the whole plane, each chunk's pack and tiles).</summary>
        private void EmitRegionDriver(VectorPlan p, RegionPlan regions)
        {
            if (regions.WholePlane)
            {
                EmitWholePlaneDriver(p, regions);
                return;
            }

            OpenRegionDriver(p, regions,
                $"the output plane's {regions.Regions.Count} window region(s), each region's positions {regions.CallPositions} at a time (see Call{p.Target.Name})",
                $"the partial sums ({regions.StageChannels} output channel(s) × {regions.CallPositions} positions)", "sums", regions.StageFloats);
            EmitRegionChannelRange(p);
            string refs = RefArgs + ", ref block, ref sums, ocFirst, ocEnd";
            foreach (var region in regions.Regions)
            {
                w.Line($"// {RegionComment(region)}");
                string call = $"Call{p.Target.Name}({refs}, {RegionLiterals(region)}";
                w.Line(region.Positions <= regions.CallPositions
                    ? $"{call}, 0, {region.Positions});"
                    : $"for (int start = 0; start < {region.Positions}; start += {regions.CallPositions}) {call}, start, Math.Min({regions.CallPositions}, {region.Positions} - start));");
            }

            w.Close();
        }

        /// <summary>
        /// The driver of a whole-plane region path: for each chunk of input channels, every region's real taps packed, then
        /// each output-channel tile over every region's calls.
        /// </summary>
        private void EmitWholePlaneDriver(VectorPlan p, RegionPlan regions)
        {
            bool reorders = Reorders(regions);
            OpenRegionDriver(p, regions,
                $"for each chunk of input channels, the real taps of the output plane's {regions.Regions.Count} window region(s) packed, then every output-channel tile over every region (see {p.Target.Name}Sweep…)",
                reorders ? "one output plane, copied to put it in row order" : null, "plane", reorders ? OutputPlane : 0);
            bool split = p.Split is not null;
            if (split)
            {
                EmitRegionChannelRange(p);
            }

            string flags = OpenChunkLoops(regions, reorders ? "the last activates and puts the planes in row order" : "the last activates");
            for (int r = 0; r < regions.Regions.Count; r++)
            {
                var region = regions.Regions[r];
                if (region.Taps > 0)
                {
                    string to = r == 0 ? "ref block" : $"ref Unsafe.Add(ref block, {regions.BlockOffset(r)})";
                    w.Line(PacksRegionRows
                        ? $"{PackRowsName}(ref input, {to}, c0, {regions.ChunkChannels}, {region.Positions}, {region.Row}, {region.Column}, {region.Columns}, {region.Rows}, {(regions.RowChunks ? "kh0, kh1" : $"{region.KhFirst}, {region.KhEnd}")}, {region.KwFirst}, {region.KwEnd}); // {RegionComment(region)}"
                        : $"{PackCallName}(ref input, {to}, c0, {regions.ChunkChannels}, {region.Positions}, {RegionLiterals(region, regions.RowChunks)}, 0, {region.Positions}); // {RegionComment(region)}");
                }
            }

            w.Line(flags);
            int main = s.OutChannels - p.ChannelRemainder;
            string args = $"ref block, ref weights{(bias ? ", ref bias" : "")}, ref output{(reorders ? ", ref plane" : "")}";
            string chunkArgs = $"c0{(regions.RowChunks ? ", kh0, kh1" : "")}, first, last";
            if (p.ChannelTilesPerGroup > 0)
            {
                w.Line($"for (int oc = {(split ? "ocFirst" : "0")}; oc < {(split ? $"Math.Min(ocEnd, {main})" : $"{main}")}; oc += {p.ChannelTile}) {p.Target.Name}Sweep{p.ChannelTile}({args}, oc, {chunkArgs});");
            }

            if (p.ChannelRemainder > 0)
            {
                string remainder = $"{p.Target.Name}Sweep{p.ChannelRemainder}({args}, {main}, {chunkArgs}); // the remaining {p.ChannelRemainder} output channel(s)";
                w.Line(split ? $"if (ocEnd > {main}) {remainder}" : remainder);
            }

            CloseChunkLoops(regions);
            w.Close();
        }

        /// <summary>Whether a whole-plane path keeps its planes in region order until the last chunk: unless one region is the plane.</summary>
        private static bool Reorders(RegionPlan regions) => regions.Regions.Count > 1;

        /// <summary>
        /// Opens the loops over a call's or the plane's chunks: of input channels (c0), and for <see cref="RegionPlan.RowChunks"/>
        /// (a whole plane of one region) of a channel's real kernel rows [kh0, kh1). Returns the line that declares
        /// <c>first</c> and <c>last</c>, the chunks that start and end the sums.
        /// </summary>
        private string OpenChunkLoops(RegionPlan regions, string lastDoes)
        {
            bool chunked = regions.ChunkChannels < s.InChannels;
            if (chunked)
            {
                w.Line($"// input channels {regions.ChunkChannels} at a time{(regions.RowChunks ? $", each in runs of {regions.ChunkRows} kernel rows" : "")}: the first chunk starts the sums, later ones add to them, {lastDoes}");
                w.Open($"for (int c0 = 0; c0 < {s.InChannels}; c0 += {regions.ChunkChannels})");
            }
            else
            {
                w.Line(regions.RowChunks ? "const int c0 = 0; // the one input channel" : "const int c0 = 0; // every input channel in one block");
            }

            if (!regions.RowChunks)
            {
                return chunked ? $"bool first = c0 == 0, last = c0 == {s.InChannels - regions.ChunkChannels};" : "const bool first = true, last = true; // the one chunk starts the sums and activates them";
            }

            string khFirst = Literals.Int(regions.Regions[0].KhFirst), khEnd = Literals.Int(regions.Regions[0].KhEnd);
            if (!chunked)
            {
                w.Line($"// kernel rows {regions.ChunkRows} at a time: the first run starts the sums, later ones add to them, {lastDoes}");
            }

            w.Open($"for (int kh0 = {khFirst}; kh0 < {khEnd}; kh0 += {regions.ChunkRows})");
            w.Line($"int kh1 = Math.Min(kh0 + {regions.ChunkRows}, {khEnd});");
            string first = $"kh0 == {khFirst}", last = $"kh1 == {khEnd}";
            return chunked
                ? $"bool first = c0 == 0 && {first}, last = c0 == {s.InChannels - regions.ChunkChannels} && {last};"
                : $"bool first = {first}, last = {last};";
        }

        private void CloseChunkLoops(RegionPlan regions)
        {
            if (regions.RowChunks)
            {
                w.Close();
            }

            if (regions.ChunkChannels < s.InChannels)
            {
                w.Close();
            }
        }

        /// <summary>A region path's call or sweep methods and tiles, and (once for the kernel) the packing, storing and copying methods.</summary>
        private void EmitRegionMethods(VectorPlan p, RegionPlan regions)
        {
            if (regions.WholePlane)
            {
                foreach (int channels in ChannelTiles.Sizes(s.OutChannels, p.ChannelTile))
                {
                    EmitRegionSweep(p, regions, channels);
                }
            }
            else
            {
                EmitRegionCall(p, regions);
            }

            foreach (int channels in ChannelTiles.Sizes(s.OutChannels, p.ChannelTile))
            {
                foreach (var shape in regions.TileShapes)
                {
                    EmitRegionTile(p.Target, regions, channels, shape);
                }
            }

            if (plan.VectorPlans.First(q => q.Regions is not null) == p)
            {
                if (plan.VectorPlans.Any(q => q.Regions is { WholePlane: false }) || !PacksRegionRows)
                {
                    EmitPackRealTaps();
                }

                if (PacksRegionRows && plan.VectorPlans.Any(q => q.Regions is { WholePlane: true }))
                {
                    EmitPackRegionRows();
                }

                if (plan.VectorPlans.Any(q => q.Regions is { WholePlane: false }))
                {
                    EmitStoreCallSums();
                }

                EmitCopyFloats();
            }
        }

        /// <summary>
        /// A call of the tile of <paramref name="channels"/> channels whose shape fits <c>count</c>, where the calls take more
        /// than one: the shapes' ranges of counts follow each other, so the first whose largest count is not below it.
        /// </summary>
        private void EmitRegionTileCall(VectorTarget target, RegionPlan regions, int channels, string arguments)
        {
            var shapes = regions.TileShapes.ToList();
            for (int i = 0; i < shapes.Count; i++)
            {
                string call = $"{RegionTileName(target, channels, shapes[i])}({arguments});";
                w.Line(shapes.Count == 1 ? call
                    : i == 0 ? $"if (count <= {shapes[i].Lanes(target)}) {call}"
                    : i < shapes.Count - 1 ? $"else if (count <= {shapes[i].Lanes(target)}) {call}"
                    : $"else {call}");
            }
        }

        /// <summary>
        /// One output-channel tile of a whole-plane path over every call of every region for one chunk; after the last chunk,
        /// the tile's planes put in row order.
        /// </summary>
        private void EmitRegionSweep(VectorPlan p, RegionPlan regions, int channels)
        {
            var target = p.Target;
            w.Line();
            w.Doc($"<summary>{char.ToUpperInvariant(Channels(channels)[0])}{Channels(channels).Substring(1)} over every region's calls for the chunk from input channel c0, adding into the output planes in region order; the last chunk puts them in row order.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            bool reorders = Reorders(regions);
            w.Open($"private static void {target.Name}Sweep{channels}(ref float block, ref float weights{(bias ? ", ref float bias" : "")}, ref float output{(reorders ? ", ref float plane" : "")}, int oc, int c0{(regions.RowChunks ? ", int kh0, int kh1" : "")}, bool first, bool last)");
            w.Line($"nint w = (nint)oc * {Window} + (nint)c0 * {WindowPlane}, y = (nint)oc * {OutputPlane};");
            for (int r = 0; r < regions.Regions.Count; r++)
            {
                var region = regions.Regions[r];
                var calls = regions.CallsOf(r);
                long blockAt = regions.BlockOffset(r), planeAt = regions.PlaneOffset(r);
                w.Line(reorders ? $"// {RegionComment(region)}; positions {planeAt}.. of the plane in region order" : $"// {RegionComment(region)}");
                // The tile's arguments for the run of `count` positions from `start`.
                string Arguments(string start, long startValue, int count) =>
                    $"{(blockAt == 0 ? "ref block" : $"ref Unsafe.Add(ref block, {blockAt})")}, ref weights{(bias ? ", ref bias" : "")}, ref output, {start}, {region.Positions}, w, oc, "
                    + $"{(start == Literals.Int(startValue) ? Literals.Offset("y", planeAt + startValue) : $"{Literals.Offset("y", planeAt)} + {start}")}, {OutputPlane}, {(regions.RowChunks ? "kh0, kh1" : $"{region.KhFirst}, {region.KhEnd}")}, {region.KwFirst}, {region.KwEnd}, {count}, first, last";

                // Runs of one length follow each other: each such stretch one loop (or one call), its tile shape known.
                var stretches = new System.Collections.Generic.List<(RegionCall First, int Calls)>();
                foreach (var call in calls)
                {
                    if (stretches.Count > 0 && stretches[stretches.Count - 1].First.Count == call.Count)
                    {
                        stretches[stretches.Count - 1] = (stretches[stretches.Count - 1].First, stretches[stretches.Count - 1].Calls + 1);
                    }
                    else
                    {
                        stretches.Add((call, 1));
                    }
                }

                if (calls.Count > 1)
                {
                    w.Line($"// {calls.Count} runs: {string.Join(", then ", stretches.Select(t => $"{(t.Calls == 1 ? "one" : $"{t.Calls}")} of {t.First.Count} positions"))}");
                }

                foreach (var (head, count) in stretches)
                {
                    string tile = RegionTileName(target, channels, head.Shape);
                    w.Line(count == 1
                        ? $"{tile}({Arguments(Literals.Int(head.Start), head.Start, head.Count)});"
                        : $"for (int start = {head.Start}; start < {head.Start + count * head.Count}; start += {head.Count}) {tile}({Arguments("start", -1, head.Count)});");
                }
            }

            if (!reorders)
            {
                w.Close();
                return;
            }

            w.Open("if (last)");
            w.Line("// each plane from region order to row order, through the copy on the stack");
            w.Open($"for (int t = 0; t < {channels}; t++)");
            w.Line($"ref float at = ref Unsafe.Add(ref output, y + (nint)t * {OutputPlane});");
            w.Line($"{CopyName}(ref at, ref plane, {OutputPlane});");
            for (int r = 0; r < regions.Regions.Count; r++)
            {
                var region = regions.Regions[r];
                w.Line($"for (int r = 0; r < {region.Rows}; r++) {CopyName}(ref Unsafe.Add(ref plane, {regions.PlaneOffset(r)} + r * {region.Columns}), ref Unsafe.Add(ref at, {Literals.Offset($"(r + {region.Row}) * {plan.OutputWidth}", region.Column)}), {region.Columns});");
            }

            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>
        /// One call: for each group of output channels whose partial sums the stack holds, each chunk of input channels is
        /// packed and every output-channel tile run over it; then the group's sums are written to the output rows.
        /// </summary>
        private void EmitRegionCall(VectorPlan p, RegionPlan regions)
        {
            var target = p.Target;
            int stride = regions.CallPositions, chunk = regions.ChunkChannels;
            w.Line();
            w.Doc("<summary>Output channels ocFirst..ocEnd−1 at positions start..start+count−1 of the region at output row <paramref name=\"row\"/>, column <paramref name=\"column\"/> (<paramref name=\"columns\"/> wide, taken row by row), whose windows read real input at kernel rows khFirst..khEnd−1 × columns kwFirst..kwEnd−1.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void Call{target.Name}({Refs}, ref float block, ref float sums, int ocFirst, int ocEnd, {RegionParameters})");
            bool grouped = regions.StageChannels < s.OutChannels;
            if (grouped)
            {
                w.Line($"// output channels {regions.StageChannels} at a time: their partial sums fill the stack's block");
                w.Open($"for (int g = ocFirst; g < ocEnd; g += {regions.StageChannels})");
                w.Line($"int end = Math.Min(g + {regions.StageChannels}, ocEnd);");
            }
            else
            {
                w.Line("int g = ocFirst, end = ocEnd; // the partial sums of every output channel at once");
            }

            string flags = OpenChunkLoops(regions, "the last activates");
            w.Line($"{PackCallName}(ref input, ref block, c0, {chunk}, {stride}, row, column, columns, khFirst, khEnd, kwFirst, kwEnd, start, count);");
            w.Line(flags);
            w.Line("int oc = g;");
            string arguments = $"ref block, ref weights{(bias ? ", ref bias" : "")}, ref sums, 0, {stride}, (nint)oc * {Window} + (nint)c0 * {WindowPlane}, oc, (nint)(oc - g) * {stride}, {stride}, khFirst, khEnd, kwFirst, kwEnd, count, first, last";
            w.Open($"for (; oc + {p.ChannelTile} <= end; oc += {p.ChannelTile})");
            EmitRegionTileCall(target, regions, p.ChannelTile, arguments);
            w.Close();
            if (p.ChannelRemainder > 0)
            {
                w.Open("if (oc < end)");
                w.Line($"// the remaining {p.ChannelRemainder} output channel(s)");
                EmitRegionTileCall(target, regions, p.ChannelRemainder, arguments);
                w.Close();
            }

            CloseChunkLoops(regions);
            w.Line($"{StoreCallName}(ref sums, ref output, g, end, {stride}, row, column, columns, start, count);");
            if (grouped)
            {
                w.Close();
            }

            w.Close();
        }

        /// <summary>
        /// A region tile: output channels oc.. × up to three vectors of a call's packed positions (its last vector ending
        /// at the call's end, or, for a call shorter than a vector, its first vector over zeros past it), looping over the
        /// chunk's input channels and the region's real taps; its accumulators start from the bias (first chunk) or the
        /// partial sums, and end in them.
        /// </summary>
        private void EmitRegionTile(VectorTarget target, RegionPlan regions, int channels, RegionTileShape shape)
        {
            int vectors = shape.Vectors;
            var narrow = VectorTarget.Vector256;
            VectorTarget Of(int v) => VectorTarget.OfWidth(shape.Width(target, v));
            w.Line();
            string widths = shape.NarrowLast ? $"{vectors - 1} vector(s) of {target.Width} and one of {narrow.Width}" : $"{vectors} vector(s)";
            w.Doc($"<summary>{char.ToUpperInvariant(Channels(channels)[0])}{Channels(channels).Substring(1)} × {widths} of a call's count packed positions (from b, the runs of its taps <paramref name=\"stride\"/> apart), the last ending at the call's end: {channels * vectors} accumulators over the chunk's {regions.ChunkChannels} input channel(s) × the region's real taps, one broadcast weight per channel and tap. The sums of channel oc + t lie at at + t·<paramref name=\"rows\"/>.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void {RegionTileName(target, channels, shape)}(ref float block, ref float weights{(bias ? ", ref float bias" : "")}, ref float sums, nint b, nint stride, nint w, int oc, nint at, nint rows, int khFirst, int khEnd, int kwFirst, int kwEnd, int count, bool first, bool last)");
            // Where each vector lies in the call: whole vectors on, the last ending at the call's end (or at lane 0 of a call shorter than it).
            var offsets = Enumerable.Range(0, vectors).Select(v => v < vectors - 1 ? Literals.Int(v * target.Width) : "tail").ToList();
            int lastWidth = shape.Width(target, vectors - 1);
            w.Line($"nint tail = count > {lastWidth} ? count - {lastWidth} : 0; // the last vector ends at the call's end");
            string At(string basis, int v) => offsets[v] == "0" ? basis : $"{basis} + {offsets[v]}";
            for (int t = 0; t < channels; t++)
            {
                string row = t == 0 ? "at" : $"at + {t} * rows";
                foreach (var group in Enumerable.Range(0, vectors).GroupBy(v => shape.Width(target, v)))
                {
                    var type = VectorTarget.OfWidth(group.Key);
                    string start = bias ? $"{type.Name}.Create({Literals.Offset("Unsafe.Add(ref bias, oc", t)}))" : $"{type.Type}.Zero";
                    w.Line($"{type.Type} {string.Join(", ", group.Select(v => $"a{t}_{v} = first ? {start} : {type.Name}.LoadUnsafe(ref sums, (nuint)({At(row, v)}))"))};");
                }
            }

            foreach (var group in Enumerable.Range(0, vectors).GroupBy(v => shape.Width(target, v)))
            {
                w.Line($"{VectorTarget.OfWidth(group.Key).Type} {string.Join(", ", group.Select(v => $"x{v}"))}{(group.Key == target.Width ? ", wt" : "")};");
            }

            if (vectors == 1 && shape.NarrowLast)
            {
                w.Line($"{target.Type} wt;");
            }

            bool channelLoop = regions.ChunkChannels > 1;
            if (channelLoop)
            {
                w.Open($"for (int c = 0; c < {regions.ChunkChannels}; c++)");
            }
            else
            {
                w.Line("// the chunk's one input channel");
            }

            w.Open("for (int kh = khFirst; kh < khEnd; kh++)");
            w.Line($"nint wr = w + kh * {s.KernelWidth};");
            w.Open("for (int kw = kwFirst; kw < kwEnd; kw++)");
            for (int v = 0; v < vectors; v++)
            {
                w.Line($"x{v} = {Of(v).Name}.LoadUnsafe(ref block, (nuint)({At("b", v)}));");
            }

            for (int t = 0; t < channels; t++)
            {
                w.Line($"wt = {target.Name}.Create(Unsafe.Add(ref weights, {Literals.Offset("wr + kw", t * Window)}));");
                w.Line(string.Join(" ", Enumerable.Range(0, vectors).Select(v => $"a{t}_{v} = Mad(x{v}, {Narrowed("wt", target, shape.Width(target, v))}, a{t}_{v});")));
            }

            w.Line("b += stride;");
            w.Close();
            w.Close();
            if (channelLoop)
            {
                w.Line($"w += {WindowPlane};");
                w.Close();
            }

            for (int t = 0; t < channels; t++)
            {
                string row = t == 0 ? "at" : $"at + {t} * rows";
                for (int v = 0; v < vectors; v++)
                {
                    string value = s.Activation == ActivationKind.None ? $"a{t}_{v}" : $"last ? Activate(a{t}_{v}) : a{t}_{v}";
                    w.Line($"{Of(v).Name}.StoreUnsafe({value}, ref sums, (nuint)({At(row, v)}));");
                }
            }

            w.Close();
        }

        /// <summary>
        /// Packs a call: for each input channel of the chunk and each real tap (kernel row, then column), the call's positions'
        /// inputs as one run of <c>stride</c> floats, the lanes past its positions zero. Every input it copies is real: the
        /// region's windows read real input at each of these taps.
        /// </summary>
        private void EmitPackRealTaps()
        {
            w.Line();
            w.Doc("<summary>Packs input channels c0..c0+channels−1 of a call: run (c, kh, kw) holds, at lane i, the input tap (kh, kw) of the call's position i reads.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void {PackCallName}(ref float input, ref float block, int c0, int channels, int stride, {RegionParameters})");
            w.Line("int firstRow = row + start / columns, firstColumn = start % columns;");
            w.Line("nint b = 0;");
            w.Open("for (int c = 0; c < channels; c++)");
            w.Line($"nint x = (nint)(c0 + c) * {InputPlane};");
            w.Open("for (int kh = khFirst; kh < khEnd; kh++)");
            w.Open("for (int kw = kwFirst; kw < kwEnd; kw++)");
            // (Stride 1: a call's regions are dilated layers'; wide strides pack whole regions, PackRegionRows.)
            w.Line("// the call's positions, row by row of the region: input row oh + kh·dilation − top, column ow + kw·dilation − left");
            w.Line($"int r = {Literals.Offset($"firstRow + {Literals.Times("kh", s.DilationHeight)}", -s.PadTop)}, q = firstColumn, i = 0;");
            w.Line($"nint left = {Literals.Offset($"column + {Literals.Times("kw", s.DilationWidth)}", -s.PadLeft)};");
            w.Open("while (i < count)");
            w.Line("int n = Math.Min(columns - q, count - i);");
            w.Line($"{CopyName}(ref Unsafe.Add(ref input, x + (nint)r * {s.InputWidth} + left + q), ref Unsafe.Add(ref block, b + i), n);");
            w.Line("i += n;");
            w.Line("q = 0;");
            w.Line("r++;");
            w.Close();
            w.Line("for (; i < stride; i++) Unsafe.Add(ref block, b + i) = 0f; // lanes past the call's positions");
            w.Line("b += stride;");
            w.Close();
            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>
        /// Packs a whole region at a stride across, in the layout <see cref="EmitPackRealTaps"/> writes (run (c, kh, kw) of
        /// <c>stride</c> floats, the region's positions row by row) but in the order the input lies: for each kernel row,
        /// input row by input row, each output column's taps read one after another (ViT-B/16's 16 a patch row), their
        /// stores a run apart. Copying each tap's run for a row of 14 patches at a time took about 100 µs of ViT-B/16's
        /// 2.3 ms; this order, about 60.
        /// </summary>
        private void EmitPackRegionRows()
        {
            int sh = s.StrideHeight, sw = s.StrideWidth, dh = s.DilationHeight, dw = s.DilationWidth;
            w.Line();
            w.Doc("<summary>Packs input channels c0..c0+channels−1 of the region at output row <paramref name=\"row\"/>, column <paramref name=\"column\"/> (<paramref name=\"rows\"/> × <paramref name=\"columns\"/> positions): run (c, kh, kw), <paramref name=\"stride\"/> floats, holds at position i the input tap (kh, kw) of the region's position i reads.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void {PackRowsName}(ref float input, ref float block, int c0, int channels, int stride, int row, int column, int columns, int rows, int khFirst, int khEnd, int kwFirst, int kwEnd)");
            w.Line("int taps = kwEnd - kwFirst;");
            w.Line("nint b = 0;");
            w.Open("for (int c = 0; c < channels; c++)");
            w.Line($"nint x = (nint)(c0 + c) * {InputPlane};");
            w.Open("for (int kh = khFirst; kh < khEnd; kh++)");
            w.Line("ref float to = ref Unsafe.Add(ref block, b);");
            w.Open("for (int r = 0; r < rows; r++)");
            string inputRow = Literals.Offset($"{Literals.Times("(row + r)", sh)} + {Literals.Times("kh", dh)}", -s.PadTop);
            string inputColumn = Literals.Offset($"{Literals.Times("column", sw)} + {Literals.Times("kwFirst", dw)}", -s.PadLeft);
            w.Line($"// input row (row + r)·stride + kh·dilation − top, from the region's first column's first real tap");
            w.Line($"ref float from = ref Unsafe.Add(ref input, x + (nint)({inputRow}) * {s.InputWidth} + {inputColumn});");
            w.Line("ref float run = ref Unsafe.Add(ref to, (nint)r * columns);");
            w.Open("for (int q = 0; q < columns; q++)");
            w.Line($"ref float taken = ref Unsafe.Add(ref from, (nint)q * {sw});");
            w.Line("ref float at = ref Unsafe.Add(ref run, q);");
            w.Line($"for (int kw = 0; kw < taps; kw++) Unsafe.Add(ref at, (nint)kw * stride) = Unsafe.Add(ref taken, {Literals.Times("kw", dw)}); // tap kwFirst + kw's run");
            w.Close();
            w.Close();
            w.Line("b += (nint)taps * stride;");
            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>Writes a call's partial sums, which the last chunk activated, for output channels g..end−1 to their rows.</summary>
        private void EmitStoreCallSums()
        {
            w.Line();
            w.Doc("<summary>Writes the partial sums of output channels g..end−1 (rows of <paramref name=\"stride\"/> floats) for a call's positions to their output rows.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void {StoreCallName}(ref float sums, ref float output, int g, int end, int stride, int row, int column, int columns, int start, int count)");
            w.Line("int firstRow = row + start / columns, firstColumn = start % columns;");
            w.Open("for (int oc = g; oc < end; oc++)");
            w.Line("nint from = (nint)(oc - g) * stride;");
            w.Line("int r = firstRow, q = firstColumn, i = 0;");
            w.Open("while (i < count)");
            w.Line("int n = Math.Min(columns - q, count - i);");
            w.Line($"{CopyName}(ref Unsafe.Add(ref sums, from + i), ref Unsafe.Add(ref output, (nint)oc * {OutputPlane} + (nint)r * {plan.OutputWidth} + column + q), n);");
            w.Line("i += n;");
            w.Line("q = 0;");
            w.Line("r++;");
            w.Close();
            w.Close();
            w.Close();
        }

        private void EmitCopyFloats()
        {
            w.Line();
            w.Doc("<summary>Copies <paramref name=\"n\"/> floats: eight at a time, the last eight overlapping the ones before; fewer than eight one by one.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Open($"private static void {CopyName}(ref float from, ref float to, int n)");
            w.Open("if (n < 8)");
            w.Line("for (int j = 0; j < n; j++) Unsafe.Add(ref to, j) = Unsafe.Add(ref from, j);");
            w.Line("return;");
            w.Close();
            w.Line("int i = 0;");
            w.Line("for (; i + 8 <= n; i += 8) Vector256.StoreUnsafe(Vector256.LoadUnsafe(ref from, (nuint)i), ref to, (nuint)i);");
            w.Line("if (i < n) Vector256.StoreUnsafe(Vector256.LoadUnsafe(ref from, (nuint)(n - 8)), ref to, (nuint)(n - 8));");
            w.Close();
        }
    }
}
