using Microsoft.CodeAnalysis;
using StrideGen.Generators.Parsing;
using StrideGen.Geometry;

namespace StrideGen.Analyzers
{
    /// <summary>The three layer attribute types of one compilation, looked up once; null members where the type does not exist.</summary>
    internal sealed class LayerAttributeTypes
    {
        private readonly INamedTypeSymbol? conv;
        private readonly INamedTypeSymbol? maxPool;
        private readonly INamedTypeSymbol? avgPool;

        private LayerAttributeTypes(INamedTypeSymbol? conv, INamedTypeSymbol? maxPool, INamedTypeSymbol? avgPool)
        {
            this.conv = conv;
            this.maxPool = maxPool;
            this.avgPool = avgPool;
        }

        /// <summary>The attribute types of <paramref name="compilation"/>, or null when it does not reference StrideGen at all.</summary>
        public static LayerAttributeTypes? Find(Compilation compilation)
        {
            var conv = compilation.GetTypeByMetadataName(LayerAttributes.Conv2D);
            var maxPool = compilation.GetTypeByMetadataName(LayerAttributes.MaxPool2D);
            var avgPool = compilation.GetTypeByMetadataName(LayerAttributes.AvgPool2D);
            return conv is null && maxPool is null && avgPool is null ? null : new LayerAttributeTypes(conv, maxPool, avgPool);
        }

        /// <summary>The first layer attribute on <paramref name="symbol"/> and the kind it declares, or null.</summary>
        public (AttributeData Attribute, LayerKind Kind)? Find(ISymbol symbol)
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

        private LayerKind? KindOf(INamedTypeSymbol? attributeClass)
        {
            if (attributeClass is null)
            {
                return null;
            }

            if (SymbolEqualityComparer.Default.Equals(attributeClass, conv))
            {
                return LayerKind.Conv2D;
            }

            if (SymbolEqualityComparer.Default.Equals(attributeClass, maxPool))
            {
                return LayerKind.MaxPool2D;
            }

            return SymbolEqualityComparer.Default.Equals(attributeClass, avgPool) ? LayerKind.AvgPool2D : null;
        }
    }
}
