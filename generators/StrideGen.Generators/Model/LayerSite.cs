using StrideGen.Geometry;

namespace StrideGen.Generators.Model
{
    /// <summary>
    /// One method with a layer attribute, as the per-method step of the pipeline reads it: the attribute's arguments, where
    /// the method lives and what it looks like. It is the only model built from symbols, so it is the only work repeated for
    /// every layer on every compilation change; <c>From</c> chains and hint names are resolved later, from these models
    /// alone (<see cref="Parsing.LayerModels"/>), and only when one of them changed.
    /// </summary>
    /// <param name="Name">The method name as declared in metadata (without a leading @).</param>
    /// <param name="Declaration">The attribute's arguments as written.</param>
    /// <param name="IsChainTarget">
    /// Whether this attribute is the method's first StrideGen layer attribute: the one a <c>From</c> naming the method reads.
    /// </param>
    /// <param name="Overload">
    /// 0 when no other member of the containing type has the method's name; otherwise its position among them, from 1
    /// (hint names carry it, and a <c>From</c> reads the first).
    /// </param>
    /// <param name="Namespace">The containing namespace, or null for the global namespace.</param>
    /// <param name="ContainingTypes">The enclosing types, outermost first; every one is partial.</param>
    /// <param name="Method">
    /// The partial method to implement, or null when no implementation part can be written (not a partial definition,
    /// already implemented, or generic): such a method is still a link that other layers' <c>From</c> chains read.
    /// </param>
    internal sealed record LayerSite(
        string Name,
        LayerDeclaration Declaration,
        bool IsChainTarget,
        int Overload,
        string? Namespace,
        EquatableArray<ContainingType> ContainingTypes,
        MethodModel? Method);
}
