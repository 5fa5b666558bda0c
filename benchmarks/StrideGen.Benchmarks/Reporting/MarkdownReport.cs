using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;

namespace StrideGen.Benchmarks.Reporting;

/// <summary>
/// One markdown file per run: a title, the run's header lines (command, machine, ISA, FMA peaks, load, duration) as a
/// list, then BenchmarkDotNet's GitHub-flavoured table with its environment block and legend, one per benchmark class
/// (convolutions, pooling) under its class name when the run has both.
/// </summary>
public static class MarkdownReport
{
    public static string Render(string title, IEnumerable<string> header, IReadOnlyList<Summary> summaries)
    {
        var text = new StringBuilder();
        text.Append("# ").AppendLine(title).AppendLine();
        foreach (string line in header)
        {
            text.Append("- ").AppendLine(line);
        }

        foreach (Summary summary in summaries)
        {
            text.AppendLine();
            if (summaries.Count > 1)
            {
                text.Append("## ").AppendLine(summary.BenchmarksCases.FirstOrDefault()?.Descriptor.Type.Name ?? summary.Title).AppendLine();
            }

            var table = new AccumulationLogger();
            MarkdownExporter.GitHub.ExportToLog(summary, table);
            text.Append(table.GetLog());
        }

        return text.ToString();
    }

    public static void Write(string path, string markdown)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, markdown, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }
}
