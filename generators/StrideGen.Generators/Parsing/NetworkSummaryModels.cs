using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using StrideGen.Generators.Model;
using StrideGen.Geometry;

namespace StrideGen.Generators.Parsing
{
    /// <summary>Groups the parsed layers by containing type into one <see cref="NetworkSummaryModel"/> per type that has a chain.</summary>
    internal static class NetworkSummaryModels
    {
        public static ImmutableArray<NetworkSummaryModel> Build(ImmutableArray<LayerModel> models)
        {
            var byType = new Dictionary<string, List<LayerModel>>();
            var order = new List<string>();
            foreach (var model in models)
            {
                if (!byType.TryGetValue(model.TypeKey, out var list))
                {
                    byType.Add(model.TypeKey, list = new List<LayerModel>());
                    order.Add(model.TypeKey);
                }

                list.Add(model);
            }

            var summaries = ImmutableArray.CreateBuilder<NetworkSummaryModel>();
            foreach (var key in order.OrderBy(k => k, System.StringComparer.Ordinal))
            {
                var layers = byType[key];
                if (!layers.Any(l => l.Declaration.From is not null))
                {
                    continue;
                }

                // Declaration order within the type: hint names are not ordered, so sort by the layer's position in the chain list later.
                var first = layers[0];
                string hint = first.HintName.Substring(0, first.HintName.Length - (first.Name.Length + ".g.cs".Length)) + "NetworkSummary.g.cs";
                summaries.Add(new NetworkSummaryModel(
                    hint,
                    first.Namespace,
                    first.ContainingTypes,
                    new EquatableArray<ChainLink>(layers.Select(l => l.Chain[l.Chain.Count - 1]))));
            }

            return summaries.ToImmutable();
        }
    }
}
