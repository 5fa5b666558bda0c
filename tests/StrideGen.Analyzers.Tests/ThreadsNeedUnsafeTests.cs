using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using static StrideGen.Analyzers.Tests.Verification;
using D = StrideGen.Analyzers.DiagnosticDescriptors;

namespace StrideGen.Analyzers.Tests
{
    /// <summary>
    /// SGEN011: a layer with <c>Threads</c> &gt; 1 in a project without AllowUnsafeBlocks; and <c>Threads</c> out of range,
    /// which the shape model reports like any other figure (SGEN001 below 1, SGEN009 past 64).
    /// </summary>
    public sealed class ThreadsNeedUnsafeTests
    {
        private const string Layer = "InChannels = 8, OutChannels = 16, InputHeight = 20, InputWidth = 20, KernelSize = 3";

        [Fact]
        public Task Two_threads_without_unsafe_code_are_reported_at_the_argument() =>
            Test(Source.Conv2D($"Conv2D({Layer}, {{|#0:Threads = 2|}})", "Conv1"), allowUnsafe: false,
                At(D.ThreadsNeedUnsafe, 0, "Layer 'Conv1' runs on 2 threads, which needs unsafe code: add <AllowUnsafeBlocks>true</AllowUnsafeBlocks> to the project"));

        [Fact]
        public Task The_most_threads_without_unsafe_code_are_reported() =>
            Test(Source.Conv2D($"Conv2D({Layer}, {{|#0:Threads = 64|}})"), allowUnsafe: false,
                At(D.ThreadsNeedUnsafe, 0, "Layer 'Layer' runs on 64 threads, which needs unsafe code: add <AllowUnsafeBlocks>true</AllowUnsafeBlocks> to the project"));

        [Fact]
        public Task Threads_with_unsafe_code_allowed_are_fine() =>
            Test(Source.Conv2D($"Conv2D({Layer}, Threads = 2)"), allowUnsafe: true);

        [Fact]
        public Task One_thread_never_needs_unsafe_code() =>
            Test(Source.Conv2D($"Conv2D({Layer}, Threads = 1)"), allowUnsafe: false);

        [Fact]
        public Task No_threads_written_never_needs_unsafe_code() =>
            Test(Source.Conv2D($"Conv2D({Layer})"), allowUnsafe: false);

        [Fact]
        public Task Zero_threads_are_an_invalid_parameter_not_a_missing_unsafe() =>
            Test(Source.Conv2D($"Conv2D({Layer}, {{|#0:Threads = 0|}})"), allowUnsafe: false,
                At(D.InvalidParameter, 0, "Threads must be at least 1, but is 0"));

        [Fact]
        public Task Threads_past_the_limit_are_beyond_what_the_generator_supports() =>
            Test(Source.Conv2D($"Conv2D({Layer}, {{|#0:Threads = 65|}})"), allowUnsafe: false,
                At(D.Unsupported, 0, "Threads = 65 is beyond what the generator supports (at most 64)"));

        /// <summary>The analyzer test with the project's AllowUnsafeBlocks set (the testing library allows unsafe code by default).</summary>
        private static Task Test(string source, bool allowUnsafe, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
        {
            var test = new LayerAnalyzerTest(source, expected);
            test.SolutionTransforms.Add((solution, projectId) =>
                solution.WithProjectCompilationOptions(projectId, ((CSharpCompilationOptions)solution.GetProject(projectId)!.CompilationOptions!).WithAllowUnsafe(allowUnsafe)));
            return test.RunAsync();
        }
    }
}
