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
                string n = target.Name, vec = target.Type;
                long lastBlock = s.Channels - target.Width;
                w.Line($"// {s.Channels} channels in vectors of {target.Width}; {(s.Channels % target.Width == 0 ? "they divide evenly" : "the last vector overlaps its neighbour")}.");
                w.Open($"for (nint c = 0; ; c += {target.Width})");
                if (s.Channels % target.Width != 0)
                {
                    w.Line($"if (c > {lastBlock}) c = {lastBlock};");
                }

                w.Line($"{vec} a = {(s.IsMax ? $"{n}.Create(float.NegativeInfinity)" : $"{vec}.Zero")};");
                Taps(tapRow, tapColumn, $"{vec} v = {n}.LoadUnsafe(ref input, (nuint)(xk + c));", s.IsMax ? $"a = {n}.Max(a, v);" : "a += v;");
                w.Line($"{n}.StoreUnsafe({(s.IsMax ? "a" : $"a * {n}.Create(scale)")}, ref output, (nuint)(y + c));");
                w.Line($"if (c == {lastBlock}) break;");
                w.Close();
            }

            w.Close();
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
