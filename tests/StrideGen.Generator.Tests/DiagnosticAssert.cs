using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace StrideGen.Generator.Tests
{
    /// <summary>Assertions on Roslyn diagnostics that print every diagnostic in full when they fail.</summary>
    internal static class DiagnosticAssert
    {
        public static void None(IEnumerable<Diagnostic> diagnostics)
        {
            var list = diagnostics.ToList();
            if (list.Count > 0)
            {
                Assert.Fail($"{list.Count} diagnostic(s):\n" + string.Join("\n", list.Select(d => d.ToString())));
            }
        }
    }
}
