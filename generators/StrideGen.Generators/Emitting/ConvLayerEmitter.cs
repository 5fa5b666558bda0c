using System;
using System.Collections.Generic;
using System.Linq;
using StrideGen.Generators.Model;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>Writes a valid convolution layer's file: header, Shape class, entry method, and the kernel its plan describes.</summary>
    internal static class ConvLayerEmitter
    {
        /// <summary>The length (in characters) every generated file stays under.</summary>
        public const int FileLimitChars = 200_000;

        /// <summary>
        /// A kernel class longer than this (in characters) is planned again, step by step down to compactly (see
        /// <see cref="Plans"/>): a wide kernel with many border positions and channel tiles specialises so many tile methods
        /// that the file would pass <see cref="FileLimitChars"/>. The rest of a file (Shape class, entry method, a
        /// <c>PackWeights</c> method, the work items of <c>Threads</c>) mostly takes under 20 K, and Inception's 7×1 layers with a
        /// bias keep the border rows their whole-plane bands leave out within this budget (1.07–1.12× faster than the 12 × 2
        /// tiles that 160 K left them: 181 KB files).
        /// </summary>
        public const int KernelBudgetChars = 180_000;

        /// <summary>The kernel class's budget for a layer whose file passed <see cref="FileLimitChars"/> with <see cref="KernelBudgetChars"/>: the rest of its file is long.</summary>
        public const int TightKernelBudgetChars = 160_000;

        /// <param name="allowUnsafe">
        /// Whether the project allows unsafe code. A layer declared with <c>Threads</c> &gt; 1 needs it (it pins its spans for
        /// the pool threads); without it the analyzer reports SGEN011 and the layer is generated as a one-thread layer, so
        /// the project still has an implementation. Band drivers are marked <c>[SkipLocalsInit]</c> with it.
        /// </param>
        public static void Emit(IndentedWriter w, LayerModel model, ConvShape shape, ReceptiveField field, bool allowUnsafe)
        {
            // Written aside first: a file that passes the limit is written again with the tighter kernel budget.
            var file = new IndentedWriter();
            Emit(file, model, shape, field, allowUnsafe, KernelBudgetChars);
            if (w.Length + file.Length > FileLimitChars)
            {
                file = new IndentedWriter();
                Emit(file, model, shape, field, allowUnsafe, TightKernelBudgetChars);
            }

            w.Append(file);
        }

        private static void Emit(IndentedWriter w, LayerModel model, ConvShape shape, ReceptiveField field, bool allowUnsafe, int kernelBudget)
        {
            string name = model.Name;
            string kernelClass = name + "Kernel";
            string workClass = name + "Work";
            int declaredThreads = shape.Threads;
            var channelsLast = ChannelsLastPlanner.Plan(shape);
            var (phased, plan, nhwcPlan, blocked, winograd, tileRowWinograd) = channelsLast is not null ? (null, null, channelsLast.Kernel, null, null, null)
                : LayerPlans(name, allowUnsafe ? shape : shape with { Threads = 1 }, kernelBudget);
            if (declaredThreads > 1 && allowUnsafe && PartedPaths(plan, nhwcPlan, blocked, winograd, tileRowWinograd: tileRowWinograd).All(path => path.Parts == 1))
            {
                (phased, plan, nhwcPlan, blocked, winograd, tileRowWinograd) = LayerPlans(name, shape with { Threads = 1 }, kernelBudget); // too little work to split: the one-thread kernel
            }

            bool parallel = (plan?.IsSplit ?? false) || nhwcPlan?.RowSplit is not null || (winograd?.Paths.Any(p => p.Parts > 1) ?? false) || tileRowWinograd?.Parts > 1;

            // An NHWC 3×3 layer may run as Winograd on the paths whose estimate favours it (its parts taking ranges of blocks of
            // tiles); its own kernel keeps the others.
            var nhwcWinograd = nhwcPlan is not null && blocked is null && channelsLast is null
                ? NhwcWinogradPlanner.Plan(shape with { Threads = parallel ? declaredThreads : 1 })
                : null;
            if (nhwcWinograd is not null)
            {
                nhwcPlan = nhwcPlan! with
                {
                    Vector512 = nhwcWinograd.Vector512 is null ? nhwcPlan.Vector512 : null,
                    Vector = nhwcWinograd.Vector256 is null ? nhwcPlan.Vector : null,
                    Vector128 = nhwcWinograd.Vector128 is null ? nhwcPlan.Vector128 : null,
                };
            }

            var entryPaths = (blocked?.Block.VectorPaths.Select(p => p.Target) ?? Enumerable.Empty<VectorTarget>())
                .Concat(winograd?.Paths.Select(p => p.Target) ?? Enumerable.Empty<VectorTarget>())
                .Concat(nhwcWinograd?.Paths.Select(p => p.Target) ?? Enumerable.Empty<VectorTarget>())
                .Concat(tileRowWinograd is not null ? new[] { VectorTarget.Vector512 } : Enumerable.Empty<VectorTarget>())
                .Concat(nhwcPlan is not null ? nhwcPlan.VectorPaths.Select(p => p.Target) : plan!.VectorPlans.Select(p => p.Target))
                .OrderByDescending(t => t.Width).Select(t => t.Name).ToList();

            w.Line($"// StrideGen Conv2D layer '{name}': {ShapeDescription.Summary(shape)}.");
            w.Line($"// {shape.MultiplyAccumulates} multiply-accumulates per call; edit the [Conv2D] attribute, not this file.");
            if (parallel)
            {
                w.Line($"// Threads = {declaredThreads}: each call's parts run on the caller's thread and on the .NET thread pool ({workClass}).");
            }
            else if (declaredThreads > 1 && !allowUnsafe)
            {
                w.Line($"// Threads = {declaredThreads} needs AllowUnsafeBlocks (SGEN011): until the project allows unsafe code, this layer runs on the caller's thread.");
            }
            else if (declaredThreads > 1)
            {
                w.Line($"// Threads = {declaredThreads}, but the work is a single part (one output-channel tile, or one output row): it runs on the caller's thread.");
            }

            w.Line("#nullable enable");
            w.Line();
            LayerSourceWriter.WriteEnclosing(w, model, () =>
            {
                ShapeClassEmitter.Emit(w, model.Method.Name, shape, field);
                w.Line();
                EntryMethodEmitter.EmitKernelEntry(w, model.Method, shape, entryPaths, $"global::{LayerSourceWriter.KernelNamespace}.{kernelClass}",
                    parallel ? $"global::{LayerSourceWriter.KernelNamespace}.{workClass}" : null);
                if (shape.PackedWeights)
                {
                    w.Line();
                    EntryMethodEmitter.EmitPackWeights(w, model.Method, shape, transposes: channelsLast is not null, $"global::{LayerSourceWriter.KernelNamespace}.{kernelClass}");
                }
            });

            w.Line();
            w.Open($"namespace {LayerSourceWriter.KernelNamespace}");
            w.Line("using System;");
            w.Line("using System.Runtime.CompilerServices;");
            if ((plan?.UsesStackBlock ?? false) || winograd is not null || nhwcWinograd is not null || tileRowWinograd is not null)
            {
                w.Line("using System.Runtime.InteropServices;");
            }

            // Channel blocks and channels-last drivers transpose with AVX, whatever paths their kernel has.
            if (blocked is not null || channelsLast is not null || winograd is not null || nhwcWinograd is not null || tileRowWinograd is not null || (nhwcPlan?.UsesVectors ?? plan!.UsesVectors))
            {
                w.Line("using System.Runtime.Intrinsics;");
                w.Line("using System.Runtime.Intrinsics.Arm;");
                w.Line("using System.Runtime.Intrinsics.X86;");
            }

            if (parallel)
            {
                w.Line("using System.Threading;");
            }

            w.Line();
            if (phased is not null)
            {
                ColumnPhaseEmitter.Emit(w, kernelClass, name + "PhaseKernel", phased, KernelEmitter.VectorPaths(plan!), skipLocalsInit: allowUnsafe, parallel);
                w.Line();
                KernelEmitter.EmitOverColumnPhases(w, name + "PhaseKernel", plan!, skipLocalsInit: allowUnsafe);
            }
            else if (channelsLast is not null)
            {
                ChannelsLastEmitter.Emit(w, kernelClass, name + "PixelKernel", channelsLast, skipLocalsInit: allowUnsafe);
                w.Line();
                NhwcKernelEmitter.EmitChannelsLast(w, name + "PixelKernel", channelsLast.Kernel);
            }
            else if (blocked is not null)
            {
                string layerClass = name + (nhwcPlan is null ? "PlaneKernel" : "PixelKernel");
                var layerPaths = nhwcPlan is null ? KernelEmitter.VectorPaths(plan!) : NhwcKernelEmitter.VectorPaths(nhwcPlan);
                ChannelBlockEmitter.Emit(w, kernelClass, name + "BlockKernel", layerClass, blocked, layerPaths, skipLocalsInit: allowUnsafe, parallel);
                w.Line();
                NhwcKernelEmitter.EmitChannelBlock(w, name + "BlockKernel", blocked.Block);
                w.Line();
                if (nhwcPlan is null)
                {
                    KernelEmitter.EmitBesideChannelBlocks(w, layerClass, plan!, skipLocalsInit: allowUnsafe);
                }
                else
                {
                    NhwcKernelEmitter.EmitBesideChannelBlocks(w, layerClass, nhwcPlan);
                }
            }
            else if (winograd is not null)
            {
                string planeClass = name + "PlaneKernel";
                WinogradEmitter.Emit(w, kernelClass, planeClass, winograd, KernelEmitter.VectorPaths(plan!), skipLocalsInit: allowUnsafe, parallel);
                w.Line();
                KernelEmitter.EmitBesideWinograd(w, planeClass, plan!, skipLocalsInit: allowUnsafe);
            }
            else if (tileRowWinograd is not null)
            {
                string planeClass = name + "PlaneKernel";
                if (tileRowWinograd.Taps == 3)
                {
                    StrideTwoWinogradEmitter.Emit(w, kernelClass, planeClass, tileRowWinograd, KernelEmitter.VectorPaths(plan!), skipLocalsInit: allowUnsafe, parallel);
                }
                else
                {
                    WideWindowWinogradEmitter.Emit(w, kernelClass, planeClass, tileRowWinograd, KernelEmitter.VectorPaths(plan!), skipLocalsInit: allowUnsafe, parallel);
                }

                w.Line();
                KernelEmitter.EmitBesideWinograd(w, planeClass, plan!, skipLocalsInit: allowUnsafe);
            }
            else if (nhwcWinograd is not null)
            {
                string pixelClass = name + "PixelKernel";
                NhwcWinogradEmitter.Emit(w, kernelClass, pixelClass, nhwcWinograd, NhwcKernelEmitter.VectorPaths(nhwcPlan!), skipLocalsInit: allowUnsafe, parallel);
                w.Line();
                NhwcKernelEmitter.EmitBesideWinograd(w, pixelClass, nhwcPlan!);
            }
            else if (nhwcPlan is not null)
            {
                NhwcKernelEmitter.Emit(w, kernelClass, nhwcPlan);
            }
            else
            {
                KernelEmitter.Emit(w, kernelClass, plan!, skipLocalsInit: allowUnsafe);
            }

            if (parallel)
            {
                var spans = new List<(string Type, string Name)> { ("ReadOnlySpan<float>", "input"), ("ReadOnlySpan<float>", "weights") };
                if (shape.HasBias)
                {
                    spans.Add(("ReadOnlySpan<float>", "bias"));
                }

                spans.Add(("Span<float>", "output"));
                ParallelWorkEmitter.Emit(w, workClass, kernelClass, declaredThreads, spans, PartedPaths(plan, nhwcPlan, blocked, winograd, nhwcWinograd, tileRowWinograd));
            }

            w.Close();
        }

        /// <summary>
        /// The layer's plan: NHWC has its own planner and emitter (vectors over output channels); NCHW vectorises output
        /// columns, and is planned compactly when its regular kernel class would be too long.
        /// </summary>
        internal static (KernelPlan? Plan, NhwcKernelPlan? NhwcPlan) Plans(string kernelClass, ConvShape shape, int kernelBudget = KernelBudgetChars)
        {
            if (shape.Layout == LayoutKind.Nhwc)
            {
                // Too long a kernel class (a wide window's tiles unrolled by kernel row, with edge tiles for its border
                // columns, on three vector paths) is planned again with the narrower paths compact, one at a time: one
                // tap at a time, border columns in pixel methods. All compact, a 16 → 96 7×7 layer on a 17×39 map ran
                // 0.84–0.86× as fast (its file 209 KB → 55 KB).
                var nhwc = NhwcKernelPlanner.Plan(shape, vector128Fallback: true);
                foreach (int compactBelow in new[] { VectorTarget.Vector256.Width, VectorTarget.Vector512.Width, VectorTarget.Vector512.Width + 1 })
                {
                    if (NhwcKernelLength(kernelClass, nhwc) <= kernelBudget)
                    {
                        break;
                    }

                    nhwc = NhwcKernelPlanner.Plan(shape, vector128Fallback: true, compactBelow: compactBelow);
                }

                return (null, nhwc);
            }

            // Too long a kernel class is planned again: first without remainder channel tiles (a second set of tile
            // methods), then with bands on the Vector512 path only (one packing method and one set of band tiles), then
            // with depthwise row blocks (multi-row tiles, unrolled whole) only on the paths AVX2 machines run, then without
            // them. A stride-1 layer whose 5×5 window was packed in bands goes through the same steps again with only 3×3
            // windows packed (its rows in place), and only then, if still too long, is it planned compactly. Before all
            // that, whole-plane bands stop leaving out border rows, whose tiles are methods of their own: first on the paths
            // below Vector512, then (after trying without remainder tiles) on all.
            var plan = KernelPlanner.Plan(shape);
            if (plan.Unroll == WindowUnroll.None || KernelLength(kernelClass, plan) <= kernelBudget)
            {
                return (plan, null);
            }

            // Border rows left out of whole-plane bands (their own tile methods) are given up first: on the paths below
            // Vector512, then (unless leaving out remainder tiles makes room) on all.
            bool borders = true;
            if (plan.UsesBorderSkips)
            {
                borders = false;
                if (plan.Vector512 is { } wide512 && KernelPlan.SkipsBorderRows(wide512))
                {
                    if (plan.VectorPlans.Any(p => p.Target != VectorTarget.Vector512 && KernelPlan.SkipsBorderRows(p)))
                    {
                        plan = KernelPlanner.Plan(shape, borderSkipsOnVector512Only: true);
                        if (KernelLength(kernelClass, plan) <= kernelBudget)
                        {
                            return (plan, null);
                        }
                    }

                    // Without remainder tiles, each border shape is one tile method rather than two (DeepLab's rate-6 and
                    // rate-4 layers on 33×33 maps, whose whole-plane bands leave out a tenth of the window on padding).
                    plan = KernelPlanner.Plan(shape, wholeTiles: true, borderSkipsOnVector512Only: true);
                    if (KernelLength(kernelClass, plan) <= kernelBudget)
                    {
                        return (plan, null);
                    }
                }

                plan = KernelPlanner.Plan(shape, skipBorderRows: false);
                if (KernelLength(kernelClass, plan) <= kernelBudget)
                {
                    return (plan, null);
                }
            }

            foreach (bool wide in plan.UsesWideStride1Bands ? new[] { true, false } : new[] { true })
            {
                if (!wide)
                {
                    plan = KernelPlanner.Plan(shape, wideStride1Bands: false, skipBorderRows: borders);
                    if (KernelLength(kernelClass, plan) <= kernelBudget)
                    {
                        return (plan, null);
                    }
                }

                plan = KernelPlanner.Plan(shape, wholeTiles: true, wideStride1Bands: wide, skipBorderRows: borders);
                if (KernelLength(kernelClass, plan) > kernelBudget && plan.Vector512?.Band is not null && plan.Vector256?.Band is not null)
                {
                    plan = KernelPlanner.Plan(shape, wholeTiles: true, bandsOnVector512Only: true, wideStride1Bands: wide, skipBorderRows: borders);
                }

                foreach (var reach in new[] { RowBlockReach.Avx2Paths, RowBlockReach.None })
                {
                    if (KernelLength(kernelClass, plan) > kernelBudget && plan.VectorPlans.Any(p => p.Covers.Any(c => c.Block is not null)))
                    {
                        plan = KernelPlanner.Plan(shape, wholeTiles: true, bandsOnVector512Only: plan.BandsOnVector512Only, rowBlocks: reach, wideStride1Bands: wide, skipBorderRows: borders);
                    }
                }

                if (KernelLength(kernelClass, plan) <= kernelBudget)
                {
                    return (plan, null);
                }
            }

            // Band tiles that loop over kernel rows loop over its columns too, before bands are given up: YOLOv5's 6×6
            // stride-2 stem (3 → 32 channels) ran 1.4× slower compact (in place, border columns in scalar code) than with
            // its Vector512 bands, whose tiles unrolled each kernel row's 6 taps in two residue classes.
            if (plan.VectorPlans.Any(p => p.Band is { LoopedRows: true, LoopedColumns: false }))
            {
                foreach (bool vector512Only in new[] { false, true })
                {
                    plan = KernelPlanner.Plan(shape, wholeTiles: true, bandsOnVector512Only: vector512Only, skipBorderRows: borders, loopBandColumns: true);
                    if (KernelLength(kernelClass, plan) <= kernelBudget)
                    {
                        return (plan, null);
                    }
                }
            }

            // The Vector128 path alone compact, before every path is: a wide window over rows padded on both sides makes a tile
            // method per group of border columns, and four-lane tiles are twice as many as eight-lane ones. SLaK's 5×51
            // depthwise layer (96 channels on 56×56, padded 25 left and right) ran at 3.9 GFLOP/s compact, nearly every
            // column a border column in scalar code.
            foreach (bool fewer in new[] { false, true })
            {
                plan = fewer
                    ? KernelPlanner.Plan(shape, wholeTiles: true, bandsOnVector512Only: true, rowBlocks: RowBlockReach.None, wideStride1Bands: false, skipBorderRows: false, loopBandColumns: true, compactVector128: true)
                    : KernelPlanner.Plan(shape, wholeTiles: true, skipBorderRows: borders, compactVector128: true);
                if (KernelLength(kernelClass, plan) <= kernelBudget)
                {
                    return (plan, null);
                }
            }

            plan = KernelPlanner.Plan(shape, compact: true);
            return (plan, null);
        }

        /// <summary>
        /// The plans of an NCHW or NHWC layer (not channels last): a strided layer over few, long rows runs as the stride-1
        /// layer over its column phases (see <see cref="ColumnPhasePlanner"/>), planned as a kernel of its own with every
        /// path; any other layer gets its own plans and, where they apply, channel blocks or Winograd (<see cref="PlansWithBlocks"/>).
        /// </summary>
        private static (ColumnPhasePlan? Phased, KernelPlan? Plan, NhwcKernelPlan? NhwcPlan, ChannelBlockPlan? Blocked, WinogradPlan? Winograd, TileRowWinogradPlan? TileRowWinograd) LayerPlans(string name, ConvShape shape, int kernelBudget)
        {
            if (ColumnPhasePlanner.Plan(shape) is { } phased)
            {
                return (phased, Plans(name + "PhaseKernel", phased.Derived, kernelBudget).Plan, null, null, null, null);
            }

            var (plan, nhwcPlan, blocked, winograd, tileRowWinograd) = PlansWithBlocks(name + "Kernel", shape, kernelBudget);
            return (null, plan, nhwcPlan, blocked, winograd, tileRowWinograd);
        }

        /// <summary>
        /// The layer's plans, and where a depthwise layer runs in channel blocks (see <see cref="ChannelBlockPlanner"/>), the
        /// block plan, which takes the vector paths the block kernel has: the layer's own plan keeps only the narrower ones.
        /// </summary>
        private static (KernelPlan? Plan, NhwcKernelPlan? NhwcPlan, ChannelBlockPlan? Blocked, WinogradPlan? Winograd, TileRowWinogradPlan? TileRowWinograd) PlansWithBlocks(string kernelClass, ConvShape shape, int kernelBudget)
        {
            var (plan, nhwcPlan) = Plans(kernelClass, shape, kernelBudget);
            var blocked = ChannelBlockPlanner.Plan(shape);
            var winograd = blocked is null && nhwcPlan is null ? WinogradPlanner.Plan(shape) : null;
            var tileRowWinograd = blocked is null && nhwcPlan is null && winograd is null ? TileRowWinogradPlanner.Plan(shape) : null;
            var taken = (blocked?.Block.VectorPaths.Select(p => p.Target) ?? winograd?.Paths.Select(p => p.Target)
                ?? (tileRowWinograd is not null ? new[] { VectorTarget.Vector512 } : null) ?? Enumerable.Empty<VectorTarget>()).ToList();
            if (taken.Count == 0)
            {
                return (plan, nhwcPlan, null, null, null);
            }

            if (nhwcPlan is not null)
            {
                nhwcPlan = nhwcPlan with
                {
                    Vector512 = taken.Contains(VectorTarget.Vector512) ? null : nhwcPlan.Vector512,
                    Vector = taken.Contains(VectorTarget.Vector256) ? null : nhwcPlan.Vector,
                    Vector128 = taken.Contains(VectorTarget.Vector128) ? null : nhwcPlan.Vector128,
                };
            }
            else
            {
                plan = plan! with
                {
                    Vector512 = taken.Contains(VectorTarget.Vector512) ? null : plan.Vector512,
                    Vector256 = taken.Contains(VectorTarget.Vector256) ? null : plan.Vector256,
                    Vector128 = taken.Contains(VectorTarget.Vector128) ? null : plan.Vector128,
                };
            }

            return (plan, nhwcPlan, blocked, winograd, tileRowWinograd);
        }

        /// <summary>The drivers of a multi-threaded kernel in dispatch order (vectors widest first, then scalar) with their plans' part counts.</summary>
        private static List<PartedPath> PartedPaths(KernelPlan? plan, NhwcKernelPlan? nhwcPlan, ChannelBlockPlan? blocked, WinogradPlan? winograd, NhwcWinogradPlan? nhwcWinograd = null, TileRowWinogradPlan? tileRowWinograd = null)
        {
            var blockPaths = blocked?.Block.VectorPaths.Select(p => new PartedPath(p.Target.Name, blocked.Parts)) ?? Enumerable.Empty<PartedPath>();
            var winogradPaths = (winograd?.Paths.Select(p => new PartedPath(p.Target.Name, p.Parts)) ?? Enumerable.Empty<PartedPath>())
                .Concat(nhwcWinograd?.Paths.Select(p => new PartedPath(p.Target.Name, p.Parts)) ?? Enumerable.Empty<PartedPath>())
                .Concat(tileRowWinograd is not null ? new[] { new PartedPath(VectorTarget.Vector512.Name, tileRowWinograd.Parts) } : Enumerable.Empty<PartedPath>());
            var own = PartedPaths(plan, nhwcPlan);

            // Dispatch order: the vector paths widest first (a Winograd kernel may take Vector256 but not Vector512), scalar last.
            var vectors = blockPaths.Concat(winogradPaths).Concat(own.Where(p => p.Name != "Scalar"))
                .OrderByDescending(p => VectorWidth(p.Name));
            return vectors.Concat(own.Where(p => p.Name == "Scalar")).ToList();
        }

        private static int VectorWidth(string path) => path == VectorTarget.Vector512.Name ? 16 : path == VectorTarget.Vector256.Name ? 8 : 4;

        /// <summary>The drivers of the layer's own kernel in dispatch order (vectors widest first, then scalar) with their plans' part counts.</summary>
        private static List<PartedPath> PartedPaths(KernelPlan? plan, NhwcKernelPlan? nhwcPlan)
        {
            if (nhwcPlan is not null)
            {
                int parts = nhwcPlan.RowSplit?.Parts ?? 1;
                return NhwcKernelEmitter.VectorPaths(nhwcPlan).Select(path => new PartedPath(path, parts)).Append(new PartedPath("Scalar", parts)).ToList();
            }

            return plan!.VectorPlans.Select(p => new PartedPath(p.Target.Name, p.Split?.Parts ?? 1)).Append(new PartedPath("Scalar", plan.ScalarSplit?.Parts ?? 1)).ToList();
        }

        private static int NhwcKernelLength(string kernelClass, NhwcKernelPlan plan) => Length(probe => NhwcKernelEmitter.Emit(probe, kernelClass, plan));

        private static int KernelLength(string kernelClass, KernelPlan plan) => Length(probe => KernelEmitter.Emit(probe, kernelClass, plan));

        /// <summary>The characters <paramref name="write"/> writes.</summary>
        private static int Length(Action<IndentedWriter> write)
        {
            var probe = new IndentedWriter();
            write(probe);
            return probe.Length;
        }
    }
}
