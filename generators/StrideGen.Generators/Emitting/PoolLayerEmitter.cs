using StrideGen.Generators.Model;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>Writes a valid pooling layer's file. (Kernels arrive with the pooling work; until then the body throws.)</summary>
    internal static class PoolLayerEmitter
    {
        public static void Emit(IndentedWriter w, LayerModel model, PoolShape shape, ReceptiveField field)
        {
            w.Line("#nullable enable");
            w.Line();
            LayerSourceWriter.WriteEnclosing(w, model, () => EntryMethodEmitter.EmitThrowingEntry(w, model.Method, "pooling kernels are not generated yet."));
        }
    }
}
