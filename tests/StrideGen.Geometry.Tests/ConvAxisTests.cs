using StrideGen.Geometry;
using Xunit;

namespace StrideGen.Geometry.Tests
{
    public sealed class ConvAxisTests
    {
        [Theory]
        [InlineData(7, 3, 1, 1, 0, 0, 5)]
        [InlineData(7, 3, 2, 1, 0, 0, 3)]
        [InlineData(224, 7, 2, 1, 3, 3, 112)]
        [InlineData(56, 1, 2, 1, 0, 0, 28)]
        [InlineData(12, 3, 1, 2, 0, 0, 8)]
        [InlineData(2, 3, 1, 1, 0, 0, 0)]
        [InlineData(2, 3, 1, 1, 1, 0, 1)]
        public void Output_size_is_the_ONNX_formula(int input, int kernel, int stride, int dilation, int before, int after, long expected)
        {
            Assert.Equal(expected, new ConvAxis(input, kernel, stride, dilation, before, after).Output);
        }

        [Theory]
        [InlineData(7, 3, 2, 1, 1, 1)] // total 2: one each side
        [InlineData(8, 3, 2, 1, 0, 1)] // total 1: the odd pixel at the end
        [InlineData(224, 7, 2, 1, 2, 3)]
        [InlineData(5, 1, 1, 1, 0, 0)]
        public void Same_padding_puts_the_odd_pixel_at_the_end(int input, int kernel, int stride, int dilation, int before, int after)
        {
            Assert.Equal((before, after), ConvGeometry.ResolvePads(PaddingRule.Same, input, kernel, stride, dilation, 0, 0));
            Assert.Equal((after, before), ConvGeometry.ResolvePads(PaddingRule.SameLower, input, kernel, stride, dilation, 0, 0));
            var axis = new ConvAxis(input, kernel, stride, dilation, before, after);
            Assert.Equal((input + stride - 1) / stride, axis.Output);
        }

        [Fact]
        public void Valid_padding_ignores_written_pads()
        {
            Assert.Equal((0, 0), ConvGeometry.ResolvePads(PaddingRule.Valid, 10, 3, 1, 1, 4, 5));
            Assert.Equal((4, 5), ConvGeometry.ResolvePads(PaddingRule.Explicit, 10, 3, 1, 1, 4, 5));
        }

        [Fact]
        public void Interior_outputs_are_those_whose_whole_window_is_inside_the_input()
        {
            // 56 wide, kernel 3, padding 1: output 0 and 55 touch padding.
            var axis = new ConvAxis(56, 3, 1, 1, 1, 1);
            Assert.Equal(1, axis.InteriorBegin);
            Assert.Equal(55, axis.InteriorEnd);
            Assert.Equal((1, 3), axis.ValidTaps(0));
            Assert.Equal((0, 3), axis.ValidTaps(1));
            Assert.Equal((0, 2), axis.ValidTaps(55));
        }

        [Fact]
        public void A_window_wider_than_the_input_has_no_interior_and_clips_both_ends()
        {
            var axis = new ConvAxis(3, 7, 1, 1, 3, 3);
            Assert.Equal(3, axis.Output);
            Assert.Equal(axis.InteriorBegin, axis.InteriorEnd);
            Assert.Equal((3, 6), axis.ValidTaps(0));
            Assert.Equal((1, 4), axis.ValidTaps(2));
        }

        [Fact]
        public void Dilated_taps_on_padding_are_skipped_one_by_one()
        {
            var axis = new ConvAxis(10, 3, 1, 2, 3, 0); // taps at start, start+2, start+4
            Assert.Equal((2, 3), axis.ValidTaps(0)); // start −3: taps at −3, −1, 1
            Assert.Equal((1, 3), axis.ValidTaps(1)); // start −2: −2, 0, 2
            Assert.Equal((0, 3), axis.ValidTaps(3));
        }

        [Theory]
        [InlineData(224, 3, 2, 1, 1, 1, 0)] // ResNet 3×3 stride 2: every row read
        [InlineData(56, 1, 2, 1, 0, 0, 1)]  // 1×1 stride 2: skips one row, as it skips every other
        [InlineData(28, 3, 2, 1, 0, 0, 1)]  // 3×3 stride 2 unpadded: the last row is lost
        public void Unread_trailing_rows_are_counted_from_the_last_row_read(int input, int kernel, int stride, int dilation, int before, int after, long unread)
        {
            Assert.Equal(unread, new ConvAxis(input, kernel, stride, dilation, before, after).UnreadTrailing);
        }
    }
}
