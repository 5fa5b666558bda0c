using System;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace StrideGen.Package.Tests
{
    /// <summary>
    /// The repository packed once into a temporary local feed, and the folder the consumer projects live in: a nuget.config
    /// that adds the feed to the machine's own sources (the consumers also restore packages from those), and a
    /// Directory.Build.props that restores into a private packages folder, so a StrideGen 0.1.0 cached in the machine's
    /// global packages folder can never stand in for the one just packed.
    /// </summary>
    public sealed class PackedFeed : IAsyncLifetime
    {
        public static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(6);

        public PackedFeed()
        {
            RepositoryRoot = FindRepositoryRoot();
            Root = Path.Combine(Path.GetTempPath(), "stridegen-package-tests-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Feed = Path.Combine(Root, "feed");
            Packages = Path.Combine(Root, "packages");
        }

        public string RepositoryRoot { get; }

        /// <summary>Holds the consumer projects, nuget.config and Directory.Build.props.</summary>
        public string Root { get; }

        /// <summary>The local feed that <c>dotnet pack</c> writes to.</summary>
        public string Feed { get; }

        /// <summary>The consumers' private global packages folder.</summary>
        public string Packages { get; }

        public string PackagePath => Path.Combine(Feed, "StrideGen.0.1.0.nupkg");

        internal CommandResult? Pack { get; private set; }

        public async Task InitializeAsync()
        {
            Directory.CreateDirectory(Feed);
            Directory.CreateDirectory(Packages);
            File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <!-- No <clear/>: the machine's own sources stay, for everything but StrideGen. -->
                    <add key="stridegen-test-feed" value="{Feed}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), $"""
                <Project>
                  <PropertyGroup>
                    <RestorePackagesPath>{Packages}</RestorePackagesPath>
                  </PropertyGroup>
                </Project>
                """);

            Pack = await DotnetCli.RunAsync(
                RepositoryRoot,
                PackTimeout,
                null,
                "pack", Path.Combine("src", "StrideGen", "StrideGen.csproj"), "-c", "Release", "-o", Feed, "--disable-build-servers");
        }

        /// <summary>Fails the calling test, with the pack's output, unless the pack produced StrideGen.0.1.0.nupkg.</summary>
        public void AssertPacked()
        {
            Assert.True(Pack is { Succeeded: true } && File.Exists(PackagePath), Pack?.Describe() ?? "dotnet pack did not run");
        }

        public Task DisposeAsync()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is not a test failure.
            }
            catch (UnauthorizedAccessException)
            {
            }

            return Task.CompletedTask;
        }

        private static string FindRepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "StrideGen.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException($"No StrideGen.sln above {AppContext.BaseDirectory}");
        }
    }
}
