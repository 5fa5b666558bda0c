using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StrideGen.GeneratorBenchmarks;
using StrideGen.Generators;

// How fast StrideGen is in the compiler and the IDE (see README.md beside this file):
//   quick check   dotnet run -c Release --project benchmarks/StrideGen.GeneratorBenchmarks -- --short
//   full run      dotnet run -c Release --project benchmarks/StrideGen.GeneratorBenchmarks
// Other arguments go to BenchmarkDotNet (--filter '*Incremental*', --list flat, --help, ...).
Console.OutputEncoding = Encoding.UTF8;
bool isShort = args.Contains("--short");
string[] rest = args.Where(a => a != "--short").ToArray();

var generated = GeneratorBenchmarks.GeneratedFiles();
Console.WriteLine($"The benchmark project: {BenchmarkProject.LayerCount} layers in 20 files; {generated.Files} generated files, "
    + $"{generated.TotalBytes / 1024.0:F0} KB in all, the largest {generated.LargestBytes / 1024.0:F1} KB ({generated.LargestName}).");
var (bytes, arguments) = Largest64Channel3x3();
Console.WriteLine($"The largest generated file of a 64-channel 3×3 convolution: {bytes / 1024.0:F1} KB ({bytes} bytes), for {arguments}.");
Console.WriteLine();

IConfig config = DefaultConfig.Instance;
if (isShort)
{
    // In this process (BenchmarkDotNet's own build of a project takes a minute on two cores), 3 warm-ups, 5 iterations.
    config = ManualConfig.Create(DefaultConfig.Instance)
        .AddJob(Job.ShortRun.WithIterationCount(5).WithToolchain(InProcessEmitToolchain.Instance).WithId("Short"));
}

Summary[] summaries = [BenchmarkRunner.Run<GeneratorBenchmarks>(config, rest)];
var means = summaries.SelectMany(s => s.Reports)
    .Where(r => r.ResultStatistics is not null)
    .ToDictionary(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name, r => r.ResultStatistics!.Mean / 1e6); // ms
if (means.Count == 0)
{
    return 0; // --list, --help, or a filter that matched nothing
}

Console.WriteLine();
Console.WriteLine("Against the targets (means):");
Target("Full generation, per layer", means, nameof(GeneratorBenchmarks.FullGeneration), BenchmarkProject.LayerCount, 2.0);
Target("Incremental re-run after an unrelated edit", means, nameof(GeneratorBenchmarks.IncrementalAfterUnrelatedEdit), 1, 1.0);
if (means.TryGetValue(nameof(GeneratorBenchmarks.Analyzers), out double analyzers) && means.TryGetValue(nameof(GeneratorBenchmarks.AnalyzerDriverAlone), out double driver))
{
    double perLayer = (analyzers - driver) / BenchmarkProject.LayerCount;
    Console.WriteLine($"  Analyzers, per layer (over the driver alone): {perLayer.ToString("F3", CultureInfo.InvariantCulture)} ms "
        + $"(target < 1 ms: {(perLayer < 1.0 ? "met" : "MISSED")}); with the driver's own binding: {(analyzers / BenchmarkProject.LayerCount).ToString("F3", CultureInfo.InvariantCulture)} ms");
}

return summaries.All(s => !s.HasCriticalValidationErrors && s.Reports.All(r => r.Success)) ? 0 : 1;

static void Target(string what, Dictionary<string, double> means, string method, int divisor, double targetMs)
{
    if (means.TryGetValue(method, out double mean))
    {
        double value = mean / divisor;
        Console.WriteLine($"  {what}: {value.ToString("F3", CultureInfo.InvariantCulture)} ms (target < {targetMs} ms: {(value < targetMs ? "met" : "MISSED")})");
    }
}

// The 64-channel 3×3 convolutions of common networks, at every input size from 7 to 224: the largest file any writes.
static (int Bytes, string Arguments) Largest64Channel3x3()
{
    var references = BenchmarkProject.References();
    var largest = (Bytes: 0, Arguments: "");
    foreach (int input in new[] { 7, 14, 28, 56, 112, 224 })
    {
        foreach (string variant in new[] { "Padding = 1", "Padding = 1, Stride = 2", "Padding = 0", "Padding = 2, Dilation = 2", "Padding = 1, Layout = TensorLayout.Nhwc", "PaddingMode = PaddingMode.Same, Stride = 2, Layout = TensorLayout.Nhwc" })
        {
            string layerArguments = $"InChannels = 64, OutChannels = 64, InputHeight = {input}, InputWidth = {input}, KernelSize = 3, {variant}";
            string source = "using System;\nusing StrideGen;\npublic static partial class Net\n{\n"
                + $"    [Conv2D({layerArguments})]\n    public static partial void Layer(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output);\n}}\n";
            var compilation = CSharpCompilation.Create("Probe", new[] { BenchmarkProject.Parse(source, "Probe.cs") }, references);
            var result = CSharpGeneratorDriver.Create(new[] { new LayerGenerator().AsSourceGenerator() }, parseOptions: BenchmarkProject.ParseOptions)
                .RunGenerators(compilation).GetRunResult();
            int bytes = result.Results.SelectMany(r => r.GeneratedSources).Max(s => Encoding.UTF8.GetByteCount(s.SourceText.ToString()));
            if (bytes > largest.Bytes)
            {
                largest = (bytes, layerArguments);
            }
        }
    }

    return largest;
}
