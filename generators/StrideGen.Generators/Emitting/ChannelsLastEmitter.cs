using StrideGen.Generators.Planning;

namespace StrideGen.Generators.Emitting
{
    /// <summary>
    /// Writes the kernel class of an NCHW layer with packed weights that runs channels last (see <see cref="ChannelsLastPlan"/>):
    /// per path, a driver that copies the input planes to the stack with each pixel's channels contiguous, runs the same path
    /// of the NHWC kernel on them with the packed (HWIO) weights, and copies the output pixels back to planes.
    /// </summary>
    internal static class ChannelsLastEmitter
    {
        /// <param name="className">The class the entry method calls.</param>
        /// <param name="pixelClass">The NHWC kernel (<see cref="NhwcKernelEmitter.EmitChannelsLast"/>).</param>
        /// <param name="skipLocalsInit">Whether the project allows unsafe code, so the drivers may leave their copies unzeroed: every float is written before it is read.</param>
        public static void Emit(IndentedWriter w, string className, string pixelClass, ChannelsLastPlan plan, bool skipLocalsInit)
        {
            var s = plan.Shape;
            bool bias = s.HasBias;
            string refs = DriverParameters.Refs(bias);

            w.Doc(
                "<summary>",
                "The kernel behind this file's layer, run channels last on its packed weights: the input planes",
                $"({s.InChannels}×{s.InputHeight}×{s.InputWidth}) are copied to the stack with each pixel's {s.InChannels} channels contiguous, {pixelClass}",
                "computes each output pixel's channels in vector lanes from the weights packed HWIO, reading only the taps on real input,",
                $"and the output pixels are copied back to {s.OutChannels} planes ({s.OutputHeight}×{s.OutputWidth}). (An NCHW kernel's lanes are pixels: on a map",
                "this small they fill their vectors badly, and many of them are border pixels, whose windows reach into the padding.)",
                "</summary>");
            w.Open($"file static class {className}");
            PathDriverWriter.Emit(w, NhwcKernelEmitter.VectorPaths(plan.Kernel), refs,
                skipLocalsInit ? "both copies are written before they are read: no need to zero them each call" : null,
                path => $"The {PathDriverWriter.Name(path)} path: the copies around {pixelClass}.Run{path}.",
                path =>
                {
                    w.Line($"Span<float> inputPixels = stackalloc float[{plan.InputFloats}]; // {s.InputHeight}×{s.InputWidth}×{s.InChannels}");
                    w.Line($"Span<float> outputPixels = stackalloc float[{plan.OutputFloats}]; // {s.OutputHeight}×{s.OutputWidth}×{s.OutChannels}");
                    w.Line("ref float x = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(inputPixels);");
                    w.Line("ref float y = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(outputPixels);");
                    w.Line($"Transpose(ref input, {plan.InputPixels}, ref x, {s.InChannels}, {s.InChannels}, {plan.InputPixels}); // {s.InChannels} input planes → pixels × {s.InChannels} channels");
                    w.Line($"{pixelClass}.Run{path}(ref x, ref weights, {(bias ? "ref bias, " : "")}ref y);");
                    w.Line($"Transpose(ref y, {s.OutChannels}, ref output, {plan.OutputPixels}, {plan.OutputPixels}, {s.OutChannels}); // pixels × {s.OutChannels} channels → {s.OutChannels} output planes");
                });

            ChannelBlockEmitter.EmitTranspose(w);
            w.Line();
            EntryMethodEmitter.EmitThrowHelpers(w);
            w.Close();
        }
    }
}
