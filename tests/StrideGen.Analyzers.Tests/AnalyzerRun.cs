using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace StrideGen.Analyzers.Tests
{
    /// <summary>
    /// Both analyzers run over a whole compilation, as the compiler runs them in a build; analyzer exceptions are collected
    /// rather than turned into AD0001, so a test can say which one was thrown.
    /// </summary>
    internal sealed record AnalyzerRun(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<Exception> Exceptions)
    {
        /// <param name="globalOptions">MSBuild properties as the build passes them (<c>build_property.PublishAot</c>, …).</param>
        public static async Task<AnalyzerRun> OfAsync(Compilation compilation, IReadOnlyDictionary<string, string>? globalOptions = null)
        {
            var exceptions = new List<Exception>();
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new GlobalOptionsProvider(globalOptions ?? new Dictionary<string, string>())),
                (exception, _, _) => { lock (exceptions) { exceptions.Add(exception); } },
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false);
            var diagnostics = await compilation
                .WithAnalyzers(ImmutableArray.CreateRange(Verification.Analyzers()), options)
                .GetAnalyzerDiagnosticsAsync();
            return new AnalyzerRun(diagnostics, exceptions);
        }

        /// <summary>Global analyzer options only, as a build's generated .editorconfig gives them; nothing per file.</summary>
        private sealed class GlobalOptionsProvider : AnalyzerConfigOptionsProvider
        {
            private static readonly AnalyzerConfigOptions None = new Options(new Dictionary<string, string>());

            public GlobalOptionsProvider(IReadOnlyDictionary<string, string> global) => GlobalOptions = new Options(global);

            public override AnalyzerConfigOptions GlobalOptions { get; }

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => None;

            private sealed class Options : AnalyzerConfigOptions
            {
                private readonly IReadOnlyDictionary<string, string> values;

                public Options(IReadOnlyDictionary<string, string> values) => this.values = values;

                public override bool TryGetValue(string key, out string value)
                {
                    bool found = values.TryGetValue(key, out var text);
                    value = text ?? "";
                    return found;
                }
            }
        }

        /// <summary>The IDs reported on each method (by name), sorted: a layer's diagnostics are within its declaration.</summary>
        public Dictionary<string, List<string>> IdsByMethod()
        {
            var byMethod = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var diagnostic in Diagnostics)
            {
                var node = diagnostic.Location.SourceTree?.GetRoot().FindNode(diagnostic.Location.SourceSpan);
                string name = node?.FirstAncestorOrSelf<MethodDeclarationSyntax>()?.Identifier.ValueText ?? "(none)";
                if (!byMethod.TryGetValue(name, out var ids))
                {
                    byMethod.Add(name, ids = new List<string>());
                }

                ids.Add(diagnostic.Id);
            }

            foreach (var ids in byMethod.Values)
            {
                ids.Sort(StringComparer.Ordinal);
            }

            return byMethod;
        }
    }
}
