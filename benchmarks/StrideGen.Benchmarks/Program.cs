using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using StrideGen.Benchmarks;
using StrideGen.Benchmarks.Configuration;
using StrideGen.Benchmarks.Machine;
using StrideGen.Benchmarks.Reporting;

// StrideGen's benchmark suite (see benchmarks/README.md):
//   quick check          dotnet run -c Release --project benchmarks/StrideGen.Benchmarks -- --short
//   full run             dotnet run -c Release --project benchmarks/StrideGen.Benchmarks -- --filter '*'
//   later-stage layers   dotnet run -c Release --project benchmarks/StrideGen.Benchmarks -- --filter '*NetworkLayer*'
//   packed weights       dotnet run -c Release --project benchmarks/StrideGen.Benchmarks -- --filter '*PackedWeight*'
//   dilated layers       dotnet run -c Release --project benchmarks/StrideGen.Benchmarks -- --filter '*DilatedLayer*'
//   Winograd layers      dotnet run -c Release --project benchmarks/StrideGen.Benchmarks -- --filter '*WinogradLayer*'
//   wide strides         dotnet run -c Release --project benchmarks/StrideGen.Benchmarks -- --filter '*WideStrideLayer*'
//   raw-audio layers     dotnet run -c Release --project benchmarks/StrideGen.Benchmarks -- --filter '*SignalLayer*'
//   classifiers          dotnet run -c Release --project benchmarks/StrideGen.Benchmarks -- --filter '*ClassifierLayer*'
//   NHWC layers          dotnet run -c Release --project benchmarks/StrideGen.Benchmarks -- --filter '*NhwcLayer*'
//   Vector256 path only  DOTNET_EnableAVX512=0 dotnet run -c Release --project benchmarks/StrideGen.Benchmarks -- --short
// Any other argument goes to BenchmarkDotNet (--filter, --job, --list flat, --help, ...).
Console.OutputEncoding = Encoding.UTF8;
long start = Stopwatch.GetTimestamp();

SuiteArguments arguments = SuiteArguments.Parse(args);
string mode = arguments.Mode.ToString().ToLowerInvariant();
Console.WriteLine($"StrideGen benchmarks, {mode} mode");
Console.WriteLine($"Machine: {MachineDescription.Machine()}");
Console.WriteLine($"ISA: {MachineDescription.InstructionSets()}");
Console.WriteLine("Measuring the FMA peak...");
FmaPeak peak = FmaPeak.Measure();
IReadOnlyList<string> header = RunHeader.Lines(args, peak);
PrintLines(header);
Console.WriteLine();

Summary[] summaries = BenchmarkSwitcher.FromTypes([typeof(ConvLayerBenchmarks), typeof(PoolLayerBenchmarks), typeof(NetworkLayerBenchmarks), typeof(DilatedLayerBenchmarks), typeof(WinogradLayerBenchmarks), typeof(WideStrideLayerBenchmarks), typeof(SignalLayerBenchmarks), typeof(ClassifierLayerBenchmarks), typeof(PackedWeightBenchmarks), typeof(NhwcLayerBenchmarks)])
    .Run([.. arguments.BenchmarkDotNetArguments], SuiteConfig.Create(arguments.Mode, peak, arguments.FilterGiven))
    .ToArray();
if (summaries.Length == 0)
{
    return 0; // --list, --help, --info, or a filter that matched nothing (BenchmarkDotNet has said so)
}

IReadOnlyList<string> closing = RunHeader.ClosingLines(Stopwatch.GetElapsedTime(start), summaries.Sum(s => s.BenchmarksCases.Length));
Console.WriteLine();
PrintLines(header.Concat(closing)); // again under the table, where a reader looks

// One report for the run: the convolution and pooling tables under one header.
{
    string title = $"StrideGen benchmarks, {mode} mode, {DateTime.Now:yyyy-MM-dd}";
    string markdown = MarkdownReport.Render(title, header.Concat(closing), summaries);
    string artifactPath = Path.Combine(summaries[0].ResultsDirectoryPath, $"StrideGen-{mode}-report.md");
    MarkdownReport.Write(artifactPath, markdown);
    Console.WriteLine($"Report: {artifactPath}");
    if (arguments.ReportPath is not null)
    {
        MarkdownReport.Write(arguments.ReportPath, markdown);
        Console.WriteLine($"Report: {Path.GetFullPath(arguments.ReportPath)}");
    }
}

bool allSucceeded = summaries.All(summary => !summary.HasCriticalValidationErrors && summary.Reports.All(report => report.Success));
if (!allSucceeded)
{
    Console.Error.WriteLine("Some benchmarks failed (see above): their rows show NA.");
}

return allSucceeded ? 0 : 1;

static void PrintLines(IEnumerable<string> lines)
{
    foreach (string line in lines)
    {
        Console.WriteLine(line);
    }
}
