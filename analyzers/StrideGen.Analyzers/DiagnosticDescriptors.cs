using Microsoft.CodeAnalysis;
using StrideGen.Geometry;

namespace StrideGen.Analyzers
{
    /// <summary>
    /// SGEN001–SGEN012. The IDs are a contract; the numbers of <see cref="ProblemKind"/> are the IDs of the problems the
    /// shape model finds (SGEN011 and SGEN012 are about the project, not the shape: <see cref="ThreadsNeedUnsafe"/>,
    /// <see cref="NativeAotBaselineInstructionSet"/>). Errors cannot be reconfigured (no kernel exists for such a layer); warnings can, from .editorconfig.
    /// </summary>
    internal static class DiagnosticDescriptors
    {
        public const string ShapeCategory = "StrideGen.Shape";
        public const string DeclarationCategory = "StrideGen.Declaration";
        public const string ChainCategory = "StrideGen.Chain";
        public const string UsageCategory = "StrideGen.Usage";

        /// <summary>Where each diagnostic's page lives: docs/diagnostics/SGENxxx.md of the repository.</summary>
        public const string HelpLinkBase = "https://github.com/stridegen/stridegen/blob/main/docs/diagnostics/";

        public static readonly DiagnosticDescriptor InvalidParameter = Error(
            "SGEN001", "Invalid layer parameter", ShapeCategory,
            "A kernel, stride, dilation, channel count or input size below 1, a negative padding, a required value missing, or an enum value out of range.");

        public static readonly DiagnosticDescriptor EmptyOutput = Error(
            "SGEN002", "Layer output is empty", ShapeCategory,
            "The dilated kernel is larger than the padded input on one axis, so the layer has no output.");

        public static readonly DiagnosticDescriptor UnreadInput = Warning(
            "SGEN003", "Stride leaves input unread", ShapeCategory,
            "Counting from the last row (column) any window reads, more input rows (columns) are left unread at the bottom (right) edge than the regular gap between windows, max(0, stride − dilated kernel): real input is silently ignored.");

        public static readonly DiagnosticDescriptor GroupsMismatch = Error(
            "SGEN004", "Channels not divisible by Groups", ShapeCategory,
            "InChannels and OutChannels must both be divisible by Groups.");

        public static readonly DiagnosticDescriptor SignatureMismatch = Error(
            "SGEN005", "Method does not fit the layer", DeclarationCategory,
            "A layer is a static partial void method, not generic, in partial containing types, with the documented span parameters.",
            "{0}; a {1} layer is declared as {2}");

        public static readonly DiagnosticDescriptor ChainMismatch = Error(
            "SGEN006", "Layer chain does not fit", ChainCategory,
            "From names no StrideGen layer of the containing type, the chain is a cycle, or an input shape written on the layer differs from the output of the layer it comes From.");

        public static readonly DiagnosticDescriptor BufferLength = Warning(
            "SGEN007", "Buffer length does not match the layer", UsageCategory,
            "A call passes a buffer whose length is known at compile time and differs from the length the layer requires; the call throws ArgumentException at run time.",
            "'{0}' needs {1} of {2} floats ({3}), but the buffer passed holds {4}");

        public static readonly DiagnosticDescriptor PaddingOnlyOutputs = Warning(
            "SGEN008", "Outputs computed from padding alone", ShapeCategory,
            "Padding on some side is at least the dilated kernel extent, so the outputs next to that edge see padding only.");

        public static readonly DiagnosticDescriptor Unsupported = Error(
            "SGEN009", "Layer beyond what the generator supports", ShapeCategory,
            "A tensor length overflows int, or a figure or setting is beyond what the generator supports.");

        public static readonly DiagnosticDescriptor Conflict = Error(
            "SGEN010", "Conflicting layer settings", ShapeCategory,
            "Two settings contradict each other: a padding mode with explicit pads, a shared value and a per-axis value that differ, or a setting the layer kind does not have.");

        public static readonly DiagnosticDescriptor ThreadsNeedUnsafe = Error(
            "SGEN011", "Multi-threaded layer needs unsafe code", DeclarationCategory,
            "A layer declared with Threads > 1 pins its spans and hands pointers to thread-pool threads, which needs AllowUnsafeBlocks in the project. Until then the layer is generated single-threaded.",
            "Layer '{0}' runs on {1} threads, which needs unsafe code: add <AllowUnsafeBlocks>true</AllowUnsafeBlocks> to the project");

        public static readonly DiagnosticDescriptor NativeAotBaselineInstructionSet = new(
            "SGEN012", "NativeAOT without an instruction set runs the kernels on Vector128",
            "NativeAOT compiles this project's {1} StrideGen layer(s), '{0}' first, for its default x64 instruction set, which has neither AVX2 nor AVX-512: they will run on their Vector128 path, about 3× slower. Set <IlcInstructionSet> for the machines you publish to (native, x86-64-v3 or x86-64-v4).",
            UsageCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            "A project that publishes NativeAOT code (PublishAot) fixes at compile time which vector widths are accelerated. Without IlcInstructionSet, x64 code targets a baseline without AVX2 and AVX-512, so every generated kernel takes its Vector128 path. Reported once per project, at its first layer.",
            HelpLinkBase + "SGEN012.md", WellKnownDiagnosticTags.CompilationEnd);

        /// <summary>The descriptor of a problem the shape model found.</summary>
        public static DiagnosticDescriptor For(ProblemKind kind) => kind switch
        {
            ProblemKind.InvalidParameter => InvalidParameter,
            ProblemKind.EmptyOutput => EmptyOutput,
            ProblemKind.UnreadInput => UnreadInput,
            ProblemKind.GroupsMismatch => GroupsMismatch,
            ProblemKind.ChainMismatch => ChainMismatch,
            ProblemKind.PaddingOnlyOutputs => PaddingOnlyOutputs,
            ProblemKind.Unsupported => Unsupported,
            _ => Conflict,
        };

        private static DiagnosticDescriptor Error(string id, string title, string category, string description, string message = "{0}") =>
            new(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true, description, HelpLinkBase + id + ".md",
                WellKnownDiagnosticTags.NotConfigurable);

        private static DiagnosticDescriptor Warning(string id, string title, string category, string description, string message = "{0}") =>
            new(id, title, message, category, DiagnosticSeverity.Warning, isEnabledByDefault: true, description, HelpLinkBase + id + ".md");
    }
}
