using StrideGen.Generators.Model;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>Writes a valid convolution layer's file: header, Shape class, entry method, and the kernel its plan describes.</summary>
    internal static class ConvLayerEmitter
    {
        /// <summary>
        /// A kernel class longer than this (in characters) is planned again compactly: a wide kernel with many border positions
        /// and channel tiles specialises so many tile methods that the file would pass the 200 KB every generated file stays under.
        /// </summary>
        public const int CompactAboveChars = 160_000;

        public static void Emit(IndentedWriter w, LayerModel model, ConvShape shape, ReceptiveField field)
        {
            string name = model.Name;
            string kernelClass = name + "Kernel";
            // NHWC has its own planner and emitter (vectors over output channels); NCHW vectorises output columns.
            var nhwcPlan = shape.Layout == LayoutKind.Nhwc ? NhwcKernelPlanner.Plan(shape) : null;
            var plan = nhwcPlan is null ? KernelPlanner.Plan(shape) : null;
            if (plan is not null && plan.Unroll != WindowUnroll.None && KernelLength(kernelClass, plan) > CompactAboveChars)
            {
                plan = KernelPlanner.Plan(shape, compact: true);
            }

            w.Line($"// StrideGen Conv2D layer '{name}': {ShapeDescription.Summary(shape)}.");
            w.Line($"// {shape.MultiplyAccumulates} multiply-accumulates per call; edit the [Conv2D] attribute, not this file.");
            w.Line("#nullable enable");
            w.Line();
            LayerSourceWriter.WriteEnclosing(w, model, () =>
            {
                ShapeClassEmitter.Emit(w, model.Method.Name, shape, field);
                w.Line();
                EntryMethodEmitter.EmitKernelEntry(w, model.Method, shape, nhwcPlan is null ? KernelEmitter.VectorPaths(plan!) : NhwcKernelEmitter.VectorPaths(nhwcPlan), $"global::{LayerSourceWriter.KernelNamespace}.{kernelClass}");
            });

            w.Line();
            w.Open($"namespace {LayerSourceWriter.KernelNamespace}");
            w.Line("using System;");
            w.Line("using System.Runtime.CompilerServices;");
            if (nhwcPlan?.UsesVectors ?? plan!.UsesVectors)
            {
                w.Line("using System.Runtime.Intrinsics;");
                w.Line("using System.Runtime.Intrinsics.Arm;");
                w.Line("using System.Runtime.Intrinsics.X86;");
            }

            w.Line();
            if (nhwcPlan is not null)
            {
                NhwcKernelEmitter.Emit(w, kernelClass, nhwcPlan);
            }
            else
            {
                KernelEmitter.Emit(w, kernelClass, plan!);
            }

            w.Close();
        }

        private static int KernelLength(string kernelClass, KernelPlan plan)
        {
            var probe = new IndentedWriter();
            KernelEmitter.Emit(probe, kernelClass, plan);
            return probe.ToString().Length;
        }
    }
}
