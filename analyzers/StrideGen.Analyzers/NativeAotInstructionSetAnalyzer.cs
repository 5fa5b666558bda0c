using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace StrideGen.Analyzers
{
    /// <summary>
    /// SGEN012: a NativeAOT project (<c>PublishAot</c>) with StrideGen layers and no <c>IlcInstructionSet</c>. NativeAOT
    /// compiles each <c>IsHardwareAccelerated</c> check once, for the instruction set it targets, and its x64 default has
    /// neither AVX2 nor AVX-512: every kernel then runs its Vector128 path (a 64-channel 3×3 layer: 35 against 117 GFLOP/s
    /// with <c>native</c>). Reported once per project, at its first layer; the MSBuild properties reach the analyzer through
    /// the package's <c>build/StrideGen.props</c> (<c>CompilerVisibleProperty</c>).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NativeAotInstructionSetAnalyzer : DiagnosticAnalyzer
    {
        public const string PublishAotProperty = "build_property.PublishAot";
        public const string InstructionSetProperty = "build_property.IlcInstructionSet";
        public const string RuntimeIdentifierProperty = "build_property.RuntimeIdentifier";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.NativeAotBaselineInstructionSet);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(static start =>
            {
                var options = start.Options.AnalyzerConfigOptionsProvider.GlobalOptions;
                if (!NeedsInstructionSet(Property(options, PublishAotProperty), Property(options, InstructionSetProperty), Property(options, RuntimeIdentifierProperty))
                    || LayerAttributeTypes.Find(start.Compilation) is not { } types)
                {
                    return;
                }

                // Layer attributes as they are found, concurrently; the first in source order is reported at the end. Per
                // document (see AttributedMethods), like LayerShapeAnalyzer.
                var layers = new ConcurrentBag<(string Path, int Position, Location Location, string Name)>();
                start.RegisterSemanticModelAction(model =>
                {
                    foreach (var syntax in AttributedMethods.In(model.SemanticModel.SyntaxTree.GetRoot(model.CancellationToken)))
                    {
                        if (model.SemanticModel.GetDeclaredSymbol(syntax, model.CancellationToken) is { } method
                            && types.Find(method) is { } found
                            && found.Attribute.ApplicationSyntaxReference is { } reference
                            && reference.SyntaxTree == syntax.SyntaxTree)
                        {
                            layers.Add((syntax.SyntaxTree.FilePath, reference.Span.Start, Location.Create(reference.SyntaxTree, reference.Span), method.Name));
                        }
                    }
                });
                start.RegisterCompilationEndAction(end =>
                {
                    if (layers.IsEmpty)
                    {
                        return;
                    }

                    var first = layers.OrderBy(l => l.Path, StringComparer.Ordinal).ThenBy(l => l.Position).First();
                    end.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NativeAotBaselineInstructionSet, first.Location, first.Name, layers.Count));
                });
            });
        }

        /// <summary>
        /// Whether a project with these MSBuild properties publishes NativeAOT code for the default x64 instruction set:
        /// <c>PublishAot</c> true, no <c>IlcInstructionSet</c>, and no Arm runtime identifier (Arm64's default, AdvSimd, is
        /// all its vectors use: it has no 256- or 512-bit ones).
        /// </summary>
        public static bool NeedsInstructionSet(string? publishAot, string? instructionSet, string? runtimeIdentifier) =>
            string.Equals(publishAot?.Trim(), "true", StringComparison.OrdinalIgnoreCase)
            && string.IsNullOrWhiteSpace(instructionSet)
            && (runtimeIdentifier is null || runtimeIdentifier.IndexOf("arm", StringComparison.OrdinalIgnoreCase) < 0);

        private static string? Property(AnalyzerConfigOptions options, string name) => options.TryGetValue(name, out var value) ? value : null;
    }
}
