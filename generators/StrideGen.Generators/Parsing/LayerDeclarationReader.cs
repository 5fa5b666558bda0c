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
            var d = new LayerDeclaration { Kind = kind, HasBias = hasBias };
            foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
            {
                int? i = AsInt(argument.Value);
                switch (argument.Key)
                {
                    case "InChannels": d = d with { InChannels = i }; break;
                    case "OutChannels": d = d with { OutChannels = i }; break;
                    case "Channels": d = d with { Channels = i }; break;
                    case "CeilMode": d = d with { CeilMode = AsBool(argument.Value) }; break;
                    case "CountIncludePad": d = d with { CountIncludePad = AsBool(argument.Value) }; break;
                    case "InputHeight": d = d with { InputHeight = i }; break;
                    case "InputWidth": d = d with { InputWidth = i }; break;
                    case "KernelSize": d = d with { KernelSize = i }; break;
                    case "KernelHeight": d = d with { KernelHeight = i }; break;
                    case "KernelWidth": d = d with { KernelWidth = i }; break;
                    case "Stride": d = d with { Stride = i }; break;
                    case "StrideHeight": d = d with { StrideHeight = i }; break;
                    case "StrideWidth": d = d with { StrideWidth = i }; break;
                    case "Padding": d = d with { Padding = i }; break;
                    case "PadTop": d = d with { PadTop = i }; break;
                    case "PadBottom": d = d with { PadBottom = i }; break;
                    case "PadLeft": d = d with { PadLeft = i }; break;
                    case "PadRight": d = d with { PadRight = i }; break;
                    case "PaddingMode": d = d with { PaddingMode = i }; break;
                    case "Dilation": d = d with { Dilation = i }; break;
                    case "DilationHeight": d = d with { DilationHeight = i }; break;
                    case "DilationWidth": d = d with { DilationWidth = i }; break;
                    case "Groups": d = d with { Groups = i }; break;
                    case "Activation": d = d with { Activation = i }; break;
                    case "Layout": d = d with { Layout = i }; break;
                    case "LeakyReluSlope": d = d with { LeakyReluSlope = AsFloat(argument.Value) }; break;
                    case "From": d = d with { From = argument.Value.Kind == TypedConstantKind.Primitive ? argument.Value.Value as string : null }; break;
                }
            }

            return d;
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
