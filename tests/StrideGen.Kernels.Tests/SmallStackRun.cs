using System;
using System.Threading;
using StrideGen.Testing;

namespace StrideGen.Kernels.Tests
{
    /// <summary>
    /// Runs a layer against the float64 reference on a thread with a small stack: the kernels that keep blocks on the stack
    /// must leave room on a thread of 512 KB, half of Windows' default (an overflow would end the test run).
    /// </summary>
    internal static class SmallStackRun
    {
        public const int StackBytes = 512 * 1024;

        /// <summary>The mismatch against the reference, or null, of <paramref name="layer"/> run on a thread of <see cref="StackBytes"/>.</summary>
        public static string? CheckAgainstReference(ConvCase layer, Random random)
        {
            var batch = new ConvLayerBatch(new[] { layer });
            string? mismatch = "not run";
            var thread = new Thread(() => mismatch = batch.CheckAgainstReference(0, random), maxStackSize: StackBytes);
            thread.Start();
            thread.Join();
            return mismatch;
        }
    }
}
