using StrideGen.Geometry;

namespace StrideGen.Generators.Emitting
{
    /// <summary>Writes the nested <c>{Method}Shape</c> class: one documented constant per shape figure.</summary>
    internal static class ShapeClassEmitter
    {
        /// <param name="methodName">The method's name as written in source (a keyword keeps its @), for cref and class names.</param>
        public static void Emit(IndentedWriter w, string methodName, ConvShape s, ReceptiveField field)
        {
            string className = methodName.TrimStart('@') + "Shape";
            string k = $"{s.KernelHeight}×{s.KernelWidth}";
            bool nhwc = s.Layout == LayoutKind.Nhwc;
            w.Doc(
                "<summary>",
                $"Shape of the <see cref=\"{methodName}\"/> convolution, fixed at compile time: {Literals.Xml(ShapeDescription.Summary(s))}.",
                "</summary>",
                "<remarks>");
            w.Doc(nhwc
                ? new[]
                {
                    "Tensors are one image, NHWC: input InputHeight×InputWidth×InChannels, weights HWIO",
                    "[KernelHeight, KernelWidth, InChannels/Groups, OutChannels], output OutputHeight×OutputWidth×OutChannels.",
                }
                : new[]
                {
                    "Tensors are one image, NCHW: input InChannels×InputHeight×InputWidth, weights OIHW",
                    "[OutChannels, InChannels/Groups, KernelHeight, KernelWidth], output OutChannels×OutputHeight×OutputWidth.",
                });
            w.Doc(
                "Per axis: output = floor((input + padBefore + padAfter − dilation·(kernel − 1) − 1) / stride) + 1.",
                "</remarks>");
            w.Open($"public static class {className}");
            w.Line("// Every figure of the layer, resolved at compile time (hover a constant for its arithmetic).");

            Constant(w, "InChannels", s.InChannels, "Input channels (C of the input).");
            Constant(w, "InputHeight", s.InputHeight, "Input height in pixels.");
            Constant(w, "InputWidth", s.InputWidth, "Input width in pixels.");
            Constant(w, "OutChannels", s.OutChannels, "Output channels: the number of filters.");
            Constant(w, "OutputHeight", s.OutputHeight, OutputFormula("Height", "PadTop", "PadBottom", s.Rows));
            Constant(w, "OutputWidth", s.OutputWidth, OutputFormula("Width", "PadLeft", "PadRight", s.Columns));
            Constant(w, "KernelHeight", s.KernelHeight, "Kernel (filter window) height.");
            Constant(w, "KernelWidth", s.KernelWidth, "Kernel (filter window) width.");
            Constant(w, "StrideHeight", s.StrideHeight, "Rows the window moves down per output row.");
            Constant(w, "StrideWidth", s.StrideWidth, "Columns the window moves right per output column.");
            Constant(w, "DilationHeight", s.DilationHeight, "Rows between vertically neighbouring kernel taps (1 = dense).");
            Constant(w, "DilationWidth", s.DilationWidth, "Columns between horizontally neighbouring kernel taps (1 = dense).");
            Constant(w, "PadTop", s.PadTop, "Rows of zeros above the input" + PadNote(s) + ".");
            Constant(w, "PadBottom", s.PadBottom, "Rows of zeros below the input" + PadNote(s) + ".");
            Constant(w, "PadLeft", s.PadLeft, "Columns of zeros left of the input" + PadNote(s) + ".");
            Constant(w, "PadRight", s.PadRight, "Columns of zeros right of the input" + PadNote(s) + ".");
            Constant(w, "Groups", s.Groups, $"Channel groups: each output channel reads InChannels / Groups = {s.InChannelsPerGroup} input channel(s).");
            Constant(w, "InputLength", s.InputLength, ShapeDescription.LengthDoc("input", nhwc, ("InChannels", s.InChannels), ("InputHeight", s.InputHeight), ("InputWidth", s.InputWidth), s.InputLength));
            Constant(w, "WeightLength", s.WeightLength, nhwc
                ? $"Floats in <c>weights</c> (HWIO): KernelHeight × KernelWidth × (InChannels / Groups) × OutChannels = {k} × {s.InChannelsPerGroup} × {s.OutChannels} = {s.WeightLength}."
                : $"Floats in <c>weights</c> (OIHW): OutChannels × (InChannels / Groups) × KernelHeight × KernelWidth = {s.OutChannels} × {s.InChannelsPerGroup} × {k} = {s.WeightLength}.");
            Constant(w, "BiasLength", s.BiasLength, s.HasBias
                ? $"Floats in <c>bias</c>: one per output channel = {s.BiasLength}."
                : "Floats in a bias: 0, because the method takes no bias span.");
            Constant(w, "OutputLength", s.OutputLength, ShapeDescription.LengthDoc("output", nhwc, ("OutChannels", s.OutChannels), ("OutputHeight", s.OutputHeight), ("OutputWidth", s.OutputWidth), s.OutputLength));
            Constant(w, "Parameters", s.Parameters, $"Learned values: WeightLength + BiasLength = {s.WeightLength} + {s.BiasLength} = {s.Parameters}.");
            string macs = $"Multiply-accumulates per call: OutChannels × OutputHeight × OutputWidth × (InChannels / Groups) × KernelHeight × KernelWidth = {s.OutChannels} × {s.OutputHeight} × {s.OutputWidth} × {s.InChannelsPerGroup} × {k} = {s.MultiplyAccumulates}.";
            if (s.MultiplyAccumulates <= int.MaxValue)
            {
                Constant(w, "MultiplyAccumulates", s.MultiplyAccumulates, macs);
            }
            else
            {
                w.Line();
                w.Doc("<summary>", Literals.Xml(macs) + " (A <c>long</c>: the count exceeds <c>int</c>.)", "</summary>");
                w.Line($"public const long MultiplyAccumulates = {Literals.Int(s.MultiplyAccumulates)};");
            }

            ChainConstants(w, field);
            w.Close();
        }

        /// <summary>The receptive field and jump, accumulated along the From chain; shared by every layer kind's Shape class.</summary>
        public static void ChainConstants(IndentedWriter w, ReceptiveField field)
        {
            Constant(w, "ReceptiveFieldHeight", field.Height, "Input rows one output value sees, along the From chain from its first layer: r_out = r_in + (k_eff − 1)·j_in.");
            Constant(w, "ReceptiveFieldWidth", field.Width, "Input columns one output value sees, along the From chain from its first layer: r_out = r_in + (k_eff − 1)·j_in.");
            Constant(w, "JumpHeight", field.JumpHeight, "Input rows between vertically neighbouring outputs, along the From chain: j_out = j_in·stride.");
            Constant(w, "JumpWidth", field.JumpWidth, "Input columns between horizontally neighbouring outputs, along the From chain: j_out = j_in·stride.");
        }

        private static string OutputFormula(string axis, string before, string after, ConvAxis a) =>
            $"Output {axis.ToLowerInvariant()}: floor((Input{axis} + {before} + {after} − Dilation{axis}·(Kernel{axis} − 1) − 1) / Stride{axis}) + 1"
            + $" = floor(({a.Input} + {a.PadBefore} + {a.PadAfter} − {a.Dilation}·({a.Kernel} − 1) − 1) / {a.Stride}) + 1 = {a.Output}.";

        private static string PadNote(ConvShape s) => s.PaddingMode switch
        {
            PaddingRule.Same => ", chosen by PaddingMode.Same so that output = ceil(input / stride), any odd pixel at the bottom/right",
            PaddingRule.SameLower => ", chosen by PaddingMode.SameLower so that output = ceil(input / stride), any odd pixel at the top/left",
            PaddingRule.Valid => " (PaddingMode.Valid: none)",
            _ => string.Empty,
        };

        public static void Constant(IndentedWriter w, string name, long value, string summary)
        {
            w.Line();
            w.Doc($"<summary>{summary}</summary>");
            w.Line($"public const int {name} = {Literals.Int(value)};");
        }
    }
}
