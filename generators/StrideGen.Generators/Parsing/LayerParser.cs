using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StrideGen.Generators.Model;
using StrideGen.Geometry;

namespace StrideGen.Generators.Parsing
{
    /// <summary>
    /// Turns a method that carries <c>[Conv2D]</c> into a <see cref="LayerModel"/>: plain strings and numbers, nothing from
    /// Roslyn kept. Returns null where no implementation part can be written (not a partial definition, already implemented,
    /// generic, or inside a type that is not partial); the analyzer reports those.
    /// </summary>
    internal static class LayerParser
    {
        private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        public static LayerModel? Parse(GeneratorAttributeSyntaxContext context, LayerKind kind, CancellationToken cancellationToken)
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

        private static LayerModel? ParseCore(GeneratorAttributeSyntaxContext context, LayerKind kind, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (context.TargetSymbol is not IMethodSymbol method
                || context.TargetNode is not MethodDeclarationSyntax syntax
                || context.Attributes.Length == 0
                || !method.IsPartialDefinition
                || method.PartialImplementationPart is not null
                || method.IsGenericMethod)
            {
                return null;
            }

            var containingTypes = new List<ContainingType>();
            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (!LayerSignature.IsPartial(type))
                {
                    return null;
                }

                containingTypes.Insert(0, new ContainingType(Keyword(type), NameWithTypeParameters(type)));
            }

            var parameters = new List<ParameterModel>();
            foreach (var parameter in syntax.ParameterList.Parameters)
            {
                var symbol = method.Parameters.FirstOrDefault(p => p.Name == parameter.Identifier.ValueText);
                if (symbol is null)
                {
                    return null;
                }

                parameters.Add(new ParameterModel(parameter.Modifiers.ToString(), TypeName(symbol.Type), EscapeIdentifier(symbol.Name)));
            }

            string modifiers = string.Join(" ", syntax.Modifiers.Where(m => m.Text != "partial").Select(m => m.Text));
            string? problem = LayerSignature.FindProblem(method, kind);
            var declaration = LayerDeclarationReader.Read(context.Attributes[0], kind, LayerSignature.HasBias(method, kind));
            var chain = Chain(method, declaration, cancellationToken);
            string? ns = method.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;

            return new LayerModel(
                HintName(method, ns),
                ns,
                new EquatableArray<ContainingType>(containingTypes),
                new MethodModel(
                    EscapeIdentifier(method.Name),
                    modifiers,
                    method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(TypeFormat),
                    new EquatableArray<ParameterModel>(parameters),
                    problem),
                new EquatableArray<ChainLink>(chain));
        }

        /// <summary>
        /// This layer and the layers its <c>From</c> chain passes through, read from the sibling methods' attributes; first
        /// layer first, this one last. Stops at a missing name or a cycle, which the shape model then reports.
        /// </summary>
        private static List<ChainLink> Chain(IMethodSymbol method, LayerDeclaration declaration, CancellationToken cancellationToken)
        {
            var chain = new List<ChainLink> { new(method.Name, declaration) };
            var seen = new HashSet<string>(StringComparer.Ordinal) { method.Name };
            string? from = declaration.From;
            while (from is not null && seen.Add(from))
            {
                cancellationToken.ThrowIfCancellationRequested();
                ChainLink? previous = null;
                foreach (var member in method.ContainingType.GetMembers(from))
                {
                    if (member is IMethodSymbol sibling && LayerAttributes.Find(sibling) is { } found)
                    {
                        var siblingDeclaration = LayerDeclarationReader.Read(found.Attribute, found.Kind, LayerSignature.HasBias(sibling, found.Kind));
                        previous = new ChainLink(sibling.Name, siblingDeclaration);
                        break;
                    }
                }

                if (previous is null)
                {
                    break;
                }

                chain.Insert(0, previous);
                from = previous.Declaration.From;
            }

            return chain;
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
            Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;

        /// <summary>
        /// A stable, unique file name: namespace, then the enclosing types joined with '+' (so a nested type never reads like a
        /// namespace), then the method, e.g. <c>App.Net+Inner.Down.g.cs</c>. An overloaded method adds its position among the
        /// overloads, so two layers never share a name.
        /// </summary>
        private static string HintName(IMethodSymbol method, string? ns)
        {
            var builder = new StringBuilder();
            if (ns is not null)
            {
                builder.Append(ns).Append('.');
            }

            var types = new List<string>();
            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                types.Insert(0, type.Arity == 0 ? type.Name : type.Name + "`" + type.Arity);
            }

            builder.Append(string.Join("+", types)).Append('.').Append(method.Name);
            var overloads = method.ContainingType.GetMembers(method.Name);
            if (overloads.Length > 1)
            {
                int position = 0;
                while (position < overloads.Length && !SymbolEqualityComparer.Default.Equals(overloads[position], method))
                {
                    position++;
                }

                builder.Append('`').Append(position + 1);
            }

            builder.Append(".g.cs");
            var safe = new StringBuilder(builder.Length);
            foreach (char c in builder.ToString())
            {
                safe.Append(char.IsLetterOrDigit(c) || c is '.' or '_' or '`' or '+' ? c : '_');
            }

            return safe.ToString();
        }
    }
}
