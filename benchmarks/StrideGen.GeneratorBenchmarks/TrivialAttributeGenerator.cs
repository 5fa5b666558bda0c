using Microsoft.CodeAnalysis;

namespace StrideGen.GeneratorBenchmarks;

/// <summary>
/// StrideGen's three <c>ForAttributeWithMetadataName</c> pipelines with a transform that only reads the method's name and
/// an output that writes nothing: what Roslyn itself costs to find the layers again after a compilation changes, the floor
/// under <see cref="GeneratorBenchmarks.IncrementalAfterUnrelatedEdit"/>.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class TrivialAttributeGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        foreach (var attribute in new[] { "StrideGen.Conv2DAttribute", "StrideGen.MaxPool2DAttribute", "StrideGen.AvgPool2DAttribute" })
        {
            var names = context.SyntaxProvider.ForAttributeWithMetadataName(
                attribute,
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax,
                static (target, _) => target.TargetSymbol.Name);
            context.RegisterSourceOutput(names, static (_, _) => { });
        }
    }
}
