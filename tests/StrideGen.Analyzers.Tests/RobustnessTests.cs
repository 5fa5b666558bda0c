using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StrideGen.CodeFixes;
using Xunit;

namespace StrideGen.Analyzers.Tests
{
    /// <summary>
    /// Half-typed and wrong code, as the IDE sees it between keystrokes: the analyzers never throw (an exception is AD0001,
    /// an error in a build with warnings as errors), and neither do the code fixes asked about whatever they report.
    /// </summary>
    public sealed class RobustnessTests
    {
        private const string P = Source.Conv;

        public static TheoryData<string, string> HalfTypedMembers => new()
        {
            { "UnclosedAttribute", "[Conv2D(InputHeight = \npublic static partial void Layer(" + P + ");" },
            { "UnclosedArgumentList", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3\npublic static partial void Layer(" + P + ");" },
            { "StringForInt", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = \"3\")]\npublic static partial void Layer(" + P + ");" },
            { "FloatForInt", "[Conv2D(InputHeight = 7.5, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer(" + P + ");" },
            { "NoParameterList", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer;" },
            { "UnclosedParameterList", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer(ReadOnlySpan<float> input, " },
            { "NoName", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial void (" + P + ");" },
            { "NotPartial", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static void Layer(" + P + ") { }" },
            { "ReturnsUnknownType", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial Tensor Layer(" + P + ");" },
            { "NotStatic", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic partial void Layer(" + P + ");" },
            { "GenericMethod", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer<T>(" + P + ");" },
            { "WrongParameterTypes", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer(float[] input, ref float weights, out Span<float> output);" },
            { "UnknownParameterType", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer(Tensor input, ReadOnlySpan<float> weights, Span<float> output);" },
            { "NoParameters", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer();" },
            { "DuplicateParameterNames", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer(ReadOnlySpan<float> x, ReadOnlySpan<float> x, Span<float> output);" },
            { "AlreadyImplemented", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer(" + P + ");\npublic static partial void Layer(" + P + ") { }" },
            { "AttributeOnTheImplementation", "public static partial void Layer(" + P + ");\n[Conv2D(InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2)]\npublic static partial void Layer(" + P + ") { }" },
            { "ImplementationWithoutDefinition", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer(" + P + ") { }" },
            { "DuplicateNamedArguments", "[Conv2D(KernelSize = 3, KernelSize = 5, InputHeight = 7, InputWidth = 7)]\npublic static partial void Layer(" + P + ");" },
            { "UnknownNamedArgument", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3, Kernal = 3)]\npublic static partial void Layer(" + P + ");" },
            { "PositionalArgument", "[Conv2D(3)]\npublic static partial void Layer(" + P + ");" },
            { "AttributeTwice", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\n[Conv2D(InputHeight = 9, InputWidth = 9, KernelSize = 3)]\npublic static partial void Layer(" + P + ");" },
            { "TwoLayerKinds", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\n[MaxPool2D(Channels = 1, InputHeight = 7, InputWidth = 7, KernelSize = 2)]\npublic static partial void Layer(" + P + ");" },
            { "UndefinedEnumValues", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3, PaddingMode = (PaddingMode)7, Activation = (Activation)(-1), Layout = (TensorLayout)9)]\npublic static partial void Layer(" + P + ");" },
            { "ExtremeValues", "[Conv2D(InChannels = int.MaxValue, OutChannels = int.MinValue, InputHeight = int.MaxValue, InputWidth = 65536, KernelSize = 1024, Stride = int.MaxValue, Padding = int.MaxValue, Dilation = 0, Groups = -3)]\npublic static partial void Layer(" + P + ");" },
            { "MinimumValues", "[Conv2D(InChannels = int.MinValue, InputHeight = int.MinValue, InputWidth = int.MinValue, KernelSize = int.MinValue, Stride = int.MinValue, Padding = int.MinValue, Dilation = int.MinValue, Groups = int.MinValue)]\npublic static partial void Layer(" + P + ");" },
            { "HugeButInRange", "[Conv2D(InChannels = 65536, OutChannels = 65536, InputHeight = 65536, InputWidth = 65536, KernelSize = 1024)]\npublic static partial void Layer(" + P + ");" },
            { "HugePooling", "[MaxPool2D(Channels = 65536, InputHeight = 65536, InputWidth = 65536, KernelSize = 1, Stride = 1, Padding = 0, Dilation = 1024, CeilMode = true)]\npublic static partial void Layer(ReadOnlySpan<float> input, Span<float> output);" },
            { "NonConstantArgument", "static int size = 7;\n[Conv2D(InputHeight = size, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer(" + P + ");" },
            { "FromUnknownLayer", "[Conv2D(From = nameof(Missing), KernelSize = 3)]\npublic static partial void Layer(" + P + ");" },
            { "FromItself", "[Conv2D(From = nameof(Layer), InputHeight = 8, InputWidth = 8, KernelSize = 3)]\npublic static partial void Layer(" + P + ");" },
            { "FromNull", "[Conv2D(From = null, InputHeight = 8, InputWidth = 8, KernelSize = 3)]\npublic static partial void Layer(" + P + ");" },
            { "FromOverloadedName", "[Conv2D(InputHeight = 8, InputWidth = 8, KernelSize = 3)]\npublic static partial void A(" + P + ");\n[Conv2D(InputHeight = 9, InputWidth = 9, KernelSize = 3)]\npublic static partial void A(" + Source.ConvWithBias + ");\n[Conv2D(From = nameof(A), KernelSize = 3, InputHeight = 5)]\npublic static partial void B(" + P + ");" },
            { "LongChainWithABrokenLink", "[Conv2D(InputHeight = 8, InputWidth = 8, KernelSize = 3)]\npublic static partial void A(" + P + ");\n[Conv2D(From = nameof(A), KernelSize = 0)]\npublic static partial void B(" + P + ");\n[Conv2D(From = nameof(B), KernelSize = 3)]\npublic static partial void C(" + P + ");\n[Conv2D(From = nameof(C), KernelSize = 3, InChannels = 4)]\npublic static partial void D(" + P + ");" },
            { "LocalFunction", "public static void Run()\n{\n[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\nstatic void Layer(" + P + ") { }\n}" },
            { "UnclosedCall", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer(" + P + ");\npublic static void Run() { Layer(new float[" },
            { "CallWithTooFewArguments", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer(" + P + ");\npublic static void Run() => Layer(new float[3]);" },
            { "CallWithNamedArguments", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer(" + P + ");\npublic static void Run() => Layer(output: new float[3], weights: stackalloc float[2], input: [1f]);" },
            { "CallWithNonConstantLengths", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer(" + P + ");\npublic static void Run(int n) { var a = new float[n]; Span<float> b = stackalloc float[n]; Layer(a, new float[n], b); }" },
            { "CallWithSpreadsAndUnknownLocals", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer(" + P + ");\npublic static void Run(float[] x) { float[] y; y = x; Layer([.. x, 1f], y, stackalloc float[] { 1f, 2f }); }" },
            { "CallThroughADelegate", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer(" + P + ");\ndelegate void L(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c);\npublic static void Run() { L l = Layer; l(new float[1], new float[1], new float[1]); }" },
            { "CallWithAWrongArgumentType", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer(" + P + ");\npublic static void Run() => Layer(new double[49], new float[9], new float[25]);" },
        };

        [Theory]
        [MemberData(nameof(HalfTypedMembers))]
        public async Task Analyzers_and_fixes_do_not_throw_on_half_typed_code(string caseName, string members)
        {
            await AssertNoExceptionAsync(Source.InClass(members));
        }

        public static TheoryData<string, string> BrokenContainers => new()
        {
            { "NonPartialClass", "using System;\nusing StrideGen;\npublic static class Layers\n{\n[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer(" + P + ");\n}\n" },
            { "NonPartialOuterClass", "using System;\nusing StrideGen;\npublic static class Outer\n{\npublic static partial class Layers\n{\n[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer(" + P + ");\n}\n}\n" },
            { "Interface", "using System;\nusing StrideGen;\npublic partial interface ILayers\n{\n[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer(" + P + ");\n}\n" },
            { "TopLevelMethod", "using System;\nusing StrideGen;\n[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer(" + P + ");\n" },
            { "UnclosedClass", "using System;\nusing StrideGen;\npublic static partial class Layers\n{\n[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer(" + P + ");\n" },
            { "NoUsingForTheAttribute", "using System;\npublic static partial class Layers\n{\n[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer(" + P + ");\n}\n" },
            { "UserTypeNamedLikeTheAttribute", "using System;\nnamespace StrideGen.Fake { public sealed class Conv2DAttribute : Attribute { public int KernelSize { get; set; } } }\npublic static partial class Layers\n{\n[StrideGen.Fake.Conv2D(KernelSize = 0)]\npublic static partial void Layer(" + P + ");\n}\n" },
            { "GenericContainingType", "using System;\nusing StrideGen;\npublic partial class Layers<T>\n{\n[Conv2D(InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2)]\npublic static partial void Layer(" + P + ");\n[Conv2D(From = nameof(Layer), KernelSize = 3, InputHeight = 3)]\npublic static partial void Next(" + P + ");\npublic static void Run() => Layer(new float[1], new float[9], new float[169]);\n}\n" },
        };

        [Theory]
        [MemberData(nameof(BrokenContainers))]
        public async Task Analyzers_and_fixes_do_not_throw_on_a_layer_in_a_broken_container(string caseName, string source)
        {
            await AssertNoExceptionAsync(source);
        }

        private static async Task AssertNoExceptionAsync(string source)
        {
            var compilation = CSharpCompilation.Create(
                "HalfTyped",
                new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) },
                await Verification.ReferencesAsync(),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

            var run = await AnalyzerRun.OfAsync(compilation);

            Assert.Empty(run.Exceptions);
            Assert.DoesNotContain(run.Diagnostics, d => d.Id == "AD0001");
            foreach (var provider in new Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider[] { new UnreadInputCodeFixProvider(), new ChainMismatchCodeFixProvider(), new MethodSignatureCodeFixProvider() })
            {
                if (run.Diagnostics.Any(d => provider.FixableDiagnosticIds.Contains(d.Id)))
                {
                    await OfferedFixes.TitlesAsync(provider, source); // throws if the provider does
                }
            }
        }
    }
}
