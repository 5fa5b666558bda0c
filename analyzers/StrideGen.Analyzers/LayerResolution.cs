using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using StrideGen.Geometry;

namespace StrideGen.Analyzers
{
    /// <summary>
    /// Resolves a layer the way the generator does: through <see cref="LayerChain"/>, over the layers of its containing
    /// type. Optionally with one layer's declaration replaced, which is how a code fix checks a candidate before offering it.
    /// </summary>
    internal static class LayerResolution
    {
        /// <summary>
        /// <paramref name="layer"/>'s <c>From</c> chain resolved first to last (the layer itself last), with
        /// <paramref name="replaced"/>'s declaration swapped for <paramref name="replacement"/> when given.
        /// </summary>
        public static IReadOnlyList<ResolvedLayer> Resolve(
            DeclaredLayer layer,
            IReadOnlyList<DeclaredLayer> siblings,
            DeclaredLayer? replaced = null,
            LayerDeclaration? replacement = null)
        {
            // LayerChain takes the first layer of a name; this one goes first, so an overload cannot stand in for it.
            var links = new List<ChainLink>(siblings.Count + 1) { Link(layer, replaced, replacement) };
            foreach (var sibling in siblings)
            {
                if (!SymbolEqualityComparer.Default.Equals(sibling.Method, layer.Method))
                {
                    links.Add(Link(sibling, replaced, replacement));
                }
            }

            var chain = LayerChain.Resolve(layer.Method.Name, links);
            return chain.Count > 0 ? chain : Array.Empty<ResolvedLayer>();
        }

        /// <summary>The problems of every layer of the type, by method, with one declaration replaced when given.</summary>
        public static Dictionary<IMethodSymbol, IReadOnlyList<LayerProblem>> ProblemsOfAll(
            IReadOnlyList<DeclaredLayer> siblings,
            DeclaredLayer? replaced = null,
            LayerDeclaration? replacement = null)
        {
            var problems = new Dictionary<IMethodSymbol, IReadOnlyList<LayerProblem>>(SymbolEqualityComparer.Default);
            foreach (var sibling in siblings)
            {
                var chain = Resolve(sibling, siblings, replaced, replacement);
                problems[sibling.Method] = chain.Count > 0 ? chain[chain.Count - 1].Problems : Array.Empty<LayerProblem>();
            }

            return problems;
        }

        private static ChainLink Link(DeclaredLayer layer, DeclaredLayer? replaced, LayerDeclaration? replacement) =>
            replaced is not null && replacement is not null && SymbolEqualityComparer.Default.Equals(layer.Method, replaced.Method)
                ? new ChainLink(layer.Method.Name, replacement)
                : layer.Link;
    }
}
