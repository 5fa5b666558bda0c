using Microsoft.CodeAnalysis;
using StrideGen.Geometry;

namespace StrideGen.Generators.Parsing
{
    /// <summary>The layer attributes by metadata name, and which kind each declares. Shared by the generator and the analyzer.</summary>
    internal static class LayerAttributes
    {
        public const string Conv2D = "StrideGen.Conv2DAttribute";
        public const string MaxPool2D = "StrideGen.MaxPool2DAttribute";
        public const string AvgPool2D = "StrideGen.AvgPool2DAttribute";

        /// <summary>The kind an attribute class declares, or null when it is not a StrideGen layer attribute.</summary>
        public static LayerKind? KindOf(INamedTypeSymbol? attributeClass)
        {
            if (attributeClass is null || attributeClass.ContainingNamespace is not { Name: "StrideGen", ContainingNamespace.IsGlobalNamespace: true })
            {
                return null;
            }

            return attributeClass.Name switch
            {
                "Conv2DAttribute" => LayerKind.Conv2D,
                "MaxPool2DAttribute" => LayerKind.MaxPool2D,
                "AvgPool2DAttribute" => LayerKind.AvgPool2D,
                _ => null,
            };
        }

        /// <summary>The first StrideGen layer attribute on <paramref name="symbol"/>, with its kind.</summary>
        public static (AttributeData Attribute, LayerKind Kind)? Find(ISymbol symbol)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (KindOf(attribute.AttributeClass) is { } kind)
                {
                    return (attribute, kind);
                }
            }

            return null;
        }
    }
}
