using System;
using System.Collections.Generic;

namespace StrideGen.Geometry
{
    /// <summary>
    /// The checks every layer kind shares: ranges, required values, per-axis overrides, padding and the per-axis shape
    /// problems (empty output, unread trailing input, padding-only outputs). Each appends <see cref="LayerProblem"/>s.
    /// </summary>
    internal sealed class DeclarationRules
    {
        public DeclarationRules(List<LayerProblem> problems) => Problems = problems;

        public List<LayerProblem> Problems { get; }

        /// <summary>The most padding on a side this kind of layer accepts, written or chosen by a padding mode (of a convolution: per unit of dilation).</summary>
        public int MaxPadding { get; init; } = LayerLimits.MaxPadding;

        /// <summary>Whether the padding limit scales with the axis's dilation (<see cref="LayerLimits.MaxConvPadding"/>): a convolution's does.</summary>
        public bool PaddingScalesWithDilation { get; init; }

        private int PaddingLimit(int dilation) => PaddingScalesWithDilation ? LayerLimits.MaxConvPadding(dilation) : MaxPadding;

        private string PaddingLimitText(int dilation) =>
            PaddingScalesWithDilation && dilation > 1 ? $"{MaxPadding} × dilation {dilation} = {PaddingLimit(dilation)}" : $"{MaxPadding}";

        public bool HasInvalidOrUnsupported => Problems.Exists(p => p.Kind == ProblemKind.InvalidParameter || p.Kind == ProblemKind.Unsupported);

        public void Enum(string name, int value, int max, string allowed)
        {
            if (value < 0 || value > max)
            {
                Add(ProblemKind.InvalidParameter, name, $"{name} = {value} is not a defined value; use {allowed}");
            }
        }

        public bool AtLeastOne(string name, int value, int limit)
        {
            if (value < 1)
            {
                Add(ProblemKind.InvalidParameter, name, $"{name} must be at least 1, but is {value}");
                return false;
            }

            if (value > limit)
            {
                Add(ProblemKind.Unsupported, name, $"{name} = {value} is beyond what the generator supports (at most {limit})");
                return false;
            }

            return true;
        }

        /// <summary>A value that must be written (unless the layer takes it <c>From</c> another one).</summary>
        public int? Required(string name, int? value, int limit, string? hint = null)
        {
            if (value is null)
            {
                Add(ProblemKind.InvalidParameter, null, $"{name} is required{hint}");
                return null;
            }

            return AtLeastOne(name, value.Value, limit) ? value : null;
        }

        /// <summary>A per-axis value (<c>KernelHeight</c>) that overrides a shared one (<c>KernelSize</c>) when written.</summary>
        public int? Overridable(string sharedName, int? shared, string axisName, int? axis, int? fallback, int limit)
        {
            if (shared is int s && axis is int a && s != a)
            {
                Add(ProblemKind.Conflict, axisName, $"{axisName} = {a} conflicts with {sharedName} = {s}; write one of them");
            }

            int? value = axis ?? shared ?? fallback;
            string name = axis is null ? sharedName : axisName;
            if (value is null)
            {
                string message = $"{sharedName} is required (or {axisName})";
                if (!Problems.Exists(p => p.Message.StartsWith(sharedName + " is required", StringComparison.Ordinal)))
                {
                    Add(ProblemKind.InvalidParameter, null, message);
                }

                return null;
            }

            if (Problems.Exists(p => p.Argument == name && p.Kind != ProblemKind.Conflict))
            {
                return null; // The shared value was already reported for the other axis.
            }

            return AtLeastOne(name, value.Value, limit) ? value : null;
        }

        /// <summary>
        /// A side's padding (its own property, else <c>Padding</c>), range-checked against the limit for an axis of
        /// <paramref name="dilation"/>; null where it is out of range (reported once per property).
        /// </summary>
        public int? Pad(int? shared, string sideName, int? side, int dilation = 1)
        {
            if (shared is int s && side is int a && s != a)
            {
                Add(ProblemKind.Conflict, sideName, $"{sideName} = {a} conflicts with Padding = {s}; write one of them");
            }

            int value = side ?? shared ?? 0;
            string name = side is null ? "Padding" : sideName;
            if (value < 0 || value > PaddingLimit(dilation))
            {
                if (!Problems.Exists(p => p.Argument == name))
                {
                    if (value < 0)
                    {
                        Add(ProblemKind.InvalidParameter, name, $"{name} must not be negative, but is {value}");
                    }
                    else
                    {
                        Add(ProblemKind.Unsupported, name, $"{name} = {value} is beyond what the generator supports (at most {PaddingLimitText(dilation)})");
                    }
                }

                return null;
            }

            return value;
        }

        /// <summary>Explicit pads written next to a padding mode that chooses the padding itself.</summary>
        public void PaddingModeConflicts(LayerDeclaration d, int paddingMode)
        {
            if (paddingMode == 0 || paddingMode > 3)
            {
                return;
            }

            foreach (var (name, value) in new[] { ("Padding", d.Padding), ("PadTop", d.PadTop), ("PadBottom", d.PadBottom), ("PadLeft", d.PadLeft), ("PadRight", d.PadRight) })
            {
                if (value is int v && v != 0)
                {
                    Add(ProblemKind.Conflict, name, $"{name} = {v} conflicts with PaddingMode.{(PaddingRule)paddingMode}, which chooses the padding itself; remove one of them");
                }
            }
        }

        /// <summary>Empty output (error), trailing input a stride leaves unread (warning), padding-only outputs (warning).</summary>
        public void Axis(ConvAxis axis, PaddingRule paddingMode, string dimension, string lines, string inputName, string beforeName, string afterName, bool paddingOnlyIsError)
        {
            // Written pads were range-checked already (Pad); these are the ones a padding mode chose (reported once per layer).
            foreach (var (name, pad) in new[] { (beforeName, axis.PadBefore), (afterName, axis.PadAfter) })
            {
                if (pad > PaddingLimit(axis.Dilation) && !Problems.Exists(p => p.Kind == ProblemKind.Unsupported && p.Argument == "PaddingMode"))
                {
                    Add(ProblemKind.Unsupported, "PaddingMode",
                        $"The padding mode pads {name} = {pad}, beyond what the generator supports (at most {PaddingLimitText(axis.Dilation)} on a side)");
                }
            }

            if (axis.Output == 0)
            {
                Add(ProblemKind.EmptyOutput, inputName,
                    $"The output {dimension} is empty: the dilated kernel spans {axis.EffectiveKernel} but the padded input {dimension} is {axis.Input} + {axis.PadBefore} + {axis.PadAfter} = {(long)axis.Input + axis.PadBefore + axis.PadAfter}");
                return;
            }

            long unread = axis.UnreadTrailing;
            if (unread > axis.RegularGap)
            {
                // One more output reads them: the far pad that makes the padded input just long enough for it.
                long farPad = axis.PadAfter + (axis.Output * axis.Stride + axis.EffectiveKernel - axis.PadBefore - axis.Input - axis.PadAfter);
                string farSide = dimension == "height" ? "PadBottom" : "PadRight";
                string fix = paddingMode == PaddingRule.Explicit && farPad < (paddingOnlyIsError ? axis.Kernel : axis.EffectiveKernel)
                    ? afterName == "Padding"
                        ? $"; {farSide} = {farPad} reads them (write the four pads in place of Padding), or use PaddingMode.Same"
                        : $"; {farSide} = {farPad} reads them, or use PaddingMode.Same"
                    : paddingMode == PaddingRule.Valid ? "; PaddingMode.Same reads them" : "";
                Add(ProblemKind.UnreadInput, afterName,
                    $"Stride {axis.Stride} leaves the last {unread} input {lines} of {axis.Input} unread (input {axis.Input}, kernel {axis.Kernel}, dilation {axis.Dilation}, padding {axis.PadBefore}+{axis.PadAfter} → {axis.Output} outputs){fix}");
            }

            if (paddingOnlyIsError && axis.PadBefore < axis.Kernel && axis.PadAfter < axis.Kernel && FirstWindowWithoutInput(axis) is long empty)
            {
                // Pads below the kernel still leave a dilated window that falls between real inputs: it would have no value.
                Add(ProblemKind.InvalidParameter, inputName,
                    $"Output {empty} of the {dimension} reads no real input (kernel {axis.Kernel}, dilation {axis.Dilation}, padding {axis.PadBefore}+{axis.PadAfter} on {axis.Input}): a pooling window must hold a real input value");
            }

            foreach (var (name, pad) in new[] { (beforeName, axis.PadBefore), (afterName, axis.PadAfter) })
            {
                // Shared Padding is named once, not once per side it pads.
                if (name == "Padding" && Problems.Exists(p => p.Argument == name && (p.Kind == ProblemKind.PaddingOnlyOutputs || p.Kind == ProblemKind.InvalidParameter)))
                {
                    continue;
                }

                if (paddingOnlyIsError && pad >= axis.Kernel)
                {
                    Add(ProblemKind.InvalidParameter, name, $"{name} = {pad} must be smaller than the kernel {dimension} {axis.Kernel}: a pooling window must hold a real input value");
                }
                else if (!paddingOnlyIsError && pad >= axis.EffectiveKernel)
                {
                    Add(ProblemKind.PaddingOnlyOutputs, name,
                        $"{name} = {pad} is at least the dilated kernel extent {axis.EffectiveKernel}, so some outputs are computed from padding alone");
                }
            }
        }

        /// <summary>The first output whose window has no tap on real input, or null. Only border outputs can be empty.</summary>
        private static long? FirstWindowWithoutInput(ConvAxis axis)
        {
            long begin = axis.InteriorBegin, end = axis.InteriorEnd, output = axis.Output;
            if (begin + (output - end) > 100_000)
            {
                return null; // an absurd layer; its size is reported elsewhere
            }

            foreach (var (from, to) in new[] { (0L, begin), (end, output) })
            {
                for (long o = from; o < to; o++)
                {
                    var (first, last) = axis.ValidTaps(o);
                    if (first == last)
                    {
                        return o;
                    }
                }
            }

            return null;
        }

        /// <summary>Tensor lengths must index a span.</summary>
        public void Lengths(params (string Name, long Length)[] lengths)
        {
            foreach (var (name, length) in lengths)
            {
                if (length > LayerLimits.MaxLength)
                {
                    Add(ProblemKind.Unsupported, null, $"The {name} length {length} overflows int (at most {LayerLimits.MaxLength} floats fit a span)");
                }
            }
        }

        /// <summary>The argument a side's pad comes from: the side's own (<c>PadTop</c>) unless only <c>Padding</c> is written.</summary>
        public static string PadName(int? shared, int? side, string sideName) => side is null && shared is not null ? "Padding" : sideName;

        public void Add(ProblemKind kind, string? argument, string message) => Problems.Add(new LayerProblem(kind, argument, message));
    }
}
