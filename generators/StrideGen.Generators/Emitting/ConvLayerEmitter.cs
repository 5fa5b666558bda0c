using StrideGen.Generators.Model;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>Writes a valid convolution layer's file: header, Shape class, entry method, and the kernel its plan describes.</summary>
    internal static class ConvLayerEmitter
    {
        public static void Emit(IndentedWriter w, LayerModel model, ConvShape shape, ReceptiveField field)
        {
            string name = model.Name;
            string kernelClass = name + "Kernel";
            // NHWC has its own planner and emitter (vectors over output channels); NCHW vectorises output columns.
            var nhwcPlan = shape.Layout == LayoutKind.Nhwc ? NhwcKernelPlanner.Plan(shape) : null;
            var plan = nhwcPlan is null ? KernelPlanner.Plan(shape) : null;
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
    }
}
