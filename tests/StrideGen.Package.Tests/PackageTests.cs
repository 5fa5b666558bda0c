using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using System.Xml.Linq;
using Xunit;

namespace StrideGen.Package.Tests
{
    /// <summary>
    /// StrideGen consumed as a NuGet package: its layout, a fresh console project that builds and runs layers from it, a
    /// bad declaration that fails the build with the analyzer's error, and a build with the older compiler of
    /// Microsoft.Net.Compilers.Toolset 4.14.0, which must load the generator and the analyzer (they are built on Roslyn 4.8).
    /// </summary>
    public sealed class PackageTests : IClassFixture<PackedFeed>
    {
        private const string OlderCompilerPackage = "microsoft.net.compilers.toolset/4.14.0/";

        private readonly PackedFeed feed;

        public PackageTests(PackedFeed feed) => this.feed = feed;

        [Fact]
        public void Package_holds_the_attributes_in_lib_and_the_generator_analyzer_and_code_fixes_in_analyzers()
        {
            feed.AssertPacked();
            using var package = ZipFile.OpenRead(feed.PackagePath);
            var files = package.Entries.Select(e => e.FullName).Where(n => n.EndsWith(".dll", StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal).ToList();

            Assert.Equal(
                new[]
                {
                    "analyzers/dotnet/cs/StrideGen.Analyzers.dll",
                    "analyzers/dotnet/cs/StrideGen.CodeFixes.dll",
                    "analyzers/dotnet/cs/StrideGen.Generators.dll",
                    "lib/netstandard2.0/StrideGen.dll",
                },
                files);

            var nuspec = package.Entries.Single(e => e.FullName == "StrideGen.nuspec");
            XElement metadata;
            using (var stream = nuspec.Open())
            {
                metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            }

            string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
            Assert.Equal("StrideGen", Value("id"));
            Assert.Equal("0.1.0", Value("version"));
            Assert.Equal("MIT", Value("license"));
            Assert.False(string.IsNullOrWhiteSpace(Value("description")));
            Assert.False(string.IsNullOrWhiteSpace(Value("tags")));
            string readme = Value("readme") ?? "";
            Assert.Contains(package.Entries, e => e.FullName == readme);
            var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
            Assert.StartsWith("https://", repository.Attribute("url")?.Value);

            // The MSBuild properties the analyzer reads (SGEN012), for direct and transitive consumers alike.
            foreach (string folder in new[] { "build", "buildTransitive" })
            {
                Assert.Contains(package.Entries, e => e.FullName == folder + "/StrideGen.props");
            }

            // The generator and analyzer projects are packed as files, never as dependencies: the attributes are all a consumer references.
            var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")?.Value).ToList();
            Assert.Empty(dependencies);
        }

        [Fact]
        public async Task A_fresh_console_project_builds_and_runs_a_conv_and_a_chained_pool_from_the_package()
        {
            feed.AssertPacked();
            var consumer = ConsumerProject.Create(feed, "consumer", SmallNetwork.Program());

            var build = await consumer.BuildAsync();

            Assert.True(build.Succeeded, build.Describe());
            Assert.DoesNotContain(OlderCompilerPackage, build.Output, StringComparison.OrdinalIgnoreCase);
            AssertStrideGenCameFromTheFeed();
            await AssertRunsAndPrintsTheReferenceOutput(consumer);
        }

        [Fact]
        public async Task A_layer_with_an_empty_output_fails_the_build_with_SGEN002()
        {
            feed.AssertPacked();
            var consumer = ConsumerProject.Create(feed, "bad-declaration", """
                using StrideGen;

                Console.WriteLine(Bad.TooSmallShape.InputLength);

                static partial class Bad
                {
                    // A 5×5 kernel over a 2×2 input without padding: no output position fits.
                    [Conv2D(InputHeight = 2, InputWidth = 2, KernelSize = 5)]
                    public static partial void TooSmall(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
                }
                """);

            var build = await consumer.BuildAsync();

            Assert.False(build.Succeeded, "The build of a layer with an empty output succeeded:\n" + build.Describe());
            Assert.Contains("error SGEN002", build.Output, StringComparison.Ordinal);
            AssertNoComponentFailed(build);
        }

        /// <summary>
        /// A NativeAOT project without IlcInstructionSet draws SGEN012: the package's build/StrideGen.props makes PublishAot
        /// visible to the analyzer (CompilerVisibleProperty). The build itself succeeds (the warning is kept a warning here)
        /// and the program runs as under the JIT.
        /// </summary>
        [Fact]
        public async Task A_NativeAOT_project_without_an_instruction_set_is_warned_by_SGEN012()
        {
            feed.AssertPacked();
            var consumer = ConsumerProject.Create(
                feed,
                "consumer-native-aot",
                SmallNetwork.Program(),
                properties: new[] { ("PublishAot", "true"), ("WarningsNotAsErrors", "SGEN012") });

            var build = await consumer.BuildAsync();

            Assert.True(build.Succeeded, build.Describe());
            Assert.Contains("warning SGEN012", build.Output, StringComparison.Ordinal);
            Assert.Contains("NativeAOT compiles this project's", build.Output, StringComparison.Ordinal);
            AssertNoComponentFailed(build);
            await AssertRunsAndPrintsTheReferenceOutput(consumer);
        }

        [Fact]
        public async Task The_generator_and_analyzer_load_in_the_older_compiler_of_Microsoft_Net_Compilers_Toolset_4_14()
        {
            feed.AssertPacked();

            // The first consumer again, with the toolset package and one more layer, in a type of its own, that draws a warning,
            // so that the analyzer visibly runs too. RoslynCompilerType: the .NET 10 SDK picks its own compiler unless told otherwise, and
            // toolset packages older than it do not say so themselves.
            string program = SmallNetwork.Program("""
                static partial class Unused
                {
                    // Stride 3 over 10 rows with a 2-row window leaves the last 2 rows unread: SGEN003.
                    [Conv2D(InputHeight = 10, InputWidth = 10, KernelSize = 2, Stride = 3)]
                    public static partial void Unread(ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output);
                }
                """);
            var consumer = ConsumerProject.Create(
                feed,
                "consumer-older-compiler",
                program,
                packageReferences: new[] { ("Microsoft.Net.Compilers.Toolset", "4.14.0") },
                properties: new[] { ("RoslynCompilerType", "ToolsetPackage"), ("WarningsNotAsErrors", "SGEN003") });

            var build = await consumer.BuildAsync(rebuild: true);

            Assert.True(build.Succeeded, build.Describe());
            Assert.Contains("consumer compiler tasks: " + feed.Packages, build.Output, StringComparison.Ordinal);
            Assert.Contains(OlderCompilerPackage, build.Output.Replace('\\', '/'), StringComparison.OrdinalIgnoreCase);
            Assert.Contains("warning SGEN003", build.Output, StringComparison.Ordinal);
            AssertNoComponentFailed(build);
            await AssertRunsAndPrintsTheReferenceOutput(consumer);
        }

        private static async Task AssertRunsAndPrintsTheReferenceOutput(ConsumerProject consumer)
        {
            var run = await consumer.RunAsync();

            Assert.True(run.Succeeded, run.Describe());
            var printed = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal(SmallNetwork.ExpectedOutput(), printed);
        }

        /// <summary>The StrideGen the consumers restored is the one packed here, extracted into their private packages folder.</summary>
        private void AssertStrideGenCameFromTheFeed()
        {
            string metadata = Path.Combine(feed.Packages, "stridegen", "0.1.0", ".nupkg.metadata");
            Assert.True(File.Exists(metadata), $"StrideGen 0.1.0 was not restored into {feed.Packages}");
            using var json = JsonDocument.Parse(File.ReadAllText(metadata));
            Assert.Equal(Path.GetFullPath(feed.Feed), Path.GetFullPath(json.RootElement.GetProperty("source").GetString()!));
        }

        /// <summary>No generator exception (CS8785), no generator that failed to start (CS8784), no analyzer that could not load or threw.</summary>
        private static void AssertNoComponentFailed(CommandResult build)
        {
            foreach (var id in new[] { "CS8784", "CS8785", "CS8032", "CS8033", "CS8034", "AD0001" })
            {
                Assert.False(build.Output.Contains(id, StringComparison.Ordinal), $"{id} in the build:\n{build.Describe()}");
            }
        }
    }
}
