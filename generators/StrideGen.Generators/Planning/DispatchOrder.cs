using System.Collections.Generic;
using System.Linq;

namespace StrideGen.Generators.Planning
{
    /// <summary>A plan's vector paths in the order the entry tries them: the widest first, those the plan does not take left out.</summary>
    internal static class DispatchOrder
    {
        public static IEnumerable<T> Of<T>(T? vector512, T? vector256, T? vector128)
            where T : class =>
            new[] { vector512, vector256, vector128 }.Where(path => path is not null).Select(path => path!);
    }
}
