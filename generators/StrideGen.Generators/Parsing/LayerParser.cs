using System;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StrideGen.Generators.Model;
using StrideGen.Geometry;

namespace StrideGen.Generators.Parsing
{
    /// <summary>
    /// Turns a method that carries a layer attribute into a <see cref="LayerSite"/>: plain strings and numbers, nothing from
    /// Roslyn kept. Returns null where the method is not a layer any other layer can reach (no method, or inside a type that
    /// is not partial); a method whose implementation part cannot be written (not a partial definition, already
    /// implemented, generic) becomes a site without a <see cref="LayerSite.Method"/>. The analyzer reports all of those.
    /// </summary>
    /// <remarks>
    /// This runs for every layer whenever the compilation changes (a keystroke anywhere in the project), so it reads only
    /// this method: its attribute's arguments and its signature. It does not follow <c>From</c> to other methods and does
    /// not build hint names (<see cref="LayerModels"/> does both, from the sites), and it avoids LINQ and the symbol display
    /// machinery on the common path.
    /// </remarks>
    internal static class LayerParser
    {
        private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        public static LayerSite? Parse(GeneratorAttributeSyntaxContext context, LayerKind kind, CancellationToken cancellationToken)
        {
            try
            {
                return ParseCore(context, kind, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Half-typed code must never make the generator fail (CS8785); the analyzer explains what is wrong.
                return null;
            }
        }

        private static LayerSite? ParseCore(GeneratorAttributeSyntaxContext context, LayerKind kind, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (context.TargetSymbol is not IMethodSymbol method
                || context.TargetNode is not MethodDeclarationSyntax syntax
                || context.Attributes.Length == 0
                || method.ContainingType is null)
            {
                return null;
            }

            var containingTypes = ContainingTypes(method, syntax);
            if (containingTypes is null)
            {
                return null; // a type that is not partial: nothing in it can be generated, so no layer there reads this one
            }

            var declaration = LayerDeclarationReader.Read(context.Attributes[0], kind, LayerSignature.HasBias(method, kind));
            bool isChainTarget = LayerAttributes.Find(method) is { } first && first.Kind == kind;
            string? ns = Namespace(method.ContainingNamespace);
            MethodModel? model = method.IsPartialDefinition && method.PartialImplementationPart is null && !method.IsGenericMethod
                ? Method(method, syntax, kind)
                : null;
            return new LayerSite(
                method.Name,
                declaration,
                isChainTarget,
                Overload(method.PartialDefinitionPart ?? method),
                ns,
                EquatableArray<ContainingType>.Wrap(containingTypes),
                model);
        }

        /// <summary>The declared method as text, or null when a declared parameter is missing from the symbol (half-typed code).</summary>
        private static MethodModel? Method(IMethodSymbol method, MethodDeclarationSyntax syntax, LayerKind kind)
        {
            var declared = syntax.ParameterList.Parameters;
            var symbols = method.Parameters;
            var parameters = new ParameterModel[declared.Count];
            for (int i = 0; i < parameters.Length; i++)
            {
                var parameter = declared[i];
                string name = parameter.Identifier.ValueText;
                IParameterSymbol? symbol = null;
                foreach (var candidate in symbols)
                {
                    if (candidate.Name == name)
                    {
                        symbol = candidate;
                        break;
                    }
                }

                if (symbol is null)
                {
                    return null;
                }

                parameters[i] = new ParameterModel(parameter.Modifiers.Count == 0 ? string.Empty : parameter.Modifiers.ToString(), TypeName(symbol.Type), EscapeIdentifier(symbol.Name));
            }

            return new MethodModel(
                EscapeIdentifier(method.Name),
                Modifiers(syntax.Modifiers),
                method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(TypeFormat),
                EquatableArray<ParameterModel>.Wrap(parameters),
                LayerSignature.FindProblem(method, kind),
                HasDocumentationComment(syntax));
        }

        /// <summary>
        /// Whether a <c>///</c> or <c>/** */</c> comment precedes the declaration (read as a comment too where the project
        /// does not parse documentation).
        /// </summary>
        private static bool HasDocumentationComment(MethodDeclarationSyntax syntax)
        {
            foreach (var trivia in syntax.GetLeadingTrivia())
            {
                if (trivia.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia)
                    || trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) && trivia.ToString().StartsWith("///", System.StringComparison.Ordinal)
                    || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia) && trivia.ToString().StartsWith("/**", System.StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The enclosing types, outermost first, or null when one of them is not partial. The type declaration around the
        /// method usually says <c>partial</c> itself, which is read from the syntax; only otherwise are the type's other
        /// declarations asked.
        /// </summary>
        private static ContainingType[]? ContainingTypes(IMethodSymbol method, MethodDeclarationSyntax syntax)
        {
            int depth = 0;
            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                depth++;
            }

            var types = new ContainingType[depth];
            var enclosing = syntax.Parent as TypeDeclarationSyntax;
            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (!(enclosing is not null && HasPartial(enclosing.Modifiers)) && !LayerSignature.IsPartial(type))
                {
                    return null;
                }

                types[--depth] = new ContainingType(Keyword(type), NameWithTypeParameters(type), type.Arity == 0 ? type.Name : type.Name + "`" + type.Arity);
                enclosing = enclosing?.Parent as TypeDeclarationSyntax;
            }

            return types;
        }

        private static bool HasPartial(SyntaxTokenList modifiers)
        {
            foreach (var modifier in modifiers)
            {
                if (modifier.Text == "partial")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The method's modifiers as written, without <c>partial</c>, joined by spaces.</summary>
        private static string Modifiers(SyntaxTokenList modifiers)
        {
            string? first = null;
            StringBuilder? more = null;
            foreach (var modifier in modifiers)
            {
                string text = modifier.Text;
                if (text == "partial")
                {
                    continue;
                }

                if (first is null)
                {
                    first = text;
                }
                else
                {
                    more ??= new StringBuilder(first);
                    more.Append(' ').Append(text);
                }
            }

            return more?.ToString() ?? first ?? string.Empty;
        }

        /// <summary>
        /// The namespace as C# writes it, or null for the global namespace. A one-part name that is no keyword is the
        /// symbol's own name; anything else goes through the symbol display, which escapes keywords.
        /// </summary>
        private static string? Namespace(INamespaceSymbol? ns)
        {
            if (ns is null || ns.IsGlobalNamespace)
            {
                return null;
            }

            return ns.ContainingNamespace is { IsGlobalNamespace: true }
                && SyntaxFacts.GetKeywordKind(ns.Name) == SyntaxKind.None
                && SyntaxFacts.GetContextualKeywordKind(ns.Name) == SyntaxKind.None
                ? ns.Name
                : ns.ToDisplayString();
        }

        /// <summary>0 when the method's name is its own in the containing type, else its position among the members of that name, from 1.</summary>
        private static int Overload(IMethodSymbol method)
        {
            var overloads = method.ContainingType.GetMembers(method.Name);
            if (overloads.Length <= 1)
            {
                return 0;
            }

            int position = 0;
            while (position < overloads.Length && !SymbolEqualityComparer.Default.Equals(overloads[position], method))
            {
                position++;
            }

            return position + 1;
        }

        /// <summary>
        /// The type as written in the generated signature. The spans every layer takes are spelt without the symbol display
        /// machinery, which is most of what re-parsing an unchanged layer costs on a keystroke.
        /// </summary>
        private static string TypeName(ITypeSymbol type) =>
            type is INamedTypeSymbol { Arity: 1, Name: "Span" or "ReadOnlySpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } span
            && span.TypeArguments[0].SpecialType == SpecialType.System_Single && span.TypeArguments[0].NullableAnnotation != NullableAnnotation.Annotated
                ? (span.Name == "Span" ? "global::System.Span<float>" : "global::System.ReadOnlySpan<float>")
                : type.ToDisplayString(TypeFormat);

        private static string Keyword(INamedTypeSymbol type)
        {
            if (type.IsRecord)
            {
                return type.IsValueType ? "record struct" : "record";
            }

            return type.TypeKind switch
            {
                TypeKind.Struct => "struct",
                TypeKind.Interface => "interface",
                _ => "class",
            };
        }

        private static string NameWithTypeParameters(INamedTypeSymbol type) =>
            type.TypeParameters.Length == 0
                ? EscapeIdentifier(type.Name)
                : EscapeIdentifier(type.Name) + "<" + string.Join(", ", type.TypeParameters.Select(t => EscapeIdentifier(t.Name))) + ">";

        private static string EscapeIdentifier(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
    }
}
