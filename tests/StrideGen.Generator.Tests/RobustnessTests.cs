using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Generator.Tests
{
    /// <summary>
    /// Half-typed or wrong code never makes the generator fail: a generator exception is CS8785 (or CS8784 when it fails
    /// to initialise) in the user's build and drops every layer's implementation, not just the broken one.
    /// </summary>
    public sealed class RobustnessTests
    {
        private const string Arguments = "InputHeight = 7, InputWidth = 7, KernelSize = 3";

        private const string Parameters = LayerSource.Parameters;

        [Fact]
        public void Doc_text_with_line_breaks_stays_on_one_comment_line()
        {
            // The generator's last-resort body documents the exception it caught, and ArgumentException messages span two
            // lines ("… (Parameter 'x')\nActual value was -4."): the second line must not escape the /// comment.
            string text = StrideGen.Generators.Emitting.Literals.Xml("repeatCount ('-4') must be a non-negative value.\nActual value was -4.\r\n<done> & said");

            Assert.DoesNotContain('\n', text);
            Assert.DoesNotContain('\r', text);
            Assert.Equal("repeatCount ('-4') must be a non-negative value. Actual value was -4. &lt;done&gt; &amp; said", text);
        }

        public static TheoryData<string, string> HalfTypedSources => new()
        {
            { "UnclosedAttribute", "[Conv2D(InputHeight = \npublic static partial void Layer(" + Parameters + ");" },
            { "UnclosedArgumentList", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3\npublic static partial void Layer(" + Parameters + ");" },
            { "StringForInt", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = \"3\")]\npublic static partial void Layer(" + Parameters + ");" },
            { "FloatForInt", "[Conv2D(InputHeight = 7.5, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer(" + Parameters + ");" },
            { "NoParameterList", "[Conv2D(" + Arguments + ")]\npublic static partial void Layer;" },
            { "UnclosedParameterList", "[Conv2D(" + Arguments + ")]\npublic static partial void Layer(ReadOnlySpan<float> input, " },
            { "NotPartial", "[Conv2D(" + Arguments + ")]\npublic static void Layer(" + Parameters + ") { }" },
            { "ReturnsInt", "[Conv2D(" + Arguments + ")]\npublic static partial int Layer(" + Parameters + ");" },
            { "NotStatic", "[Conv2D(" + Arguments + ")]\npublic partial void Layer(" + Parameters + ");" },
            { "GenericMethod", "[Conv2D(" + Arguments + ")]\npublic static partial void Layer<T>(" + Parameters + ");" },
            { "WrongParameterTypes", "[Conv2D(" + Arguments + ")]\npublic static partial void Layer(float[] input, ref float weights, out Span<float> output);" },
            { "UnknownParameterType", "[Conv2D(" + Arguments + ")]\npublic static partial void Layer(Tensor input, ReadOnlySpan<float> weights, Span<float> output);" },
            { "NoParameters", "[Conv2D(" + Arguments + ")]\npublic static partial void Layer();" },
            { "DuplicateParameterNames", "[Conv2D(" + Arguments + ")]\npublic static partial void Layer(ReadOnlySpan<float> x, ReadOnlySpan<float> x, Span<float> output);" },
            { "AlreadyImplemented", "[Conv2D(" + Arguments + ")]\npublic static partial void Layer(" + Parameters + ");\npublic static partial void Layer(" + Parameters + ") { }" },
            { "DuplicateNamedArguments", "[Conv2D(KernelSize = 3, KernelSize = 5, InputHeight = 7, InputWidth = 7)]\npublic static partial void Layer(" + Parameters + ");" },
            { "UnknownNamedArgument", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3, Kernal = 3)]\npublic static partial void Layer(" + Parameters + ");" },
            { "PositionalArgument", "[Conv2D(3)]\npublic static partial void Layer(" + Parameters + ");" },
            { "AttributeTwice", "[Conv2D(" + Arguments + ")]\n[Conv2D(InputHeight = 9, InputWidth = 9, KernelSize = 3)]\npublic static partial void Layer(" + Parameters + ");" },
            { "UndefinedEnumValues", "[Conv2D(InputHeight = 7, InputWidth = 7, KernelSize = 3, PaddingMode = (PaddingMode)7, Activation = (Activation)(-1), Layout = (TensorLayout)9)]\npublic static partial void Layer(" + Parameters + ");" },
            { "ExtremeValues", "[Conv2D(InChannels = int.MaxValue, OutChannels = int.MinValue, InputHeight = int.MaxValue, InputWidth = 65536, KernelSize = 1024, Stride = int.MaxValue, Padding = int.MaxValue, Dilation = 0, Groups = -3)]\npublic static partial void Layer(" + Parameters + ");" },
            { "HugeButInRange", "[Conv2D(InChannels = 65536, OutChannels = 65536, InputHeight = 65536, InputWidth = 65536, KernelSize = 1024)]\npublic static partial void Layer(" + Parameters + ");" },
            { "NonConstantArgument", "static int size = 7;\n[Conv2D(InputHeight = size, InputWidth = 7, KernelSize = 3)]\npublic static partial void Layer(" + Parameters + ");" },
            { "FromUnknownLayer", "[Conv2D(From = nameof(Missing), KernelSize = 3)]\npublic static partial void Layer(" + Parameters + ");" },
        };

        [Theory]
        [MemberData(nameof(HalfTypedSources))]
        public void Generator_does_not_fail_on_half_typed_code(string caseName, string members)
        {
            var run = GeneratorHarness.Run(LayerSource.InClass(members));

            AssertGeneratorDidNotFail(run);
        }

        public static TheoryData<string, string> BrokenContainers => new()
        {
            { "NonPartialClass", LayerSource.InType("public static class Layers", LayerSource.Declaration(Arguments)) },
            { "NonPartialOuterClass", LayerSource.InType("public static class Outer", "public static partial class Layers\n{\n" + LayerSource.Declaration(Arguments) + "}\n") },
            { "Interface", LayerSource.InType("public partial interface ILayers", LayerSource.Declaration(Arguments)) },
            { "TopLevelMethod", LayerSource.Usings + LayerSource.Declaration(Arguments) },
            { "UnclosedClass", LayerSource.Usings + "namespace App;\npublic static partial class Layers\n{\n" + LayerSource.Declaration(Arguments) },
            { "LocalFunction", LayerSource.InClass("public static void Run()\n{\n[Conv2D(" + Arguments + ")]\nstatic void Layer(" + Parameters + ") { }\n}\n") },
        };

        [Theory]
        [MemberData(nameof(BrokenContainers))]
        public void Generator_does_not_fail_on_a_layer_in_a_broken_container(string caseName, string source)
        {
            var run = GeneratorHarness.Run(source);

            AssertGeneratorDidNotFail(run);
        }

        [Fact]
        public void Generator_does_not_fail_on_any_prefix_of_a_declaration_being_typed()
        {
            const string declaration = "[Conv2D(InChannels = 8, OutChannels = 16, InputHeight = 20, InputWidth = 20, KernelSize = 3, Padding = 1, "
                + "PaddingMode = PaddingMode.Explicit, Activation = Activation.LeakyRelu, LeakyReluSlope = 0.2f)]\n"
                + "public static partial void Layer(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);";
            var failures = Enumerable.Range(1, declaration.Length)
                .Select(length => declaration.Substring(0, length))
                .SelectMany(prefix => GeneratorHarness.Run(LayerSource.InClass(prefix + "\n")).GeneratorDiagnostics
                    .Where(IsGeneratorFailure)
                    .Select(d => $"after \"{prefix}\": {d}"))
                .ToList();

            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        private static void AssertGeneratorDidNotFail(GeneratorRun run) => DiagnosticAssert.None(run.GeneratorDiagnostics.Where(IsGeneratorFailure));

        /// <summary>CS8784: the generator failed to initialise; CS8785: it threw while generating.</summary>
        private static bool IsGeneratorFailure(Diagnostic d) =>
            d.Id.StartsWith("CS8784", StringComparison.Ordinal) || d.Id.StartsWith("CS8785", StringComparison.Ordinal);
    }
}
