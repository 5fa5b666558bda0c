using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StrideGen.Analyzers
{
    /// <summary>
    /// The method declarations of a document that carry attributes, the candidates for layers. The analyzers walk documents
    /// rather than symbols: once the generator has written a layer's implementation part, the compiler treats the partial
    /// method as declared in generated code, and symbol or syntax-node actions on it are skipped.
    /// </summary>
    internal static class AttributedMethods
    {
        /// <summary>Methods with attribute lists under <paramref name="root"/>, not looking inside members' bodies.</summary>
        public static IEnumerable<MethodDeclarationSyntax> In(SyntaxNode root)
        {
            foreach (var node in root.DescendantNodes(static n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                if (node is MethodDeclarationSyntax { AttributeLists.Count: > 0 } method)
                {
                    yield return method;
                }
            }
        }
    }
}
