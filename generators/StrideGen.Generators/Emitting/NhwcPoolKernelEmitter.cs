using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>
    /// Writes the kernel class of an NHWC pooling layer. Channels are contiguous in NHWC, so each output pixel is computed a
    /// vector of channels at a time (the last vector overlapping its neighbour when the channel count is not a multiple of
    /// the width). The window's real taps and its divisor come from the pooling plan's row and column bands, so padding is
    /// resolved at generation time and no tap outside the input is read.
    /// </summary>
    internal sealed class NhwcPoolKernelEmitter
    {
        private static readonly VectorTarget[] Targets = { VectorTarget.Vector512, VectorTarget.Vector256, VectorTarget.Vector128 };

        private readonly IndentedWriter w;
        private readonly PoolPlan plan;
        private readonly PoolShape s;

        private NhwcPoolKernelEmitter(IndentedWriter writer, PoolPlan plan)
        {
            w = writer;
            this.plan = plan;
            s = plan.Shape;
        }

        /// <summary>The vector paths the kernel has, widest first: a width is used when the channels fill at least one vector.</summary>
        public static IReadOnlyList<string> VectorPaths(PoolShape shape) => Targets.Where(t => shape.Channels >= t.Width).Select(t => t.Name).ToList();

        public static void Emit(IndentedWriter writer, string className, PoolPlan plan) => new NhwcPoolKernelEmitter(writer, plan).EmitClass(className);

        private long RowFloats => (long)s.InputWidth * s.Channels;

        private void EmitClass(string className)
        {
            var targets = Targets.Where(t => s.Channels >= t.Width).ToList();
            w.Doc(
                "<summary>",
                $"The kernel behind this file's layer. Plan: each output pixel's {s.Channels} channels in vectors ({string.Join(", ", targets.Select(t => t.Name))} where accelerated, scalar otherwise);",
                $"{plan.RowBands.Count} row band(s) × {plan.ColumnBands.Count} column band(s) fix which window taps are real and the divisor.",
                "</summary>");
            w.Open($"file static class {className}");
            foreach (var target in targets)
            {
                EmitDriver(target);
                w.Line();
            }

            EmitDriver(null);
            foreach (var target in targets)
            {
                EmitRow(target);
                EmitPixel(target);
            }

            EmitRow(null);
            EmitPixel(null);
            w.Line();
            EntryMethodEmitter.EmitThrowHelpers(w);
            w.Close();
        }

        private static string PathName(VectorTarget? target) => target?.Name ?? "Scalar";

        private void EmitDriver(VectorTarget? target)
        {
            w.Doc(target is null
                ? "<summary>The scalar path, for hardware without vector acceleration.</summary>"
                : $"<summary>The {target.Name} path: {target.Width} channels per instruction.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"public static void Run{PathName(target)}(ref float input, ref float output)");
            foreach (var band in plan.RowBands)
            {
                string what = plan.IsInteriorRowBand(band) ? "whole window" : $"kernel rows {band.TapFirst}..{band.TapEnd - 1}";
                string call = $"Row{PathName(target)}(ref input, ref output, oh, {band.TapFirst}, {band.TapEnd}, {band.Divisor});";
                w.Line(band.Length == 1
                    ? $"{{ const int oh = {band.Start}; {call} }} // output row {band.Start}: {what}"
                    : $"for (int oh = {band.Start}; oh < {band.End}; oh++) {call} // output rows {band.Start}..{band.End - 1}: {what}");
            }

            w.Close();
        }

        private void EmitRow(VectorTarget? target)
        {
            w.Line();
            w.Doc("<summary>Output row <paramref name=\"oh\"/>, reading kernel rows [khFirst, khEnd) that count <paramref name=\"rowCount\"/> cells each window.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void Row{PathName(target)}(ref float input, ref float output, int oh, int khFirst, int khEnd, int rowCount)");
            string row = Literals.Offset(s.StrideHeight == 1 ? "oh" : $"oh * {s.StrideHeight}", -s.PadTop);
            w.Line($"nint x = (nint)({row}) * {RowFloats}; // input row of kernel row 0");
            w.Line($"nint y = (nint)oh * {(long)plan.OutputWidth * s.Channels};");
            string column = Literals.Offset(s.StrideWidth == 1 ? "ow" : $"ow * {s.StrideWidth}", -s.PadLeft);
            foreach (var band in plan.ColumnBands)
            {
                string scale = s.IsMax ? "" : $", 1f / (rowCount * {band.Divisor})";
                string call = $"Pixel{PathName(target)}(ref input, ref output, x + (nint)({column}) * {s.Channels}, y + ow * {s.Channels}, khFirst, khEnd, {band.TapFirst}, {band.TapEnd}{scale});";
                w.Line(band.Length == 1
                    ? $"{{ const int ow = {band.Start}; {call} }}"
                    : $"for (int ow = {band.Start}; ow < {band.End}; ow++) {call}");
            }

            w.Close();
        }

        private void EmitPixel(VectorTarget? target)
        {
            string scaleParam = s.IsMax ? "" : ", float scale";
            w.Line();
            w.Doc($"<summary>One output pixel, every channel: the {(s.IsMax ? "max" : "average")} over kernel rows [khFirst, khEnd) and columns [kwFirst, kwEnd).</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void Pixel{PathName(target)}(ref float input, ref float output, nint x, nint y, int khFirst, int khEnd, int kwFirst, int kwEnd{scaleParam})");
            long tapRow = (long)s.DilationHeight * RowFloats;
            long tapColumn = (long)s.DilationWidth * s.Channels;
            if (target is null)
            {
                w.Open($"for (nint c = 0; c < {s.Channels}; c++)");
                w.Line($"float a = {(s.IsMax ? "float.NegativeInfinity" : "0f")};");
                Taps(tapRow, tapColumn, "float v = Unsafe.Add(ref input, xk + c);", s.IsMax ? "a = MathF.Max(a, v);" : "a += v;");
                w.Line($"Unsafe.Add(ref output, y + c) = {(s.IsMax ? "a" : "a * scale")};");
                w.Close();
            }
            else
            {
                EmitVectorChannels(target, tapRow, tapColumn);
            }

            w.Close();
        }

        /// <summary>
        /// At most this many channel vectors share one pass over the window: each has its own accumulator, so the adds of one
        /// tap do not wait on each other, and each tap reads this many vectors from one contiguous run of channels.
        /// </summary>
        private const int VectorsPerPass = 8;

        private void EmitVectorChannels(VectorTarget target, long tapRow, long tapColumn)
        {
            int width = target.Width;
            int perPass = System.Math.Min(VectorsPerPass, s.Channels / width);
            int passes = s.Channels / (perPass * width);
            int passFloats = perPass * width;
            long start = (long)passes * passFloats;
            int left = (int)(s.Channels - start);
            int leftVectors = (left + width - 1) / width;
            string tail = left == 0 ? "" : $", then one pass of {leftVectors} vector{(leftVectors == 1 ? "" : "s")} for the last {left}{(left % width == 0 ? "" : $" (its last vector overlapping the {width - left % width} channels before it)")}";
            w.Line($"// {s.Channels} channels: {passes} pass{(passes == 1 ? "" : "es")} of {perPass} vector{(perPass == 1 ? "" : "s")} ({passFloats} channels){tail}.");
            var offsets = Enumerable.Range(0, perPass).Select(v => v == 0 ? "c" : $"c + {v * width}").ToList();
            if (passes == 1)
            {
                w.Open("");
                w.Line("const nint c = 0;");
            }
            else
            {
                w.Open($"for (nint c = 0; c < {start}; c += {passFloats})");
            }

            EmitPass(target, offsets, tapRow, tapColumn);
            w.Close();
            if (left > 0)
            {
                // Whole vectors from the end of the passes; the last one ends at the last channel.
                var last = Enumerable.Range(0, leftVectors).Select(v => v == leftVectors - 1 ? s.Channels - width : start + (long)v * width);
                w.Open("");
                EmitPass(target, last.Select(o => o.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(), tapRow, tapColumn);
                w.Close();
            }
        }

        /// <summary>One pass over the window for the channel vectors at <paramref name="offsets"/>, each with its own accumulator.</summary>
        private void EmitPass(VectorTarget target, IReadOnlyList<string> offsets, long tapRow, long tapColumn)
        {
            string n = target.Name, vec = target.Type;
            string init = s.IsMax ? $"{n}.Create(float.NegativeInfinity)" : $"{vec}.Zero";
            for (int v = 0; v < offsets.Count; v++)
            {
                w.Line($"{vec} a{v} = {init};");
            }

            w.Open("for (int kh = khFirst; kh < khEnd; kh++)");
            w.Open("for (int kw = kwFirst; kw < kwEnd; kw++)");
            w.Line($"nint xk = x + kh * {tapRow} + kw * {tapColumn};");
            for (int v = 0; v < offsets.Count; v++)
            {
                string load = $"{n}.LoadUnsafe(ref input, (nuint)(xk + {offsets[v]}))";
                w.Line(s.IsMax ? $"a{v} = {n}.Max(a{v}, {load});" : $"a{v} += {load};");
            }

            w.Close();
            w.Close();
            if (!s.IsMax)
            {
                w.Line($"{vec} s = {n}.Create(scale);");
            }

            for (int v = 0; v < offsets.Count; v++)
            {
                w.Line($"{n}.StoreUnsafe({(s.IsMax ? $"a{v}" : $"a{v} * s")}, ref output, (nuint)(y + {offsets[v]}));");
            }
        }

        private void Taps(long tapRow, long tapColumn, string load, string combine)
        {
            w.Open("for (int kh = khFirst; kh < khEnd; kh++)");
            w.Open("for (int kw = kwFirst; kw < kwEnd; kw++)");
            w.Line($"nint xk = x + kh * {tapRow} + kw * {tapColumn};");
            w.Line(load);
            w.Line(combine);
            w.Close();
            w.Close();
        }
    }
}
