using System;
using StrideGen.Generators.Model;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>Writes a valid pooling layer's file: header, Shape class, entry method, and the kernel its plan describes.</summary>
    internal static class PoolLayerEmitter
    {
        public static void Emit(IndentedWriter w, LayerModel model, PoolShape shape, ReceptiveField field)
        {
            string name = model.Name;
            string kernelClass = name + "Kernel";
            string kind = PoolShapeDescription.Kind(shape);
            var plan = PoolPlanner.Plan(shape);
            bool nhwc = shape.Layout == LayoutKind.Nhwc;
            var vectorPaths = nhwc ? NhwcPoolKernelEmitter.VectorPaths(shape) : plan.HasVectorPath ? new[] { "Vector256" } : Array.Empty<string>();
            w.Line($"// StrideGen {kind} layer '{name}': {PoolShapeDescription.Summary(shape)}.");
            w.Line($"// {shape.OutputLength} outputs per call, each the {(shape.IsMax ? "max" : "average")} of a {shape.KernelHeight}×{shape.KernelWidth} window; edit the [{kind}] attribute, not this file.");
            w.Line("#nullable enable");
            w.Line();
            LayerSourceWriter.WriteEnclosing(w, model, () =>
            {
                PoolShapeClassEmitter.Emit(w, model.Method.Name, shape, field);
                w.Line();
                EntryMethodEmitter.EmitPoolEntry(w, model.Method, shape, vectorPaths, $"global::{LayerSourceWriter.KernelNamespace}.{kernelClass}");
            });

            w.Line();
            w.Open($"namespace {LayerSourceWriter.KernelNamespace}");
            w.Line("using System;");
            w.Line("using System.Runtime.CompilerServices;");
            if (vectorPaths.Count > 0)
            {
                w.Line("using System.Runtime.Intrinsics;");
            }

            if (!nhwc && plan.LaneOrder == PoolLaneOrder.Interleaved)
            {
                w.Line("using System.Runtime.Intrinsics.X86;");
            }

            w.Line();
            if (nhwc)
            {
                NhwcPoolKernelEmitter.Emit(w, kernelClass, plan);
            }
            else
            {
                PoolKernelEmitter.Emit(w, kernelClass, plan);
            }
            w.Close();
        }
    }
}
