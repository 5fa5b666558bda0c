using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace StrideGen.Analyzers
{
    /// <summary>
    /// One compilation's layers, read once per containing type: analysing every layer of a type needs every sibling
    /// (for <c>From</c> chains), and every call to a layer needs its resolved shape.
    /// </summary>
    internal sealed class LayerIndex
    {
        private readonly ConcurrentDictionary<INamedTypeSymbol, IReadOnlyList<DeclaredLayer>> byType = new(SymbolEqualityComparer.Default);

        public LayerIndex(LayerAttributeTypes types) => Types = types;

        public LayerAttributeTypes Types { get; }

        /// <summary>The layers of <paramref name="type"/>.</summary>
        public IReadOnlyList<DeclaredLayer> LayersOf(INamedTypeSymbol type) =>
            byType.GetOrAdd(type, t => DeclaredLayer.ReadAll(t, Types));

        /// <summary>The layer <paramref name="method"/> declares (its definition part's), or null when it is not a layer.</summary>
        public DeclaredLayer? Find(IMethodSymbol method)
        {
            var definition = method.PartialDefinitionPart ?? method;
            if (definition.ContainingType is not { } type || Types.Find(definition) is null)
            {
                return null;
            }

            foreach (var layer in LayersOf(type))
            {
                if (SymbolEqualityComparer.Default.Equals(layer.Method, definition))
                {
                    return layer;
                }
            }

            return null;
        }
    }
}
