using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace StrideGen.Analyzers.Tests
{
    /// <summary>
    /// The titles of the fixes a provider offers for each of its diagnostics in a source, as the IDE's light bulb would
    /// list them: for pinning which fixes are offered and, as much, which are not.
    /// </summary>
    internal static class OfferedFixes
    {
        public static async Task<IReadOnlyList<string>> TitlesAsync(CodeFixProvider provider, string source)
        {
            using var workspace = new AdhocWorkspace();
            var project = workspace.CurrentSolution
                .AddProject("Test", "Test", LanguageNames.CSharp)
                .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
                .WithParseOptions(new CSharpParseOptions(LanguageVersion.Latest))
                .WithMetadataReferences(await Verification.ReferencesAsync());
            var document = project.AddDocument("Test.cs", SourceText.From(source));
            var compilation = (await document.Project.GetCompilationAsync())!;
            var diagnostics = await compilation
                .WithAnalyzers(ImmutableArray.CreateRange(Verification.Analyzers()))
                .GetAnalyzerDiagnosticsAsync();

            var titles = new List<string>();
            foreach (var diagnostic in diagnostics.Where(d => provider.FixableDiagnosticIds.Contains(d.Id)))
            {
                var actions = new List<CodeAction>();
                var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
                await provider.RegisterCodeFixesAsync(context);
                titles.AddRange(actions.Select(a => a.Title));
            }

            return titles.Distinct().ToList();
        }
    }
}
