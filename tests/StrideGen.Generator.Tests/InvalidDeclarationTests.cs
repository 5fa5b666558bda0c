using System;
using System.Collections.Generic;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Generator.Tests
{
    /// <summary>
    /// A declaration that cannot run still gets an implementation (no CS8795 in the user's build), and that
    /// implementation throws <see cref="InvalidOperationException"/> saying what is wrong.
    /// </summary>
    public sealed class InvalidDeclarationTests
    {
        /// <summary>Attribute arguments, and a word the message must contain to name the problem.</summary>
        private static readonly Dictionary<string, (string Arguments, string ProblemWord)> Cases = new()
        {
            ["KernelLargerThanPaddedInput"] = ("InputHeight = 4, InputWidth = 4, KernelSize = 7, Padding = 1", "kernel"),
            ["GroupsNotDividingChannels"] = ("InChannels = 4, OutChannels = 6, InputHeight = 8, InputWidth = 8, KernelSize = 3, Groups = 4", "Groups"),
            ["KernelSizeZero"] = ("InputHeight = 8, InputWidth = 8, KernelSize = 0", "KernelSize"),
            ["NegativePadding"] = ("InputHeight = 8, InputWidth = 8, KernelSize = 3, Padding = -1", "Padding"),
            ["SamePaddingWithExplicitPadding"] = ("InputHeight = 8, InputWidth = 8, KernelSize = 3, PaddingMode = PaddingMode.Same, Padding = 2", "Same"),
            ["UndefinedLayout"] = ("InputHeight = 8, InputWidth = 8, KernelSize = 3, Layout = (TensorLayout)7", "Layout = 7"),
        };

        public static TheoryData<string> CaseNames => new(Cases.Keys);

        [Theory]
        [MemberData(nameof(CaseNames))]
        public void Invalid_layer_gets_an_implementation_that_compiles(string caseName)
        {
            var run = GeneratorHarness.Run(Source(caseName));

            DiagnosticAssert.None(run.CompilationDiagnostics);
        }

        [Theory]
        [MemberData(nameof(CaseNames))]
        public void Invalid_layer_throws_InvalidOperationException_naming_the_problem(string caseName)
        {
            var assembly = LayerAssembly.Load(GeneratorHarness.Run(Source(caseName), "Invalid" + caseName));
            var call = assembly.Method<Action>("Invalid.Layers", "Call");

            var exception = Assert.Throws<InvalidOperationException>(call);
            Assert.Contains(Cases[caseName].ProblemWord, exception.Message, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The layer and a wrapper the test can call through reflection (spans cannot be reflection arguments).</summary>
        private static string Source(string caseName) =>
            LayerSource.InClass(
                LayerSource.Declaration(Cases[caseName].Arguments)
                + "public static void Call() => Layer(new float[1], new float[1], new float[1]);\n",
                ns: "Invalid");
    }
}
