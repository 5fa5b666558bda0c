using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>Writes the nested <c>{Method}Shape</c> class of a pooling layer: one documented constant per shape figure.</summary>
    internal static class PoolShapeClassEmitter
    {
        /// <param name="methodName">The method's name as written in source (a keyword keeps its @), for cref and class names.</param>
        public static void Emit(IndentedWriter w, string methodName, PoolShape s, ReceptiveField field)
        {
            string rounding = s.CeilMode
                ? "ceil((input + padBefore + padAfter − dilation·(kernel − 1) − 1) / stride) + 1, less a last window that would start in the trailing padding"
                : "floor((input + padBefore + padAfter − dilation·(kernel − 1) − 1) / stride) + 1";
            w.Doc(
                "<summary>",
                $"Shape of the <see cref=\"{methodName}\"/> {PoolShapeDescription.Noun(s)} layer, fixed at compile time: {Literals.Xml(PoolShapeDescription.Summary(s))}.",
                "</summary>",
                "<remarks>",
                s.Layout == LayoutKind.Nhwc
                    ? "Tensors are one image, NHWC: input InputHeight×InputWidth×Channels, output OutputHeight×OutputWidth×Channels;"
                    : "Tensors are one image, NCHW: input Channels×InputHeight×InputWidth, output Channels×OutputHeight×OutputWidth;",
                "each channel is pooled on its own.",
                $"Per axis: output = {rounding}.",
                PoolShapeDescription.Semantics(s),
                "</remarks>");
            w.Open($"public static class {methodName.TrimStart('@')}Shape");
            w.Line("// Every figure of the layer, resolved at compile time (hover a constant for its arithmetic).");

            Constant(w, "Channels", s.Channels, "Channels: pooling keeps them, each pooled on its own.");
            Constant(w, "InChannels", s.Channels, "Input channels: <see cref=\"Channels\"/>.");
            Constant(w, "OutChannels", s.Channels, "Output channels: <see cref=\"Channels\"/>, as pooling keeps them.");
            Constant(w, "InputHeight", s.InputHeight, "Input height in pixels.");
            Constant(w, "InputWidth", s.InputWidth, "Input width in pixels.");
            Constant(w, "OutputHeight", s.OutputHeight, OutputFormula("Height", "PadTop", "PadBottom", "row", "bottom", s.Rows));
            Constant(w, "OutputWidth", s.OutputWidth, OutputFormula("Width", "PadLeft", "PadRight", "column", "right", s.Columns));
            Constant(w, "KernelHeight", s.KernelHeight, "Window height.");
            Constant(w, "KernelWidth", s.KernelWidth, "Window width.");
            Constant(w, "StrideHeight", s.StrideHeight, "Rows the window moves down per output row (when not written: the kernel height).");
            Constant(w, "StrideWidth", s.StrideWidth, "Columns the window moves right per output column (when not written: the kernel width).");
            string dilation = s.IsMax ? "" : "; average pooling has none";
            Constant(w, "DilationHeight", s.DilationHeight, $"Rows between vertically neighbouring window taps (1 = dense{dilation}).");
            Constant(w, "DilationWidth", s.DilationWidth, $"Columns between horizontally neighbouring window taps (1 = dense{dilation}).");
            string note = PadNote(s);
            Constant(w, "PadTop", s.PadTop, $"Rows of padding above the input{note}.");
            Constant(w, "PadBottom", s.PadBottom, $"Rows of padding below the input{note}.");
            Constant(w, "PadLeft", s.PadLeft, $"Columns of padding left of the input{note}.");
            Constant(w, "PadRight", s.PadRight, $"Columns of padding right of the input{note}.");
            bool nhwc = s.Layout == LayoutKind.Nhwc;
            Constant(w, "InputLength", s.InputLength, ShapeDescription.LengthDoc("input", nhwc, ("Channels", s.Channels), ("InputHeight", s.InputHeight), ("InputWidth", s.InputWidth), s.InputLength));
            Constant(w, "OutputLength", s.OutputLength, ShapeDescription.LengthDoc("output", nhwc, ("Channels", s.Channels), ("OutputHeight", s.OutputHeight), ("OutputWidth", s.OutputWidth), s.OutputLength));
            ShapeClassEmitter.ChainConstants(w, field);
            w.Close();
        }

        private static void Constant(IndentedWriter w, string name, long value, string summary) => ShapeClassEmitter.Constant(w, name, value, summary);

        /// <summary>The output size with its arithmetic; in ceil mode also the dropped last window when there is one.</summary>
        private static string OutputFormula(string axis, string before, string after, string line, string trailingSide, ConvAxis a)
        {
            string symbolic = $"(Input{axis} + {before} + {after} − Dilation{axis}·(Kernel{axis} − 1) − 1) / Stride{axis}";
            string numeric = $"({a.Input} + {a.PadBefore} + {a.PadAfter} − {a.Dilation}·({a.Kernel} − 1) − 1) / {a.Stride}";
            if (!a.CeilMode)
            {
                return $"Output {axis.ToLowerInvariant()}: floor({symbolic}) + 1 = floor({numeric}) + 1 = {a.Output}.";
            }

            long span = (long)a.Input + a.PadBefore + a.PadAfter - a.EffectiveKernel;
            long rounded = ConvAxis.CeilDiv(span, a.Stride) + 1;
            string text = $"Output {axis.ToLowerInvariant()} (ceil mode): ceil({symbolic}) + 1 = ceil({numeric}) + 1 = {rounded}";
            return rounded == a.Output
                ? text + "."
                : text + $", less the last window, which would start at {line} {a.WindowStart(rounded - 1)} in the {trailingSide} padding: {a.Output}.";
        }

        private static string PadNote(PoolShape s)
        {
            string mode = s.PaddingMode switch
            {
                PaddingRule.Same => ", chosen by PaddingMode.Same so that output = ceil(input / stride), any odd pixel at the bottom/right",
                PaddingRule.SameLower => ", chosen by PaddingMode.SameLower so that output = ceil(input / stride), any odd pixel at the top/left",
                PaddingRule.Valid => " (PaddingMode.Valid: none)",
                _ => string.Empty,
            };
            if (s.PaddingMode == PaddingRule.Valid)
            {
                return mode;
            }

            string role = s.IsMax ? "; padded cells never win the max"
                : s.CountIncludePad ? "; padded cells count as zeros in the average"
                : "; padded cells are left out of the average";
            return mode + role;
        }
    }
}
