using Microsoft.CodeAnalysis;
using StrideGen.Generators.Emitting;
using StrideGen.Generators.Parsing;

namespace StrideGen.Generators
{
    /// <summary>
    /// The incremental pipeline, and nothing else: find methods with <c>[Conv2D]</c>, parse each into a value-equatable
    /// model, and emit one source file per layer. Shape rules live in Geometry, scheduling in Planning, text in Emitting.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class LayerGenerator : IIncrementalGenerator
    {
        internal const string Conv2DAttributeName = "StrideGen.Conv2DAttribute";

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var layers = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    Conv2DAttributeName,
                    predicate: static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax,
                    transform: static (context, cancellationToken) => LayerParser.Parse(context, cancellationToken))
                .Where(static model => model is not null)
                .WithTrackingName("Layers");

            context.RegisterSourceOutput(layers, static (output, model) => LayerSourceWriter.Write(output, model!));
        }
    }
}
