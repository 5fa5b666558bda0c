using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StrideGen.CodeFixes
{
    /// <summary>Writes new attribute arguments into the document and keeps the result only when it reads back clean.</summary>
    internal static class AttributeFix
    {
        /// <summary>The changed document, or null when the written attribute does not read back as a clean layer.</summary>
        public static async Task<Document?> ApplyAsync(
            LayerFixContext fix,
            IReadOnlyCollection<string> managed,
            IReadOnlyList<(string Name, ExpressionSyntax Value)> values,
            CancellationToken cancellationToken)
        {
            if (fix.AttributeSyntax is not { } attribute || !fix.MethodSyntax.Span.Contains(attribute.Span))
            {
                return null;
            }

            var marker = new SyntaxAnnotation();
            var editedAttribute = AttributeArgumentEdit.Apply(attribute, managed, values);
            var method = fix.MethodSyntax.ReplaceNode(attribute, editedAttribute).WithAdditionalAnnotations(marker);
            var changed = fix.Document.WithSyntaxRoot(fix.Root.ReplaceNode(fix.MethodSyntax, method));
            return await FixOutcome.IsCleanAfterAsync(fix, changed, marker, cancellationToken).ConfigureAwait(false) ? changed : null;
        }
    }
}
