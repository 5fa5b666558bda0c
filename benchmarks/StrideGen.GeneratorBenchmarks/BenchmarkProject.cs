using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace StrideGen.GeneratorBenchmarks;

/// <summary>
/// The project the benchmarks compile: 200 layers in 40 network classes of 5 From-chained layers each (a 3×3 convolution
/// with bias and ReLU, a strided 3×3 convolution, a 2×2 max pool, a 1×1 convolution and a global average pool), spread
/// over 20 files, with channel counts from 4 to 24 and inputs from 16 to 48. Also the same project after an edit that
/// touches no layer: a method added to the first file.
/// </summary>
public sealed class BenchmarkProject
{
    public const int LayerCount = 200;

    private const int Files = 20;
    private const int NetworksPerFile = 2;
    private const string FirstFilePath = "Networks00.cs";

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private BenchmarkProject(CSharpCompilation compilation, CSharpCompilation edited)
    {
        Compilation = compilation;
        AfterUnrelatedEdit = edited;
    }

    public CSharpCompilation Compilation { get; }

    /// <summary>The project with one method added to the first file: no layer changes.</summary>
    public CSharpCompilation AfterUnrelatedEdit { get; }

    public static BenchmarkProject Create()
    {
        var trees = Enumerable.Range(0, Files).Select(file => Parse(FileText(file), Path(file))).ToList();
        var compilation = CSharpCompilation.Create("Networks", trees, References(), new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));

        string edited = FileText(0).Replace(
            "public static int Version => 1;",
            "public static int Version => 1;\n\n    public static string Describe(int layer) => \"layer \" + layer;",
            StringComparison.Ordinal);
        var first = compilation.SyntaxTrees.Single(t => t.FilePath == FirstFilePath);
        return new BenchmarkProject(compilation, compilation.ReplaceSyntaxTree(first, Parse(edited, FirstFilePath)));
    }

    /// <summary>The framework's reference assemblies the generated code uses, and the StrideGen attributes.</summary>
    public static IReadOnlyList<MetadataReference> References()
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "System.Private.CoreLib.dll", "System.Runtime.dll", "System.Runtime.Intrinsics.dll", "System.Runtime.InteropServices.dll",
            "System.Memory.dll", "netstandard.dll",
        };
        return ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(System.IO.Path.PathSeparator)
            .Where(p => used.Contains(System.IO.Path.GetFileName(p)))
            .Append(typeof(StrideGen.Conv2DAttribute).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
    }

    public static SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(text, ParseOptions, path);

    private static string Path(int file) => $"Networks{file.ToString("00", CultureInfo.InvariantCulture)}.cs";

    private static string FileText(int file)
    {
        var text = new StringBuilder("using System;\nusing StrideGen;\n\nnamespace App.Networks;\n\n");
        text.Append($"public static partial class Registry{file}\n{{\n    public static int Version => 1;\n}}\n\n");
        for (int n = 0; n < NetworksPerFile; n++)
        {
            int index = file * NetworksPerFile + n;
            int channels = 4 + 4 * (index % 6);   // 4 … 24
            int size = 16 + 16 * (index % 3);     // 16, 32, 48
            text.Append($"public static partial class Network{index}\n{{\n");
            Layer(text, "Conv", $"[Conv2D(InChannels = {channels}, OutChannels = {2 * channels}, InputHeight = {size}, InputWidth = {size}, KernelSize = 3, Padding = 1, Activation = Activation.Relu)]", bias: true);
            Layer(text, "Down", $"[Conv2D(From = nameof(Conv), OutChannels = {2 * channels}, KernelSize = 3, Stride = 2, Padding = 1, Activation = Activation.Relu)]", bias: false);
            Layer(text, "Pool", "[MaxPool2D(From = nameof(Down), KernelSize = 2)]", bias: null);
            Layer(text, "Mix", $"[Conv2D(From = nameof(Pool), OutChannels = {4 * channels}, KernelSize = 1)]", bias: false);
            Layer(text, "Global", $"[AvgPool2D(From = nameof(Mix), KernelSize = {size / 4})]", bias: null);
            text.Append("}\n\n");
        }

        return text.ToString();
    }

    /// <param name="bias">true: a convolution with bias; false: without; null: a pooling layer.</param>
    private static void Layer(StringBuilder text, string name, string attribute, bool? bias)
    {
        string parameters = bias switch
        {
            true => "ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output",
            false => "ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output",
            null => "ReadOnlySpan<float> input, Span<float> output",
        };
        text.Append($"    {attribute}\n    public static partial void {name}({parameters});\n\n");
    }
}
