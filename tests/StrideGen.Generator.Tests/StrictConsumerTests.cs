using System.Collections.Generic;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Generator.Tests
{
    /// <summary>
    /// The generated code compiles cleanly for a strict consumer (nullable on, every warning an error, XML docs checked)
    /// whatever the declaration looks like: accessibility, containing types, namespaces, parameter names, bias, every
    /// activation and padding mode, and kernels that take each of the planner's paths.
    /// </summary>
    public sealed class StrictConsumerTests
    {
        private const string Small = "InChannels = 2, OutChannels = 3, InputHeight = 9, InputWidth = 9, KernelSize = 3";

        /// <summary>Wide enough for the Vector256 path (interior columns ≥ 8) with several output-channel tiles.</summary>
        private const string Wide = "InChannels = 8, OutChannels = 16, InputHeight = 20, InputWidth = 20, KernelSize = 3";

        private static readonly Dictionary<string, string> Cases = new()
        {
            // Accessibility (each with explicit accessibility, so a missing implementation would be CS8795).
            ["PublicMethod"] = LayerSource.InClass(LayerSource.Declaration(Small, modifiers: "public static partial")),
            ["InternalMethod"] = LayerSource.InClass(LayerSource.Declaration(Small, modifiers: "internal static partial")),
            ["PrivateMethod"] = LayerSource.InClass(LayerSource.Declaration(Small, modifiers: "private static partial")),
            ["ProtectedInternalMethod"] = LayerSource.InType("public partial class Layers", LayerSource.Declaration(Small, modifiers: "protected internal static partial")),
            ["StaticModifierFirst"] = LayerSource.InClass(LayerSource.Declaration(Small, modifiers: "static public partial")),

            // Containing types.
            ["NestedTypes"] = LayerSource.InType("public static partial class Outer", "internal static partial class Middle\n{\nprivate static partial class Inner\n{\n" + LayerSource.Declaration(Small) + "}\n}\n"),
            ["GenericContainingClass"] = LayerSource.InType("public partial class Outer<T>", LayerSource.Declaration(Small)),
            ["GenericContainingClassWithConstraints"] = LayerSource.InType("public partial class Outer<TKey, TValue> where TKey : notnull where TValue : class?", LayerSource.Declaration(Small)),
            ["NestedInGenericClass"] = LayerSource.InType("public partial class Outer<T>", "public partial class Inner<U>\n{\n" + LayerSource.Declaration(Small) + "}\n"),
            ["RecordClass"] = LayerSource.InType("public partial record Model(int Id)", LayerSource.Declaration(Small)),
            ["RecordStruct"] = LayerSource.InType("public partial record struct Pixel(float Value)", LayerSource.Declaration(Small)),
            ["Struct"] = LayerSource.InType("public partial struct Block", LayerSource.Declaration(Small)),
            ["ReadonlyRefStruct"] = LayerSource.InType("public readonly ref partial struct Window", LayerSource.Declaration(Small)),
            ["SealedClass"] = LayerSource.InType("public sealed partial class Network", LayerSource.Declaration(Small)),

            // Namespaces.
            ["FileScopedNamespace"] = LayerSource.Usings + "namespace App.Vision;\npublic static partial class Layers\n{\n" + LayerSource.Declaration(Small) + "}\n",
            ["BlockNamespace"] = LayerSource.Usings + "namespace App.Vision\n{\npublic static partial class Layers\n{\n" + LayerSource.Declaration(Small) + "}\n}\n",
            ["NestedBlockNamespaces"] = LayerSource.Usings + "namespace App\n{\nnamespace Vision.Layers\n{\npublic static partial class Net\n{\n" + LayerSource.Declaration(Small) + "}\n}\n}\n",
            ["GlobalNamespace"] = LayerSource.Usings + "public static partial class Layers\n{\n" + LayerSource.Declaration(Small) + "}\n",
            ["NamespaceShadowingSystem"] = LayerSource.Usings + "namespace App.System;\npublic static partial class Layers\n{\n" + LayerSource.Declaration(Wide) + "}\n",
            ["TypesShadowingBclNames"] = LayerSource.Usings + "namespace App;\npublic class Vector256 { }\npublic class Unsafe { }\npublic class MemoryExtensions { }\n"
                + "public static partial class Layers\n{\n" + LayerSource.Declaration(Wide) + "}\n",

            // Parameters.
            ["KeywordParameterNames"] = LayerSource.InClass("[Conv2D(" + Small + ")]\npublic static partial void Layer(ReadOnlySpan<float> @in, ReadOnlySpan<float> @params, ReadOnlySpan<float> @base, Span<float> @out);\n"),
            ["FullyQualifiedParameterTypes"] = LayerSource.InClass("[Conv2D(" + Small + ")]\npublic static partial void Layer(global::System.ReadOnlySpan<float> x, System.ReadOnlySpan<Single> w, System.Span<System.Single> y);\n"),
            ["ScopedParameters"] = LayerSource.InClass("[Conv2D(" + Small + ")]\npublic static partial void Layer(scoped ReadOnlySpan<float> input, scoped ReadOnlySpan<float> weights, scoped Span<float> output);\n"),
            ["WithBias"] = LayerSource.InClass(LayerSource.Declaration(Small, bias: true)),
            ["WideWithBias"] = LayerSource.InClass(LayerSource.Declaration(Wide, bias: true)),

            // Activations, on the scalar and the vector path.
            ["ActivationNone"] = LayerSource.InClass(LayerSource.Declaration(Wide + ", Activation = Activation.None")),
            ["ActivationRelu"] = LayerSource.InClass(LayerSource.Declaration(Wide + ", Activation = Activation.Relu")),
            ["ActivationRelu6"] = LayerSource.InClass(LayerSource.Declaration(Wide + ", Activation = Activation.Relu6", bias: true)),
            ["ActivationLeakyRelu"] = LayerSource.InClass(LayerSource.Declaration(Wide + ", Activation = Activation.LeakyRelu, LeakyReluSlope = 0.2f")),
            ["ScalarActivationRelu6"] = LayerSource.InClass(LayerSource.Declaration(Small + ", Activation = Activation.Relu6")),
            ["ScalarActivationLeakyRelu"] = LayerSource.InClass(LayerSource.Declaration(Small + ", Activation = Activation.LeakyRelu")),

            // Padding modes.
            ["PaddingExplicit"] = LayerSource.InClass(LayerSource.Declaration(Wide + ", PaddingMode = PaddingMode.Explicit, PadTop = 1, PadBottom = 2, PadLeft = 0, PadRight = 3")),
            ["PaddingValid"] = LayerSource.InClass(LayerSource.Declaration(Wide + ", PaddingMode = PaddingMode.Valid")),
            ["PaddingSame"] = LayerSource.InClass(LayerSource.Declaration(Wide + ", PaddingMode = PaddingMode.Same, Stride = 2")),
            ["PaddingSameLower"] = LayerSource.InClass(LayerSource.Declaration(Wide + ", PaddingMode = PaddingMode.SameLower, Stride = 2")),

            // Kernel shapes that take the planner's other paths.
            ["StridedVectors"] = LayerSource.InClass(LayerSource.Declaration("InChannels = 4, OutChannels = 8, InputHeight = 40, InputWidth = 40, KernelSize = 3, Stride = 2")),
            ["NonSquareEverything"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 6, OutChannels = 9, InputHeight = 17, InputWidth = 33, KernelHeight = 3, KernelWidth = 5, StrideHeight = 2, StrideWidth = 1, DilationHeight = 1, DilationWidth = 2, Groups = 3")),
            ["LargeKernelRowsLooped"] = LayerSource.InClass(LayerSource.Declaration("InChannels = 8, OutChannels = 16, InputHeight = 48, InputWidth = 64, KernelSize = 11, Padding = 5")),
            ["VeryWideKernelWindowLooped"] = LayerSource.InClass(LayerSource.Declaration("InChannels = 2, OutChannels = 16, InputHeight = 4, InputWidth = 300, KernelHeight = 1, KernelWidth = 200")),
            ["ChannelRemainderOnly"] = LayerSource.InClass(LayerSource.Declaration("InChannels = 3, OutChannels = 3, InputHeight = 24, InputWidth = 24, KernelSize = 3, Groups = 3")),
            ["OneByOne"] = LayerSource.InClass(LayerSource.Declaration("InChannels = 16, OutChannels = 32, InputHeight = 14, InputWidth = 14, KernelSize = 1")),
            // Packed bands: stride 2 in channel chunks with bias and an activation; a 7×7 map whose last position is a dot product.
            ["PackedBandsChunked"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 96, OutChannels = 40, InputHeight = 56, InputWidth = 56, KernelSize = 3, Stride = 2, Padding = 1, Activation = Activation.LeakyRelu", bias: true)),
            ["PackedBandsTail"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 288, OutChannels = 32, InputHeight = 7, InputWidth = 7, KernelSize = 3, Padding = 1, Activation = Activation.Relu6", bias: true)),
            // Packed weights: channels last (a 3×3 map, bias, ReLU), the weights copied as they are (a larger map), and on a
            // private method named with a keyword (its PackWeights method keeps the accessibility).
            ["PackedWeightsChannelsLast"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 40, OutChannels = 24, InputHeight = 3, InputWidth = 3, KernelSize = 3, Padding = 1, Activation = Activation.Relu, PackedWeights = true", bias: true)),
            ["PackedWeightsCopied"] = LayerSource.InClass(LayerSource.Declaration(Wide + ", Padding = 1, PackedWeights = true")),
            ["PackedWeightsPrivateKeywordName"] = LayerSource.InClass(LayerSource.Declaration(
                "InChannels = 8, OutChannels = 6, InputHeight = 4, InputWidth = 4, KernelSize = 3, Padding = 1, PackedWeights = true", "@checked", modifiers: "private static partial")),
            ["PaddingOnlyBorders"] = LayerSource.InClass(LayerSource.Declaration("InputHeight = 5, InputWidth = 5, KernelSize = 2, Padding = 3")),
            ["MultiplyAccumulatesBeyondInt"] = LayerSource.InClass(LayerSource.Declaration("InChannels = 256, OutChannels = 256, InputHeight = 256, InputWidth = 256, KernelSize = 3, Padding = 1")),

            // Several layers in one file, and a method named with a keyword.
            ["TwoLayersInOneType"] = LayerSource.InClass(LayerSource.Declaration(Small, "First") + LayerSource.Declaration(Wide, "Second", bias: true)),
            ["SameMethodNameInTwoNestedTypes"] = LayerSource.InType("public static partial class Net",
                "public static partial class Encoder\n{\n" + LayerSource.Declaration(Small) + "}\npublic static partial class Decoder\n{\n" + LayerSource.Declaration(Wide) + "}\n"),
            ["SameMethodNameInTwoNamespaces"] = LayerSource.Usings
                + "namespace A\n{\npublic static partial class Net\n{\n" + LayerSource.Declaration(Small) + "}\n}\n"
                + "namespace B\n{\npublic static partial class Net\n{\n" + LayerSource.Declaration(Wide) + "}\n}\n",
            ["KeywordMethodName"] = LayerSource.InClass(LayerSource.Declaration(Small, "@checked")),
        };

        public static TheoryData<string> CaseNames => new(Cases.Keys);

        [Theory]
        [MemberData(nameof(CaseNames))]
        public void Generated_code_compiles_without_any_diagnostic_in_a_strict_consumer(string caseName)
        {
            var run = GeneratorHarness.Run(Cases[caseName]);

            DiagnosticAssert.None(run.CompilationDiagnostics);
        }

        [Theory]
        [MemberData(nameof(CaseNames))]
        public void Generator_reports_no_diagnostic_for_a_valid_declaration(string caseName)
        {
            var run = GeneratorHarness.Run(Cases[caseName]);

            DiagnosticAssert.None(run.GeneratorDiagnostics);
        }
    }
}
