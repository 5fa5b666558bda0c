using Microsoft.CodeAnalysis;

namespace StrideGen.Generators.Parsing
{
    /// <summary>
    /// The method shape a layer requires: <c>static partial void Name(ReadOnlySpan&lt;float&gt; input, ReadOnlySpan&lt;float&gt; weights,
    /// [ReadOnlySpan&lt;float&gt; bias,] Span&lt;float&gt; output)</c>. Shared by the generator and the analyzer.
    /// </summary>
    internal static class LayerSignature
    {
        public const string Expected = "static partial void Name(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output), optionally with ReadOnlySpan<float> bias before output";

        /// <summary>Whether the parameter list has the bias span (four parameters).</summary>
        public static bool HasBias(IMethodSymbol method) => method.Parameters.Length == 4;

        /// <summary>Why <paramref name="method"/> cannot carry a Conv2D kernel, or null when it can.</summary>
        public static string? FindProblem(IMethodSymbol method)
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

            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (!IsPartial(type))
                {
                    return $"the containing type '{type.Name}' must be partial";
                }
            }

            var parameters = method.Parameters;
            if (parameters.Length != 3 && parameters.Length != 4)
            {
                return $"'{method.Name}' has {parameters.Length} parameter(s); expected (ReadOnlySpan<float> input, ReadOnlySpan<float> weights, [ReadOnlySpan<float> bias,] Span<float> output)";
            }

            string[] roles = parameters.Length == 4 ? new[] { "input", "weights", "bias", "output" } : new[] { "input", "weights", "output" };
            for (int i = 0; i < parameters.Length; i++)
            {
                bool isOutput = i == parameters.Length - 1;
                string expected = isOutput ? "Span<float>" : "ReadOnlySpan<float>";
                var p = parameters[i];
                if (p.RefKind != RefKind.None || !IsFloatSpan(p.Type, isOutput ? "Span" : "ReadOnlySpan"))
                {
                    return $"parameter {i + 1} ('{p.Name}', the {roles[i]}) is {Describe(p)}; expected {expected}";
                }
            }

            return null;
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

        private static bool IsPartial(INamedTypeSymbol type)
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
