using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StrideGen.Generators.Emitting;
using StrideGen.Generators.Model;
using StrideGen.Generators.Parsing;
using StrideGen.Geometry;

namespace StrideGen.Generators
{
    /// <summary>
    /// The incremental pipeline, and nothing else: find methods with a layer attribute and read each into a small
    /// value-equatable site; combine the sites into one model per layer (hint name and From chain); emit one source file per
    /// layer, plus one network summary per containing type that chains layers. Only the per-method step touches symbols,
    /// and it runs for every layer on every compilation change; everything after it sees equal inputs after an edit that
    /// changes no layer, and is skipped. Shape rules live in Geometry, scheduling in Planning, text in Emitting.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class LayerGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var conv = Sites(context, LayerAttributes.Conv2D, LayerKind.Conv2D);
            var maxPool = Sites(context, LayerAttributes.MaxPool2D, LayerKind.MaxPool2D);
            var avgPool = Sites(context, LayerAttributes.AvgPool2D, LayerKind.AvgPool2D);

            var layers = conv.Collect()
                .Combine(maxPool.Collect())
                .Combine(avgPool.Collect())
                .SelectMany(static (all, _) => LayerModels.Build(all.Left.Left, all.Left.Right, all.Right))
                .WithTrackingName("Layers");

            // Whether the project allows unsafe code, which a multi-threaded layer needs and a banded one uses: a bool, so a
            // new compilation that leaves it as it was re-runs nothing downstream; and only layers whose file depends on it
            // carry it, so flipping it rewrites only those.
            var allowUnsafe = context.CompilationProvider
                .Select(static (compilation, _) => compilation.Options is CSharpCompilationOptions { AllowUnsafe: true })
                .WithTrackingName("AllowUnsafe");
            var sources = layers.Combine(allowUnsafe)
                .Select(static (layer, _) => (Model: layer.Left, AllowUnsafe: layer.Right && layer.Left.DependsOnUnsafeCode));
            context.RegisterSourceOutput(sources, static (output, layer) => LayerSourceWriter.Write(output, layer.Model, layer.AllowUnsafe));

            var summaries = layers.Collect()
                .SelectMany(static (all, _) => NetworkSummaryModels.Build(all))
                .WithTrackingName("NetworkSummaries");
            context.RegisterSourceOutput(summaries, static (output, model) => NetworkSummaryWriter.Write(output, model));
        }

        private static IncrementalValuesProvider<LayerSite?> Sites(IncrementalGeneratorInitializationContext context, string attribute, LayerKind kind) =>
            context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    attribute,
                    predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax,
                    transform: (context, cancellationToken) => LayerParser.Parse(context, kind, cancellationToken))
                .Where(static site => site is not null)
                .WithTrackingName("Layers" + kind);
    }
}
