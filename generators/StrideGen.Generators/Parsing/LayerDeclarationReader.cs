using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using StrideGen.Geometry;

namespace StrideGen.Generators.Parsing
{
    /// <summary>
    /// Reads a layer attribute's named arguments into a <see cref="LayerDeclaration"/>. Shared by the generator and the
    /// analyzer. Arguments of the wrong type (the compiler reports those) are read as "not written".
    /// </summary>
    internal static class LayerDeclarationReader
    {
        public static LayerDeclaration Read(AttributeData attribute, LayerKind kind, bool hasBias)
        {
            // One record at the end rather than a `with` copy per argument: the generator reads every layer (and the layers
            // its chain passes through) again whenever the compilation changes, so this runs on every keystroke.
            int? inChannels = null, outChannels = null, channels = null, inputHeight = null, inputWidth = null;
            int? kernelSize = null, kernelHeight = null, kernelWidth = null, stride = null, strideHeight = null, strideWidth = null;
            int? padding = null, padTop = null, padBottom = null, padLeft = null, padRight = null, paddingMode = null;
            int? dilation = null, dilationHeight = null, dilationWidth = null, groups = null, activation = null, layout = null, threads = null;
            bool? ceilMode = null, countIncludePad = null, packedWeights = null;
            float? leakyReluSlope = null;
            string? from = null;
            foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
            {
                int? i = AsInt(argument.Value);
                switch (argument.Key)
                {
                    case "InChannels": inChannels = i; break;
                    case "OutChannels": outChannels = i; break;
                    case "Channels": channels = i; break;
                    case "CeilMode": ceilMode = AsBool(argument.Value); break;
                    case "CountIncludePad": countIncludePad = AsBool(argument.Value); break;
                    case "InputHeight": inputHeight = i; break;
                    case "InputWidth": inputWidth = i; break;
                    case "KernelSize": kernelSize = i; break;
                    case "KernelHeight": kernelHeight = i; break;
                    case "KernelWidth": kernelWidth = i; break;
                    case "Stride": stride = i; break;
                    case "StrideHeight": strideHeight = i; break;
                    case "StrideWidth": strideWidth = i; break;
                    case "Padding": padding = i; break;
                    case "PadTop": padTop = i; break;
                    case "PadBottom": padBottom = i; break;
                    case "PadLeft": padLeft = i; break;
                    case "PadRight": padRight = i; break;
                    case "PaddingMode": paddingMode = i; break;
                    case "Dilation": dilation = i; break;
                    case "DilationHeight": dilationHeight = i; break;
                    case "DilationWidth": dilationWidth = i; break;
                    case "Groups": groups = i; break;
                    case "Activation": activation = i; break;
                    case "Layout": layout = i; break;
                    case "Threads": threads = i; break;
                    case "PackedWeights": packedWeights = AsBool(argument.Value); break;
                    case "LeakyReluSlope": leakyReluSlope = AsFloat(argument.Value); break;
                    case "From": from = argument.Value.Kind == TypedConstantKind.Primitive ? argument.Value.Value as string : null; break;
                }
            }

            return new LayerDeclaration
            {
                Kind = kind,
                HasBias = hasBias,
                InChannels = inChannels,
                OutChannels = outChannels,
                Channels = channels,
                CeilMode = ceilMode,
                CountIncludePad = countIncludePad,
                InputHeight = inputHeight,
                InputWidth = inputWidth,
                KernelSize = kernelSize,
                KernelHeight = kernelHeight,
                KernelWidth = kernelWidth,
                Stride = stride,
                StrideHeight = strideHeight,
                StrideWidth = strideWidth,
                Padding = padding,
                PadTop = padTop,
                PadBottom = padBottom,
                PadLeft = padLeft,
                PadRight = padRight,
                PaddingMode = paddingMode,
                Dilation = dilation,
                DilationHeight = dilationHeight,
                DilationWidth = dilationWidth,
                Groups = groups,
                Activation = activation,
                Layout = layout,
                LeakyReluSlope = leakyReluSlope,
                From = from,
                Threads = threads,
                PackedWeights = packedWeights,
            };
        }

        private static int? AsInt(TypedConstant value)
        {
            if (value.Kind != TypedConstantKind.Primitive && value.Kind != TypedConstantKind.Enum)
            {
                return null;
            }

            return value.Value is int i ? i : null;
        }

        private static bool? AsBool(TypedConstant value) =>
            value.Kind == TypedConstantKind.Primitive && value.Value is bool b ? b : null;

        private static float? AsFloat(TypedConstant value)
        {
            if (value.Kind != TypedConstantKind.Primitive)
            {
                return null;
            }

            return value.Value switch
            {
                float f => f,
                double x => (float)x,
                int n => n,
                _ => null,
            };
        }
    }
}
