using System.Collections.Generic;
using System.Linq;

namespace StrideGen.Generators.Emitting
{
    /// <summary>
    /// Writes the drivers of a kernel class that stages a layer's tensors on the stack around another kernel (channels-last
    /// copies, column phases): one <c>Run{path}</c> per vector path and the scalar one, each compiled fully optimised on
    /// first call and, where the consumer allows unsafe code, without zeroing its stack blocks; the caller writes the body.
    /// </summary>
    internal static class PathDriverWriter
    {
        /// <param name="vectorPaths">The staged kernel's vector paths, in dispatch order; the scalar driver comes last.</param>
        /// <param name="refs">The drivers' parameters (<see cref="DriverParameters.Refs"/>).</param>
        /// <param name="skipLocalsInitNote">Why the blocks need no zeroing, where the drivers are marked <c>[SkipLocalsInit]</c>; null where they are not.</param>
        /// <param name="summary">A driver's summary from its path's name ("Vector512", …, "Scalar").</param>
        /// <param name="body">Writes a driver's body from its path's name.</param>
        public static void Emit(IndentedWriter w, IEnumerable<string> vectorPaths, string refs, string? skipLocalsInitNote, System.Func<string, string> summary, System.Action<string> body)
        {
            foreach (string path in vectorPaths.Append("Scalar"))
            {
                w.Doc($"<summary>{summary(path)}</summary>");
                w.Line("[MethodImpl(MethodImplOptions.AggressiveOptimization)]");
                if (skipLocalsInitNote is not null)
                {
                    w.Line($"[SkipLocalsInit] // {skipLocalsInitNote}");
                }

                w.Open($"public static void Run{path}({refs})");
                body(path);
                w.Close();
                w.Line();
            }
        }

        /// <summary>How a summary names a path: "scalar", or the vector type's name.</summary>
        public static string Name(string path) => path == "Scalar" ? "scalar" : path;
    }
}
