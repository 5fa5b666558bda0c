using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StrideGen.Generators;
using StrideGen.Generators.Model;
using Xunit;

namespace StrideGen.Generator.Tests
{
    /// <summary>
    /// The generator as the IDE runs it, on every keystroke: a <see cref="GeneratorDriver"/> kept across edits, with step
    /// tracking on. An unchanged compilation is all cache hits; an edit outside any layer regenerates nothing; changing one
    /// layer regenerates its own file (plus what reads it: its chain's later layers and its type's network summary); and no
    /// model the pipeline caches holds a symbol, syntax, a compilation, a semantic model or a location, which would keep the
    /// whole compilation alive and defeat the cache.
    /// </summary>
    public sealed class IncrementalCachingTests
    {
        /// <summary>
        /// The tracking names of the generator's model steps (LayerGenerator): the per-method sites of each attribute, the
        /// per-layer models built from all sites (hint names and From chains), and the network summaries.
        /// </summary>
        private static readonly string[] ModelSteps = { "LayersConv2D", "LayersMaxPool2D", "LayersAvgPool2D", "Layers", "NetworkSummaries" };

        private const string Spans3 = "ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output";
        private const string Spans4 = "ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output";
        private const string PoolSpans = "ReadOnlySpan<float> input, Span<float> output";

        /// <summary>Every kind of layer: unchained layers in one type, a From chain in another, a generic nested type, and an invalid layer.</summary>
        private static readonly string LayersFile = $$"""
            using System;
            using StrideGen;

            namespace App;

            public static partial class Vision
            {
                [Conv2D(InChannels = 3, OutChannels = 8, InputHeight = 16, InputWidth = 16, KernelSize = 3, Padding = 1)]
                public static partial void Stem({{Spans3}});

                [Conv2D(InChannels = 8, OutChannels = 8, InputHeight = 16, InputWidth = 16, KernelSize = 3, Padding = 1, Groups = 8, Activation = Activation.Relu6)]
                public static partial void Depthwise({{Spans4}});

                [MaxPool2D(Channels = 8, InputHeight = 16, InputWidth = 16, KernelSize = 2)]
                public static partial void Pool({{PoolSpans}});

                [AvgPool2D(Channels = 4, InputHeight = 8, InputWidth = 8, KernelSize = 8)]
                public static partial void GlobalPool({{PoolSpans}});

                [Conv2D(InputHeight = 2, InputWidth = 2, KernelSize = 5)]
                public static partial void Invalid({{Spans3}});

                public static int Helper() => 1;
            }

            public static partial class Chain
            {
                [Conv2D(InChannels = 1, OutChannels = 4, InputHeight = 12, InputWidth = 12, KernelSize = 3, Padding = 1, Activation = Activation.Relu)]
                public static partial void Conv1({{Spans4}});

                [Conv2D(From = nameof(Conv1), OutChannels = 8, KernelSize = 3, Padding = 1)]
                public static partial void Conv2({{Spans3}});

                [MaxPool2D(From = nameof(Conv2), KernelSize = 2)]
                public static partial void Pool({{PoolSpans}});
            }

            public partial class Outer<T>
            {
                public static partial class Inner
                {
                    [AvgPool2D(Channels = 2, InputHeight = 6, InputWidth = 6, KernelSize = 3, Stride = 1, Padding = 1, CountIncludePad = true)]
                    internal static partial void Smooth({{PoolSpans}});
                }
            }
            """;

        private const string OtherFile = """
            namespace App;

            public static class Program
            {
                public static int Main() => 0;
            }
            """;

        private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

        [Fact]
        public void Rerunning_on_the_same_compilation_caches_every_step()
        {
            var (driver, compilation) = FirstRun();

            var result = Rerun(driver, compilation);

            var notCached = result.TrackedSteps
                .SelectMany(step => step.Value.SelectMany(s => s.Outputs).Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)).Select(o => $"{step.Key}: {o.Reason}"))
                .ToList();
            Assert.True(notCached.Count == 0, "Steps not cached on an unchanged compilation:\n" + string.Join("\n", notCached));
            Assert.Empty(Regenerated(result));
        }

        [Fact]
        public void Rerunning_on_an_equal_compilation_reuses_every_model_and_regenerates_nothing()
        {
            var (driver, compilation) = FirstRun();

            var result = Rerun(driver, compilation.Clone());

            foreach (var name in ModelSteps)
            {
                Assert.All(Outputs(result, name), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
            }

            Assert.Empty(Regenerated(result));
        }

        public static TheoryData<string, string, string> UnrelatedEdits => new()
        {
            { "a method in a type with layers", "public static int Helper() => 1;", "public static int Helper() => 1;\n\n    public static string Name(int id) => id.ToString();" },
            { "a comment above every layer", "public static partial class Vision\n{", "// Layers of the vision model.\npublic static partial class Vision\n{" },
            { "a comment inside a chained type", "public static partial class Chain\n{", "public static partial class Chain\n{\n    // conv, conv, pool" },
            { "a line break between a layer's attribute and its method", "public static partial void Stem(", "\n    public static partial void Stem(" },
            { "a new type after the layers", "public partial class Outer<T>", "public sealed class Unrelated { public int Value { get; set; } }\n\npublic partial class Outer<T>" },
        };

        [Theory]
        [MemberData(nameof(UnrelatedEdits))]
        public void An_edit_outside_every_layer_keeps_the_models_and_regenerates_nothing(string edit, string find, string replacement)
        {
            var (driver, compilation) = FirstRun();

            var result = Rerun(driver, Edit(compilation, find, replacement));

            foreach (var name in ModelSteps)
            {
                Assert.All(Outputs(result, name), o => Assert.True(
                    o.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached,
                    $"{edit}: a {name} model is {o.Reason}"));
            }

            Assert.Empty(Regenerated(result));
        }

        [Fact]
        public void An_edit_in_another_file_keeps_every_model_cached()
        {
            var (driver, compilation) = FirstRun();
            var other = compilation.SyntaxTrees.Single(t => t.FilePath == "Program.cs");

            var result = Rerun(driver, compilation.ReplaceSyntaxTree(other, Parse(OtherFile.Replace("=> 0;", "=> 1;", StringComparison.Ordinal), "Program.cs")));

            foreach (var name in ModelSteps)
            {
                Assert.All(Outputs(result, name), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
            }

            Assert.Empty(Regenerated(result));
        }

        [Fact]
        public void Changing_one_unchained_layer_regenerates_only_its_file()
        {
            var (driver, compilation) = FirstRun();

            var result = Rerun(driver, Edit(
                compilation,
                "InChannels = 3, OutChannels = 8, InputHeight = 16, InputWidth = 16, KernelSize = 3",
                "InChannels = 3, OutChannels = 8, InputHeight = 16, InputWidth = 16, KernelSize = 5"));

            Assert.Equal(new[] { "App.Vision.Stem.g.cs" }, Regenerated(result));
            Assert.Single(Outputs(result, "LayersConv2D"), o => o.Reason == IncrementalStepRunReason.Modified);
            Assert.Equal(new[] { "App.Vision.Stem.g.cs" }, ModifiedModels(result));
            Assert.DoesNotContain(ModelSteps.Where(n => n is not ("LayersConv2D" or "Layers")).SelectMany(n => Outputs(result, n)), o => o.Reason != IncrementalStepRunReason.Cached && o.Reason != IncrementalStepRunReason.Unchanged);
        }

        [Fact]
        public void Allowing_unsafe_code_regenerates_only_the_multi_threaded_layers()
        {
            var (driver, compilation) = FirstRun();
            var threaded = Edit(compilation, "KernelSize = 3, Padding = 1)]\n    public static partial void Stem", "KernelSize = 3, Padding = 1, Threads = 2)]\n    public static partial void Stem");
            driver = driver.RunGenerators(threaded);

            // Another option changes nothing; AllowUnsafe rewrites the one layer whose file depends on it.
            Assert.Empty(Regenerated(Rerun(driver, threaded.WithOptions(threaded.Options.WithOverflowChecks(true)))));
            var result = Rerun(driver, threaded.WithOptions(((CSharpCompilationOptions)threaded.Options).WithAllowUnsafe(true)));

            Assert.Equal(new[] { "App.Vision.Stem.g.cs" }, Regenerated(result));
            foreach (var name in ModelSteps)
            {
                Assert.All(Outputs(result, name), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
            }
        }

        [Fact]
        public void Changing_the_last_layer_of_a_chain_regenerates_its_file_and_the_network_summary()
        {
            var (driver, compilation) = FirstRun();

            var result = Rerun(driver, Edit(compilation, "[MaxPool2D(From = nameof(Conv2), KernelSize = 2)]", "[MaxPool2D(From = nameof(Conv2), KernelSize = 3)]"));

            Assert.Equal(new[] { "App.Chain.NetworkSummary.g.cs", "App.Chain.Pool.g.cs" }, Regenerated(result));
            Assert.Equal(new[] { "App.Chain.Pool.g.cs" }, ModifiedModels(result));
            Assert.Single(Outputs(result, "LayersMaxPool2D"), o => o.Reason == IncrementalStepRunReason.Modified);
            Assert.DoesNotContain(new[] { "LayersConv2D", "LayersAvgPool2D" }.SelectMany(n => Outputs(result, n)), o => o.Reason != IncrementalStepRunReason.Cached && o.Reason != IncrementalStepRunReason.Unchanged);
        }

        [Fact]
        public void Changing_the_first_layer_of_a_chain_regenerates_the_layers_that_read_it_and_nothing_outside_the_chain()
        {
            var (driver, compilation) = FirstRun();

            // Conv1's output channels are Conv2's input channels: Conv2 and, through it, Pool depend on Conv1.
            var result = Rerun(driver, Edit(compilation, "InChannels = 1, OutChannels = 4, InputHeight = 12", "InChannels = 1, OutChannels = 6, InputHeight = 12"));

            Assert.Equal(new[] { "App.Chain.Conv1.g.cs", "App.Chain.Conv2.g.cs", "App.Chain.NetworkSummary.g.cs", "App.Chain.Pool.g.cs" }, Regenerated(result));
            Assert.Equal(new[] { "App.Chain.Conv1.g.cs", "App.Chain.Conv2.g.cs", "App.Chain.Pool.g.cs" }, ModifiedModels(result));
        }

        [Fact]
        public void No_model_holds_a_symbol_syntax_a_compilation_a_semantic_model_or_a_location()
        {
            var (driver, compilation) = FirstRun();
            var result = Rerun(driver, Edit(compilation, "KernelSize = 8)]", "KernelSize = 4)]"));

            var found = new List<string>();
            int models = 0;
            foreach (var name in ModelSteps)
            {
                Assert.True(result.TrackedSteps.ContainsKey(name), $"No tracked step named {name}: the generator's tracking names changed");
                foreach (var (step, index) in result.TrackedSteps[name].Select((s, i) => (s, i)))
                {
                    foreach (var (output, outputIndex) in step.Outputs.Select((o, i) => (o, i)))
                    {
                        models++;
                        RoslynObjectFinder.Find(output.Value, $"{name}[{index}].Outputs[{outputIndex}]", found);
                    }
                }
            }

            Assert.True(models >= 9, $"Only {models} models were walked");
            Assert.True(found.Count == 0, "Roslyn objects held in cached models:\n" + string.Join("\n", found));
        }

        [Fact]
        public void The_model_walk_finds_roslyn_objects_inside_records_tuples_and_arrays()
        {
            var tree = CSharpSyntaxTree.ParseText("class C { }");
            var node = tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().Single();
            var compilation = CSharpCompilation.Create("Probe", new[] { tree });
            var holder = new Holder("clean", (1, new object[] { "text", ImmutableArray.Create<object>(node.GetLocation()) }), new[] { new Holder("inner", (2, compilation), Array.Empty<Holder>()) });

            var found = new List<string>();
            RoslynObjectFinder.Find(holder, "holder", found);

            Assert.Equal(2, found.Count);
            Assert.Contains(found, f => f.Contains("Location", StringComparison.Ordinal));
            Assert.Contains(found, f => f.Contains("Compilation", StringComparison.Ordinal));
        }

        private sealed record Holder(string Name, (int Number, object Value) Pair, Holder[] Children);

        private static (GeneratorDriver Driver, Compilation Compilation) FirstRun()
        {
            var compilation = CSharpCompilation.Create(
                "Consumer",
                new[] { Parse(LayersFile, "Layers.cs"), Parse(OtherFile, "Program.cs") },
                References.Value,
                new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new LayerGenerator().AsSourceGenerator() },
                parseOptions: ParseOptions,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);

            // The starting point is sound: every layer generated, and what was generated compiles.
            var first = driver.GetRunResult().Results.Single();
            Assert.Empty(diagnostics);
            Assert.Equal(10, first.GeneratedSources.Length); // 9 layers (one of them invalid, with a throwing body) and 1 network summary
            Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return (driver, compilation);
        }

        private static GeneratorRunResult Rerun(GeneratorDriver driver, Compilation compilation) =>
            driver.RunGenerators(compilation).GetRunResult().Results.Single();

        /// <summary>
        /// The hint names of the files whose source output step did not come from the cache, sorted: each such step's input is
        /// the model the file is written from (for a convolution, with whether the project allows unsafe code), and the model
        /// carries the hint name.
        /// </summary>
        private static IReadOnlyList<string> Regenerated(GeneratorRunResult result) =>
            result.TrackedOutputSteps.SelectMany(step => step.Value)
                .Where(s => s.Outputs.Any(o => o.Reason != IncrementalStepRunReason.Cached))
                .SelectMany(s => s.Inputs.Select(i => i.Source.Outputs[i.OutputIndex].Value))
                .Select(model => model switch
                {
                    LayerModel layer => layer.HintName,
                    ValueTuple<LayerModel, bool> convolution => convolution.Item1.HintName, // a convolution, with AllowUnsafe if it has Threads
                    NetworkSummaryModel summary => summary.HintName,
                    _ => $"(a file written from a {model.GetType().Name})",
                })
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToList();

        /// <summary>The hint names of the layer models the "Layers" step built anew (not equal to the previous run's), sorted.</summary>
        private static IReadOnlyList<string> ModifiedModels(GeneratorRunResult result) =>
            Outputs(result, "Layers")
                .Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
                .Select(o => ((LayerModel)o.Value).HintName)
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToList();

        private static IEnumerable<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRunResult result, string step) =>
            result.TrackedSteps.TryGetValue(step, out var steps) ? steps.SelectMany(s => s.Outputs) : Enumerable.Empty<(object, IncrementalStepRunReason)>();

        private static Compilation Edit(Compilation compilation, string find, string replacement)
        {
            var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Layers.cs");
            string text = tree.GetText().ToString();
            int at = text.IndexOf(find, StringComparison.Ordinal);
            Assert.True(at >= 0 && text.IndexOf(find, at + 1, StringComparison.Ordinal) < 0, $"'{find}' must occur exactly once in the layers file");
            return compilation.ReplaceSyntaxTree(tree, Parse(text.Substring(0, at) + replacement + text.Substring(at + find.Length), "Layers.cs"));
        }

        private static SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(text, ParseOptions, path);

        private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
            ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll"))
                .Append(typeof(Conv2DAttribute).Assembly.Location)
                .Distinct()
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToList());

        /// <summary>
        /// Walks an object graph through every instance field (records' backing fields, tuples' items, the arrays inside
        /// <c>EquatableArray</c>, <c>ImmutableArray</c> and lists) and array element, and reports each Roslyn object that
        /// ties a model to one compilation.
        /// </summary>
        private static class RoslynObjectFinder
        {
            private static readonly Type[] Forbidden =
            {
                typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxToken), typeof(SyntaxTree), typeof(SyntaxReference),
                typeof(Compilation), typeof(SemanticModel), typeof(Location), typeof(AttributeData),
            };

            public static void Find(object? value, string path, List<string> found) =>
                Walk(value, path, found, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);

            private static void Walk(object? value, string path, List<string> found, HashSet<object> seen, int depth)
            {
                if (value is null)
                {
                    return;
                }

                var type = value.GetType();
                if (Array.Find(Forbidden, f => f.IsInstanceOfType(value)) is { } forbidden)
                {
                    found.Add($"{path}: a {forbidden.Name} ({type.FullName})");
                    return;
                }

                if (type.IsPrimitive || type.IsEnum || value is string or decimal || (!type.IsValueType && !seen.Add(value)))
                {
                    return;
                }

                if (depth > 100)
                {
                    found.Add($"{path}: nested more than 100 deep");
                    return;
                }

                if (value is Array array)
                {
                    int i = 0;
                    foreach (var item in array)
                    {
                        Walk(item, $"{path}[{i++}]", found, seen, depth + 1);
                    }

                    return;
                }

                for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
                {
                    foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    {
                        Walk(field.GetValue(value), $"{path}.{field.Name}", found, seen, depth + 1);
                    }
                }
            }
        }
    }
}
