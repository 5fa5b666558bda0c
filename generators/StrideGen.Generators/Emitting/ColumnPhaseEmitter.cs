using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Planning;

namespace StrideGen.Generators.Emitting
{
    /// <summary>
    /// Writes the kernel class of a layer that runs over its input split into column phases (see
    /// <see cref="ColumnPhasePlan"/>): per path, a driver that splits the input rows and the filter rows into the phases'
    /// blocks on the stack and runs the derived stride-1 layer's kernel on them (every path, the scalar one too).
    /// </summary>
    internal static class ColumnPhaseEmitter
    {
        /// <param name="className">The class the entry method calls.</param>
        /// <param name="phaseClass">The derived layer's kernel (<see cref="KernelEmitter.EmitOverColumnPhases"/>).</param>
        /// <param name="paths">That kernel's vector paths, in dispatch order.</param>
        /// <param name="skipLocalsInit">Whether the drivers may skip zeroing their blocks: both splits write every float.</param>
        /// <param name="parallel">
        /// Whether the layer runs on more than one thread: every driver then takes a part, splits the whole input and filters
        /// on its own thread's stack and runs that part of the derived layer.
        /// </param>
        public static void Emit(IndentedWriter w, string className, string phaseClass, ColumnPhasePlan plan, IReadOnlyList<string> paths, bool skipLocalsInit, bool parallel)
        {
            var s = plan.Shape;
            var d = plan.Derived;
            int phases = plan.Phases;
            string refs = DriverParameters.Refs(s.HasBias, parallel);
            w.Doc(
                "<summary>",
                $"The kernel behind this file's layer. Its rows advance {phases} columns an output, so each call splits every input row into {phases} column",
                $"phases (phase r: columns r, r + {phases}, r + {2 * phases}, … of the row padded {s.PadLeft} left) and every filter row into the taps each phase meets,",
                $"on the stack; {phaseClass} then runs the stride-1 layer over them: {d.InChannels} phase channels of {d.InputHeight}×{d.InputWidth}, a {d.KernelHeight}×{d.KernelWidth} window",
                $"(taps past the layer's {s.KernelWidth} are zeros), the layer's {s.OutChannels}×{s.OutputHeight}×{s.OutputWidth} output. Every vector it loads is contiguous,",
                $"where in place each would {(phases == 2 ? "take two loads and a permute" : "gather its lanes one by one")}.",
                "</summary>");
            w.Open($"file static class {className}");
            PathDriverWriter.Emit(w, paths, refs, skipLocalsInit ? "both splits write every float of their blocks" : null,
                path => $"The {PathDriverWriter.Name(path)} path: the splits, then {phaseClass}.Run{path}.{(parallel ? " Each part splits the whole input and filters, then runs its part." : "")}",
                path =>
                {
                    w.Line($"Span<float> split = stackalloc float[{plan.SplitFloats}]; // {d.InChannels} phase channels × {d.InputHeight} × {d.InputWidth}");
                    w.Line($"Span<float> filters = stackalloc float[{plan.FilterFloats}]; // {d.OutChannels} × {d.InChannels} × {d.KernelHeight} × {d.KernelWidth}");
                    w.Line("ref float x = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(split);");
                    w.Line("ref float k = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(filters);");
                    w.Line("SplitInput(ref input, ref x);");
                    w.Line("SplitFilters(ref weights, ref k);");
                    w.Line($"{phaseClass}.Run{path}(ref x, ref k, {(s.HasBias ? "ref bias, " : "")}ref output{(parallel ? ", part" : "")});");
                });

            EmitSplitInput(w, plan);
            w.Line();
            EmitSplitFilters(w, plan);
            w.Line();
            EntryMethodEmitter.EmitThrowHelpers(w);
            w.Close();
        }

        /// <summary>Phases a split unrolls in one loop over their floats (one statement a phase); wider strides loop phase by phase.</summary>
        private const int MaxUnrolledPhases = 16;

        /// <summary>Taps a filter row's split unrolls (one statement a tap); wider windows loop phase by phase.</summary>
        private const int MaxUnrolledTaps = 128;

        /// <summary>
        /// Input row h of channel c to phase rows h of phase channels c·s .. c·s + s − 1: column col lands in phase
        /// (col + left) mod s at float (col + left) / s; the floats on padding are zeros. Where every phase float j lies on the
        /// row, one loop reads the s columns s·j − left .. s·j − left + s − 1 together (consecutive floats) and writes one
        /// float to each phase; the floats before and after that range go phase by phase.
        /// </summary>
        private static void EmitSplitInput(IndentedWriter w, ColumnPhasePlan plan)
        {
            var s = plan.Shape;
            int phases = plan.Phases, height = s.InputHeight;
            long phaseWidth = plan.PhaseWidth, phasePlane = (long)height * phaseWidth, rows = (long)s.InChannels * height;
            w.Doc(
                "<summary>",
                $"Splits each input row into its {phases} phase rows: column col to phase (col + {s.PadLeft}) mod {phases}, float (col + {s.PadLeft}) / {phases}; phase r's",
                $"row h of input channel c lies at ((c·{phases} + r)·{height} + h)·{phaseWidth}. Floats on padding are zero.",
                "</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open("private static void SplitInput(ref float input, ref float split)");
            if (rows > 1)
            {
                w.Open($"for (nint row = 0; row < {rows}; row++)");
            }

            if (rows == 1)
            {
                w.Line("ref float from = ref input; // the layer's one input row");
                w.Line("ref float to = ref split; // its phase 0 row");
            }
            else if (height == 1)
            {
                w.Line($"ref float from = ref Unsafe.Add(ref input, row * {s.InputWidth}); // input channel row (one input row a channel)");
                w.Line($"ref float to = ref Unsafe.Add(ref split, row * {phases * phaseWidth}); // its phase 0 row");
            }
            else
            {
                w.Line($"nint c = row / {height}, h = row - c * {height}; // input row h of channel c");
                w.Line($"ref float from = ref Unsafe.Add(ref input, row * {s.InputWidth});");
                w.Line($"ref float to = ref Unsafe.Add(ref split, (c * {(long)phases * height} + h) * {phaseWidth}); // its phase 0 row");
            }

            var real = Enumerable.Range(0, phases).Select(plan.RealFloats).ToList();
            long common = real.Max(f => f.First), commonEnd = real.Min(f => f.End);
            bool together = phases <= MaxUnrolledPhases && commonEnd > common;
            string At(int r) => Literals.Offset("j", r * phasePlane);
            string Column(int r) => Literals.Offset($"j * {phases}", r - s.PadLeft);
            void Fill(int r, long first, long end, bool copy, string what)
            {
                if (end > first)
                {
                    w.Line($"for (nint j = {first}; j < {end}; j++) Unsafe.Add(ref to, {At(r)}) = {(copy ? $"Unsafe.Add(ref from, {Column(r)})" : "0")}; // phase {r}: {what}");
                }
            }

            if (together)
            {
                w.Open($"for (nint j = {common}; j < {commonEnd}; j++) // input columns {plan.InputColumn(0, common)} .. {plan.InputColumn(phases - 1, commonEnd - 1)}, {phases} at a time");
                for (int r = 0; r < phases; r++)
                {
                    w.Line($"Unsafe.Add(ref to, {At(r)}) = Unsafe.Add(ref from, {Column(r)});");
                }

                w.Close();
            }

            for (int r = 0; r < phases; r++)
            {
                var (first, end) = real[r];
                Fill(r, 0, first, copy: false, "left padding");
                if (together)
                {
                    Fill(r, first, common, copy: true, "columns before those");
                    Fill(r, commonEnd, end, copy: true, "columns after those");
                }
                else
                {
                    Fill(r, first, end, copy: true, $"columns {plan.InputColumn(r, first)}, {plan.InputColumn(r, first) + phases}, …");
                }

                Fill(r, end, phaseWidth, copy: false, "right padding");
            }

            if (rows > 1)
            {
                w.Close();
            }

            w.Close();
        }

        /// <summary>
        /// Kernel row kh of filter (oc, c) to rows kh of the derived filters (oc, c·s + r): tap kw to phase kw mod s, tap
        /// kw / s; the taps past the window are zeros.
        /// </summary>
        private static void EmitSplitFilters(IndentedWriter w, ColumnPhasePlan plan)
        {
            var s = plan.Shape;
            int phases = plan.Phases, taps = plan.PhaseTaps, height = s.KernelHeight;
            long phaseRows = (long)height * taps;
            w.Doc(
                "<summary>",
                $"Splits each filter row: tap kw to tap kw / {phases} of phase kw mod {phases}, that is of the derived filter (oc, c·{phases} + r), whose row kh",
                $"lies at ((oc·{s.InChannels} + c)·{phases * height} + r·{height} + kh)·{taps}. The derived taps past the layer's {s.KernelWidth} are zero.",
                "</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
            w.Open("private static void SplitFilters(ref float weights, ref float filters)");
            w.Open($"for (nint row = 0; row < {(long)s.OutChannels * s.InChannels * height}; row++)");
            if (height == 1)
            {
                w.Line($"ref float from = ref Unsafe.Add(ref weights, row * {s.KernelWidth}); // filter (oc, c)'s row: row = oc·{s.InChannels} + c");
                w.Line($"ref float to = ref Unsafe.Add(ref filters, row * {phases * taps}); // its phase 0 row");
            }
            else
            {
                w.Line($"nint f = row / {height}, kh = row - f * {height}; // kernel row kh of filter f = oc·{s.InChannels} + c");
                w.Line($"ref float from = ref Unsafe.Add(ref weights, row * {s.KernelWidth});");
                w.Line($"ref float to = ref Unsafe.Add(ref filters, (f * {(long)phases * height} + kh) * {taps}); // its phase 0 row");
            }

            for (int r = 0; r < phases; r++)
            {
                int real = s.KernelWidth > r ? (s.KernelWidth - r + phases - 1) / phases : 0; // taps q with s·q + r inside the window
                if (s.KernelWidth > MaxUnrolledTaps && real > 0)
                {
                    w.Line($"for (nint q = 0; q < {real}; q++) Unsafe.Add(ref to, {Literals.Offset("q", r * phaseRows)}) = Unsafe.Add(ref from, {Literals.Offset($"q * {phases}", r)}); // phase {r}");
                }

                for (int q = s.KernelWidth > MaxUnrolledTaps ? real : 0; q < taps; q++)
                {
                    int column = q * phases + r;
                    w.Line(column < s.KernelWidth
                        ? $"Unsafe.Add(ref to, {r * phaseRows + q}) = Unsafe.Add(ref from, {column});"
                        : $"Unsafe.Add(ref to, {r * phaseRows + q}) = 0; // phase {r}, tap {q}: column {column}, past the window");
                }
            }

            w.Close();
            w.Close();
        }
    }
}
