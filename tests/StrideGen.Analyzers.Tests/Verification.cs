using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using StrideGen.Analyzers;

namespace StrideGen.Analyzers.Tests
{
    /// <summary>
    /// The analyzer tests' compilation: .NET 8 reference assemblies plus the StrideGen attribute assembly, both analyzers.
    /// The generator is not run, so a layer's partial method has no implementation: CS8795 is the one compiler error left
    /// out of the comparison (every other compiler error in a test source still fails the test).
    /// </summary>
    internal sealed class LayerAnalyzerTest : CSharpAnalyzerTest<LayerShapeAnalyzer, DefaultVerifier>
    {
        public LayerAnalyzerTest(string source, params DiagnosticResult[] expected)
        {
            TestCode = source;
            ExpectedDiagnostics.AddRange(expected);
            Verification.Configure(this);
        }

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => Verification.Analyzers();

        protected override bool IsCompilerDiagnosticIncluded(Diagnostic diagnostic, CompilerDiagnostics compilerDiagnostics) =>
            diagnostic.Id != Verification.MissingImplementation && base.IsCompilerDiagnosticIncluded(diagnostic, compilerDiagnostics);
    }

    /// <summary>A code fix test over the same compilation as <see cref="LayerAnalyzerTest"/>.</summary>
    internal sealed class LayerCodeFixTest<TCodeFix> : CSharpCodeFixTest<LayerShapeAnalyzer, TCodeFix, DefaultVerifier>
        where TCodeFix : CodeFixProvider, new()
    {
        public LayerCodeFixTest(string source, string fixedSource, string equivalenceKey)
        {
            TestCode = source;
            FixedCode = fixedSource;
            CodeActionEquivalenceKey = equivalenceKey;
            Verification.Configure(this);
        }

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => Verification.Analyzers();

        protected override bool IsCompilerDiagnosticIncluded(Diagnostic diagnostic, CompilerDiagnostics compilerDiagnostics) =>
            diagnostic.Id != Verification.MissingImplementation && base.IsCompilerDiagnosticIncluded(diagnostic, compilerDiagnostics);
    }

    internal static class Verification
    {
        /// <summary>CS8795: a partial method with accessibility modifiers must have an implementation (the generator's job).</summary>
        public const string MissingImplementation = "CS8795";

        public static MetadataReference StrideGenAssembly { get; } = MetadataReference.CreateFromFile(typeof(Conv2DAttribute).Assembly.Location);

        public static IEnumerable<DiagnosticAnalyzer> Analyzers() => new DiagnosticAnalyzer[] { new LayerShapeAnalyzer(), new CallSiteLengthAnalyzer(), new NativeAotInstructionSetAnalyzer() };

        public static void Configure<TVerifier>(AnalyzerTest<TVerifier> test)
            where TVerifier : IVerifier, new()
        {
            test.ReferenceAssemblies = ReferenceAssemblies.Net.Net80;
            test.TestState.AdditionalReferences.Add(StrideGenAssembly);
        }

        /// <summary>The .NET 8 reference assemblies and StrideGen, for tests that build their own compilation.</summary>
        public static async Task<IReadOnlyList<MetadataReference>> ReferencesAsync(CancellationToken cancellationToken = default)
        {
            var references = new List<MetadataReference>(await ReferenceAssemblies.Net.Net80.ResolveAsync(LanguageNames.CSharp, cancellationToken));
            references.Add(StrideGenAssembly);
            return references;
        }

        /// <summary>A diagnostic of <paramref name="descriptor"/> at markup location <paramref name="location"/> with exactly <paramref name="message"/>.</summary>
        public static DiagnosticResult At(DiagnosticDescriptor descriptor, int location, string message) =>
            new DiagnosticResult(descriptor).WithLocation(location).WithMessage(message);
    }
}
