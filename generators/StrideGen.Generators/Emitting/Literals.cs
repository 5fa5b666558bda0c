using System.Globalization;

namespace StrideGen.Generators.Emitting
{
    /// <summary>Literals and escapes for emitted C#: culture-independent, so generation is deterministic.</summary>
    internal static class Literals
    {
        public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>A size in kilobytes to one decimal ("113.6"), the same whatever the build machine's culture.</summary>
        public static string Kilobytes(long bytes) => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture);

        public static string Float(float value)
        {
            if (float.IsNaN(value))
            {
                return "float.NaN";
            }

            if (float.IsPositiveInfinity(value))
            {
                return "float.PositiveInfinity";
            }

            if (float.IsNegativeInfinity(value))
            {
                return "float.NegativeInfinity";
            }

            return value.ToString("R", CultureInfo.InvariantCulture) + "f";
        }

        /// <summary>A C# string literal.</summary>
        public static string String(string value) =>
            "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "\\r") + "\"";

        /// <summary>Text safe inside an XML doc comment.</summary>
        /// <remarks>Line breaks become spaces: the text goes on one <c>///</c> line (an exception message may span two).</remarks>
        public static string Xml(string value) =>
            value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ');

        /// <summary><paramref name="expression"/> times a literal <paramref name="factor"/>, written without it where it is 1.</summary>
        public static string Times(string expression, long factor) => factor == 1 ? expression : $"{expression} * {Int(factor)}";

        /// <summary><c>base + offset</c> with the offset folded away when zero.</summary>
        public static string Offset(string baseExpression, long offset) =>
            offset == 0 ? baseExpression : offset > 0 ? $"{baseExpression} + {Int(offset)}" : $"{baseExpression} - {Int(-offset)}";
    }
}
