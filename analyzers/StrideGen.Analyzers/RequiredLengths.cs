using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using StrideGen.Generators.Parsing;
using StrideGen.Geometry;

namespace StrideGen.Analyzers
{
    /// <summary>One span parameter of a layer method: its role, the floats it must hold, and where that number comes from.</summary>
    internal sealed record RequiredLength(string Role, long Length, string Figures);

    /// <summary>
    /// The length each span parameter of a layer method must have, by parameter position, read from the resolved shape.
    /// Only for a layer whose method fits and whose shape has no error: otherwise no length is known.
    /// </summary>
    internal static class RequiredLengths
    {
        public static IReadOnlyList<RequiredLength>? Of(DeclaredLayer layer, IReadOnlyList<DeclaredLayer> siblings)
        {
            if (LayerSignature.FindProblem(layer.Method, layer.Kind) is not null)
            {
                return null;
            }

            var chain = LayerResolution.Resolve(layer, siblings);
            if (chain.Count == 0 || chain[chain.Count - 1] is not { HasErrors: false } resolved)
            {
                return null;
            }

            if (resolved.Conv is { } c)
            {
                var lengths = new List<RequiredLength>
                {
                    new("input", c.InputLength, $"{c.InChannels}×{c.InputHeight}×{c.InputWidth}"),
                    new("weights", c.WeightLength, $"{c.OutChannels}×{c.InChannelsPerGroup}×{c.KernelHeight}×{c.KernelWidth}"),
                };
                if (c.HasBias)
                {
                    lengths.Add(new("bias", c.BiasLength, $"one per output channel"));
                }

                lengths.Add(new("output", c.OutputLength, $"{c.OutChannels}×{c.OutputHeight}×{c.OutputWidth}"));
                return lengths;
            }

            if (resolved.Pool is { } p)
            {
                return new[]
                {
                    new RequiredLength("input", p.InputLength, $"{p.Channels}×{p.InputHeight}×{p.InputWidth}"),
                    new RequiredLength("output", p.OutputLength, $"{p.Channels}×{p.OutputHeight}×{p.OutputWidth}"),
                };
            }

            return null;
        }
    }
}
