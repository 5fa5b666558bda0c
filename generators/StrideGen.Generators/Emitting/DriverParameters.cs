namespace StrideGen.Generators.Emitting
{
    /// <summary>
    /// The parameters of a kernel class's drivers: the tensors as refs to their first float (input, weights, bias where the
    /// layer has one, output), and on a multi-threaded layer the part to run; and the arguments that pass them on.
    /// </summary>
    internal static class DriverParameters
    {
        public static string Refs(bool bias, bool parallel = false) =>
            (bias ? "ref float input, ref float weights, ref float bias, ref float output" : "ref float input, ref float weights, ref float output")
            + (parallel ? ", int part" : "");

        public static string Args(bool bias, bool parallel = false) =>
            (bias ? "ref input, ref weights, ref bias, ref output" : "ref input, ref weights, ref output") + (parallel ? ", part" : "");
    }
}
