using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using StrideGen.Analyzers;
using StrideGen.Geometry;

namespace StrideGen.CodeFixes
{
    /// <summary>
    /// The layer a diagnostic is about, as a code fix sees it: the method's syntax and symbol, its attribute, the shape
    /// model's reading of it, and its sibling layers (the ones its <c>From</c> chain can name).
    /// </summary>
    internal sealed class LayerFixContext
    {
        private LayerFixContext(
            Document document,
            SyntaxNode root,
            MethodDeclarationSyntax method,
            AttributeSyntax? attribute,
            DeclaredLayer layer,
            IReadOnlyList<DeclaredLayer> siblings)
        {
            Document = document;
            Root = root;
            MethodSyntax = method;
            AttributeSyntax = attribute;
            Layer = layer;
            Siblings = siblings;
        }

        public Document Document { get; }

        public SyntaxNode Root { get; }

        public MethodDeclarationSyntax MethodSyntax { get; }

        /// <summary>The layer attribute as written in this document, or null when it is written elsewhere.</summary>
        public AttributeSyntax? AttributeSyntax { get; }

        public DeclaredLayer Layer { get; }

        public IReadOnlyList<DeclaredLayer> Siblings { get; }

        /// <summary>The layer's <c>From</c> chain, resolved (the layer last).</summary>
        public IReadOnlyList<ResolvedLayer> Resolve(LayerDeclaration? replacement = null) =>
            LayerResolution.Resolve(Layer, Siblings, replacement is null ? null : Layer, replacement);

        /// <summary>The context of the layer whose method declaration contains <paramref name="span"/>, or null.</summary>
        public static async Task<LayerFixContext?> CreateAsync(Document document, TextSpan span, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null
                || root.FindNode(span).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } syntax
                || model.GetDeclaredSymbol(syntax, cancellationToken) is not { } symbol
                || LayerAttributeTypes.Find(model.Compilation) is not { } types)
            {
                return null;
            }

            var method = symbol.PartialDefinitionPart ?? symbol;
            if (method.ContainingType is not { } type || DeclaredLayer.Read(method, types) is not { } layer)
            {
                return null;
            }

            var attribute = layer.Attribute.ApplicationSyntaxReference is { } reference && reference.SyntaxTree == root.SyntaxTree
                ? root.FindNode(reference.Span) as AttributeSyntax
                : null;
            return new LayerFixContext(document, root, syntax, attribute, layer, DeclaredLayer.ReadAll(type, types));
        }
    }
}
