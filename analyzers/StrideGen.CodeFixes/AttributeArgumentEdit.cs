using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace StrideGen.CodeFixes
{
    /// <summary>
    /// Rewrites some of a layer attribute's named arguments: every argument in <c>managed</c> is removed, and the new
    /// values are written where the first of them stood (or at the end), in the order given. Other arguments keep their
    /// place and text.
    /// </summary>
    internal static class AttributeArgumentEdit
    {
        public static AttributeSyntax Apply(AttributeSyntax attribute, IReadOnlyCollection<string> managed, IReadOnlyList<(string Name, ExpressionSyntax Value)> values)
        {
            var list = attribute.ArgumentList?.Arguments ?? default;
            bool IsManaged(AttributeArgumentSyntax a) => a.NameEquals is { } name && managed.Contains(name.Name.Identifier.ValueText);

            int insertAt = -1;
            for (int i = list.Count - 1; i >= 0; i--)
            {
                if (IsManaged(list[i]))
                {
                    insertAt = i;
                    list = list.RemoveAt(i);
                }
            }

            if (insertAt < 0)
            {
                insertAt = list.Count;
            }

            list = list.InsertRange(insertAt, values.Select(v => SyntaxFactory.AttributeArgument(
                SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName(v.Name)), null, v.Value)));
            return attribute.WithArgumentList(list.Count == 0
                ? null
                : (attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList()).WithArguments(list));
        }

        public static ExpressionSyntax Number(int value) => value >= 0
            ? SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(value))
            : SyntaxFactory.PrefixUnaryExpression(SyntaxKind.UnaryMinusExpression,
                SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(-(long)value)));

        /// <summary><c>global::StrideGen.PaddingMode.{member}</c>, reduced to what the file's usings allow when the fix is applied.</summary>
        public static ExpressionSyntax PaddingMode(string member) =>
            SyntaxFactory.ParseExpression("global::StrideGen.PaddingMode." + member.ToString(CultureInfo.InvariantCulture))
                .WithAdditionalAnnotations(Simplifier.Annotation);
    }
}
