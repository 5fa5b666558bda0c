namespace StrideGen.Geometry
{
    /// <summary>What is wrong with a layer's shape. Each kind is one analyzer diagnostic (SGEN0xx).</summary>
    internal enum ProblemKind
    {
        /// <summary>SGEN001: a parameter below its minimum, negative padding or an enum value out of range.</summary>
        InvalidParameter = 1,

        /// <summary>SGEN002: the dilated kernel is larger than the padded input, so the output is empty.</summary>
        EmptyOutput = 2,

        /// <summary>SGEN003 (warning): the stride leaves real input rows or columns at the far edge unread.</summary>
        UnreadInput = 3,

        /// <summary>SGEN004: a channel count is not divisible by Groups.</summary>
        GroupsMismatch = 4,

        /// <summary>SGEN006: a chain that does not fit — <c>From</c> names no layer, a cycle, or a written input shape that differs from the previous layer's output.</summary>
        ChainMismatch = 6,

        /// <summary>SGEN008 (warning): padding at least the dilated kernel, so some outputs see padding only.</summary>
        PaddingOnlyOutputs = 8,

        /// <summary>SGEN009: a length overflows int, or the layer is beyond what the generator supports.</summary>
        Unsupported = 9,

        /// <summary>SGEN010: settings that contradict each other.</summary>
        Conflict = 10,
    }

    /// <summary>One problem with a layer: its kind, the attribute argument at fault (null: the layer as a whole) and a message.</summary>
    internal sealed record LayerProblem(ProblemKind Kind, string? Argument, string Message)
    {
        /// <summary>Warnings leave a working kernel; errors mean no kernel can be generated.</summary>
        public bool IsError => Kind != ProblemKind.UnreadInput && Kind != ProblemKind.PaddingOnlyOutputs;
    }
}
