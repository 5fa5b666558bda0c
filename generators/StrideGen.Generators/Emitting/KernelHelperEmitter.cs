using System.Collections.Generic;
using StrideGen.Generators.Planning;
using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>The small inlined helpers every convolution kernel class carries: the fused multiply-add per vector width, and the fused activation.</summary>
    internal static class KernelHelperEmitter
    {
        /// <summary>
        /// <c>Mad(a, b, c)</c> = a·b + c for one vector width. The Vector512 and Vector256 overloads are one intrinsic each,
        /// with no test: their paths run only where AVX-512F, or AVX2 and FMA, are (<see cref="PathCondition"/>). A test
        /// (<c>IsSupported ? … : …</c>, or an <c>if</c>) leaves a temporary behind at every inlined call, even when it folds
        /// away, and a tile of several hundred multiply-adds then has more locals than the JIT tracks (1024): the rest live
        /// on the stack. A 7×7 stride-2 depthwise tile of 392 multiply-adds ran 3–8× slower so (16 292 bytes of machine code
        /// against 8 856). The Vector128 overload keeps its tests: it runs on Arm64 and on x64 without FMA too.
        /// </summary>
        public static void EmitMad(IndentedWriter w, VectorTarget target)
        {
            string vec = target.Type;
            w.Line();
            w.Doc(target.Width switch
            {
                16 => "<summary>a·b + c, fused: this path runs only where AVX-512F is.</summary>",
                8 => "<summary>a·b + c, fused: this path runs only where AVX2 and FMA are.</summary>",
                _ => "<summary>a·b + c, fused where the hardware has FMA.</summary>",
            });
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Line($"private static {vec} Mad({vec} a, {vec} b, {vec} c) =>");
            w.Line(target.Width switch
            {
                16 => "    Avx512F.FusedMultiplyAdd(a, b, c);",
                8 => "    Fma.MultiplyAdd(a, b, c);",
                _ => "    Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : AdvSimd.IsSupported ? AdvSimd.FusedMultiplyAdd(c, a, b) : a * b + c;",
            });
        }

        /// <summary>
        /// The test under which a convolution kernel's driver for <paramref name="path"/> (Vector512, Vector256, Vector128)
        /// runs: its width accelerated, and for Vector256 FMA too, which <see cref="EmitMad"/> calls without a test (.NET 10
        /// has no AVX2 without FMA; earlier versions can be told to leave FMA out). <paramref name="qualified"/>: with
        /// <c>global::</c> names, for code outside the kernel's namespace block.
        /// </summary>
        public static string PathCondition(string path, bool qualified)
        {
            string intrinsics = qualified ? "global::System.Runtime.Intrinsics." : "";
            string x86 = qualified ? "global::System.Runtime.Intrinsics.X86." : "";
            return path == VectorTarget.Vector256.Name
                ? $"{intrinsics}Vector256.IsHardwareAccelerated && {x86}Fma.IsSupported"
                : $"{intrinsics}{path}.IsHardwareAccelerated";
        }

        /// <summary>Floats a stack block is allocated beyond its use, so that its first float can start on a cache line.</summary>
        public const int AlignmentSlack = 15;

        /// <summary>
        /// <c>Aligned64(block)</c>: a reference to the first float of a stack block on a 64-byte boundary (the block is
        /// allocated <see cref="AlignmentSlack"/> floats longer). .NET aligns stack memory to 16 bytes at most, so where the
        /// stack happens to lie would otherwise decide how many of the block's vector loads and stores straddle cache lines:
        /// a packed row's whole vectors then start on line boundaries in every process alike.
        /// </summary>
        public static void EmitAligned64(IndentedWriter w)
        {
            w.Line();
            w.Doc("<summary>The first float of <paramref name=\"block\"/> on a 64-byte boundary, at most 15 floats in: stack memory is 16-byte aligned at best, and a vector across two cache lines costs two accesses.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Open("private static ref float Aligned64(Span<float> block)");
            w.Line("ref float first = ref MemoryMarshal.GetReference(block);");
            w.Line("nint address = Unsafe.ByteOffset(ref Unsafe.NullRef<float>(), ref first);");
            w.Line("return ref Unsafe.AddByteOffset(ref first, -address & 63);");
            w.Close();
        }

        /// <summary>
        /// <c>Skew{width}(ref weights)</c>: how many floats past a boundary of <paramref name="width"/> floats the weights
        /// start (0 to width − 1). A managed array's floats start 8 to 56 bytes past a cache line, so a dot product's vector
        /// loads from the first weight on would each straddle two lines; loads from that boundary on, with the column placed
        /// alike, straddle none. (Any value would be correct: the column and the weights are read from the same skew.)
        /// </summary>
        public static void EmitSkew(IndentedWriter w, int width)
        {
            w.Line();
            w.Doc($"<summary>How many floats past a {width}-float ({width * sizeof(float)}-byte) boundary <paramref name=\"weights\"/> starts: loads from that boundary on are aligned. Floats not 4-byte aligned (cast from bytes) cannot be: 0.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Open($"private static nint Skew{width}(ref float weights)");
            w.Line("nint address = Unsafe.ByteOffset(ref Unsafe.NullRef<float>(), ref weights);");
            w.Line($"return (address & 3) == 0 ? (address >> 2) & {width - 1} : 0;");
            w.Close();
        }

        /// <summary>
        /// <c>Sum4(a, b, c, d)</c>: the sums across the lanes of four vectors, as the lanes of one Vector128, by pairwise
        /// adds (a few shuffles for four sums, where a sum each takes a chain of them). The Vector512 overload folds its
        /// halves first and needs the Vector256 one.
        /// </summary>
        public static void EmitSum4(IndentedWriter w, VectorTarget target)
        {
            string vec = target.Type;
            w.Line();
            w.Doc("<summary>The sums across the lanes of a, b, c and d, as lanes 0–3: pairwise adds instead of a reduction each.</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            if (target.Width == 16)
            {
                w.Line($"private static Vector128<float> Sum4({vec} a, {vec} b, {vec} c, {vec} d) =>");
                w.Line("    Sum4(a.GetLower() + a.GetUpper(), b.GetLower() + b.GetUpper(), c.GetLower() + c.GetUpper(), d.GetLower() + d.GetUpper());");
                return;
            }

            w.Open($"private static Vector128<float> Sum4({vec} a, {vec} b, {vec} c, {vec} d)");
            w.Open("if (Avx.IsSupported)");
            w.Line("// [a0+a1, a2+a3, b0+b1, b2+b3 | …] twice over: each 128-bit half ends with a partial sum of a, b, c and d");
            w.Line("Vector256<float> q = Avx.HorizontalAdd(Avx.HorizontalAdd(a, b), Avx.HorizontalAdd(c, d));");
            w.Line("return q.GetLower() + q.GetUpper();");
            w.Close();
            w.Line();
            w.Line("return Vector128.Create(Vector256.Sum(a), Vector256.Sum(b), Vector256.Sum(c), Vector256.Sum(d));");
            w.Close();
        }

        /// <summary>
        /// <c>Store{n}Of{W}(value, ref output, y)</c>: stores the first n lanes of a W-lane vector at y, as the halves, pairs and
        /// single lanes n is made of (7 of 8: four lanes, two, one), for a vector overhanging the end of an output row.
        /// </summary>
        public static void EmitPartialStore(IndentedWriter w, VectorTarget target, int lanes)
        {
            w.Line();
            w.Doc($"<summary>Stores lanes 0..{lanes - 1} of <paramref name=\"value\"/> at <paramref name=\"y\"/>, and nothing past them (the row ends there).</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Open($"private static void Store{lanes}Of{target.Width}({target.Type} value, ref float output, nint y)");
            int at = 0;
            for (int size = target.Width / 2; size >= 1; size /= 2)
            {
                if (lanes - at < size)
                {
                    continue;
                }

                // The part of the vector holding lanes [at, at + size) (or, for one or two lanes, the 4-lane part around them).
                string part = "value";
                for (int width = target.Width, first = 0; width > System.Math.Max(size, 4); width /= 2)
                {
                    bool upper = at >= first + width / 2;
                    part += upper ? ".GetUpper()" : ".GetLower()";
                    first += upper ? width / 2 : 0;
                }

                string y = Literals.Offset("y", at);
                w.Line(size switch
                {
                    1 => $"Unsafe.Add(ref output, {y}) = {part}.GetElement({at % 4});",
                    2 => $"Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref output, {y})), {part}.AsDouble().GetElement({at % 4 / 2}));",
                    _ => $"{part}.StoreUnsafe(ref output, (nuint)({y}));",
                });
                at += size;
            }

            w.Close();
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
            w.Doc($"<summary>The fused activation: {activation}, without a branch (a result's sign would be a coin toss for the branch predictor).</summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Line("private static float Activate(float a) => " + activation switch
            {
                ActivationKind.Relu => "MathF.Max(a, 0f);",
                ActivationKind.Relu6 => "MathF.Min(MathF.Max(a, 0f), 6f);",
                _ => $"MathF.Max(a, 0f) + MathF.Min(a, 0f) * {slope};",
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
