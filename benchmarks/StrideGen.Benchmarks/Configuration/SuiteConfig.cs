using System;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using StrideGen.Benchmarks.Columns;
using StrideGen.Benchmarks.Layers;
using StrideGen.Benchmarks.Machine;

namespace StrideGen.Benchmarks.Configuration;

/// <summary>
/// The BenchmarkDotNet configuration: the default one plus the GFLOP/s and %-of-peak columns (convolutions) or the
/// GB/s column (pooling), ratios shown as
/// "N× faster/slower" than ONNX Runtime, layers listed in catalogue order with the contenders in declared order.
/// Full mode is BenchmarkDotNet's default job: a separate process per case, iterations chosen by its statistics.
/// Short mode runs every case in this process (BenchmarkDotNet's own build of the project takes a minute or more on
/// two busy cores, which alone would break the 3-minute budget), with three warm-up and five 200 ms iterations per
/// case, and leaves the plain loops out on the large layers. Without a <c>--filter</c> it runs the suites only,
/// the convolutions and the pooling layers: with every later suite (dilated, Winograd, wide-stride, raw-audio,
/// classifier and NHWC layers, 111 cases) it took 6 minutes. Each later suite runs in short mode when a filter names it.
/// </summary>
public static class SuiteConfig
{
    /// <summary>Short mode's iterations: enough for a usable mean and median on a noisy machine, few enough for 3 minutes.</summary>
    private const int ShortIterationCount = 5;

    private static readonly TimeInterval ShortIterationTime = TimeInterval.FromMilliseconds(200);

    /// <summary>The suites short mode runs when no filter names others: the quick check of issue 5's layers.</summary>
    private static readonly Type[] QuickCheckSuites = [typeof(ConvLayerBenchmarks), typeof(PoolLayerBenchmarks)];

    /// <param name="mode">Full or short.</param>
    /// <param name="peak">The FMA peak the %-of-peak column divides by.</param>
    /// <param name="filterGiven">Whether the command line named the benchmarks to run (short mode then runs what it names).</param>
    public static IConfig Create(SuiteMode mode, FmaPeak peak, bool filterGiven)
    {
        ManualConfig config = ManualConfig.Create(DefaultConfig.Instance)
            .AddColumn(StatisticColumn.Median, new GflopsColumn(), new PercentOfPeakColumn(peak), new BandwidthColumn(), new SpeedUpOverOneThreadColumn())
            .HideColumns(Column.Error, Column.RatioSD, Column.AllocRatio)
            .WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared, MethodOrderPolicy.Declared))
            .WithSummaryStyle(SummaryStyle.Default
                .WithRatioStyle(RatioStyle.Trend)
                .WithMaxParameterColumnWidth(32));

        // The two-thread contender exists for the large layers only.
        config.AddFilter(new SimpleFilter(benchmarkCase => !IsTwoThreadsWithoutDeclaration(benchmarkCase)));
        if (mode == SuiteMode.Short)
        {
            config
                .AddJob(Job.ShortRun
                    .WithIterationCount(ShortIterationCount)
                    .WithIterationTime(ShortIterationTime)
                    .WithToolchain(InProcessEmitToolchain.Instance)
                    .WithId("Short"))
                .AddFilter(new SimpleFilter(benchmarkCase => !IsPlainLoopsOnLargeLayer(benchmarkCase)))
                .AddFilter(new SimpleFilter(benchmarkCase => benchmarkCase.Descriptor.Type != typeof(NetworkLayerBenchmarks) && benchmarkCase.Descriptor.Type != typeof(PackedWeightBenchmarks))); // full mode only
            if (!filterGiven)
            {
                config.AddFilter(new SimpleFilter(benchmarkCase => QuickCheckSuites.Contains(benchmarkCase.Descriptor.Type)));
            }
        }

        return config;
    }

    private static bool IsTwoThreadsWithoutDeclaration(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Descriptor.WorkloadMethod.Name == nameof(ConvLayerBenchmarks.StrideGenTwoThreads)
        && benchmarkCase.Parameters[nameof(ConvLayerBenchmarks.Layer)] is ConvLayer { TwoThreadKernel: null };

    private static bool IsPlainLoopsOnLargeLayer(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Descriptor.WorkloadMethod.Name == nameof(ConvLayerBenchmarks.PlainLoops)
        && benchmarkCase.Parameters[nameof(ConvLayerBenchmarks.Layer)] is ConvLayer layer
        && LayerCatalog.IsLarge(layer);
}
