using System.Text;

namespace StrideGen.Generators.Emitting
{
    /// <summary>Writes source text line by line with four-space indentation and \n line endings, so output is byte-identical everywhere.</summary>
    internal sealed class IndentedWriter
    {
        private readonly StringBuilder builder = new();
        private int depth;

        public void Line(string text = "")
        {
            if (text.Length > 0)
            {
                builder.Append(' ', depth * 4).Append(text);
            }

            builder.Append('\n');
        }

        /// <summary>Writes <paramref name="header"/> and an opening brace, and indents until <see cref="Close"/>.</summary>
        public void Open(string header)
        {
            if (header.Length > 0)
            {
                Line(header);
            }

            Line("{");
            depth++;
        }

        public void Close(string closer = "}")
        {
            depth--;
            Line(closer);
        }

        /// <summary>A /// doc comment: each line of <paramref name="lines"/> prefixed with "/// ".</summary>
        public void Doc(params string[] lines)
        {
            foreach (var line in lines)
            {
                Line("/// " + line);
            }
        }

        /// <summary>Characters written so far.</summary>
        public int Length => builder.Length;

        /// <summary>Appends what <paramref name="other"/> wrote (lines indented as it indented them).</summary>
        public void Append(IndentedWriter other) => builder.Append(other.builder);

        public override string ToString() => builder.ToString();
    }
}
