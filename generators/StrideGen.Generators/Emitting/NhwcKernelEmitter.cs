using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>
    /// Writes the kernel class of one NHWC convolution, following its <see cref="NhwcKernelPlan"/>: Vector512 and Vector256 drivers and
    /// a scalar driver over groups, channel blocks and row bands; per channel block, row methods over column bands,
    /// register tiles of neighbouring output pixels × lanes of output channels, and a single-pixel method for border
    /// columns. Every offset the plan fixes is a literal; only channel, row and column positions are run-time values.
    /// The per-block methods are written by <see cref="BlockEmitter"/> (NhwcKernelEmitter.Blocks.cs).
    /// </summary>
    internal sealed partial class NhwcKernelEmitter
    {
        private readonly IndentedWriter w;
        private readonly NhwcKernelPlan plan;
        private readonly ConvShape s;
        private readonly bool bias;
        private readonly bool depthwise;

        /// <summary>Which kernel of its file this is: the layer's, one channel block's, or the layer's beside its channel blocks.</summary>
        private readonly KernelRole role;

        /// <summary>One channel block's kernel (see <see cref="ChannelBlockEmitter"/>): vector paths only, no entry helpers.</summary>
        private bool IsChannelBlock => role == KernelRole.ChannelBlock;

        private NhwcKernelEmitter(IndentedWriter writer, NhwcKernelPlan plan, KernelRole role)
        {
            this.role = role;
            w = writer;
            this.plan = plan;
            s = plan.Shape;
            bias = s.HasBias;
            depthwise = plan.Scheme == NhwcScheme.Depthwise;
        }

        /// <summary>Parameters every kernel method takes: the four tensors (three without bias) as refs to their first float.</summary>
        private string Refs => DriverParameters.Refs(bias);

        private string RefArgs => DriverParameters.Args(bias);

        /// <summary>Input floats in one row of the image: W·C.</summary>
        private long InputRow => (long)s.InputWidth * s.InChannels;

        /// <summary>Input floats between vertically neighbouring taps.</summary>
        private long TapRowStep => s.DilationHeight * InputRow;

        /// <summary>Input floats between horizontally neighbouring taps.</summary>
        private long TapColumnStep => (long)s.DilationWidth * s.InChannels;

        /// <summary>Input floats between the windows of horizontally neighbouring outputs.</summary>
        private long PixelStep => (long)s.StrideWidth * s.InChannels;

        /// <summary>Output floats in one row: OW·OC.</summary>
        private long OutputRow => (long)plan.OutputWidth * s.OutChannels;

        /// <summary>The row methods' channel parameters: depthwise reads the input channel equal to the output channel.</summary>
        private string ChannelParameters => depthwise ? "int oc" : "int oc, int c0";

        private string ChannelArguments => depthwise ? "oc" : "oc, c0";

        public static void Emit(IndentedWriter writer, string className, NhwcKernelPlan plan) => new NhwcKernelEmitter(writer, plan, KernelRole.Layer).EmitClass(className);

        /// <summary>Writes the NHWC kernel of a layer that runs in channel blocks, for the paths the blocks do not take (its plan has only those).</summary>
        public static void EmitBesideChannelBlocks(IndentedWriter writer, string className, NhwcKernelPlan plan) => new NhwcKernelEmitter(writer, plan, KernelRole.BesideChannelBlocks).EmitClass(className);

        /// <summary>Writes the layer's NHWC kernel beside its Winograd kernel, for the paths that does not take (Vector128, scalar, and any vector path without Winograd).</summary>
        public static void EmitBesideWinograd(IndentedWriter writer, string className, NhwcKernelPlan plan) => new NhwcKernelEmitter(writer, plan, KernelRole.BesideWinograd).EmitClass(className);

        /// <summary>
        /// Writes the kernel of one channel block of an NCHW layer that runs in blocks (see <see cref="ChannelBlockPlan"/>):
        /// its vector drivers only, since the layer's own kernel takes the hardware without them.
        /// </summary>
        public static void EmitChannelBlock(IndentedWriter writer, string className, NhwcKernelPlan plan) => new NhwcKernelEmitter(writer, plan, KernelRole.ChannelBlock).EmitClass(className);

        /// <summary>Writes the NHWC kernel an NCHW layer with packed weights runs on channels-last copies of its tensors (see <see cref="ChannelsLastEmitter"/>).</summary>
        public static void EmitChannelsLast(IndentedWriter writer, string className, NhwcKernelPlan plan) => new NhwcKernelEmitter(writer, plan, KernelRole.ChannelsLast).EmitClass(className);

        /// <summary>The kernel's vector drivers for the entry's dispatch, widest first: Vector512, Vector256 and Vector128, where the plan has them.</summary>
        public static IReadOnlyList<string> VectorPaths(NhwcKernelPlan plan) => plan.VectorPaths.Select(path => path.Target.Name).ToList();

        private void EmitClass(string className)
        {
            w.Doc(
                "<summary>",
                role == KernelRole.BesideChannelBlocks
                    ? $"The layer's NHWC kernel, for the paths its channel blocks do not take. {Literals.Xml(PlanSummary())}."
                    : role == KernelRole.BesideWinograd
                    ? $"The layer's NHWC kernel, for the paths its Winograd kernel does not take. {Literals.Xml(PlanSummary())}."
                    : role == KernelRole.ChannelsLast
                    ? $"The layer on channels-last copies of its tensors (input H×W×{s.InChannels}, weights packed HWIO, output H×W×{s.OutChannels}). {Literals.Xml(PlanSummary())}."
                    : IsChannelBlock
                    ? $"One block of {s.OutChannels} channels of this file's layer, channels last (input H×W×{s.InChannels}, weights H×W×1×{s.OutChannels}, output H×W×{s.OutChannels}). {Literals.Xml(PlanSummary())}."
                    : $"The kernel behind this file's layer (NHWC: input H×W×C, weights HWIO, output H×W×C). {Literals.Xml(PlanSummary())}.",
                "</summary>");
            w.Open($"file static class {className}");
            foreach (var vector in plan.VectorPaths)
            {
                if (vector != plan.VectorPaths.First())
                {
                    w.Line();
                }

                w.Doc($"<summary>The {vector.Target.Name} path: channel blocks × row bands, output channels in vector lanes of {vector.LaneWidth}.{PartDoc}</summary>");
                EmitDriver($"Run{vector.Target.Name}", vector);
            }

            var paths = plan.VectorPaths.ToList();
            if (!IsChannelBlock)
            {
                if (plan.UsesVectors)
                {
                    w.Line();
                }

                string narrowest = plan.VectorPaths.LastOrDefault()?.Target.Name ?? "";
                w.Doc($"<summary>The scalar path, for hardware without {(plan.UsesVectors ? narrowest : "vector")} acceleration" + (plan.UsesVectors ? "" : " and for groups narrower than one vector") + $".{PartDoc}</summary>");
                EmitDriver("RunScalar", plan.Scalar);
                paths.Add(plan.Scalar);
            }

            foreach (var path in paths)
            {
                foreach (var block in path.Blocks)
                {
                    new BlockEmitter(this, path, block).Emit();
                }
            }

            EmitHelpers();
            w.Close();
        }

        /// <summary>" Runs part <paramref name="part"/> of N: ..." for a driver of a multi-threaded layer, else nothing.</summary>
        private string PartDoc => plan.RowSplit is { } rows ? $" Runs part <paramref name=\"part\"/> of {rows.Parts}: a contiguous range of output rows." : "";

        private string PlanSummary()
        {
            var parts = new List<string>();
            string scheme = depthwise
                ? "Depthwise: lanes are channels of input, weights and output alike"
                : "Each input value is broadcast against a contiguous run of output channels' weights";
            parts.Add(scheme);
            foreach (var vector in plan.VectorPaths)
            {
                parts.Add($"{vector.Target.Name} path: " + Describe(vector));
            }

            if (!IsChannelBlock)
            {
                parts.Add("scalar path: " + Describe(plan.Scalar));
            }

            bool edges = plan.VectorPaths.Any(path => path.Blocks.Any(b => b.Edges.Count > 0));
            parts.Add($"{plan.RowBands.Count} row band(s), {plan.ColumnBands.Count} column band(s), taps on padding skipped at generation time; border columns "
                + (edges ? "in edge tiles on the vector path (each column's real taps only), one pixel at a time otherwise" : "one pixel at a time"));
            return string.Join("; ", parts);
        }

        private static string Describe(NhwcPath path)
        {
            string lane = path.IsVector ? $"vector(s) of {path.LaneWidth} channels" : "channel(s)";
            var blocks = path.Blocks.Select(b =>
            {
                string tile = b.Tiles.Count == 0 && b.Edges.Count == 0 ? "single pixels"
                    : $"tiles of {b.Pixels} output column(s){(b.Edges.Count > 0 ? " across the whole row, those at its ends edge tiles" : "")}"
                    + (b.Tiles.Count > 1 ? ", the last interior one overlapping its neighbour" : "");
                string window = b.Unroll == WindowUnroll.Rows ? "each kernel row's taps unrolled" : "one tap at a time";
                if (b.ChannelUnroll > 1)
                {
                    window += $", {b.ChannelUnroll} input channels per step";
                }

                return $"{b.Repeat} block(s) of {b.Name} output channel(s) as {b.Lanes} {lane} × {tile} ({window})";
            });
            return string.Join(", then ", blocks);
        }

        private void EmitDriver(string name, NhwcPath path)
        {
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"public static void {name}({Refs}{(plan.RowSplit is null ? "" : ", int part")})");
            if (plan.RowSplit is { } rows)
            {
                w.Line($"// this part's output rows, of {rows.Parts} parts: [part·{rows.Units}/{rows.Parts}, (part+1)·{rows.Units}/{rows.Parts}); each band below runs its rows among them");
                w.Line($"int rowFirst = part * {rows.Units} / {rows.Parts}, rowEnd = (part + 1) * {rows.Units} / {rows.Parts};");
            }

            bool groupLoop = !depthwise && s.Groups > 1;
            if (groupLoop)
            {
                w.Open($"for (int g = 0; g < {s.Groups}; g++)");
                w.Line($"int c0 = g * {s.InChannelsPerGroup}; // first input channel of the group");
                w.Line($"int first = g * {s.OutChannelsPerGroup}; // first output channel of the group");
            }
            else if (!depthwise)
            {
                w.Line("const int c0 = 0, first = 0;");
            }

            long packedFloats = path.Blocks.Where(b => b.PacksChunks).Select(PackedChunkFloats).DefaultIfEmpty(0).Max();
            if (packedFloats > 0)
            {
                w.Line($"// a chunk's weights for one block, copied contiguous: HWIO rows lie {s.OutChannels} floats apart, and rows a multiple of 512 bytes apart fall in few of L1's sets");
                w.Line($"Span<float> chunkWeights = stackalloc float[{packedFloats}];");
                w.Line("ref float packed = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(chunkWeights);");
            }

            string firstName = depthwise ? "0" : "first";
            int shared = path.SharedChunkChannels;
            if (shared > 0)
            {
                w.Open($"for (int cs = 0; cs < {s.InChannelsPerGroup}; cs += {shared}) // input channels {shared} at a time for every block: the first reads their weights in order, the others find them in L2");
            }

            for (int i = 0; i < path.Blocks.Count; i++)
            {
                var block = path.Blocks[i];
                if (i > 0)
                {
                    w.Line();
                }

                string from = Offset(firstName, block.First);
                if (block.Repeat > 1)
                {
                    w.Open($"for (int oc = {from}; oc < {Offset(firstName, block.First + (long)block.Repeat * block.Step)}; oc += {block.Step}) // blocks of {block.Step} output channels");
                }
                else
                {
                    w.Open("");
                    w.Line($"int oc = {from}; // {BlockComment(path, block)}");
                }

                int chunk = block.ChunkChannels;
                if (chunk < s.InChannelsPerGroup)
                {
                    if (shared == chunk)
                    {
                        w.Open("");
                        w.Line("int cc = cs; // the block's weights for these input channels stay in L1");
                    }
                    else
                    {
                        w.Open(shared > 0
                            ? $"for (int cc = cs; cc < cs + {shared}; cc += {chunk}) // input channels {chunk} at a time, so the block's weights for them stay in L1"
                            : $"for (int cc = 0; cc < {s.InChannelsPerGroup}; cc += {chunk}) // input channels {chunk} at a time, so the block's weights for them stay in L1");
                    }

                    if (block.PacksChunks)
                    {
                        w.Line($"{new MethodNames(path, block).PackChunk}(ref weights, oc, cc, ref packed);");
                    }

                    EmitRowCalls(path, block, ", cc");
                    w.Close();
                }
                else
                {
                    EmitRowCalls(path, block, "");
                }

                w.Close();
            }

            if (shared > 0)
            {
                w.Close();
            }

            if (groupLoop)
            {
                w.Close();
            }

            w.Close();
        }

        /// <summary>Floats of a chunk's packed weights: every tap × the chunk's input channels × the block's channels.</summary>
        private long PackedChunkFloats(ChannelBlock block) => (long)s.KernelHeight * s.KernelWidth * block.ChunkChannels * block.Step;

        private static string Offset(string name, long offset) => name == "0" ? Literals.Int(offset) : Literals.Offset(name, offset);

        private static string BlockComment(NhwcPath path, ChannelBlock block)
        {
            string channels = block.Step == 1 ? "output channel oc" : $"output channels oc..oc+{block.Step - 1}";
            int overlap = -block.Offsets[0];
            if (path.IsVector && overlap > 0)
            {
                return $"{channels}, as one vector from oc-{overlap}: it recomputes the last {overlap} channel(s) of the block before";
            }

            if (path.IsVector && block.Offsets[block.Offsets.Count - 1] % path.LaneWidth != 0)
            {
                int last = block.Offsets[block.Offsets.Count - 1];
                return $"{channels}; the last vector starts at oc+{last}, overlapping the one before";
            }

            return channels;
        }

        private void EmitRowCalls(NhwcPath path, ChannelBlock block, string chunk)
        {
            string row = new MethodNames(path, block).Row;
            string refArgs = block.PacksChunks ? RefArgs.Replace("ref weights", "ref packed") : RefArgs;
            foreach (var band in plan.RowBands)
            {
                string call = $"{row}({refArgs}, {ChannelArguments}, oh, {band.TapFirst}, {band.TapEnd}{chunk})";
                string what = plan.IsInteriorRowBand(band) ? "whole window" : band.TapFirst == band.TapEnd ? "padding only" : $"kernel rows {band.TapFirst}..{band.TapEnd - 1}";
                if (plan.RowSplit is not null)
                {
                    // A multi-threaded layer: the band clipped to the part's rows [rowFirst, rowEnd).
                    w.Line(band.Length == 1
                        ? $"if (rowFirst <= {band.Start} && {band.Start} < rowEnd) {{ const int oh = {band.Start}; {call}; }} // output row {band.Start}: {what}"
                        : $"for (int oh = Math.Max({band.Start}, rowFirst), end = Math.Min({band.End}, rowEnd); oh < end; oh++) {call}; // output rows {band.Start}..{band.End - 1}: {what}");
                }
                else if (band.Length == 1)
                {
                    w.Line($"{{ const int oh = {band.Start}; {call}; }} // output row {band.Start}: {what}");
                }
                else
                {
                    w.Line($"for (int oh = {band.Start}; oh < {band.End}; oh++) {call}; // output rows {band.Start}..{band.End - 1}: {what}");
                }
            }
        }

        private void EmitHelpers()
        {
            if (role == KernelRole.Layer)
            {
                w.Line();
                EntryMethodEmitter.EmitThrowHelpers(w);
            }

            var targets = plan.VectorPaths.Select(path => path.Target).ToArray();
            foreach (var target in targets)
            {
                KernelHelperEmitter.EmitMad(w, target);
            }

            KernelHelperEmitter.EmitActivations(w, s.Activation, s.LeakyReluSlope, targets);
        }
    }
}
