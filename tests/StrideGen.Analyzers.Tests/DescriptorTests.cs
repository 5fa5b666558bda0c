using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace StrideGen.Analyzers.Tests
{
    /// <summary>The diagnostic IDs are a contract: each has the severity the issue defines, a help page, and a release entry.</summary>
    public sealed class DescriptorTests
    {
        public static TheoryData<string, DiagnosticSeverity> Contract => new()
        {
            { "SGEN001", DiagnosticSeverity.Error },
            { "SGEN002", DiagnosticSeverity.Error },
            { "SGEN003", DiagnosticSeverity.Warning },
            { "SGEN004", DiagnosticSeverity.Error },
            { "SGEN005", DiagnosticSeverity.Error },
            { "SGEN006", DiagnosticSeverity.Error },
            { "SGEN007", DiagnosticSeverity.Warning },
            { "SGEN008", DiagnosticSeverity.Warning },
            { "SGEN009", DiagnosticSeverity.Error },
            { "SGEN010", DiagnosticSeverity.Error },
            { "SGEN011", DiagnosticSeverity.Error },
            { "SGEN012", DiagnosticSeverity.Warning },
        };

        private static IReadOnlyList<DiagnosticDescriptor> Supported =>
            Verification.Analyzers().SelectMany(a => a.SupportedDiagnostics).ToList();

        [Fact]
        public void The_analyzers_support_exactly_SGEN001_to_SGEN012_once_each()
        {
            var expected = Enumerable.Range(1, 12).Select(i => $"SGEN{i:000}");

            Assert.Equal(expected, Supported.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal));
        }

        [Theory]
        [MemberData(nameof(Contract))]
        public void Errors_are_not_configurable_and_warnings_are(string id, DiagnosticSeverity severity)
        {
            var descriptor = Supported.Single(d => d.Id == id);

            Assert.Equal(severity, descriptor.DefaultSeverity);
            Assert.True(descriptor.IsEnabledByDefault);
            Assert.Equal(severity == DiagnosticSeverity.Error, descriptor.CustomTags.Contains(WellKnownDiagnosticTags.NotConfigurable));
        }

        [Theory]
        [MemberData(nameof(Contract))]
        public void Help_link_points_to_a_page_in_the_repository_that_explains_the_diagnostic(string id, DiagnosticSeverity severity)
        {
            var descriptor = Supported.Single(d => d.Id == id);
            var page = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Docs", id + ".md"));

            Assert.Equal($"https://github.com/stridegen/stridegen/blob/main/docs/diagnostics/{id}.md", descriptor.HelpLinkUri);
            Assert.StartsWith($"# {id}: {descriptor.Title}", page, StringComparison.Ordinal);
            Assert.Contains(severity == DiagnosticSeverity.Error ? "error (not configurable)" : "warning (configurable)", page, StringComparison.Ordinal);
            foreach (var section in new[] { "## What", "## Why", "## Example", "## Fix" })
            {
                Assert.Contains(section, page, StringComparison.Ordinal);
            }
        }

        [Theory]
        [MemberData(nameof(Contract))]
        public void Release_tracking_lists_the_rule_with_its_category_and_severity(string id, DiagnosticSeverity severity)
        {
            var descriptor = Supported.Single(d => d.Id == id);
            var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Docs", "AnalyzerReleases.Unshipped.md"));

            var entry = Assert.Single(lines, l => l.StartsWith(id + " ", StringComparison.Ordinal));
            Assert.StartsWith($"{id} | {descriptor.Category} | {severity} |", entry, StringComparison.Ordinal);
        }
    }
}
