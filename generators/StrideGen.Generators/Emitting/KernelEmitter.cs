using System.Collections.Generic;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>
    /// Writes the kernel class of one convolution, following its <see cref="KernelPlan"/>: a Vector256 driver and a scalar
    /// driver over output-channel tiles and row bands, row methods over column bands, unrolled vector tiles and scalar
    /// pixel tiles. Every offset the plan fixes is a literal; only channel, row and column positions are run-time values.
    /// </summary>
    internal sealed class KernelEmitter
    {
        private readonly IndentedWriter w;
        private readonly KernelPlan plan;
        private readonly ConvShape s;
        private readonly bool bias;

        private KernelEmitter(IndentedWriter writer, KernelPlan plan)
        {
            w = writer;
            this.plan = plan;
            s = plan.Shape;
            bias = s.HasBias;
        }

        /// <summary>Parameters every kernel method takes: the four tensors (three without bias) as refs to their first float.</summary>
        private string Refs => bias ? "ref float input, ref float weights, ref float bias, ref float output" : "ref float input, ref float weights, ref float output";

        private string RefArgs => bias ? "ref input, ref weights, ref bias, ref output" : "ref input, ref weights, ref output";

        private long InputPlane => (long)s.InputHeight * s.InputWidth;

        private long OutputPlane => (long)plan.OutputHeight * plan.OutputWidth;

        private long Window => (long)s.InChannelsPerGroup * s.KernelHeight * s.KernelWidth;

        private long WindowPlane => (long)s.KernelHeight * s.KernelWidth;

        /// <summary>Input floats between vertically neighbouring taps.</summary>
        private long TapRowStep => (long)s.DilationHeight * s.InputWidth;

        public static void Emit(IndentedWriter writer, string className, KernelPlan plan) => new KernelEmitter(writer, plan).EmitClass(className);

        private void EmitClass(string className)
        {
            w.Line("/// <summary>");
            w.Line($"/// The kernel behind this file's layer. Plan: {Literals.Xml(PlanSummary())}.");
            w.Line("/// </summary>");
            w.Open($"file static class {className}");
            EmitDrivers();
            foreach (int tile in plan.ChannelTileSizes)
            {
                if (plan.UsesVectors)
                {
                    EmitRow(tile, vector: true, clipped: false);
                    EmitRow(tile, vector: true, clipped: true);
                    foreach (int vectors in VectorCounts())
                    {
                        if (plan.Unroll == WindowUnroll.Full)
                        {
                            EmitVectorTile(tile, vectors, clipped: false);
                        }

                        EmitVectorTile(tile, vectors, clipped: true);
                    }
                }

                EmitRow(tile, vector: false, clipped: true);
                EmitPixel(tile);
            }

            EmitHelpers();
            w.Close();
        }

        private string PlanSummary()
        {
            string tile = plan.UsesVectors
                ? $"register tile of {plan.ChannelTile} output channel(s) × {plan.VectorsPerTile} vector(s) of 8 output columns"
                : $"scalar tiles of {plan.ChannelTile} output channel(s) (the interior is narrower than one vector)";
            string window = plan.Unroll switch
            {
                WindowUnroll.Full => "kernel window fully unrolled",
                WindowUnroll.Rows => "kernel rows looped, each row's taps unrolled",
                _ => "kernel window looped, register tile unrolled",
            };
            return $"{tile}; {window}; {plan.RowBands.Count} row band(s), {plan.ColumnBands.Count} column band(s), taps on padding skipped at generation time";
        }

        private IEnumerable<int> VectorCounts()
        {
            var columns = plan.Columns!;
            if (columns.TileCount > 0)
            {
                yield return plan.VectorsPerTile;
            }

            if (columns.SingleVectorStarts.Count > 0 && (columns.TileCount == 0 || plan.VectorsPerTile != 1))
            {
                yield return 1;
            }
        }

        private void EmitDrivers()
        {
            if (plan.UsesVectors)
            {
                w.Doc("<summary>The Vector256 path: output-channel tiles × row bands, interior columns in vector registers.</summary>");
                EmitDriver("RunVector256", vector: true);
                w.Line();
            }

            w.Doc("<summary>The scalar path, for hardware without Vector256 acceleration" + (plan.UsesVectors ? "" : " and for layers narrower than one vector") + ".</summary>");
            EmitDriver("RunScalar", vector: false);
        }

        private void EmitDriver(string name, bool vector)
        {
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"public static void {name}({Refs})");
            int perGroup = s.OutChannelsPerGroup;
            if (s.Groups > 1)
            {
                w.Open($"for (int g = 0; g < {s.Groups}; g++)");
                w.Line($"int c0 = g * {s.InChannelsPerGroup}; // first input channel of the group");
                w.Line($"int first = g * {perGroup}; // first output channel of the group");
            }
            else
            {
                w.Line("const int c0 = 0, first = 0;");
            }

            if (plan.ChannelTilesPerGroup > 0)
            {
                w.Open($"for (int oc = first; oc < first + {plan.ChannelTilesPerGroup * plan.ChannelTile}; oc += {plan.ChannelTile})");
                EmitRowCalls(plan.ChannelTile, vector);
                w.Close();
            }

            if (plan.ChannelRemainder > 0)
            {
                if (plan.ChannelTilesPerGroup > 0)
                {
                    w.Line();
                }

                w.Open("");
                w.Line($"int oc = first + {plan.ChannelTilesPerGroup * plan.ChannelTile}; // the remaining {plan.ChannelRemainder} output channel(s)");
                EmitRowCalls(plan.ChannelRemainder, vector);
                w.Close();
            }

            if (s.Groups > 1)
            {
                w.Close();
            }

            w.Close();
        }

        private void EmitRowCalls(int tile, bool vector)
        {
            foreach (var band in plan.RowBands)
            {
                bool interior = plan.IsInteriorRowBand(band);
                string call = vector && interior
                    ? $"Row{tile}({RefArgs}, oc, c0, oh)"
                    : $"Row{tile}{(vector ? "Clipped" : "Scalar")}({RefArgs}, oc, c0, oh, {band.TapFirst}, {band.TapEnd})";
                string what = interior ? "whole window" : band.TapFirst == band.TapEnd ? "padding only" : $"kernel rows {band.TapFirst}..{band.TapEnd - 1}";
                if (band.Length == 1)
                {
                    w.Line($"{{ const int oh = {band.Start}; {call}; }} // output row {band.Start}: {what}");
                }
                else
                {
                    w.Line($"for (int oh = {band.Start}; oh < {band.End}; oh++) {call}; // output rows {band.Start}..{band.End - 1}: {what}");
                }
            }
        }

        private void EmitRow(int tile, bool vector, bool clipped)
        {
            string name = $"Row{tile}{(!vector ? "Scalar" : clipped ? "Clipped" : "")}";
            string taps = clipped ? ", int khFirst, int khEnd" : "";
            string summary = !vector
                ? "every column with scalar pixel tiles"
                : clipped ? "interior columns in vectors, kernel rows [khFirst, khEnd) only" : "an interior row: interior columns in vectors reading the whole window";
            w.Line();
            w.Doc($"<summary>Output row <paramref name=\"oh\"/> of output channels oc..oc+{tile - 1}: {summary}; border columns as scalar pixels.</summary>");
            w.Open($"private static void {name}({Refs}, int oc, int c0, int oh{taps})");
            w.Line($"nint x = (nint)c0 * {InputPlane} + (nint)(oh * {s.StrideHeight} - {s.PadTop}) * {s.InputWidth}; // input row of kernel row 0");
            w.Line($"nint w = (nint)oc * {Window};");
            w.Line($"nint y = (nint)oc * {OutputPlane} + (nint)oh * {plan.OutputWidth};");
            string kh = clipped ? "khFirst, khEnd" : $"0, {s.KernelHeight}";
            string column = s.StrideWidth == 1 ? "ow" : $"ow * {s.StrideWidth}";
            foreach (var band in plan.ColumnBands)
            {
                if (vector && plan.IsInteriorColumnBand(band) && plan.Columns is { } tiling)
                {
                    string suffix = clipped || plan.Unroll != WindowUnroll.Full ? "Clipped" : "";
                    string khArgs = suffix.Length > 0 ? $", {kh}" : "";
                    int tileWidth = plan.VectorsPerTile * KernelPlan.VectorWidth;
                    w.Line($"// columns {band.Start}..{band.End - 1}: interior, in vectors");
                    if (tiling.TileCount > 0)
                    {
                        w.Line($"for (nint ow = {tiling.Start}; ow < {tiling.Start + tiling.TileCount * tileWidth}; ow += {tileWidth}) "
                            + $"Tile{tile}x{plan.VectorsPerTile}{suffix}({RefArgs}, {Literals.Offset($"x + {column}", -s.PadLeft)}, w, y + ow, oc{khArgs});");
                    }

                    foreach (int start in tiling.SingleVectorStarts)
                    {
                        w.Line($"Tile{tile}x1{suffix}({RefArgs}, {Literals.Offset("x", (long)start * s.StrideWidth - s.PadLeft)}, w, {Literals.Offset("y", start)}, oc{khArgs});");
                    }

                    continue;
                }

                string what = plan.IsInteriorColumnBand(band) ? "interior" : band.TapFirst == band.TapEnd ? "padding only" : $"kernel columns {band.TapFirst}..{band.TapEnd - 1}";
                string args = $", w, {{0}}, oc, {kh}, {band.TapFirst}, {band.TapEnd});";
                if (band.Length == 1)
                {
                    w.Line($"Pixel{tile}({RefArgs}, {Literals.Offset("x", (long)band.Start * s.StrideWidth - s.PadLeft)}" + string.Format(args, Literals.Offset("y", band.Start)) + $" // column {band.Start}: {what}");
                }
                else
                {
                    w.Line($"for (nint ow = {band.Start}; ow < {band.End}; ow++) Pixel{tile}({RefArgs}, {Literals.Offset($"x + {column}", -s.PadLeft)}" + string.Format(args, "y + ow") + $" // columns {band.Start}..{band.End - 1}: {what}");
                }
            }

            w.Close();
        }

        private void EmitVectorTile(int tile, int vectors, bool clipped)
        {
            bool rowsLooped = clipped;
            bool columnsLooped = plan.Unroll == WindowUnroll.None;
            string name = $"Tile{tile}x{vectors}{(clipped ? "Clipped" : "")}";
            w.Line();
            w.Doc($"<summary>Output channels oc..oc+{tile - 1} × {vectors * KernelPlan.VectorWidth} output columns from <paramref name=\"y\"/>: {tile * vectors} accumulators"
                + (clipped ? ", kernel rows [khFirst, khEnd)" : ", the whole window unrolled") + ".</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"private static void {name}({Refs}, nint x, nint w, nint y, int oc{(clipped ? ", int khFirst, int khEnd" : "")})");
            for (int t = 0; t < tile; t++)
            {
                string init = bias ? $"Vector256.Create({Literals.Offset("Unsafe.Add(ref bias, oc", t)}))" : "Vector256<float>.Zero";
                var names = new List<string>();
                for (int v = 0; v < vectors; v++)
                {
                    names.Add($"a{t}_{v} = {(v == 0 ? init : $"a{t}_0")}");
                }

                w.Line($"Vector256<float> {string.Join(", ", names)};");
            }

            OpenChannelLoop();
            var xs = new List<string>();
            for (int v = 0; v < vectors; v++)
            {
                xs.Add($"x{v}");
            }

            w.Line($"Vector256<float> {string.Join(", ", xs)}, wt;");
            string xBase = "x", wBase = "w";
            if (rowsLooped)
            {
                w.Open($"for (int kh = {(clipped ? "khFirst" : "0")}; kh < {(clipped ? "khEnd" : Literals.Int(s.KernelHeight))}; kh++)");
                w.Line($"nint xr = x + kh * {TapRowStep}, wr = w + kh * {s.KernelWidth};");
                xBase = "xr";
                wBase = "wr";
            }

            if (columnsLooped)
            {
                w.Open($"for (int kw = 0; kw < {s.KernelWidth}; kw++)");
                w.Line($"nint xk = {xBase} + kw * {s.DilationWidth}, wk = {wBase} + kw;");
                xBase = "xk";
                wBase = "wk";
            }

            int khCount = rowsLooped ? 1 : s.KernelHeight;
            int kwCount = columnsLooped ? 1 : s.KernelWidth;
            for (int kh = 0; kh < khCount; kh++)
            {
                for (int kw = 0; kw < kwCount; kw++)
                {
                    long xTap = (rowsLooped ? 0 : kh * TapRowStep) + (columnsLooped ? 0 : (long)kw * s.DilationWidth);
                    long wTap = (rowsLooped ? 0 : (long)kh * s.KernelWidth) + (columnsLooped ? 0 : kw);
                    if (!rowsLooped || !columnsLooped)
                    {
                        w.Line(rowsLooped ? $"// kernel column {kw}" : columnsLooped ? $"// kernel row {kh}" : $"// tap ({kh}, {kw})");
                    }

                    for (int v = 0; v < vectors; v++)
                    {
                        w.Line($"x{v} = {LoadColumns(Literals.Offset(xBase, xTap + (long)v * KernelPlan.VectorWidth * s.StrideWidth))};");
                    }

                    for (int t = 0; t < tile; t++)
                    {
                        w.Line($"wt = Vector256.Create(Unsafe.Add(ref weights, {Literals.Offset(wBase, wTap + t * Window)}));");
                        for (int v = 0; v < vectors; v++)
                        {
                            w.Line($"a{t}_{v} = Mad(x{v}, wt, a{t}_{v});");
                        }
                    }
                }
            }

            if (columnsLooped)
            {
                w.Close();
            }

            if (rowsLooped)
            {
                w.Close();
            }

            CloseChannelLoop();
            for (int t = 0; t < tile; t++)
            {
                for (int v = 0; v < vectors; v++)
                {
                    string value = s.Activation == ActivationKind.None ? $"a{t}_{v}" : $"Activate(a{t}_{v})";
                    w.Line($"Vector256.StoreUnsafe({value}, ref output, (nuint)({Literals.Offset("y", t * OutputPlane + v * KernelPlan.VectorWidth)}));");
                }
            }

            w.Close();
        }

        private string LoadColumns(string offset) => s.StrideWidth == 1
            ? $"Vector256.LoadUnsafe(ref input, (nuint)({offset}))"
            : $"LoadStrided(ref input, {offset})";

        private void EmitPixel(int tile)
        {
            w.Line();
            w.Doc($"<summary>One output pixel of output channels oc..oc+{tile - 1} in scalar code, reading kernel rows [khFirst, khEnd) and columns [kwFirst, kwEnd).</summary>");
            w.Open($"private static void Pixel{tile}({Refs}, nint x, nint w, nint y, int oc, int khFirst, int khEnd, int kwFirst, int kwEnd)");
            var names = new List<string>();
            for (int t = 0; t < tile; t++)
            {
                names.Add($"a{t} = {(bias ? $"Unsafe.Add(ref bias, {Literals.Offset("oc", t)})" : "0f")}");
            }

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

        private void OpenChannelLoop()
        {
            w.Open($"for (int c = 0; c < {s.InChannelsPerGroup}; c++)");
        }

        private void CloseChannelLoop()
        {
            w.Line($"x += {InputPlane};");
            w.Line($"w += {WindowPlane};");
            w.Close();
        }

        private void EmitHelpers()
        {
            w.Line();
            w.Line("[MethodImpl(MethodImplOptions.NoInlining)]");
            w.Line("public static void ThrowLength(string name, int required, string shape, int actual) =>");
            w.Line("    throw new ArgumentException($\"{name} must hold {required} floats ({shape}), got {actual}\", name);");
            w.Line();
            w.Line("[MethodImpl(MethodImplOptions.NoInlining)]");
            w.Line("public static void ThrowOverlap(string output, string input) =>");
            w.Line("    throw new ArgumentException($\"{output} must not overlap {input}\", output);");
            if (plan.UsesVectors)
            {
                w.Line();
                w.Doc("<summary>a·b + c, fused where the hardware has FMA.</summary>");
                w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
                w.Line("private static Vector256<float> Mad(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>");
                w.Line("    Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;");
                if (s.StrideWidth != 1)
                {
                    w.Line();
                    w.Doc($"<summary>Eight inputs {s.StrideWidth} columns apart (the stride), for eight neighbouring output columns.</summary>");
                    w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
                    var lanes = new List<string>();
                    for (int lane = 0; lane < KernelPlan.VectorWidth; lane++)
                    {
                        lanes.Add($"Unsafe.Add(ref input, {Literals.Offset("x", (long)lane * s.StrideWidth)})");
                    }

                    w.Line("private static Vector256<float> LoadStrided(ref float input, nint x) => Vector256.Create(");
                    w.Line("    " + string.Join(", ", lanes) + ");");
                }
            }

            if (s.Activation == ActivationKind.None)
            {
                return;
            }

            string slope = Literals.Float(s.LeakyReluSlope);
            w.Line();
            w.Doc($"<summary>The fused activation: {s.Activation}.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Line("private static float Activate(float a) => " + s.Activation switch
            {
                ActivationKind.Relu => "a > 0f ? a : 0f;",
                ActivationKind.Relu6 => "a > 0f ? (a < 6f ? a : 6f) : 0f;",
                _ => $"a > 0f ? a : a * {slope};",
            });
            if (plan.UsesVectors)
            {
                w.Line();
                w.Doc($"<summary>The fused activation on eight values: {s.Activation}.</summary>");
                w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
                w.Line("private static Vector256<float> Activate(Vector256<float> a) => " + s.Activation switch
                {
                    ActivationKind.Relu => "Vector256.Max(a, Vector256<float>.Zero);",
                    ActivationKind.Relu6 => "Vector256.Min(Vector256.Max(a, Vector256<float>.Zero), Vector256.Create(6f));",
                    _ => $"Vector256.ConditionalSelect(Vector256.GreaterThan(a, Vector256<float>.Zero), a, a * {slope});",
                });
            }
        }
    }
}
