using System;
using System.Linq;
using StrideGen.Geometry;
using Xunit;

namespace StrideGen.Geometry.Tests
{
    public sealed class ConvGeometryTests
    {
        private static readonly LayerDeclaration Picture = new() { InputHeight = 7, InputWidth = 7, KernelSize = 3, Stride = 2 };

        [Fact]
        public void A_convolutions_padding_limit_scales_with_its_dilation_on_that_axis_and_a_poolings_does_not()
        {
            var wave = new LayerDeclaration { Kind = LayerKind.Conv2D, InChannels = 4, OutChannels = 4, InputHeight = 1, InputWidth = 2000, KernelHeight = 1, KernelWidth = 3, DilationWidth = 256, PadLeft = 256, PadRight = 256 };
            var resolved = ConvGeometry.Resolve(wave);
            Assert.DoesNotContain(resolved.Problems, p => p.IsError);
            Assert.Equal(2000, resolved.Shape!.Columns.Output);
            // 64 × 256 across is the limit; down, at dilation 1, 64.
            Assert.DoesNotContain(ConvGeometry.Resolve(wave with { PadLeft = 64 * 256, InputWidth = 40000 }).Problems, p => p.Kind == ProblemKind.Unsupported);
            Assert.Contains(ConvGeometry.Resolve(wave with { PadLeft = 64 * 256 + 1, InputWidth = 40000 }).Problems, p => p.Kind == ProblemKind.Unsupported && p.Argument == "PadLeft");
            Assert.Contains(ConvGeometry.Resolve(wave with { PadTop = 65, InputHeight = 200 }).Problems, p => p.Kind == ProblemKind.Unsupported && p.Argument == "PadTop");
            // A padding mode's choice is held to the same limit: "same" for dilation 256 pads 256 a side.
            Assert.DoesNotContain(ConvGeometry.Resolve(wave with { PadLeft = null, PadRight = null, PaddingMode = (int)PaddingRule.Same }).Problems, p => p.Kind == ProblemKind.Unsupported);
            var pool = new LayerDeclaration { Kind = LayerKind.MaxPool2D, Channels = 1, InputHeight = 1, InputWidth = 2000, KernelHeight = 1, KernelWidth = 200, DilationWidth = 4, PadLeft = 100, Stride = 1 };
            Assert.Contains(PoolGeometry.Resolve(pool).Problems, p => p.Kind == ProblemKind.Unsupported && p.Argument == "PadLeft");
        }

        [Fact]
        public void The_classic_picture_resolves_with_defaults()
        {
            var r = ConvGeometry.Resolve(Picture);
            Assert.Empty(r.Problems);
            var s = r.Shape!;
            Assert.Equal((1, 1, 3, 3, 1, 0), (s.InChannels, s.OutChannels, s.OutputHeight, s.OutputWidth, s.Groups, s.PadTop));
            Assert.Equal(49, s.InputLength);
            Assert.Equal(9, s.WeightLength);
            Assert.Equal(81, s.MultiplyAccumulates);
            Assert.Equal(9, s.Parameters);
        }

        [Fact]
        public void Per_axis_values_override_shared_ones()
        {
            var s = ConvGeometry.Resolve(new LayerDeclaration { InputHeight = 9, InputWidth = 9, KernelHeight = 3, KernelWidth = 5, StrideWidth = 2, DilationHeight = 2 }).Shape!;
            Assert.Equal((3, 5, 1, 2, 2, 1), (s.KernelHeight, s.KernelWidth, s.StrideHeight, s.StrideWidth, s.DilationHeight, s.DilationWidth));
        }

        [Fact]
        public void Bias_counts_in_parameters_only_when_the_method_takes_one()
        {
            var without = ConvGeometry.Resolve(Picture with { OutChannels = 4 }).Shape!;
            var with = ConvGeometry.Resolve(Picture with { OutChannels = 4, HasBias = true }).Shape!;
            Assert.Equal((0L, 36L), (without.BiasLength, without.Parameters));
            Assert.Equal((4L, 40L), (with.BiasLength, with.Parameters));
        }

        [Theory]
        [InlineData(nameof(LayerDeclaration.KernelSize), 0, (int)ProblemKind.InvalidParameter)]
        [InlineData(nameof(LayerDeclaration.Stride), -1, (int)ProblemKind.InvalidParameter)]
        [InlineData(nameof(LayerDeclaration.Padding), -2, (int)ProblemKind.InvalidParameter)]
        [InlineData(nameof(LayerDeclaration.InChannels), 0, (int)ProblemKind.InvalidParameter)]
        [InlineData(nameof(LayerDeclaration.PaddingMode), 9, (int)ProblemKind.InvalidParameter)]
        [InlineData(nameof(LayerDeclaration.Groups), 2, (int)ProblemKind.GroupsMismatch)]
        [InlineData(nameof(LayerDeclaration.InputHeight), 2, (int)ProblemKind.EmptyOutput)]
        [InlineData(nameof(LayerDeclaration.KernelHeight), 5, (int)ProblemKind.Conflict)]
        [InlineData(nameof(LayerDeclaration.Layout), 2, (int)ProblemKind.InvalidParameter)]
        [InlineData(nameof(LayerDeclaration.InputWidth), 1_000_000, (int)ProblemKind.Unsupported)]
        public void Each_bad_value_is_reported_as_its_kind(string property, int value, int kind)
        {
            var declaration = (LayerDeclaration)typeof(LayerDeclaration).GetMethod("<Clone>$")!.Invoke(Picture, null)!;
            typeof(LayerDeclaration).GetProperty(property)!.SetValue(declaration, value);
            var r = ConvGeometry.Resolve(declaration);
            Assert.True(r.HasErrors);
            Assert.Contains(r.Problems, p => (int)p.Kind == kind);
        }

        [Fact]
        public void A_missing_kernel_size_is_reported_once()
        {
            var r = ConvGeometry.Resolve(new LayerDeclaration { InputHeight = 5, InputWidth = 5 });
            Assert.Single(r.Problems, p => p.Message.StartsWith("KernelSize is required", StringComparison.Ordinal));
            Assert.Null(r.Shape);
        }

        [Fact]
        public void Same_padding_with_written_pads_conflicts()
        {
            var r = ConvGeometry.Resolve(Picture with { PaddingMode = (int)PaddingRule.Same, Padding = 2 });
            Assert.Contains(r.Problems, p => p.Kind == ProblemKind.Conflict && p.Argument == "Padding");
        }

        [Fact]
        public void A_stride_that_drops_the_last_row_is_a_warning_naming_the_count()
        {
            var r = ConvGeometry.Resolve(new LayerDeclaration { InputHeight = 28, InputWidth = 28, KernelSize = 3, Stride = 2 });
            Assert.False(r.HasErrors);
            var warnings = r.Problems.Where(p => p.Kind == ProblemKind.UnreadInput).ToList();
            Assert.Equal(2, warnings.Count); // rows and columns
            Assert.All(warnings, p => Assert.Contains("last 1 input", p.Message, StringComparison.Ordinal));
        }

        [Fact]
        public void Lengths_past_int_are_reported()
        {
            var r = ConvGeometry.Resolve(new LayerDeclaration { InChannels = 16384, OutChannels = 16, InputHeight = 512, InputWidth = 512, KernelSize = 1 });
            Assert.Contains(r.Problems, p => p.Kind == ProblemKind.Unsupported && p.Message.Contains("overflows int", StringComparison.Ordinal));
        }

        [Fact]
        public void A_dilated_max_pool_window_between_real_inputs_is_an_error()
        {
            // Height 2, kernel 2, dilation 3, padding 1: output 0's taps land on rows −1 and 2, neither real.
            var pool = new LayerDeclaration { Kind = LayerKind.MaxPool2D, Channels = 1, InputHeight = 2, InputWidth = 4, KernelSize = 2, Dilation = 3, Padding = 1, Stride = 1 };
            var r = PoolGeometry.Resolve(pool);
            Assert.Contains(r.Problems, p => p.Kind == ProblemKind.InvalidParameter && p.Message.Contains("reads no real input", StringComparison.Ordinal));
            Assert.DoesNotContain(PoolGeometry.Resolve(pool with { Padding = 0, InputHeight = 4 }).Problems, p => p.IsError);
        }

        [Theory]
        [InlineData(typeof(PaddingMode), typeof(PaddingRule))]
        [InlineData(typeof(Activation), typeof(ActivationKind))]
        [InlineData(typeof(TensorLayout), typeof(LayoutKind))]
        public void Mirrored_enums_agree_with_the_public_ones(Type publicEnum, Type mirror)
        {
            var expected = Enum.GetNames(publicEnum).Select(n => (n, Convert.ToInt32(Enum.Parse(publicEnum, n))));
            var actual = Enum.GetNames(mirror).Select(n => (n, Convert.ToInt32(Enum.Parse(mirror, n))));
            Assert.Equal(expected, actual);
        }
    }
}
