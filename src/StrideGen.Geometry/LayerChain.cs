using System;
using System.Collections.Generic;

namespace StrideGen.Geometry
{
    /// <summary>One layer of a containing type, by method name: the input to chain resolution.</summary>
    internal sealed record ChainLink(string Name, LayerDeclaration Declaration);

    /// <summary>A layer resolved in the context of its chain: its shape, what it reads and writes, and what it sees.</summary>
    internal sealed record ResolvedLayer(
        string Name,
        LayerDeclaration Declaration,
        ConvShape? Conv,
        PoolShape? Pool,
        ReceptiveField Field,
        IReadOnlyList<LayerProblem> Problems)
    {
        public LayerKind Kind => Declaration.Kind;

        public bool HasErrors => Problems is List<LayerProblem> list && list.Exists(p => p.IsError);

        public TensorShape? Input => Conv is { } c ? new TensorShape(c.InChannels, c.InputHeight, c.InputWidth)
            : Pool is { } p ? new TensorShape(p.Channels, p.InputHeight, p.InputWidth) : null;

        /// <summary>The output shape, or null when the layer has errors (the chain cannot flow through it).</summary>
        public TensorShape? Output => HasErrors ? null
            : Conv is { } c ? new TensorShape(c.OutChannels, (int)c.OutputHeight, (int)c.OutputWidth)
            : Pool is { } p ? new TensorShape(p.Channels, (int)p.OutputHeight, (int)p.OutputWidth) : null;

        public long Parameters => Conv?.Parameters ?? 0;

        /// <summary>Multiply-accumulates: a convolution's; pooling has none (it compares or adds, and is counted as 0).</summary>
        public long MultiplyAccumulates => Conv?.MultiplyAccumulates ?? 0;
    }

    /// <summary>
    /// Resolves layers along their <c>From</c> chains: each layer's input is the previous layer's output, and the receptive
    /// field accumulates from the chain's first layer. Cycles and names that match no layer are chain problems (SGEN006).
    /// </summary>
    internal static class LayerChain
    {
        /// <summary>
        /// Resolves the layer <paramref name="name"/> and every layer its <c>From</c> chain passes through, first to last
        /// (the last element is <paramref name="name"/> itself). <paramref name="layers"/> are the layers of the containing type.
        /// </summary>
        public static IReadOnlyList<ResolvedLayer> Resolve(string name, IReadOnlyList<ChainLink> layers)
        {
            var byName = new Dictionary<string, ChainLink>(StringComparer.Ordinal);
            foreach (var link in layers)
            {
                if (!byName.ContainsKey(link.Name))
                {
                    byName.Add(link.Name, link);
                }
            }

            // Walk upstream from the layer, stopping at the first layer without From, a missing name or a cycle.
            if (!byName.TryGetValue(name, out var current))
            {
                return Array.Empty<ResolvedLayer>();
            }

            var path = new List<ChainLink>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            int cycleEnd = -1; // with a cycle, path[0..cycleEnd] are its members
            LayerProblem? chainProblem = null;
            while (true)
            {
                path.Insert(0, current);
                seen.Add(current.Name);
                string? from = current.Declaration.From;
                if (from is null)
                {
                    break;
                }

                if (!byName.TryGetValue(from, out var previous))
                {
                    chainProblem = new LayerProblem(ProblemKind.ChainMismatch, "From", $"From = \"{from}\" names no StrideGen layer of the containing type");
                    cycleEnd = 0;
                    break;
                }

                if (seen.Contains(from))
                {
                    cycleEnd = path.FindIndex(l => l.Name == from);
                    var members = path.GetRange(0, cycleEnd + 1).ConvertAll(l => l.Name);
                    members.Add(members[0]);
                    chainProblem = new LayerProblem(ProblemKind.ChainMismatch, "From", $"the From chain is a cycle: {string.Join(" → ", members)}");
                    break;
                }

                current = previous;
            }

            var resolved = new List<ResolvedLayer>(path.Count);
            TensorShape? upstream = null;
            var field = ReceptiveField.Input;
            for (int i = 0; i < path.Count; i++)
            {
                var link = path[i];
                var extra = new List<LayerProblem>();
                if (i <= cycleEnd && chainProblem is not null)
                {
                    extra.Add(chainProblem);
                }
                else if (i > 0 && upstream is null)
                {
                    extra.Add(new LayerProblem(ProblemKind.ChainMismatch, "From", $"From = \"{link.Declaration.From}\" names a layer that is not valid, so this layer's input shape is unknown"));
                }

                var layer = Resolve(link, i == 0 ? null : upstream, field, extra);
                resolved.Add(layer);
                upstream = layer.Output;
                field = layer.Field;
            }

            return resolved;
        }

        /// <summary>One layer with a known upstream (or none), independent of any chain.</summary>
        public static ResolvedLayer Resolve(ChainLink link, TensorShape? upstream, ReceptiveField field, IReadOnlyList<LayerProblem> extra)
        {
            var d = link.Declaration;
            bool chained = d.From is not null && upstream is not null;
            if (d.Kind == LayerKind.Conv2D)
            {
                var r = ConvGeometry.Resolve(d, chained ? upstream : null);
                var next = r.Shape is { } s ? field.Through(s.Rows, s.Columns) : field;
                return new ResolvedLayer(link.Name, d, r.Shape, null, next, Append(r.Problems, extra));
            }

            var p = PoolGeometry.Resolve(d, chained ? upstream : null);
            var after = p.Shape is { } ps ? field.Through(ps.Rows, ps.Columns) : field;
            return new ResolvedLayer(link.Name, d, null, p.Shape, after, Append(p.Problems, extra));
        }

        private static IReadOnlyList<LayerProblem> Append(IReadOnlyList<LayerProblem> problems, IReadOnlyList<LayerProblem> extra)
        {
            if (extra.Count == 0)
            {
                return problems;
            }

            var all = new List<LayerProblem>(extra);
            all.AddRange(problems);
            return all;
        }

    }
}
