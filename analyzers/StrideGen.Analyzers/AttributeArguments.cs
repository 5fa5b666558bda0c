using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StrideGen.Analyzers
{
    /// <summary>Finds a layer attribute's named arguments in source: where a problem about a property is reported and edited.</summary>
    internal static class AttributeArguments
    {
        /// <summary>The written argument <c>Name = value</c>, or null.</summary>
        public static AttributeArgumentSyntax? Find(AttributeSyntax attribute, string name)
        {
            if (attribute.ArgumentList is not { } list)
            {
                return null;
            }

            foreach (var argument in list.Arguments)
            {
                if (argument.NameEquals?.Name.Identifier.ValueText == name)
                {
                    return argument;
                }
            }

            return null;
        }

        /// <summary>
        /// Where a problem about <paramref name="property"/> is reported: that argument, else the shared argument it
        /// overrides (<c>PadBottom</c> → <c>Padding</c>, <c>KernelHeight</c> → <c>KernelSize</c>, …), else the attribute.
        /// </summary>
        public static Location LocationOf(AttributeSyntax attribute, string? property)
        {
            if (property is not null)
            {
                if (Find(attribute, property) is { } argument)
                {
                    return argument.GetLocation();
                }

                if (SharedNameOf(property) is { } shared && Find(attribute, shared) is { } sharedArgument)
                {
                    return sharedArgument.GetLocation();
                }
            }

            return attribute.GetLocation();
        }

        /// <summary>The shared property a per-axis or per-side property overrides, or null.</summary>
        public static string? SharedNameOf(string property) => property switch
        {
            "PadTop" or "PadBottom" or "PadLeft" or "PadRight" => "Padding",
            "KernelHeight" or "KernelWidth" => "KernelSize",
            "StrideHeight" or "StrideWidth" => "Stride",
            "DilationHeight" or "DilationWidth" => "Dilation",
            _ => null,
        };
    }
}
