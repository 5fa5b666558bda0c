using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StrideGen.Analyzers
{
    /// <summary>
    /// Whether a variable may be written after its initializer: an assignment (also compound and deconstructing), an
    /// increment, or a <c>ref</c>, <c>out</c>, <c>in</c> or address-of use that could write through. Conservative: a use
    /// that might write counts as a write, so a buffer length is only trusted when nothing can have changed it.
    /// </summary>
    internal static class Writes
    {
        /// <summary>Whether <paramref name="local"/> is written anywhere in <paramref name="scope"/> other than its declaration.</summary>
        public static bool AnyTo(ILocalSymbol local, SyntaxNode scope, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var node in scope.DescendantNodes())
            {
                if (node is IdentifierNameSyntax identifier
                    && identifier.Identifier.ValueText == local.Name
                    && IsWriteContext(identifier)
                    && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, local))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether a constructor or init accessor of the field's type may assign <paramref name="field"/> (the only places a
        /// readonly field can be written): any mention of its name there, or an assignment to <c>this</c> in a struct, counts.
        /// </summary>
        public static bool InConstructorsMayReassign(IFieldSymbol field, CancellationToken cancellationToken)
        {
            var type = field.ContainingType;
            foreach (var member in type.GetMembers())
            {
                bool writesFields = member is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor }
                    or IMethodSymbol { IsInitOnly: true };
                if (!writesFields)
                {
                    continue;
                }

                foreach (var reference in member.DeclaringSyntaxReferences)
                {
                    foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
                    {
                        if ((node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == field.Name)
                            || (node is ThisExpressionSyntax self && IsWriteContext(self)))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private static bool IsWriteContext(ExpressionSyntax expression)
        {
            SyntaxNode node = expression;
            while (node.Parent is ParenthesizedExpressionSyntax)
            {
                node = node.Parent;
            }

            // Deconstruction: (a, b) = …, possibly nested.
            while (node.Parent is ArgumentSyntax { Parent: TupleExpressionSyntax tuple })
            {
                node = tuple;
            }

            return node.Parent switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left == node,
                PrefixUnaryExpressionSyntax prefix => prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression)
                    || prefix.IsKind(SyntaxKind.AddressOfExpression),
                PostfixUnaryExpressionSyntax postfix => postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression),
                ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
                RefExpressionSyntax => true,
                _ => false,
            };
        }
    }
}
