using StrideGen.Geometry;

namespace StrideGen.Generators.Model
{
    /// <summary>
    /// A type that encloses the layer method, outermost first: its keyword (<c>class</c>, <c>record struct</c>, ...), its
    /// name with type parameters as written in C#, and its name with the arity (<c>Outer`1</c>) as written in hint names.
    /// </summary>
    internal sealed record ContainingType(string Keyword, string NameWithTypeParameters, string NameWithArity);

    /// <summary>One parameter as declared: modifiers (<c>scoped</c>, <c>ref</c>, ...), fully qualified type and name.</summary>
    internal sealed record ParameterModel(string Modifiers, string Type, string Name);

    /// <summary>
    /// The declared partial method, as text: enough to write its implementation part and no more.
    /// <see cref="Problem"/> says why the signature does not fit a layer (null when it does). <see cref="HasDocumentation"/>:
    /// the user wrote a documentation comment on the declaration, which the implementation must then not replace (the
    /// compiler takes a partial method's documentation from its implementation part when both have one).
    /// </summary>
    internal sealed record MethodModel(
        string Name,
        string Modifiers,
        string ReturnType,
        EquatableArray<ParameterModel> Parameters,
        string? Problem,
        bool HasDocumentation = false);

    /// <summary>
    /// Everything the emitter needs for one layer method: where it lives, what it looks like, and the attribute's arguments
    /// as written — its own and those of every layer its <c>From</c> chain passes through (<see cref="Chain"/>, this layer
    /// last). Value-equatable, with no symbols, syntax nodes or locations, so the pipeline caches it.
    /// </summary>
    internal sealed record LayerModel(
        string HintName,
        string? Namespace,
        EquatableArray<ContainingType> ContainingTypes,
        MethodModel Method,
        EquatableArray<ChainLink> Chain)
    {
        /// <summary>This layer's own declaration.</summary>
        public LayerDeclaration Declaration => Chain[Chain.Count - 1].Declaration;

        /// <summary>
        /// Whether the file written for this layer depends on the project allowing unsafe code: a multi-threaded layer pins
        /// its spans, and a convolution that may put a block on the stack marks its drivers <c>[SkipLocalsInit]</c> (they
        /// write every float before reading it): a dense one with enough output channels to pack bands or regions, or a map
        /// small enough (or a stride wide enough) for gathered dot products, a grouped one with enough output channels a
        /// group, a depthwise one with enough channels for channel blocks, one with packed weights (channels last).
        /// Only these layers are rewritten when AllowUnsafeBlocks flips.
        /// </summary>
        public bool DependsOnUnsafeCode => Declaration.Threads > 1 || Declaration.Kind == LayerKind.Conv2D && MayTakeStackBlock;

        private bool MayTakeStackBlock
        {
            get
            {
                int outChannels = Declaration.OutChannels ?? 1, groups = System.Math.Max(1, Declaration.Groups ?? 1);
                // A dense layer may pack bands or window regions, or gather dot-product windows (small maps and wide strides,
                // whatever its output channels); a grouped one packs bands per group; a depthwise one copies channel blocks.
                return Declaration.PackedWeights == true
                    || groups == 1 && (outChannels >= Planning.BandPlanner.MinNarrowOutChannels || MayGatherWindows)
                    || groups > 1 && outChannels / groups >= Planning.BandPlanner.MinOutChannels
                    || groups > 1 && outChannels == groups && outChannels >= Planning.ChannelBlockPlanner.BlockChannels;
            }
        }

        /// <summary>Whether a dense layer of few output channels may gather dot-product windows on the stack (see <c>DotProductPlanner</c>).</summary>
        private bool MayGatherWindows
        {
            get
            {
                // (A layer whose input comes from its predecessor is resolved alone here, without it: such a layer keeps
                // zeroing its windows, as before.)
                var resolved = StrideGen.Geometry.ConvGeometry.Resolve(Declaration);
                return !resolved.HasErrors && resolved.Shape is { } shape
                    && (shape.Rows.Output * shape.Columns.Output <= Planning.DotProductPlanner.MaxPositions || shape.StrideWidth > 2);
            }
        }

        /// <summary>The method name as declared in metadata (without a leading @).</summary>
        public string Name => Chain[Chain.Count - 1].Name;

        /// <summary>Identifies the containing type, for grouping layers into a network summary.</summary>
        public string TypeKey => (Namespace ?? "") + "|" + string.Join(".", System.Linq.Enumerable.Select(ContainingTypes, t => t.NameWithTypeParameters));
    }
}
