using System;
using System.Globalization;
using System.Linq;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Generator.Tests
{
    /// <summary>The same source always gives the same files, and every layer gets a file name of its own.</summary>
    public sealed class DeterminismTests
    {
        private const string Arguments = "InputHeight = 6, InputWidth = 6, KernelSize = 3";

        /// <summary>
        /// Layers that take different paths: scalar, vector with bias, depthwise with a float slope, invalid, packed in
        /// bands and as dot products (whose plan summaries give their stack blocks' sizes in KB, to one decimal).
        /// </summary>
        private static readonly string SeveralLayers = LayerSource.InClass(
            LayerSource.Declaration("InputHeight = 7, InputWidth = 7, KernelSize = 3, Stride = 2", "Small")
            + LayerSource.Declaration("InChannels = 8, OutChannels = 16, InputHeight = 20, InputWidth = 20, KernelSize = 3, Padding = 1", "Wide", bias: true)
            + LayerSource.Declaration("InChannels = 6, OutChannels = 6, InputHeight = 15, InputWidth = 15, KernelSize = 5, PaddingMode = PaddingMode.SameLower, Groups = 6, Activation = Activation.LeakyRelu, LeakyReluSlope = 0.1f", "Depthwise")
            + LayerSource.Declaration("InputHeight = 4, InputWidth = 4, KernelSize = 7", "Invalid")
            + LayerSource.Declaration("InChannels = 16, OutChannels = 32, InputHeight = 30, InputWidth = 30, KernelSize = 3, Stride = 2, Padding = 1", "Banded")
            + LayerSource.Declaration("InChannels = 70, OutChannels = 8, InputHeight = 3, InputWidth = 3, KernelSize = 3, Padding = 1", "DotProducts"));

        [Fact]
        public void Two_runs_over_the_same_source_give_byte_identical_files()
        {
            var first = GeneratorHarness.Run(SeveralLayers, "First").GeneratedFiles;
            var second = GeneratorHarness.Run(SeveralLayers, "Second").GeneratedFiles;

            // Strings compare ordinally, char by char: equal texts are equal bytes in the UTF-8 the generator writes.
            Assert.Equal(first, second);
        }

        [Fact]
        public void Generated_files_do_not_depend_on_the_current_culture()
        {
            var invariant = InCulture(CultureInfo.InvariantCulture, () => GeneratorHarness.Run(SeveralLayers).GeneratedFiles);

            // Swedish: a decimal comma and U+2212 as the minus sign.
            var swedish = InCulture(new CultureInfo("sv-SE"), () => GeneratorHarness.Run(SeveralLayers).GeneratedFiles);

            Assert.Equal(invariant, swedish);
        }

        public static TheoryData<string, string> SameMethodNameSources => new()
        {
            {
                "TwoNestedTypes",
                LayerSource.Usings + "namespace App;\npublic static partial class Net\n{\n"
                    + "public static partial class Encoder\n{\n" + LayerSource.Declaration(Arguments) + "}\n"
                    + "public static partial class Decoder\n{\n" + LayerSource.Declaration(Arguments) + "}\n}\n"
            },
            {
                "TwoNamespaces",
                LayerSource.Usings
                    + "namespace A\n{\npublic static partial class Net\n{\n" + LayerSource.Declaration(Arguments) + "}\n}\n"
                    + "namespace B\n{\npublic static partial class Net\n{\n" + LayerSource.Declaration(Arguments) + "}\n}\n"
            },
            {
                "GenericAndNonGenericType",
                LayerSource.Usings + "namespace App;\n"
                    + "public partial class Net\n{\n" + LayerSource.Declaration(Arguments) + "}\n"
                    + "public partial class Net<T>\n{\n" + LayerSource.Declaration(Arguments) + "}\n"
            },
            {
                "GlobalNamespaceAndNamespace",
                LayerSource.Usings
                    + "public static partial class Net\n{\n" + LayerSource.Declaration(Arguments) + "}\n"
                    + "namespace App\n{\npublic static partial class Net\n{\n" + LayerSource.Declaration(Arguments) + "}\n}\n"
            },
            {
                // Namespace A.B with class C, and namespace A with class B nesting class C: one dotted path, A.B.C.
                "NamespaceVersusNestedTypeOfOnePath",
                LayerSource.Usings
                    + "namespace A.B\n{\npublic static partial class C\n{\n" + LayerSource.Declaration(Arguments) + "}\n}\n"
                    + "namespace A\n{\npublic static partial class B\n{\npublic static partial class C\n{\n" + LayerSource.Declaration(Arguments) + "}\n}\n}\n"
            },
        };

        [Theory]
        [MemberData(nameof(SameMethodNameSources))]
        public void Layers_with_the_same_method_name_in_different_types_get_distinct_hint_names(string caseName, string source)
        {
            AssertDistinctHintNames(GeneratorHarness.Run(source), 2);
        }

        [Fact]
        public void Overloaded_layers_get_distinct_hint_names()
        {
            // LayerSourceWriter means to tell overloads apart by their parameter lists.
            var run = GeneratorHarness.Run(LayerSource.InClass(LayerSource.Declaration(Arguments) + LayerSource.Declaration(Arguments, bias: true)));

            AssertDistinctHintNames(run, 2);
        }

        private static void AssertDistinctHintNames(GeneratorRun run, int count)
        {
            var hintNames = run.GeneratedFiles.Select(f => f.HintName).ToList();
            Assert.True(
                hintNames.Distinct().Count() == count,
                $"Expected {count} distinct hint names, got [{string.Join(", ", hintNames)}]; generator diagnostics: [{string.Join("; ", run.GeneratorDiagnostics)}]");
        }

        private static T InCulture<T>(CultureInfo culture, Func<T> action)
        {
            var (culture0, uiCulture0) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
            try
            {
                return action();
            }
            finally
            {
                (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture0, uiCulture0);
            }
        }
    }
}
