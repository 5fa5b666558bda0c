using System.Collections.Generic;
using StrideGen.Generators.Model;
using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// Splits one output axis into <see cref="Band"/>s: runs of consecutive outputs whose windows read the same kernel taps.
    /// The interior (every tap on real input) is one band; each border band loses the taps that fall on padding, which the
    /// kernel then never computes. Shared by the planners of every layout.
    /// </summary>
    internal static class OutputBands
    {
        /// <summary>Groups the <paramref name="outputs"/> outputs of <paramref name="axis"/> whose windows read the same taps.</summary>
        public static EquatableArray<Band> Of(ConvAxis axis, int outputs)
        {
            var bands = new List<Band>();
            int start = 0;
            (int First, int End) current = outputs > 0 ? axis.ValidTaps(0) : (0, 0);
            for (int o = 1; o <= outputs; o++)
            {
                (int First, int End) taps = o < outputs ? axis.ValidTaps(o) : (-1, -1);
                if (taps != current)
                {
                    bands.Add(new Band(start, o, current.First, current.End));
                    start = o;
                    current = taps;
                }
            }

            return new EquatableArray<Band>(bands);
        }
    }
}
