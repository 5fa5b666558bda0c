using System;
using System.Collections.Generic;
using StrideGen.Testing;
using Xunit;

namespace StrideGen.Generator.Tests
{
    /// <summary>
    /// Every figure of a generated <c>{Name}Shape</c> class equals <see cref="ConvCase"/>'s own arithmetic, over random
    /// configurations of the whole declared space (all padding modes, strides, dilations, groups, bias or not).
    /// </summary>
    public sealed class ShapeConstantTests : IClassFixture<ShapeConstantTests.RandomLayers>
    {
        private readonly RandomLayers layers;

        public ShapeConstantTests(RandomLayers layers) => this.layers = layers;

        /// <summary>Each constant's name and its value for a case by <see cref="ConvCase"/>'s arithmetic.</summary>
        private static readonly Dictionary<string, Func<ConvCase, long>> Expected = new()
        {
            ["InputLength"] = c => c.InputLength,
            ["WeightLength"] = c => c.WeightLength,
            ["OutputLength"] = c => c.OutputLength,
            ["OutputHeight"] = c => c.OutputHeight,
            ["OutputWidth"] = c => c.OutputWidth,
            ["PadTop"] = c => c.Pads.Top,
            ["PadBottom"] = c => c.Pads.Bottom,
            ["PadLeft"] = c => c.Pads.Left,
            ["PadRight"] = c => c.Pads.Right,
            ["MultiplyAccumulates"] = c => c.MultiplyAccumulates,
            ["Parameters"] = c => c.WeightLength + (c.HasBias ? c.OutChannels : 0),
        };

        public static TheoryData<string> ConstantNames => new(Expected.Keys);

        [Theory]
        [MemberData(nameof(ConstantNames))]
        public void Shape_constant_equals_the_independent_computation(string constant)
        {
            var batch = layers.Batch;
            var mismatches = new List<string>();
            for (int i = 0; i < batch.Cases.Count; i++)
            {
                var c = batch.Cases[i];
                long expected = Expected[constant](c);
                long actual = batch.Assembly.Constant($"Batch.Layers+L{i}Shape", constant);
                if (actual != expected)
                {
                    mismatches.Add($"L{i} {c}: {constant} = {actual}, expected {expected}");
                }
            }

            Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        }

        /// <summary>30 random layers (fixed seed) declared in one source, generated, compiled and loaded once for the class.</summary>
        public sealed class RandomLayers
        {
            public const int Seed = 20240917;

            public ConvLayerBatch Batch { get; } = new(RandomConvCases.Generate(Seed, 30));
        }
    }
}
