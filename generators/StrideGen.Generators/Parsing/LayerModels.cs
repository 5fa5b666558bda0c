using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using StrideGen.Generators.Model;
using StrideGen.Geometry;

namespace StrideGen.Generators.Parsing
{
    /// <summary>
    /// Turns the sites of every layer in the compilation into one <see cref="LayerModel"/> per layer that can be
    /// implemented: its hint name, and its <c>From</c> chain read from the sites of the same containing type. Works on
    /// value-equatable sites only, so after an edit that changes no site this step does not run at all; after an edit to
    /// one layer it runs once, and only the models that changed (that layer's, and those whose chains pass through it)
    /// compare unequal and are written again.
    /// </summary>
    internal static class LayerModels
    {
        /// <summary>The models in the order of the sites: convolutions, then max pools, then average pools, each in source order.</summary>
        public static ImmutableArray<LayerModel> Build(ImmutableArray<LayerSite?> conv, ImmutableArray<LayerSite?> maxPool, ImmutableArray<LayerSite?> avgPool)
        {
            // The layer a From naming a method reads, per containing type: the first member of that name (in member order)
            // whose first layer attribute this site is. Overloads are ordered by position; a lone name has position 0.
            var targets = new Dictionary<(string? Namespace, EquatableArray<ContainingType> Types), Dictionary<string, LayerSite>>();
            foreach (var kind in new[] { conv, maxPool, avgPool })
            {
                foreach (var site in kind)
                {
                    if (site is null || !site.IsChainTarget)
                    {
                        continue;
                    }

                    var key = (site.Namespace, site.ContainingTypes);
                    if (!targets.TryGetValue(key, out var byName))
                    {
                        targets.Add(key, byName = new Dictionary<string, LayerSite>(StringComparer.Ordinal));
                    }

                    if (!byName.TryGetValue(site.Name, out var known) || site.Overload < known.Overload)
                    {
                        byName[site.Name] = site;
                    }
                }
            }

            var models = ImmutableArray.CreateBuilder<LayerModel>();
            foreach (var kind in new[] { conv, maxPool, avgPool })
            {
                foreach (var site in kind)
                {
                    if (site?.Method is { } method)
                    {
                        targets.TryGetValue((site.Namespace, site.ContainingTypes), out var byName);
                        models.Add(new LayerModel(HintName(site), site.Namespace, site.ContainingTypes, method, Chain(site, byName)));
                    }
                }
            }

            return models.ToImmutable();
        }

        /// <summary>
        /// This layer and the layers its <c>From</c> chain passes through, first layer first, this one last. Stops at a
        /// missing name or a cycle, which the shape model then reports.
        /// </summary>
        private static EquatableArray<ChainLink> Chain(LayerSite site, Dictionary<string, LayerSite>? byName)
        {
            var chain = new List<ChainLink> { new(site.Name, site.Declaration) };
            var seen = new HashSet<string>(StringComparer.Ordinal) { site.Name };
            string? from = site.Declaration.From;
            while (from is not null && seen.Add(from) && byName is not null && byName.TryGetValue(from, out var previous))
            {
                chain.Insert(0, new ChainLink(previous.Name, previous.Declaration));
                from = previous.Declaration.From;
            }

            return new EquatableArray<ChainLink>(chain);
        }

        /// <summary>
        /// A stable, unique file name: namespace, then the enclosing types joined with '+' (so a nested type never reads like a
        /// namespace), then the method, e.g. <c>App.Net+Inner.Down.g.cs</c>. An overloaded method adds its position among the
        /// overloads, so two layers never share a name.
        /// </summary>
        private static string HintName(LayerSite site)
        {
            var builder = new StringBuilder();
            if (site.Namespace is not null)
            {
                builder.Append(site.Namespace).Append('.');
            }

            for (int i = 0; i < site.ContainingTypes.Count; i++)
            {
                builder.Append(i == 0 ? "" : "+").Append(site.ContainingTypes[i].NameWithArity);
            }

            builder.Append('.').Append(site.Name);
            if (site.Overload > 0)
            {
                builder.Append('`').Append(site.Overload);
            }

            builder.Append(".g.cs");
            for (int i = 0; i < builder.Length; i++)
            {
                char c = builder[i];
                if (!(char.IsLetterOrDigit(c) || c is '.' or '_' or '`' or '+'))
                {
                    builder[i] = '_';
                }
            }

            return builder.ToString();
        }
    }
}
