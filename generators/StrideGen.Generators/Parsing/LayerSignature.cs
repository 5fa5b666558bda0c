using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using StrideGen.Geometry;

namespace StrideGen.Generators.Parsing
{
    /// <summary>
    /// The method shape a layer requires: for a convolution <c>static partial void Name(ReadOnlySpan&lt;float&gt; input,
    /// ReadOnlySpan&lt;float&gt; weights, [ReadOnlySpan&lt;float&gt; bias,] Span&lt;float&gt; output)</c>, for pooling
    /// <c>static partial void Name(ReadOnlySpan&lt;float&gt; input, Span&lt;float&gt; output)</c>. Shared by the generator and the analyzer.
    /// </summary>
    internal static class LayerSignature
    {
        private static readonly string[] PoolRoles = { "input", "output" };
        private static readonly string[] ConvRoles = { "input", "weights", "output" };
        private static readonly string[] ConvBiasRoles = { "input", "weights", "bias", "output" };

        public static string Expected(LayerKind kind) => kind == LayerKind.Conv2D
            ? "static partial void Name(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output), optionally with ReadOnlySpan<float> bias before output"
            : "static partial void Name(ReadOnlySpan<float> input, Span<float> output)";

        /// <summary>Whether a convolution's parameter list has the bias span (four parameters).</summary>
        public static bool HasBias(IMethodSymbol method, LayerKind kind) => kind == LayerKind.Conv2D && method.Parameters.Length == 4;

        /// <summary>Why <paramref name="method"/> cannot carry a kernel of <paramref name="kind"/>, or null when it can.</summary>
        public static string? FindProblem(IMethodSymbol method, LayerKind kind)
        {
            if (!method.IsStatic)
            {
                return $"'{method.Name}' must be static";
            }

            if (!method.IsPartialDefinition && method.PartialDefinitionPart is null)
            {
                return $"'{method.Name}' must be partial";
            }

            if (!method.ReturnsVoid)
            {
                return $"'{method.Name}' must return void, not {method.ReturnType.ToDisplayString()}";
            }

            if (method.IsGenericMethod)
            {
                return $"'{method.Name}' must not be generic";
            }

            // The generated constants class is named after the method, and From names layers by name: two overloads would
            // write two classes {Name}Shape into one type, and a chain could not tell them apart.
            if (method.ContainingType is { } container && container.GetMembers(method.Name).Length > 1)
            {
                return $"'{method.Name}' is overloaded; a layer needs a name no other method of '{container.Name}' has (its constants are the class {method.Name}Shape)";
            }

            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (!IsPartial(type))
                {
                    return $"the containing type '{type.Name}' must be partial";
                }
            }

            var parameters = method.Parameters;
            bool conv = kind == LayerKind.Conv2D;
            if (conv ? parameters.Length != 3 && parameters.Length != 4 : parameters.Length != 2)
            {
                return $"'{method.Name}' has {parameters.Length} parameter(s); expected " + (conv
                    ? "(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, [ReadOnlySpan<float> bias,] Span<float> output)"
                    : "(ReadOnlySpan<float> input, Span<float> output)");
            }

            // Every parameter that does not fit, so one fix round mends them all.
            string[] roles = !conv ? PoolRoles : parameters.Length == 4 ? ConvBiasRoles : ConvRoles;
            var mismatches = new List<string>();
            for (int i = 0; i < parameters.Length; i++)
            {
                bool isOutput = i == parameters.Length - 1;
                string expected = isOutput ? "Span<float>" : "ReadOnlySpan<float>";
                var p = parameters[i];
                if (p.RefKind != RefKind.None || !IsFloatSpan(p.Type, isOutput ? "Span" : "ReadOnlySpan"))
                {
                    mismatches.Add($"parameter {i + 1} ('{p.Name}', the {roles[i]}) is {Describe(p)}; expected {expected}");
                }
            }

            return mismatches.Count == 0 ? null : string.Join("; ", mismatches);
        }

        private static string Describe(IParameterSymbol p)
        {
            string prefix = p.RefKind switch
            {
                RefKind.Ref => "ref ",
                RefKind.Out => "out ",
                RefKind.In => "in ",
                _ => string.Empty,
            };
            return prefix + p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        }

        private static bool IsFloatSpan(ITypeSymbol type, string name) =>
            type is INamedTypeSymbol { Arity: 1 } named
            && named.Name == name
            && named.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true }
            && named.TypeArguments[0].SpecialType == SpecialType.System_Single;

        /// <summary>Whether any declaration of <paramref name="type"/> says <c>partial</c>.</summary>
        public static bool IsPartial(INamedTypeSymbol type)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax declaration)
                {
                    foreach (var modifier in declaration.Modifiers)
                    {
                        if (modifier.Text == "partial")
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }
    }
}
