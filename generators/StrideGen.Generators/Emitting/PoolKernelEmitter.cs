using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>
    /// Writes the kernel class of one pooling layer, following its <see cref="PoolPlan"/>: a Vector256 driver and a scalar
    /// driver over channels and row bands; row methods (the interior rows with the whole window unrolled, the other bands
    /// clipped to their real kernel rows) that cover border columns with scalar windows and interior columns with vectors of 8
    /// (scalar code on the scalar path); and the small helpers those use. Every offset and tap range the plan fixes is a
    /// literal; only channel, row and column positions are run-time values.
    /// </summary>
    internal sealed class PoolKernelEmitter
    {
        private const string Refs = "ref float input, ref float output";
        private const string RefArgs = "ref input, ref output";

        private readonly IndentedWriter w;
        private readonly PoolPlan plan;
        private readonly PoolShape s;

        private PoolKernelEmitter(IndentedWriter writer, PoolPlan plan)
        {
            w = writer;
            this.plan = plan;
            s = plan.Shape;
        }

        private bool Max => s.IsMax;

        private bool Interleaved => plan.LaneOrder == PoolLaneOrder.Interleaved;

        private long InputPlane => (long)s.InputHeight * s.InputWidth;

        private long OutputPlane => (long)plan.OutputHeight * plan.OutputWidth;

        /// <summary>Input floats between vertically neighbouring taps.</summary>
        private long TapRowStep => (long)s.DilationHeight * s.InputWidth;

        /// <summary>The scalar helper that reduces one clipped window.</summary>
        private string WindowHelper => Max ? "WindowMax" : "WindowSum";

        /// <summary>Numbers per band in a band table: start, end, first tap, end tap (and, for an average, the cells counted).</summary>
        private int BandFields => Max ? 4 : 5;

        public static void Emit(IndentedWriter writer, string className, PoolPlan plan) => new PoolKernelEmitter(writer, plan).EmitClass(className);

        private void EmitClass(string className)
        {
            w.Doc("<summary>", $"The kernel behind this file's layer. Plan: {Literals.Xml(PlanSummary())}.", "</summary>");
            w.Open($"file static class {className}");
            EmitDrivers();
            foreach (bool clipped in new[] { false, true })
            {
                if (clipped ? !plan.ClippedRowBands.Any() : plan.UnrolledRowBand is null)
                {
                    continue;
                }

                if (plan.UsesVectors)
                {
                    EmitRows(clipped, vector: true);
                }

                EmitRows(clipped, vector: false);
            }

            if (plan.RowBandTable)
            {
                EmitBandTable("ClippedRowBands", "The row bands of the clipped methods", "row", plan.ClippedRowBands);
            }

            if (plan.ColumnBandTable)
            {
                EmitBandTable("ColumnBorders", "The border column bands (the interior is not listed)", "column", plan.BorderColumnBands);
            }

            if (plan.BorderColumnBands.Any() || (!plan.UnrollColumns && plan.InteriorColumnBand is not null))
            {
                EmitWindowHelper();
            }

            w.Line();
            EntryMethodEmitter.EmitThrowHelpers(w);
            if (plan.UsesVectors)
            {
                EmitVectorHelpers();
            }

            w.Close();
        }

        private string PlanSummary()
        {
            var parts = new List<string>();
            if (plan.WholePlane)
            {
                parts.Add($"global pooling: the Vector256 path reduces each channel's whole plane of {InputPlane} contiguous floats in vectors of 8; the scalar path follows the bands");
            }

            if (plan.Vectors is { } vectors && plan.InteriorColumnBand is { } interior)
            {
                string loads = Interleaved
                    ? "stride-2 inputs split from pairs of contiguous loads into even and odd lanes, the lane order restored once per store"
                    : UsesStridedLoads ? $"strided loads ({s.StrideWidth} columns apart)" : "contiguous loads";
                parts.Add($"interior columns {interior.Start}..{interior.End - 1} in {vectors.Count} Vector256 of 8 output columns per row"
                    + (vectors.Overlaps ? " (the last overlapping its neighbour)" : "") + $", {loads}");
            }
            else
            {
                parts.Add(plan.WholePlane ? "the bands in scalar code (no run of 8 interior columns)" : "scalar code only (no run of 8 interior columns)");
            }

            if (plan.UnrolledRowBand is { } rows)
            {
                parts.Add($"interior rows {rows.Start}..{rows.End - 1} with the window unrolled");
            }

            if (plan.ClippedRowBands.Any())
            {
                parts.Add($"{plan.ClippedRowBands.Count()} other row band(s) looping over their real kernel rows, " + (plan.UnrollColumns ? "each row's taps unrolled" : "and over the kernel columns"));
            }

            parts.Add($"{plan.ColumnBands.Count} column band(s); border windows read only their real taps, resolved at generation time");
            if (!Max)
            {
                parts.Add("interior averages multiply by a reciprocal, border averages divide by their exact cell count");
            }

            return string.Join("; ", parts);
        }

        private bool UsesStridedLoads => plan.UnrollColumns
            ? plan.ColumnLoads.Any(l => l.Kind == PoolLoad.Strided)
            : plan.LoopedLoad == PoolLoad.Strided;

        // ---- drivers -------------------------------------------------------------------------------------------------

        private void EmitDrivers()
        {
            if (plan.WholePlane)
            {
                EmitWholePlaneDriver();
                w.Line();
            }
            else if (plan.UsesVectors)
            {
                w.Doc("<summary>The Vector256 path: channel by channel and row band by row band; interior columns in vectors of 8.</summary>");
                EmitDriver("RunVector256", vector: true);
                w.Line();
            }

            w.Doc("<summary>The scalar path, for hardware without Vector256 acceleration" + (plan.HasVectorPath ? "" : " and for layers without 8 neighbouring interior columns") + ".</summary>");
            EmitDriver("RunScalar", vector: false);
        }

        private void EmitDriver(string name, bool vector)
        {
            string suffix = vector ? "" : "Scalar";
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"public static void {name}({Refs})");
            if (plan.RowBandTable)
            {
                w.Line("ReadOnlySpan<int> bands = ClippedRowBands;");
            }

            w.Open($"for (nint c = 0; c < {s.Channels}; c++)");
            w.Line($"nint plane = c * {InputPlane}, planeOut = c * {OutputPlane}; // the channel's input and output planes");
            foreach (var band in plan.RowBands)
            {
                string rows = band.Length == 1 ? $"output row {band.Start}" : $"output rows {band.Start}..{band.End - 1}";
                if (band == plan.UnrolledRowBand)
                {
                    w.Line($"Rows{suffix}({RefArgs}, plane, planeOut, {band.Start}, {band.End}); // {rows}: every kernel row, the window unrolled");
                }
                else if (!plan.RowBandTable)
                {
                    string divisor = Max ? "" : $", {band.Divisor}";
                    w.Line($"RowsClipped{suffix}({RefArgs}, plane, planeOut, {band.Start}, {band.End}, {band.TapFirst}, {band.TapEnd}{divisor}); // {rows}: {RowsWhat(band)}");
                }
            }

            if (plan.RowBandTable)
            {
                string divisor = Max ? "" : ", bands[b + 4]";
                w.Line($"for (int b = 0; b < bands.Length; b += {BandFields}) // the other row bands");
                w.Line($"    RowsClipped{suffix}({RefArgs}, plane, planeOut, bands[b], bands[b + 1], bands[b + 2], bands[b + 3]{divisor});");
            }

            w.Close();
            w.Close();
        }

        /// <summary>
        /// The Vector256 path of global pooling: each channel's plane is one contiguous run of floats, folded into two
        /// accumulators of 8 (two independent chains; one when the plane holds a single vector), then into one; a max takes the last, partial vector as an overlapping
        /// load (a max does not mind seeing an input twice), an average adds the leftover floats one by one.
        /// </summary>
        private void EmitWholePlaneDriver()
        {
            const int width = PoolPlan.VectorWidth;
            long plane = InputPlane;
            long vectors = plane / width, paired = vectors - vectors % 2, rest = plane % width;
            string Load(long offset) => $"Vector256.LoadUnsafe(ref input, (nuint)({Literals.Offset("x", offset)}))";
            string Fold(string into, string value) => Max ? $"{into} = Vector256.Max({into}, {value});" : $"{into} += {value};";

            w.Doc($"<summary>The Vector256 path: each channel's window is its whole plane of {plane} contiguous floats, reduced in vectors of 8 and folded to one {(Max ? "max" : "average")}.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open($"public static void RunVector256({Refs})");
            w.Open($"for (nint c = 0; c < {s.Channels}; c++)");
            w.Line($"nint x = c * {plane}; // the channel's plane");
            w.Line($"Vector256<float> a = {Load(0)};");
            if (vectors >= 2)
            {
                w.Line($"Vector256<float> b = {Load(width)};");
            }

            if (paired > 2)
            {
                w.Open($"for (nint i = {2 * width}; i < {paired * width}; i += {2 * width})");
                w.Line(Fold("a", "Vector256.LoadUnsafe(ref input, (nuint)(x + i))"));
                w.Line(Fold("b", $"Vector256.LoadUnsafe(ref input, (nuint)(x + i + {width}))"));
                w.Close();
            }

            if (vectors % 2 == 1 && vectors > 1)
            {
                w.Line(Fold("a", Load(paired * width)));
            }

            if (vectors >= 2)
            {
                w.Line(Fold("a", "b"));
            }

            if (Max)
            {
                if (rest != 0)
                {
                    w.Line($"a = Vector256.Max(a, {Load(plane - width)}); // the last {rest} floats, in a vector that overlaps the one before");
                }

                w.Line("Vector128<float> m = Vector128.Max(a.GetLower(), a.GetUpper());");
                w.Line("m = Vector128.Max(m, Vector128.Shuffle(m, Vector128.Create(2, 3, 0, 1)));");
                w.Line("m = Vector128.Max(m, Vector128.Shuffle(m, Vector128.Create(1, 0, 3, 2)));");
                w.Line("Unsafe.Add(ref output, c) = m.ToScalar();");
            }
            else
            {
                w.Line("float sum = Vector256.Sum(a);");
                for (long i = plane - rest; i < plane; i++)
                {
                    w.Line($"sum += Unsafe.Add(ref input, {Literals.Offset("x", i)});");
                }

                w.Line($"Unsafe.Add(ref output, c) = sum * {Literals.Float((float)(1.0 / plan.InteriorDivisor))}; // ÷ {plan.InteriorDivisor}");
            }

            w.Close();
            w.Close();
        }

        private string RowsWhat(PoolBand band)
        {
            int taps = band.TapEnd - band.TapFirst;
            string rows = taps == 0 ? "no kernel row on real input"
                : taps == s.KernelHeight ? "every kernel row"
                : taps == 1 ? $"kernel row {band.TapFirst}"
                : $"kernel rows {band.TapFirst}..{band.TapEnd - 1}";
            return !Max && band.Divisor != taps ? $"{rows}, {band.Divisor} rows counted" : rows;
        }

        // ---- row methods -----------------------------------------------------------------------------------------------

        /// <summary>
        /// A row method: output rows [ohFirst, ohEnd) of one channel, border columns as scalar windows and interior columns in
        /// vectors (or scalar code). Unclipped: the interior rows, every tap a literal offset. Clipped: the other row bands,
        /// their kernel rows (and rows counted) given by the caller as literals.
        /// </summary>
        private void EmitRows(bool clipped, bool vector)
        {
            var interior = plan.InteriorColumnBand;
            string columns = vector ? "interior columns in vectors of 8" : "every column in scalar code";
            string taps = !clipped ? "whose windows lie on real rows only, the whole window unrolled"
                : "whose windows read kernel rows [<paramref name=\"khFirst\"/>, <paramref name=\"khEnd\"/>)" + (Max ? "" : " and count <paramref name=\"rowDivisor\"/> rows");
            w.Line();
            w.Doc($"<summary>Output rows [<paramref name=\"ohFirst\"/>, <paramref name=\"ohEnd\"/>) of one channel, {taps}: {columns}; border columns read only their real taps.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            string parameters = clipped ? ", int khFirst, int khEnd" + (Max ? "" : ", int rowDivisor") : "";
            w.Open($"private static void Rows{(clipped ? "Clipped" : "")}{(vector ? "" : "Scalar")}({Refs}, nint plane, nint planeOut, int ohFirst, int ohEnd{parameters})");
            if (plan.ColumnBandTable)
            {
                w.Line("ReadOnlySpan<int> borders = ColumnBorders;");
            }

            if (clipped && !Max && interior is not null)
            {
                w.Line(vector
                    ? $"Vector256<float> scale = Vector256.Create(1f / (rowDivisor * {s.KernelWidth})); // 1 / the cells of an interior column's window"
                    : $"float scale = 1f / (rowDivisor * {s.KernelWidth}); // 1 / the cells of an interior column's window");
            }

            w.Open("for (int oh = ohFirst; oh < ohEnd; oh++)");
            EmitRowBases(clipped);
            if (plan.ColumnBandTable)
            {
                string khRange = clipped ? "khFirst, khEnd" : $"0, {s.KernelHeight}";
                string divide = Max ? "" : clipped ? " / (rowDivisor * borders[b + 4])" : $" / ({s.KernelHeight} * borders[b + 4])";
                w.Line($"for (int b = 0; b < borders.Length; b += {BandFields}) // border columns, band by band");
                w.Line("    for (nint ow = borders[b]; ow < borders[b + 1]; ow++)");
                w.Line($"        Unsafe.Add(ref output, y + ow) = {WindowHelper}(ref input, {ColumnExpression("x")}, {khRange}, borders[b + 2], borders[b + 3]){divide};");
            }

            foreach (var band in plan.ColumnBands)
            {
                if (!plan.IsInteriorColumnBand(band))
                {
                    if (!plan.ColumnBandTable)
                    {
                        EmitBorderBand(band, clipped);
                    }
                }
                else if (vector)
                {
                    EmitVectorColumns(clipped);
                }
                else
                {
                    EmitScalarInterior(band, clipped);
                }
            }

            w.Close();
            w.Close();
        }

        /// <summary>The offsets of output row <c>oh</c>: <c>x</c> of its windows' kernel row 0 at input column 0, <c>y</c> of its first output.</summary>
        private void EmitRowBases(bool clipped)
        {
            string start = Literals.Offset(s.StrideHeight == 1 ? "oh" : $"oh * {s.StrideHeight}", -s.PadTop);
            string row = start == "oh" ? "(nint)oh" : $"(nint)({start})";
            string where = clipped && s.PadTop > 0 ? " (above the plane for windows that start in the top padding)" : "";
            w.Line($"nint x = plane + {row} * {s.InputWidth}; // input row of kernel row 0{where}");
            w.Line($"nint y = planeOut + (nint)oh * {plan.OutputWidth};");
        }

        /// <summary>The input offset of tap (0, 0) of output column <c>ow</c>'s window, from the row offset <paramref name="row"/>.</summary>
        private string ColumnExpression(string row) => Literals.Offset(s.StrideWidth == 1 ? $"{row} + ow" : $"{row} + ow * {s.StrideWidth}", -s.PadLeft);

        /// <summary>One border column band: a scalar window per column, its kernel columns and divisor literals.</summary>
        private void EmitBorderBand(PoolBand band, bool clipped)
        {
            string what = band.IsEmpty ? "no kernel column on real input"
                : band.TapEnd - band.TapFirst == 1 ? $"kernel column {band.TapFirst}"
                : $"kernel columns {band.TapFirst}..{band.TapEnd - 1}";
            string divide = Max ? "" : clipped ? $" / (rowDivisor * {band.Divisor})" : " / " + Literals.Float(s.KernelHeight * band.Divisor);
            string khRange = clipped ? "khFirst, khEnd" : $"0, {s.KernelHeight}";
            string Value(string x) => $"{WindowHelper}(ref input, {x}, {khRange}, {band.TapFirst}, {band.TapEnd}){divide}";
            if (band.Length == 1)
            {
                w.Line($"Unsafe.Add(ref output, {Literals.Offset("y", band.Start)}) = {Value(Literals.Offset("x", (long)band.Start * s.StrideWidth - s.PadLeft))}; // column {band.Start}: {what}");
            }
            else
            {
                w.Line($"for (nint ow = {band.Start}; ow < {band.End}; ow++) Unsafe.Add(ref output, y + ow) = {Value(ColumnExpression("x"))}; // columns {band.Start}..{band.End - 1}: {what}");
            }
        }

        /// <summary>The interior columns on the scalar path: one window per column, the taps of a kernel row at literal offsets.</summary>
        private void EmitScalarInterior(PoolBand band, bool clipped)
        {
            string columns = $"columns {band.Start}..{band.End - 1}: interior";
            if (clipped && !plan.UnrollColumns)
            {
                w.Line($"for (nint ow = {band.Start}; ow < {band.End}; ow++) // {columns}");
                w.Line($"    Unsafe.Add(ref output, y + ow) = {WindowHelper}(ref input, {ColumnExpression("x")}, khFirst, khEnd, 0, {s.KernelWidth}){(Max ? "" : " * scale")};");
                return;
            }

            w.Open($"for (nint ow = {band.Start}; ow < {band.End}; ow++) // {columns}");
            w.Line($"nint xw = {ColumnExpression("x")}; // input of tap (0, 0)");
            bool first = !clipped;
            if (clipped)
            {
                w.Line(Max ? "float a = float.NegativeInfinity;" : "float a = 0f;");
                w.Open("for (int kh = khFirst; kh < khEnd; kh++)");
                w.Line($"nint xr = xw + (nint)kh * {TapRowStep};");
            }

            for (int kh = 0; kh < (clipped ? 1 : s.KernelHeight); kh++)
            {
                for (int kw = 0; kw < s.KernelWidth; kw++)
                {
                    string value = clipped
                        ? $"Unsafe.Add(ref input, {Literals.Offset("xr", (long)kw * s.DilationWidth)})"
                        : $"Unsafe.Add(ref input, {Literals.Offset("xw", kh * TapRowStep + (long)kw * s.DilationWidth)})";
                    w.Line(first ? $"float a = {value};" : Max ? $"a = MathF.Max(a, {value});" : $"a += {value};");
                    first = false;
                }
            }

            if (clipped)
            {
                w.Close();
            }

            w.Line(Max ? "Unsafe.Add(ref output, y + ow) = a;"
                : clipped ? "Unsafe.Add(ref output, y + ow) = a * scale;"
                : $"Unsafe.Add(ref output, y + ow) = a * {Literals.Float((float)(1.0 / plan.InteriorDivisor))}; // ÷ {plan.InteriorDivisor}");
            w.Close();
        }

        // ---- vectors ---------------------------------------------------------------------------------------------------

        /// <summary>
        /// The interior columns in vectors of 8: a loop from the first vector in steps of 8 whose last pass is moved back to end
        /// exactly at the interior's last column.
        /// </summary>
        private void EmitVectorColumns(bool clipped)
        {
            var vectors = plan.Vectors!;
            var interior = plan.InteriorColumnBand!;
            w.Line($"// columns {interior.Start}..{interior.End - 1}: interior, {vectors.Count} vector(s) of 8" + (vectors.Overlaps ? ", the last one overlapping its neighbour" : ""));
            if (vectors.Count == 1)
            {
                w.Open("");
                w.Line($"nint ow = {vectors.First};");
            }
            else
            {
                w.Open($"for (nint ow = {vectors.First}; ; ow += 8)");
                if (vectors.Overlaps)
                {
                    w.Line($"if (ow > {vectors.Last}) ow = {vectors.Last}; // the last vector ends at column {interior.End - 1}");
                }
            }

            EmitVectorWindow(clipped);
            if (vectors.Count > 1)
            {
                w.Line($"if (ow == {vectors.Last}) break;");
            }

            w.Close();
        }

        private void EmitVectorWindow(bool clipped)
        {
            w.Line($"nint xv = {ColumnExpression("x")}; // input of tap (0, 0) of output column ow");
            int pairs = plan.ColumnLoads.Where(l => l.Kind is PoolLoad.PairEven or PoolLoad.PairOdd).Select(l => l.Offset).Distinct().Count();
            if (pairs > 0)
            {
                w.Line("Vector256<float> " + string.Join(", ", Enumerable.Range(0, pairs).Select(i => $"lo{i}, hi{i}")) + ";");
            }

            if (!clipped)
            {
                bool first = true;
                for (int kh = 0; kh < s.KernelHeight; kh++)
                {
                    w.Line($"// kernel row {kh}");
                    EmitVectorRowTaps("xv", kh * TapRowStep, ref first);
                }

                if (!Max)
                {
                    w.Line($"a *= Vector256.Create({Literals.Float((float)(1.0 / plan.InteriorDivisor))}); // ÷ {plan.InteriorDivisor}");
                }
            }
            else
            {
                w.Line($"Vector256<float> a = {(Max ? "Vector256.Create(float.NegativeInfinity)" : "Vector256<float>.Zero")};");
                w.Open("for (int kh = khFirst; kh < khEnd; kh++)");
                w.Line($"nint xr = xv + (nint)kh * {TapRowStep};");
                if (plan.UnrollColumns)
                {
                    bool first = false;
                    EmitVectorRowTaps("xr", 0, ref first);
                }
                else
                {
                    string column = s.DilationWidth == 1 ? "xr + kw" : $"xr + (nint)kw * {s.DilationWidth}";
                    w.Line($"for (int kw = 0; kw < {s.KernelWidth}; kw++)");
                    w.Line($"    {Fold(Load(plan.LoopedLoad, column))}");
                }

                w.Close();
                if (!Max)
                {
                    w.Line("a *= scale;");
                }
            }

            w.Line($"Vector256.StoreUnsafe({(Interleaved ? "InOrder(a)" : "a")}, ref output, (nuint)(y + ow));");
        }

        /// <summary>The taps of one kernel row, every column unrolled; pair loads shared by the taps that need the same two vectors.</summary>
        private void EmitVectorRowTaps(string row, long rowOffset, ref bool first)
        {
            var pairIndex = new Dictionary<int, int>();
            foreach (var load in plan.ColumnLoads)
            {
                string value;
                if (load.Kind is PoolLoad.PairEven or PoolLoad.PairOdd)
                {
                    if (!pairIndex.TryGetValue(load.Offset, out int i))
                    {
                        i = pairIndex.Count;
                        pairIndex.Add(load.Offset, i);
                        w.Line($"lo{i} = Vector256.LoadUnsafe(ref input, (nuint)({Literals.Offset(row, rowOffset + load.Offset)}));");
                        w.Line($"hi{i} = Vector256.LoadUnsafe(ref input, (nuint)({Literals.Offset(row, rowOffset + load.Offset + PoolPlan.VectorWidth)}));");
                    }

                    value = $"{(load.Kind == PoolLoad.PairEven ? "EvenLanes" : "OddLanes")}(lo{i}, hi{i})";
                }
                else
                {
                    value = Load(load.Kind, Literals.Offset(row, rowOffset + load.Offset));
                }

                w.Line(first ? $"Vector256<float> a = {value}; // kernel column {load.Tap}" : $"{Fold(value)} // kernel column {load.Tap}");
                first = false;
            }
        }

        private string Load(PoolLoad kind, string offset) => kind switch
        {
            PoolLoad.Contiguous => $"Vector256.LoadUnsafe(ref input, (nuint)({offset}))",
            _ => $"{(Interleaved ? "GatherInterleaved" : "Gather")}(ref input, {offset})",
        };

        /// <summary>The statement that folds <paramref name="value"/> into the accumulator <c>a</c>.</summary>
        private string Fold(string value) => Max ? $"a = Vector256.Max(a, {value});" : $"a += {value};";

        // ---- tables and helpers ----------------------------------------------------------------------------------------

        private void EmitBandTable(string name, string what, string unit, IEnumerable<PoolBand> bands)
        {
            w.Line();
            string counted = Max ? "" : $", {unit}s counted by the average";
            w.Doc($"<summary>{what}, {BandFields} numbers each: first and end output {unit}, first and end kernel {unit}{counted}.</summary>");
            w.Line($"private static ReadOnlySpan<int> {name} => new int[]");
            w.Open("");
            foreach (var band in bands)
            {
                string divisor = Max ? "" : $", {band.Divisor}";
                string outputs = band.Length == 1 ? $"output {unit} {band.Start}" : $"output {unit}s {band.Start}..{band.End - 1}";
                w.Line($"{band.Start}, {band.End}, {band.TapFirst}, {band.TapEnd}{divisor}, // {outputs}");
            }

            w.Close("};");
        }

        private void EmitWindowHelper()
        {
            w.Line();
            string taps = "kernel rows [<paramref name=\"khFirst\"/>, <paramref name=\"khEnd\"/>) × kernel columns [<paramref name=\"kwFirst\"/>, <paramref name=\"kwEnd\"/>) of the window whose tap (0, 0) is at <paramref name=\"x\"/>";
            w.Doc(Max
                ? $"<summary>The largest real cell of {taps}; −∞ when none is real.</summary>"
                : $"<summary>The sum of the real cells of {taps}.</summary>");
            w.Open($"private static float {WindowHelper}(ref float input, nint x, int khFirst, int khEnd, int kwFirst, int kwEnd)");
            w.Line(Max ? "float a = float.NegativeInfinity;" : "float a = 0f;");
            w.Open("for (int kh = khFirst; kh < khEnd; kh++)");
            w.Line($"nint xr = x + (nint)kh * {TapRowStep};");
            string column = s.DilationWidth == 1 ? "xr + kw" : $"xr + (nint)kw * {s.DilationWidth}";
            w.Line("for (int kw = kwFirst; kw < kwEnd; kw++)");
            w.Line(Max ? $"    a = MathF.Max(a, Unsafe.Add(ref input, {column}));" : $"    a += Unsafe.Add(ref input, {column});");
            w.Close();
            w.Line("return a;");
            w.Close();
        }

        private void EmitVectorHelpers()
        {
            if (Interleaved)
            {
                const string order = "in the lane order 0, 1, 4, 5, 2, 3, 6, 7 of output columns (<see cref=\"InOrder\"/> restores it before the store)";
                w.Line();
                w.Doc($"<summary>Lanes 0, 2, 4, 6 of <paramref name=\"lo\"/> and <paramref name=\"hi\"/>: the inputs of 8 output columns at stride 2, {order}.</summary>");
                w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
                w.Line("private static Vector256<float> EvenLanes(Vector256<float> lo, Vector256<float> hi) => Avx.IsSupported");
                w.Line("    ? Avx.Shuffle(lo, hi, 0b10_00_10_00)");
                w.Line("    : Vector256.Create(lo.GetElement(0), lo.GetElement(2), hi.GetElement(0), hi.GetElement(2), lo.GetElement(4), lo.GetElement(6), hi.GetElement(4), hi.GetElement(6));");
                w.Line();
                w.Doc($"<summary>Lanes 1, 3, 5, 7 of <paramref name=\"lo\"/> and <paramref name=\"hi\"/>: the inputs of 8 output columns at stride 2, {order}.</summary>");
                w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
                w.Line("private static Vector256<float> OddLanes(Vector256<float> lo, Vector256<float> hi) => Avx.IsSupported");
                w.Line("    ? Avx.Shuffle(lo, hi, 0b11_01_11_01)");
                w.Line("    : Vector256.Create(lo.GetElement(1), lo.GetElement(3), hi.GetElement(1), hi.GetElement(3), lo.GetElement(5), lo.GetElement(7), hi.GetElement(5), hi.GetElement(7));");
                w.Line();
                w.Doc("<summary>Output columns 0, 1, 4, 5, 2, 3, 6, 7 (the order of <see cref=\"EvenLanes\"/>) back in the order 0 to 7: one cross-lane permute.</summary>");
                w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
                w.Line("private static Vector256<float> InOrder(Vector256<float> v) => Avx2.IsSupported");
                w.Line("    ? Avx2.Permute4x64(v.AsDouble(), 0b11_01_10_00).AsSingle()");
                w.Line("    : Vector256.Shuffle(v, Vector256.Create(0, 1, 4, 5, 2, 3, 6, 7));");
            }

            if (!UsesStridedLoads)
            {
                return;
            }

            w.Line();
            var lanes = new List<string>();
            if (Interleaved)
            {
                w.Doc("<summary>Eight inputs 2 columns apart, for output columns 0, 1, 4, 5, 2, 3, 6, 7: the order of <see cref=\"EvenLanes\"/>, where no load pair fits the row.</summary>");
                foreach (int column in new[] { 0, 1, 4, 5, 2, 3, 6, 7 })
                {
                    lanes.Add($"Unsafe.Add(ref input, {Literals.Offset("x", 2L * column)})");
                }
            }
            else
            {
                w.Doc($"<summary>Eight inputs {s.StrideWidth} columns apart (the stride), for eight neighbouring output columns.</summary>");
                for (int lane = 0; lane < PoolPlan.VectorWidth; lane++)
                {
                    lanes.Add($"Unsafe.Add(ref input, {Literals.Offset("x", (long)lane * s.StrideWidth)})");
                }
            }

            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Line($"private static Vector256<float> {(Interleaved ? "GatherInterleaved" : "Gather")}(ref float input, nint x) => Vector256.Create(");
            w.Line("    " + string.Join(", ", lanes) + ");");
        }
    }
}
