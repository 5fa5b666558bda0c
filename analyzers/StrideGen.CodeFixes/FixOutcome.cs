using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StrideGen.Analyzers;
using StrideGen.Generators.Parsing;
using StrideGen.Geometry;

namespace StrideGen.CodeFixes
{
    /// <summary>
    /// Whether a candidate fix leaves a configuration with no diagnostic: the fixed layer has no problem at all (its method
    /// fits and its shape is clean), and no other layer of its type gains one (a changed output shape must not break a layer chained <c>From</c> it). Checked
    /// twice: on the candidate declaration before any text is written, and on the document the fix produces, read back
    /// through the same readers the analyzer uses.
    /// </summary>
    internal static class FixOutcome
    {
        public static bool IsClean(LayerFixContext context, LayerDeclaration candidate)
        {
            if (LayerSignature.FindProblem(context.Layer.Method, context.Layer.Kind) is not null)
            {
                return false;
            }

            var chain = context.Resolve(candidate);
            if (chain.Count == 0 || chain[chain.Count - 1].Problems.Count > 0)
            {
                return false;
            }

            var before = LayerResolution.ProblemsOfAll(context.Siblings);
            var after = LayerResolution.ProblemsOfAll(context.Siblings, context.Layer, candidate);
            return NoneGained(before, after, except: context.Layer.Method);
        }

        /// <summary>
        /// Reads the layer back from <paramref name="changed"/> (its method declaration carries <paramref name="marker"/>)
        /// and checks the same as <see cref="IsClean"/>.
        /// </summary>
        public static async Task<bool> IsCleanAfterAsync(LayerFixContext context, Document changed, SyntaxAnnotation marker, CancellationToken cancellationToken)
        {
            var root = await changed.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await changed.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root?.GetAnnotatedNodes(marker).OfType<MethodDeclarationSyntax>().FirstOrDefault() is not { } syntax
                || model?.GetDeclaredSymbol(syntax, cancellationToken) is not { } symbol
                || LayerAttributeTypes.Find(model.Compilation) is not { } types)
            {
                return false;
            }

            var method = symbol.PartialDefinitionPart ?? symbol;
            if (method.ContainingType is not { } type || DeclaredLayer.Read(method, types) is not { } layer)
            {
                return false;
            }

            if (LayerSignature.FindProblem(method, layer.Kind) is not null)
            {
                return false;
            }

            var siblings = DeclaredLayer.ReadAll(type, types);
            var chain = LayerResolution.Resolve(layer, siblings);
            if (chain.Count == 0 || chain[chain.Count - 1].Problems.Count > 0)
            {
                return false;
            }

            var before = ByName(LayerResolution.ProblemsOfAll(context.Siblings));
            var after = ByName(LayerResolution.ProblemsOfAll(siblings));
            foreach (var entry in after)
            {
                if (entry.Key != method.Name && (!before.TryGetValue(entry.Key, out var old) || entry.Value.Except(old).Any()))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool NoneGained(
            Dictionary<IMethodSymbol, IReadOnlyList<LayerProblem>> before,
            Dictionary<IMethodSymbol, IReadOnlyList<LayerProblem>> after,
            IMethodSymbol except)
        {
            foreach (var entry in after)
            {
                if (!SymbolEqualityComparer.Default.Equals(entry.Key, except)
                    && (!before.TryGetValue(entry.Key, out var old) || entry.Value.Except(old).Any()))
                {
                    return false;
                }
            }

            return true;
        }

        private static Dictionary<string, HashSet<LayerProblem>> ByName(Dictionary<IMethodSymbol, IReadOnlyList<LayerProblem>> problems)
        {
            var byName = new Dictionary<string, HashSet<LayerProblem>>(StringComparer.Ordinal);
            foreach (var entry in problems)
            {
                if (!byName.TryGetValue(entry.Key.Name, out var set))
                {
                    byName.Add(entry.Key.Name, set = new HashSet<LayerProblem>());
                }

                set.UnionWith(entry.Value);
            }

            return byName;
        }
    }
}
