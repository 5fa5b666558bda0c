using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>
    /// Writes the kernel class of a depthwise layer that runs in channel blocks (see <see cref="ChannelBlockPlan"/>): per
    /// vector path, a driver that copies each block of channels into stack blocks, each pixel's channels contiguous (from
    /// NCHW an 8×8 transpose at a time, from NHWC a Vector256 at a time), runs the block kernel's path on them and copies the
    /// result back; the narrower paths go to the layer's own kernel.
    /// </summary>
    internal static class ChannelBlockEmitter
    {
        /// <param name="className">The class the entry method calls.</param>
        /// <param name="blockClass">The block kernel (<see cref="NhwcKernelEmitter.EmitChannelBlock"/>).</param>
        /// <param name="planeClass">The layer's own kernel (NCHW or NHWC), for the paths below the block kernel's.</param>
        /// <param name="planePaths">That kernel's vector paths (those the block kernel does not have: Vector128), in dispatch order.</param>
        /// <param name="parallel">Whether the layer runs on more than one thread: every driver then takes a part, and the layer's own kernel's too.</param>
        public static void Emit(IndentedWriter w, string className, string blockClass, string planeClass, ChannelBlockPlan plan, IReadOnlyList<string> planePaths, bool skipLocalsInit, bool parallel)
        {
            var s = plan.Shape;
            bool bias = s.HasBias;
            bool nhwc = s.Layout == LayoutKind.Nhwc;
            string refs = DriverParameters.Refs(bias, parallel);
            string args = DriverParameters.Args(bias, parallel);

            int c = plan.BlockChannels;

            var doc = nhwc ? new List<string>
            {
                "<summary>",
                $"The kernel behind this file's layer: a depthwise layer on a small map, run {c} channels at a time on the vector paths.",
                $"Each block's {c} channels of every input pixel and tap are copied to the stack, contiguous, {blockClass} computes the",
                $"block, and its output pixels are copied back. (A pixel's {s.InChannels} channels put neighbouring pixels {s.InChannels * 4} bytes apart:",
                "every pixel a tile reads or writes would fall in a few of L1's sets and evict the others.)",
            }
            : new List<string>
            {
                "<summary>",
                $"The kernel behind this file's layer: a depthwise layer on a small map, run {c} channels at a time on the vector paths.",
                $"Each block's input planes ({s.InputHeight}×{s.InputWidth}) and filters ({s.KernelHeight}×{s.KernelWidth}) are copied channels last to the stack,",
                $"{blockClass} computes the block with its channels in vector lanes, reading only the taps on real input, and the",
                $"{s.OutputHeight}×{s.OutputWidth} output planes are copied back. (An NCHW kernel's lanes are pixels: on a map this small many of them",
                "are border pixels, whose windows reach into the padding.)",
            };
            if (plan.HasOverlappingBlock)
            {
                doc.Add($"The last block ends at the last channel, overlapping the one before (its channels are recomputed identically).");
            }

            doc.Add("</summary>");
            w.Doc(doc.ToArray());
            w.Open($"file static class {className}");
            var blockPaths = plan.Block.VectorPaths.Select(p => p.Target.Name).ToList();
            foreach (string path in blockPaths)
            {
                string parts = parallel ? $" Runs part <paramref name=\"part\"/> of {plan.Parts}: a contiguous range of blocks." : "";
                w.Doc($"<summary>The {path} path: each block through {blockClass}.Run{path}.{parts}</summary>");
                w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                if (skipLocalsInit)
                {
                    w.Line("[SkipLocalsInit]");
                }

                w.Open($"public static void Run{path}({refs})");
                w.Line($"Span<float> blockInput = stackalloc float[{plan.InputPixels * c}]; // {s.InputHeight}×{s.InputWidth}×{c}");
                w.Line($"Span<float> blockWeights = stackalloc float[{plan.Taps * c}]; // {s.KernelHeight}×{s.KernelWidth}×1×{c}");
                w.Line($"Span<float> blockOutput = stackalloc float[{plan.OutputPixels * c}]; // {s.OutputHeight}×{s.OutputWidth}×{c}");
                w.Line("ref float x = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(blockInput);");
                w.Line("ref float k = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(blockWeights);");
                w.Line("ref float y = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(blockOutput);");
                string blockCall = $"{blockClass}.Run{path}(ref x, ref k, {(bias ? "ref Unsafe.Add(ref bias, c), " : "")}ref y);";
                void Body()
                {
                    if (nhwc)
                    {
                        w.Line($"CopyBlock(ref Unsafe.Add(ref input, c), {s.InChannels}, ref x, {c}, {plan.InputPixels}); // {c} channels of each input pixel");
                        w.Line($"CopyBlock(ref Unsafe.Add(ref weights, c), {s.OutChannels}, ref k, {c}, {plan.Taps}); // {c} channels of each tap's weights");
                        w.Line(blockCall);
                        w.Line($"CopyBlock(ref y, {c}, ref Unsafe.Add(ref output, c), {s.OutChannels}, {plan.OutputPixels}); // {c} channels of each output pixel");
                        return;
                    }

                    w.Line($"Transpose(ref Unsafe.Add(ref input, c * {plan.InputPixels}), {plan.InputPixels}, ref x, {c}, {c}, {plan.InputPixels}); // {c} input planes → pixels × {c} channels");
                    w.Line($"Transpose(ref Unsafe.Add(ref weights, c * {plan.Taps}), {plan.Taps}, ref k, {c}, {c}, {plan.Taps}); // {c} filters → taps × {c} channels");
                    w.Line(blockCall);
                    w.Line($"Transpose(ref y, {c}, ref Unsafe.Add(ref output, c * {plan.OutputPixels}), {plan.OutputPixels}, {plan.OutputPixels}, {c}); // pixels × {c} channels → {c} output planes");
                }

                // Block b starts at channel 32·b; the last, where the blocks do not divide the channels, ends at the last one.
                string range = parallel
                    ? $"int b = part * {plan.Blocks} / {plan.Parts}, end = (part + 1) * {plan.Blocks} / {plan.Parts}; b < end; b++) // this part's blocks, of {plan.Parts}"
                    : $"int b = 0; b < {plan.Blocks}; b++)";
                w.Open($"for ({range}");
                w.Line(plan.HasOverlappingBlock
                    ? $"int c = b < {plan.WholeBlocks} ? b * {c} : {s.OutChannels - c}; // the block's first channel (the last block's: channels {s.OutChannels - c}..{s.OutChannels - 1})"
                    : $"int c = b * {c}; // the block's first channel");
                Body();
                w.Close();
                w.Close();
                w.Line();
            }

            foreach (string path in planePaths.Where(p => !blockPaths.Contains(p)).Append("Scalar"))
            {
                w.Doc($"<summary>The {(path == "Scalar" ? "scalar" : path)} path: the layer's {(nhwc ? "NHWC" : "NCHW")} kernel ({planeClass}), without the copies.</summary>");
                w.Line($"public static void Run{path}({refs}) => {planeClass}.Run{path}({args});");
                w.Line();
            }

            if (nhwc)
            {
                EmitCopyBlock(w, c);
            }
            else
            {
                EmitTranspose(w);
            }

            w.Line();
            EntryMethodEmitter.EmitThrowHelpers(w);
            w.Close();
        }

        /// <summary>The copy of NHWC blocks: <paramref name="channels"/> floats a pixel, a Vector256 at a time.</summary>
        private static void EmitCopyBlock(IndentedWriter w, int channels)
        {
            w.Doc($"<summary>Copies {channels} floats from each of <paramref name=\"rows\"/> rows of <paramref name=\"source\"/> (<paramref name=\"sourceRow\"/> floats apart) to rows of <paramref name=\"target\"/> (<paramref name=\"targetRow\"/> apart).</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open("private static void CopyBlock(ref float source, nint sourceRow, ref float target, nint targetRow, nint rows)");
            w.Open("for (nint r = 0; r < rows; r++)");
            w.Line("ref float s = ref Unsafe.Add(ref source, r * sourceRow);");
            w.Line("ref float d = ref Unsafe.Add(ref target, r * targetRow);");
            for (int i = 0; i < channels; i += 8)
            {
                w.Line(i == 0 ? "Vector256.LoadUnsafe(ref s).StoreUnsafe(ref d);" : $"Vector256.LoadUnsafe(ref s, {i}).StoreUnsafe(ref d, {i});");
            }

            w.Close();
            w.Close();
        }

        /// <summary>The transpose every copy of the drivers goes through: 8×8 tiles with AVX's in-lane shuffles, else one float at a time.</summary>
        internal static void EmitTranspose(IndentedWriter w)
        {
            w.Doc(
                "<summary>",
                "Writes the transpose of a <paramref name=\"rows\"/> × <paramref name=\"columns\"/> matrix (its rows <paramref name=\"sourceRow\"/> floats apart)",
                "to <paramref name=\"target\"/> (rows <paramref name=\"targetRow\"/> apart), an 8×8 tile at a time; where a side is not a multiple of 8, its",
                "last tile overlaps the one before and writes the same values again.",
                "</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open("private static void Transpose(ref float source, nint sourceRow, ref float target, nint targetRow, nint rows, nint columns)");
            w.Open("if (!Avx.IsSupported || rows < 8 || columns < 8)");
            w.Line("for (nint r = 0; r < rows; r++)");
            w.Line("    for (nint c = 0; c < columns; c++)");
            w.Line("        Unsafe.Add(ref target, c * targetRow + r) = Unsafe.Add(ref source, r * sourceRow + c);");
            w.Line("return;");
            w.Close();
            w.Line();
            w.Open("for (nint r0 = 0; r0 < rows; r0 += 8)");
            w.Line("nint r = r0 + 8 <= rows ? r0 : rows - 8;");
            w.Open("for (nint c0 = 0; c0 < columns; c0 += 8)");
            w.Line("nint c = c0 + 8 <= columns ? c0 : columns - 8;");
            w.Line("ref float s = ref Unsafe.Add(ref source, r * sourceRow + c);");
            w.Line("Vector256<float> s0 = Vector256.LoadUnsafe(ref s), s1 = Vector256.LoadUnsafe(ref s, (nuint)sourceRow);");
            w.Line("Vector256<float> s2 = Vector256.LoadUnsafe(ref s, (nuint)(2 * sourceRow)), s3 = Vector256.LoadUnsafe(ref s, (nuint)(3 * sourceRow));");
            w.Line("Vector256<float> s4 = Vector256.LoadUnsafe(ref s, (nuint)(4 * sourceRow)), s5 = Vector256.LoadUnsafe(ref s, (nuint)(5 * sourceRow));");
            w.Line("Vector256<float> s6 = Vector256.LoadUnsafe(ref s, (nuint)(6 * sourceRow)), s7 = Vector256.LoadUnsafe(ref s, (nuint)(7 * sourceRow));");
            w.Line("// Pairs of rows interleaved, then pairs of pairs: each 128-bit half holds four rows of one column.");
            w.Line("Vector256<float> t0 = Avx.UnpackLow(s0, s1), t1 = Avx.UnpackHigh(s0, s1), t2 = Avx.UnpackLow(s2, s3), t3 = Avx.UnpackHigh(s2, s3);");
            w.Line("Vector256<float> t4 = Avx.UnpackLow(s4, s5), t5 = Avx.UnpackHigh(s4, s5), t6 = Avx.UnpackLow(s6, s7), t7 = Avx.UnpackHigh(s6, s7);");
            w.Line("Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE), u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);");
            w.Line("Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE), u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);");
            w.Line("// Rows 0..3 and 4..7 of each column joined: columns 0..3 from the low halves, 4..7 from the high ones.");
            w.Line("ref float d = ref Unsafe.Add(ref target, c * targetRow + r);");
            w.Line("Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref d);");
            w.Line("Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref d, (nuint)targetRow);");
            w.Line("Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref d, (nuint)(2 * targetRow));");
            w.Line("Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref d, (nuint)(3 * targetRow));");
            w.Line("Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref d, (nuint)(4 * targetRow));");
            w.Line("Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref d, (nuint)(5 * targetRow));");
            w.Line("Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref d, (nuint)(6 * targetRow));");
            w.Line("Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref d, (nuint)(7 * targetRow));");
            w.Close();
            w.Close();
            w.Close();
        }
    }
}
