using StrideGen.Geometry;

namespace StrideGen.Generators.Model
{
    /// <summary>Every layer of one containing type that chains layers with <c>From</c>, in declaration order.</summary>
    internal sealed record NetworkSummaryModel(
        string HintName,
        string? Namespace,
        EquatableArray<ContainingType> ContainingTypes,
        EquatableArray<ChainLink> Layers);
}
