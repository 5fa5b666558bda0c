using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Generator.Tests
{
    /// <summary>
    /// Random From chains of convolutions and pools: every layer's shape, receptive field and jump, and each network's
    /// summary constants, against an independent computation in the test (ConvCase/PoolCase arithmetic, and the receptive
    /// field recurrence r_out = r_in + (k_eff − 1)·j_in, j_out = j_in·stride written out here).
    /// </summary>
    public sealed class ChainConstantTests
    {
        private const int Seed = 4242;
        private const int Chains = 30;

        private sealed record Layer(string Name, string Kind, string Attribute, int Channels, int Height, int Width, long Parameters, long Macs,
            long FieldHeight, long FieldWidth, long JumpHeight, long JumpWidth, long InputLength, long OutputLength);

        [Fact]
        public void Chain_constants_match_an_independent_computation()
        {
            var random = new Random(Seed);
            var chains = Enumerable.Range(0, Chains).Select(i => RandomChain(random)).ToList();
            var source = new StringBuilder(LayerSource.Usings + "namespace Chains;\n");
            for (int i = 0; i < chains.Count; i++)
            {
                source.Append($"public static partial class Net{i}\n{{\n");
                foreach (var layer in chains[i])
                {
                    string parameters = layer.Kind == "Conv2D"
                        ? "ReadOnlySpan<float> input, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output"
                        : "ReadOnlySpan<float> input, Span<float> output";
                    source.Append($"    [{layer.Kind}({layer.Attribute})]\n    public static partial void {layer.Name}({parameters});\n");
                }

                source.Append("}\n");
            }

            var run = GeneratorHarness.Run(source.ToString());
            Assert.Empty(run.CompilationDiagnostics);
            var assembly = LayerAssembly.Load(run);
            var failures = new List<string>();
            for (int i = 0; i < chains.Count; i++)
            {
                foreach (var layer in chains[i])
                {
                    string shape = $"Chains.Net{i}+{layer.Name}Shape";
                    Check(failures, assembly, shape, "OutChannels", layer.Channels);
                    Check(failures, assembly, shape, "OutputHeight", layer.Height);
                    Check(failures, assembly, shape, "OutputWidth", layer.Width);
                    Check(failures, assembly, shape, "InputLength", layer.InputLength);
                    Check(failures, assembly, shape, "OutputLength", layer.OutputLength);
                    Check(failures, assembly, shape, "ReceptiveFieldHeight", layer.FieldHeight);
                    Check(failures, assembly, shape, "ReceptiveFieldWidth", layer.FieldWidth);
                    Check(failures, assembly, shape, "JumpHeight", layer.JumpHeight);
                    Check(failures, assembly, shape, "JumpWidth", layer.JumpWidth);
                }

                // Ping-pong: buffer A holds the input and the outputs of layers 2, 4, …; buffer B the outputs of layers 1, 3, ….
                var layers = chains[i];
                long a = layers[0].InputLength, b = 0;
                for (int k = 0; k < layers.Count; k++)
                {
                    if (k % 2 == 0)
                    {
                        b = Math.Max(b, layers[k].OutputLength);
                    }
                    else
                    {
                        a = Math.Max(a, layers[k].OutputLength);
                    }
                }

                string summary = $"Chains.Net{i}+NetworkSummary";
                Check(failures, assembly, summary, "TotalParameters", layers.Sum(l => l.Parameters));
                Check(failures, assembly, summary, "TotalMultiplyAccumulates", layers.Sum(l => l.Macs));
                Check(failures, assembly, summary, "LargestActivationLength", layers.Max(l => Math.Max(l.InputLength, l.OutputLength)));
                Check(failures, assembly, summary, "PingPongArenaLength", a + b);
            }

            Assert.True(failures.Count == 0, $"{failures.Count} constants differ:\n" + string.Join("\n", failures.Take(20)));
        }

        private static void Check(List<string> failures, LayerAssembly assembly, string type, string name, long expected)
        {
            long actual = assembly.Constant(type, name);
            if (actual != expected)
            {
                failures.Add($"{type}.{name} = {actual}, expected {expected}");
            }
        }

        /// <summary>A chain of 2–5 layers on a random input; each layer's shape from the test's own arithmetic.</summary>
        private static List<Layer> RandomChain(Random r)
        {
            int channels = r.Next(1, 4), height = r.Next(12, 40), width = r.Next(12, 40);
            long fieldHeight = 1, fieldWidth = 1, jumpHeight = 1, jumpWidth = 1;
            var layers = new List<Layer>();
            int count = r.Next(2, 6);
            for (int attempt = 0; layers.Count < count && attempt < 200; attempt++)
            {
                string name = $"L{layers.Count}";
                string from = layers.Count == 0 ? $"InChannels = {channels}, InputHeight = {height}, InputWidth = {width}" : $"From = nameof(L{layers.Count - 1})";
                if (r.Next(3) > 0)
                {
                    var c = new ConvCase(channels, r.Next(1, 9), height, width, r.Next(1, 6), r.Next(1, 6), r.Next(1, 3), r.Next(1, 3),
                        r.Next(1, 3), r.Next(1, 3), PadTop: r.Next(0, 3), PadBottom: r.Next(0, 3), PadLeft: r.Next(0, 3), PadRight: r.Next(0, 3), HasBias: true);
                    if (!c.IsValid || c.OutputHeight < 2 || c.OutputWidth < 2)
                    {
                        continue;
                    }

                    // Later layers leave out the input shape: it comes From the chain.
                    string own = c.AttributeArguments()
                        .Replace($"InChannels = {c.InChannels}, ", "", StringComparison.Ordinal)
                        .Replace($", InputHeight = {c.InputHeight}, InputWidth = {c.InputWidth}", "", StringComparison.Ordinal);
                    string attribute = layers.Count == 0 ? c.AttributeArguments() : from + ", " + own;
                    (fieldHeight, jumpHeight) = (fieldHeight + (c.DilationHeight * (c.KernelHeight - 1)) * jumpHeight, jumpHeight * c.StrideHeight);
                    (fieldWidth, jumpWidth) = (fieldWidth + (c.DilationWidth * (c.KernelWidth - 1)) * jumpWidth, jumpWidth * c.StrideWidth);
                    layers.Add(new Layer(name, "Conv2D", attribute, c.OutChannels, c.OutputHeight, c.OutputWidth, c.WeightLength + c.OutChannels, c.MultiplyAccumulates,
                        fieldHeight, fieldWidth, jumpHeight, jumpWidth, c.InputLength, c.OutputLength));
                    (channels, height, width) = (c.OutChannels, c.OutputHeight, c.OutputWidth);
                }
                else
                {
                    int kernel = r.Next(2, 4);
                    var p = new PoolCase(r.Next(2) == 0, channels, height, width, kernel, kernel, r.Next(2) == 0 ? null : r.Next(1, 4), null,
                        PadTop: r.Next(0, kernel), PadBottom: r.Next(0, kernel), PadLeft: r.Next(0, kernel), PadRight: r.Next(0, kernel), CeilMode: r.Next(2) == 0);
                    if (!p.IsValid || p.OutputHeight < 2 || p.OutputWidth < 2)
                    {
                        continue;
                    }

                    string own = p.AttributeArguments()
                        .Replace($"Channels = {p.Channels}, InputHeight = {p.InputHeight}, InputWidth = {p.InputWidth}, ", "", StringComparison.Ordinal);
                    string attribute = layers.Count == 0 ? p.AttributeArguments() : from + ", " + own;
                    (fieldHeight, jumpHeight) = (fieldHeight + (kernel - 1) * jumpHeight, jumpHeight * p.RowStep);
                    (fieldWidth, jumpWidth) = (fieldWidth + (kernel - 1) * jumpWidth, jumpWidth * p.ColumnStep);
                    layers.Add(new Layer(name, p.Attribute, attribute, channels, p.OutputHeight, p.OutputWidth, 0, 0,
                        fieldHeight, fieldWidth, jumpHeight, jumpWidth, p.InputLength, p.OutputLength));
                    (height, width) = (p.OutputHeight, p.OutputWidth);
                }
            }

            return layers;
        }
    }
}
