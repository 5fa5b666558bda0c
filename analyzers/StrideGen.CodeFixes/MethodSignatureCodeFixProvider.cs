using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StrideGen.Analyzers;

namespace StrideGen.CodeFixes
{
    /// <summary>
    /// SGEN005: make the method a <c>static partial void</c> declaration (an empty body is dropped: the generator writes
    /// it). Offered only where the method then fits the layer and the layer has no other diagnostic: a generic method, a
    /// non-partial containing type or a wrong parameter list need a person's decision.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MethodSignatureCodeFixProvider)), Shared]
    public sealed class MethodSignatureCodeFixProvider : CodeFixProvider
    {
        private static readonly SyntaxKind[] Accessibility =
        {
            SyntaxKind.PublicKeyword, SyntaxKind.PrivateKeyword, SyntaxKind.ProtectedKeyword, SyntaxKind.InternalKeyword, SyntaxKind.FileKeyword,
        };

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.SignatureMismatch.Id);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var fix = await LayerFixContext.CreateAsync(context.Document, context.Diagnostics[0].Location.SourceSpan, context.CancellationToken).ConfigureAwait(false);
            if (fix is null || Rewrite(fix.MethodSyntax) is not { } rewritten)
            {
                return;
            }

            var marker = new SyntaxAnnotation();
            var changed = fix.Document.WithSyntaxRoot(fix.Root.ReplaceNode(fix.MethodSyntax, rewritten.WithAdditionalAnnotations(marker)));
            if (await FixOutcome.IsCleanAfterAsync(fix, changed, marker, context.CancellationToken).ConfigureAwait(false))
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Make '{fix.Layer.Method.Name}' static partial void", _ => Task.FromResult(changed), "SGEN005.StaticPartialVoid"),
                    context.Diagnostics);
            }
        }

        /// <summary>The method with <c>static</c> and <c>partial</c> (last, as C# requires), returning void, without an empty body; null when it has a body with code.</summary>
        private static MethodDeclarationSyntax? Rewrite(MethodDeclarationSyntax method)
        {
            if (method.ExpressionBody is not null || (method.Body is { } body && body.Statements.Count > 0))
            {
                return null;
            }

            var kept = method.Modifiers.Where(m => !m.IsKind(SyntaxKind.StaticKeyword) && !m.IsKind(SyntaxKind.PartialKeyword)).ToList();
            int afterAccessibility = kept.FindLastIndex(m => Accessibility.Contains(m.Kind())) + 1;
            var modifiers = new List<SyntaxToken>(kept);
            modifiers.Insert(afterAccessibility, SyntaxFactory.Token(SyntaxKind.StaticKeyword).WithTrailingTrivia(SyntaxFactory.Space));
            modifiers.Add(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));

            // The leading trivia (documentation, indentation) belongs to the first token, whichever it now is.
            var leading = method.Modifiers.Count > 0 ? method.Modifiers[0].LeadingTrivia : method.ReturnType.GetLeadingTrivia();
            modifiers[0] = modifiers[0].WithLeadingTrivia(leading);
            for (int i = 1; i < modifiers.Count; i++)
            {
                modifiers[i] = modifiers[i].WithLeadingTrivia();
            }

            for (int i = 0; i < modifiers.Count; i++)
            {
                modifiers[i] = modifiers[i].WithTrailingTrivia(SyntaxFactory.Space);
            }

            var voidType = SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.VoidKeyword)).WithTrailingTrivia(method.ReturnType.GetTrailingTrivia());
            var result = method
                .WithModifiers(SyntaxFactory.TokenList(modifiers))
                .WithReturnType(voidType);
            if (method.Body is { } empty)
            {
                result = result
                    .WithBody(null)
                    .WithParameterList(result.ParameterList.WithTrailingTrivia())
                    .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(empty.GetTrailingTrivia()));
            }

            return result;
        }
    }
}
