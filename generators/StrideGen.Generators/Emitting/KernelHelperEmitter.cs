using System.Collections.Generic;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>The small inlined helpers every convolution kernel class carries: the fused multiply-add per vector width, and the fused activation.</summary>
    internal static class KernelHelperEmitter
    {
        /// <summary><c>Mad(a, b, c)</c> = a·b + c for one vector width, fused where the hardware has FMA.</summary>
        public static void EmitMad(IndentedWriter w, VectorTarget target)
        {
            string vec = target.Type;
            w.Line();
            w.Doc("<summary>a·b + c, fused where the hardware has FMA.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Line($"private static {vec} Mad({vec} a, {vec} b, {vec} c) =>");
            w.Line(target.Width switch
            {
                16 => "    Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a, b, c) : a * b + c;",
                8 => "    Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : a * b + c;",
                _ => "    Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : AdvSimd.IsSupported ? AdvSimd.FusedMultiplyAdd(c, a, b) : a * b + c;",
            });
        }

        /// <summary><c>Activate</c> for a float and for each vector width the kernel uses; nothing when the layer has no activation.</summary>
        public static void EmitActivations(IndentedWriter w, ActivationKind activation, float leakyReluSlope, IEnumerable<VectorTarget> targets)
        {
            if (activation == ActivationKind.None)
            {
                return;
            }

            string slope = Literals.Float(leakyReluSlope);
            w.Line();
            w.Doc($"<summary>The fused activation: {activation}.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Line("private static float Activate(float a) => " + activation switch
            {
                ActivationKind.Relu => "a > 0f ? a : 0f;",
                ActivationKind.Relu6 => "a > 0f ? (a < 6f ? a : 6f) : 0f;",
                _ => $"a > 0f ? a : a * {slope};",
            });
            foreach (var target in targets)
            {
                string vec = target.Type, n = target.Name;
                w.Line();
                w.Doc($"<summary>The fused activation on {target.Width} values: {activation}.</summary>");
                w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
                w.Line($"private static {vec} Activate({vec} a) => " + activation switch
                {
                    ActivationKind.Relu => $"{n}.Max(a, {vec}.Zero);",
                    ActivationKind.Relu6 => $"{n}.Min({n}.Max(a, {vec}.Zero), {n}.Create(6f));",
                    _ => $"{n}.ConditionalSelect({n}.GreaterThan(a, {vec}.Zero), a, a * {slope});",
                });
            }
        }
    }
}
