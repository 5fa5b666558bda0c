using StrideGen.Geometry;

namespace StrideGen.Generators.Planning
{
    /// <summary>
    /// A layer whose columns advance <see cref="Phases"/> at a time run as a stride-1 layer over its input split into column
    /// phases (a space-to-depth along the rows, as MLAS and XNNPACK treat strided 1-D convolutions of raw audio): phase r
    /// of input channel c holds the padded row's columns r, r + s, r + 2s, …, and tap kw = s·q + r of the window reads
    /// phase r at column ow + q. So the layer is the same sums as <see cref="Derived"/>: C·s input channels, a window
    /// ceil(K / s) wide, stride 1 along the rows, no column padding, whose filters hold the original taps and zeros where
    /// s·q + r passes the window. Every vector of the derived layer loads consecutive floats, where in place a stride-4 or
    /// wider vector gathered its lanes one by one and a stride-2 one took two loads and a permute.
    /// </summary>
    /// <param name="Shape">The layer.</param>
    /// <param name="Derived">The stride-1 layer over the phases, which the layer's kernel runs after each call splits input and filters.</param>
    internal sealed record ColumnPhasePlan(ConvShape Shape, ConvShape Derived)
    {
        /// <summary>Phases a row splits into: the layer's stride along the rows.</summary>
        public int Phases => Shape.StrideWidth;

        /// <summary>Floats of each phase row: the derived layer's input width (output width + derived taps − 1).</summary>
        public int PhaseWidth => Derived.InputWidth;

        /// <summary>Taps of the derived window along the rows: ceil(K / s).</summary>
        public int PhaseTaps => Derived.KernelWidth;

        /// <summary>Floats of the split input on the stack: C·s phase channels of H rows of <see cref="PhaseWidth"/>.</summary>
        public long SplitFloats => Derived.InputLength;

        /// <summary>Floats of the split filters on the stack: the derived layer's weights.</summary>
        public long FilterFloats => Derived.WeightLength;

        /// <summary>The input column phase r's float j holds: padded column s·j + r, so input column s·j + r − left (off the row: zero).</summary>
        public long InputColumn(int phase, long j) => (long)Phases * j + phase - Shape.PadLeft;

        /// <summary>The phase floats [first, end) of phase <paramref name="phase"/> that lie on the input row; the others lie on padding (zero).</summary>
        public (long First, long End) RealFloats(int phase)
        {
            // Float j holds input column s·j + r − left: on the row from j = ceil((left − r) / s) up to the last j with
            // s·j + r − left ≤ W − 1.
            int s = Phases, before = Shape.PadLeft - phase;
            long first = before <= 0 ? 0 : (before + s - 1) / s;
            long last = (long)Shape.InputWidth - 1 + Shape.PadLeft - phase;
            long end = last < 0 ? first : System.Math.Min(PhaseWidth, last / s + 1);
            return (System.Math.Min(first, PhaseWidth), System.Math.Max(end, System.Math.Min(first, PhaseWidth)));
        }
    }
}
