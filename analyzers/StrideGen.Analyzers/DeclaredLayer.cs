using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using StrideGen.Generators.Parsing;
using StrideGen.Geometry;

namespace StrideGen.Analyzers
{
    /// <summary>A method that carries a layer attribute, with the attribute read into the shape model's <see cref="LayerDeclaration"/>.</summary>
    internal sealed record DeclaredLayer(IMethodSymbol Method, AttributeData Attribute, LayerKind Kind, LayerDeclaration Declaration)
    {
        public ChainLink Link => new(Method.Name, Declaration);

        /// <summary>The layer declared by <paramref name="method"/>, or null when it carries no layer attribute.</summary>
        public static DeclaredLayer? Read(IMethodSymbol method, LayerAttributeTypes types)
        {
            if (types.Find(method) is not { } found)
            {
                return null;
            }

            var declaration = LayerDeclarationReader.Read(found.Attribute, found.Kind, LayerSignature.HasBias(method, found.Kind));
            return new DeclaredLayer(method, found.Attribute, found.Kind, declaration);
        }

        /// <summary>
        /// Every layer of <paramref name="type"/>, in member order: the layers a <c>From</c> chain may name. Partial methods
        /// appear once, as their definition part (which carries the attributes of both parts).
        /// </summary>
        public static IReadOnlyList<DeclaredLayer> ReadAll(INamedTypeSymbol type, LayerAttributeTypes types)
        {
            var layers = new List<DeclaredLayer>();
            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method && Read(method, types) is { } layer)
                {
                    layers.Add(layer);
                }
            }

            return layers;
        }
    }
}
