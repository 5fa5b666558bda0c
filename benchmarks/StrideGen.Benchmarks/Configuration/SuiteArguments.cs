using System;
using System.Collections.Generic;
using System.Linq;

namespace StrideGen.Benchmarks.Configuration;

/// <summary>
/// The suite's own options, taken off the command line before the rest goes to BenchmarkDotNet:
/// <c>--short</c> (quick mode) and <c>--report FILE</c> (also write the markdown report there).
/// Without a <c>--filter</c>, every benchmark runs (<c>--filter *</c>) instead of BenchmarkDotNet's interactive menu, or in
/// short mode the quick check's suites (see <see cref="SuiteConfig"/>); <see cref="FilterGiven"/> says which.
/// </summary>
public sealed record SuiteArguments(SuiteMode Mode, string? ReportPath, IReadOnlyList<string> BenchmarkDotNetArguments, bool FilterGiven)
{
    public const string ShortOption = "--short";
    public const string ReportOption = "--report";

    public static SuiteArguments Parse(IReadOnlyList<string> args)
    {
        var mode = SuiteMode.Full;
        string? reportPath = null;
        var rest = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] == ShortOption)
            {
                mode = SuiteMode.Short;
            }
            else if (args[i] == ReportOption)
            {
                reportPath = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{ReportOption} needs a file path.");
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        bool filterGiven = rest.Any(arg => arg is "--filter" or "-f");
        if (!filterGiven)
        {
            rest.AddRange(["--filter", "*"]);
        }

        return new SuiteArguments(mode, reportPath, rest, filterGiven);
    }
}
