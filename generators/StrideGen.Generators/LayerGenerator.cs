using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StrideGen.Generators.Emitting;
using StrideGen.Generators.Parsing;
using StrideGen.Geometry;

namespace StrideGen.Generators
{
    /// <summary>
    /// The incremental pipeline, and nothing else: find methods with a layer attribute, parse each into a value-equatable
    /// model, and emit one source file per layer, plus one network summary per containing type that chains layers.
    /// Shape rules live in Geometry, scheduling in Planning, text in Emitting.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class LayerGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var conv = Layers(context, LayerAttributes.Conv2D, LayerKind.Conv2D);
            var maxPool = Layers(context, LayerAttributes.MaxPool2D, LayerKind.MaxPool2D);
            var avgPool = Layers(context, LayerAttributes.AvgPool2D, LayerKind.AvgPool2D);

            // Whether the project allows unsafe code, which a multi-threaded layer needs: a bool, so a new compilation that
            // leaves it as it was re-runs nothing downstream; and only layers with Threads > 1 carry it, so flipping it
            // rewrites only those.
            var allowUnsafe = context.CompilationProvider
                .Select(static (compilation, _) => compilation.Options is CSharpCompilationOptions { AllowUnsafe: true })
                .WithTrackingName("AllowUnsafe");
            var convWithUnsafe = conv.Combine(allowUnsafe)
                .Select(static (layer, _) => (Model: layer.Left!, AllowUnsafe: layer.Right && layer.Left!.Declaration.Threads > 1));

            context.RegisterSourceOutput(convWithUnsafe, static (output, layer) => LayerSourceWriter.Write(output, layer.Model, layer.AllowUnsafe));
            context.RegisterSourceOutput(maxPool, static (output, model) => LayerSourceWriter.Write(output, model!));
            context.RegisterSourceOutput(avgPool, static (output, model) => LayerSourceWriter.Write(output, model!));

            var summaries = conv.Collect()
                .Combine(maxPool.Collect())
                .Combine(avgPool.Collect())
                .SelectMany(static (all, _) => NetworkSummaryModels.Build(all.Left.Left, all.Left.Right, all.Right))
                .WithTrackingName("NetworkSummaries");
            context.RegisterSourceOutput(summaries, static (output, model) => NetworkSummaryWriter.Write(output, model));
        }

        private static IncrementalValuesProvider<Model.LayerModel?> Layers(IncrementalGeneratorInitializationContext context, string attribute, LayerKind kind) =>
            context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    attribute,
                    predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax,
                    transform: (context, cancellationToken) => LayerParser.Parse(context, kind, cancellationToken))
                .Where(static model => model is not null)
                .WithTrackingName("Layers" + kind);
    }
}
