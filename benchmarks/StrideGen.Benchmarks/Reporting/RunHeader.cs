using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using StrideGen.Benchmarks.Machine;

namespace StrideGen.Benchmarks.Reporting;

/// <summary>
/// The lines printed above the results and kept with them: the command that reproduces the run (with any vector
/// switches in the environment), the machine, its instruction sets, the measured FMA peaks and how busy the machine was.
/// </summary>
public static class RunHeader
{
    public const string ProjectCommand = "dotnet run -c Release --project benchmarks/StrideGen.Benchmarks --";

    public static IReadOnlyList<string> Lines(IReadOnlyList<string> commandLineArguments, FmaPeak peak)
    {
        var lines = new List<string>
        {
            $"Command: {Command(commandLineArguments)}",
            $"Machine: {MachineDescription.Machine()}",
            $"ISA: {MachineDescription.InstructionSets()}",
            $"FMA peak, one thread ({FmaPeakLoops.IndependentChains} independent FMA chains in C#): " +
            $"Vector256 {Gflops(peak.Vector256Gflops)}, Vector512 {Gflops(peak.Vector512Gflops)}",
        };

        if (MachineDescription.Load() is string load)
        {
            lines.Add($"Load at start: {load}");
        }

        if (MachineDescription.IgnoredSwitchWarning() is string warning)
        {
            lines.Add($"Warning: {warning}");
        }

        return lines;
    }

    /// <summary>The lines that close a run: how long it took and how busy the machine was at the end.</summary>
    public static IReadOnlyList<string> ClosingLines(TimeSpan elapsed, int benchmarkCases)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"Took: {elapsed.TotalMinutes:0.0} min for {benchmarkCases} benchmark cases, FMA peak included"),
        };
        if (MachineDescription.Load() is string load)
        {
            lines.Add($"Load at end: {load}");
        }

        return lines;
    }

    private static string Command(IReadOnlyList<string> arguments)
    {
        IEnumerable<string> parts = MachineDescription.VectorSwitches()
            .Append(ProjectCommand)
            .Concat(arguments.Select(Quote));
        return string.Join(' ', parts);
    }

    // Quote what a shell would expand or split (a filter such as *Tiny*), so the line can be pasted back.
    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=')
            ? argument
            : $"'{argument}'";

    private static string Gflops(double? value) =>
        value is double gflops ? string.Create(CultureInfo.InvariantCulture, $"{gflops:0.0} GFLOP/s") : "n/a";
}
