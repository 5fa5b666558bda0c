using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace StrideGen.Package.Tests
{
    /// <summary>
    /// A fresh console project (net10.0) that references StrideGen 0.1.0 as a package, written to a folder of its own under
    /// the feed's root. Strict as a careful user's: nullable on and every warning an error, so the package must be quiet.
    /// </summary>
    internal sealed class ConsumerProject
    {
        public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(4);
        public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);

        private ConsumerProject(string directory) => Directory = directory;

        public string Directory { get; }

        /// <param name="packageReferences">Further package references, as (id, version).</param>
        /// <param name="properties">Further MSBuild properties, as (name, value).</param>
        public static ConsumerProject Create(
            PackedFeed feed,
            string name,
            string program,
            IEnumerable<(string Id, string Version)>? packageReferences = null,
            IEnumerable<(string Name, string Value)>? properties = null)
        {
            string directory = Path.Combine(feed.Root, name);
            System.IO.Directory.CreateDirectory(directory);
            string extraProperties = string.Concat((properties ?? Array.Empty<(string, string)>()).Select(p => $"\n    <{p.Name}>{p.Value}</{p.Name}>"));
            string extraReferences = string.Concat((packageReferences ?? Array.Empty<(string, string)>()).Select(r => $"\n    <PackageReference Include=\"{r.Id}\" Version=\"{r.Version}\" PrivateAssets=\"all\" />"));
            File.WriteAllText(Path.Combine(directory, "App.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>{extraProperties}
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="StrideGen" Version="0.1.0" />{extraReferences}
                  </ItemGroup>
                  <!-- Which compiler tasks this build uses: the SDK's, or a toolset package's. -->
                  <Target Name="ReportCompiler" BeforeTargets="CoreCompile">
                    <Message Importance="high" Text="consumer compiler tasks: $(RoslynTasksAssembly)" />
                  </Target>
                </Project>
                """);
            File.WriteAllText(Path.Combine(directory, "Program.cs"), program);
            return new ConsumerProject(directory);
        }

        /// <summary><c>dotnet build -c Release</c>, restore included; <paramref name="rebuild"/> compiles even what is up to date.</summary>
        public Task<CommandResult> BuildAsync(bool rebuild = false)
        {
            var arguments = new List<string> { "build", "-c", "Release", "--disable-build-servers" };
            if (rebuild)
            {
                arguments.Add("--no-incremental");
            }

            return DotnetCli.RunAsync(Directory, BuildTimeout, null, arguments.ToArray());
        }

        /// <summary>Runs the built program and returns what it printed.</summary>
        public Task<CommandResult> RunAsync() =>
            DotnetCli.RunAsync(Directory, RunTimeout, null, Path.Combine("bin", "Release", "net10.0", "App.dll"));
    }
}
