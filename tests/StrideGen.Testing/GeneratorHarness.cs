using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StrideGen.Generators;

namespace StrideGen.Testing
{
    /// <summary>What one generator run produced: the generated files, the compilation with them, and every diagnostic.</summary>
    public sealed record GeneratorRun(
        IReadOnlyList<(string HintName, string Text)> GeneratedFiles,
        Compilation Compilation,
        ImmutableArray<Diagnostic> GeneratorDiagnostics)
    {
        /// <summary>Compiler diagnostics of the source plus generated code (warnings and errors).</summary>
        public IReadOnlyList<Diagnostic> CompilationDiagnostics =>
            Compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
    }

    /// <summary>Runs StrideGen's generator in-process over C# source, as the compiler would at build time.</summary>
    public static class GeneratorHarness
    {
        private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
        {
            var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll" or "System.dll"))
                .ToList();
            paths.Add(typeof(Conv2DAttribute).Assembly.Location);
            return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
        });

        /// <summary>Options of a strict consumer: nullable on, every warning an error, optimised.</summary>
        public static CSharpCompilationOptions StrictOptions { get; } = new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: OptimizationLevel.Release,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                deterministic: true)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                // Not about generated code: the test assembly itself has no version and no docs.
                ["CS1591"] = ReportDiagnostic.Suppress,
            });

        public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

        public static GeneratorRun Run(string source, string assemblyName = "Consumer", bool allowUnsafe = false) => Run(new[] { source }, assemblyName, allowUnsafe);

        /// <param name="allowUnsafe">The consumer's AllowUnsafeBlocks: multi-threaded layers (<c>Threads</c> &gt; 1) need it.</param>
        public static GeneratorRun Run(IEnumerable<string> sources, string assemblyName = "Consumer", bool allowUnsafe = false)
        {
            var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")).ToList();
            var compilation = CSharpCompilation.Create(assemblyName, trees, References.Value, StrictOptions.WithAllowUnsafe(allowUnsafe));
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new LayerGenerator().AsSourceGenerator() },
                parseOptions: ParseOptions);
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
            var result = driver.GetRunResult();
            var files = result.Results.SelectMany(r => r.GeneratedSources)
                .Select(s => (s.HintName, s.SourceText.ToString()))
                .OrderBy(f => f.HintName, StringComparer.Ordinal)
                .ToList();
            return new GeneratorRun(files, output, diagnostics);
        }
    }
}
